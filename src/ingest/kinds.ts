/**
 * Which kind of records a file holds: `--kind KIND=FILE` first, then the file name, then the
 * headers.
 */
import type { FileKind } from './model.js';

/**
 * Name patterns, in order: "Contacts and Accounts report.csv" holds contacts. A word must start the
 * name or follow a non-letter (`hubspot-crm-exports-all-contacts`), so `Misleading.csv` is no lead.
 */
const BY_NAME: [RegExp, FileKind][] = [
  [/(?:^|[^a-z])(contact|people|person)/i, 'contacts'],
  [/(?:^|[^a-z])lead/i, 'leads'],
  [/(?:^|[^a-z])(account|compan|organi[sz]ation)/i, 'accounts'],
  [/(?:^|[^a-z])(user|owner)/i, 'owners'],
];

export function kindFromName(name: string): FileKind | undefined {
  return BY_NAME.find(([pattern]) => pattern.test(name))?.[1];
}

/** Header patterns, in order: a contacts file also carries account columns. */
const BY_HEADERS: [(h: ReadonlySet<string>) => boolean, FileKind][] = [
  [(h) => ['isactive', 'active', 'deactivated', 'archived', 'usertype', 'username', 'owner id', 'user id', 'user_id', 'login', '(do not modify) user', '(do not modify) systemuser', 'user - id'].some((k) => h.has(k)), 'owners'],
  [(h) => ['lead id', 'lead owner', 'leadid', 'isconverted', 'leadsource', '(do not modify) lead', 'lead - id'].some((k) => h.has(k)), 'leads'],
  [(h) => ['accountid', 'account_id', 'contactid', 'associated company ids', 'primary associated company id', 'contact id', 'contact owner', '(do not modify) contact', 'person - id'].some((k) => h.has(k)), 'contacts'],
  [(h) => ['account id', 'account owner', 'company owner', 'company name', 'billingcity', 'billingstate', 'billingcountry', '(do not modify) account', 'organization - id', 'website', 'industry'].some((k) => h.has(k)), 'accounts'],
];

export function kindFromHeaders(headers: ReadonlySet<string>): FileKind | undefined {
  return BY_HEADERS.find(([test]) => test(headers))?.[1];
}
