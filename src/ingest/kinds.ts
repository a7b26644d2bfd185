/**
 * Which kind of records a file holds: `--kind KIND=FILE` first, then the file name, then the
 * headers.
 */
import type { FileKind } from './model.js';

/** The loaded kinds, and kinds recognised so that their files are never taken for another kind. */
export type KnownKind = FileKind | 'opportunities' | 'cases';

/**
 * Name patterns, in order: "Opportunities with Contacts.csv" holds opportunities, "Contacts and
 * Accounts report.csv" contacts. A word must start the name or follow a non-letter
 * (`hubspot-crm-exports-all-contacts`), so `Misleading.csv` is no lead.
 */
const BY_NAME: [RegExp, KnownKind][] = [
  [/(?:^|[^a-z])(deal|opportunit|potential)/i, 'opportunities'],
  [/(?:^|[^a-z])(ticket|case|incident)/i, 'cases'],
  [/(?:^|[^a-z])(contact|people|person)/i, 'contacts'],
  [/(?:^|[^a-z])lead/i, 'leads'],
  [/(?:^|[^a-z])(account|compan|organi[sz]ation)/i, 'accounts'],
  [/(?:^|[^a-z])(user|owner)/i, 'owners'],
];

export function kindFromName(name: string): KnownKind | undefined {
  return BY_NAME.find(([pattern]) => pattern.test(name))?.[1];
}

/** Header patterns, in order: a deals file carries company and lead-source columns, a contacts file account columns. */
const BY_HEADERS: [(h: ReadonlySet<string>) => boolean, KnownKind][] = [
  [(h) => ['deal owner', 'deal name', 'deal stage', 'dealstage', 'opportunity owner', 'stagename', 'potential owner', '(do not modify) opportunity'].some((k) => h.has(k)), 'opportunities'],
  [(h) => ['ticket owner', 'ticket name', 'ticket status', 'case owner', 'casenumber', 'case number', '(do not modify) case'].some((k) => h.has(k)), 'cases'],
  [(h) => ['isactive', 'active', 'deactivated', 'archived', 'usertype', 'username', 'owner id', 'user id', 'user_id', 'login', '(do not modify) user', '(do not modify) systemuser', 'user - id'].some((k) => h.has(k)), 'owners'],
  [(h) => ['lead id', 'lead owner', 'leadid', 'isconverted', 'leadsource', '(do not modify) lead', 'lead - id'].some((k) => h.has(k)), 'leads'],
  [(h) => ['accountid', 'account_id', 'contactid', 'associated company ids', 'primary associated company id', 'contact id', 'contact owner', '(do not modify) contact', 'person - id'].some((k) => h.has(k)), 'contacts'],
  [(h) => ['account id', 'account owner', 'company owner', 'company name', 'billingcity', 'billingstate', 'billingcountry', '(do not modify) account', 'organization - id', 'website', 'industry'].some((k) => h.has(k)), 'accounts'],
];

export function kindFromHeaders(headers: ReadonlySet<string>): KnownKind | undefined {
  return BY_HEADERS.find(([test]) => test(headers))?.[1];
}
