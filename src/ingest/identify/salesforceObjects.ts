/**
 * Which Salesforce object a file holds, told by the key prefix of its record ids (the first three
 * characters, the same in every org for a standard object): a file of `UserRole` rows is not an
 * owners file because it has an `IsActive` column, nor an Opportunity file leads because it has
 * `LEADSOURCE`.
 */
import { kindOfSalesforcePrefix, OWNERS_KIND } from '../../kinds/registry.js';
import { hasValidChecksum, isSalesforceId } from '../../records/salesforceId.js';

/** Key prefixes of standard objects (case-sensitive: `00E` UserRole, `00e` Profile). */
export const SALESFORCE_OBJECTS: Readonly<Record<string, string>> = {
  '001': 'Account',
  '002': 'Note',
  '003': 'Contact',
  '005': 'User',
  '006': 'Opportunity',
  '00D': 'Organization',
  '00E': 'UserRole',
  '00G': 'Group',
  '00J': 'OpportunityCompetitor',
  '00K': 'OpportunityContactRole',
  '00P': 'Attachment',
  '00Q': 'Lead',
  '00T': 'Task',
  '00U': 'Event',
  '00e': 'Profile',
  '00k': 'OpportunityLineItem',
  '00o': 'OpportunityLineItemSchedule',
  '00v': 'CampaignMember',
  '00q': 'OpportunityTeamMember',
  '011': 'GroupMember',
  '012': 'RecordType',
  '015': 'Document',
  '01M': 'AccountTeamMember',
  '01s': 'Pricebook2',
  '01t': 'Product2',
  '01u': 'PricebookEntry',
  '02Z': 'AccountContactRole',
  '02s': 'EmailMessage',
  '02i': 'Asset',
  '03j': 'CaseContactRole',
  '069': 'ContentDocument',
  '0Q0': 'Quote',
  '0QL': 'QuoteLineItem',
  '500': 'Case',
  '701': 'Campaign',
  '800': 'Contract',
  '801': 'Order',
  '802': 'OrderItem',
};

/** Users and queues: the only records that may own others. */
export function isOwnerKeyPrefix(prefix: string): boolean {
  return kindOfSalesforcePrefix(prefix) === OWNERS_KIND;
}

/**
 * The key prefix of a Salesforce id, or undefined for a value that is not one. An 18-character id
 * must carry its own case checksum; a 15-character one must hold a letter (a 15-digit number is
 * more likely some other CRM's id than a Salesforce one).
 */
export function salesforceKeyPrefix(value: string): string | undefined {
  if (!isSalesforceId(value)) return undefined;
  if (value.length === 15 ? !/[a-zA-Z]/.test(value) : !hasValidChecksum(value)) return undefined;
  return value.slice(0, 3);
}

/** The object of a file named after it, as the Weekly Data Export names its files (`UserRole.csv`, `Invoice__c.csv`). */
export function objectNamed(stem: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9_]*__(c|mdt|x|b|e|kav|history|share)$/i.test(stem)) return stem;
  return Object.values(SALESFORCE_OBJECTS).find((name) => name.toLowerCase() === stem.toLowerCase());
}

export function prefixOfObject(object: string): string | undefined {
  return Object.entries(SALESFORCE_OBJECTS).find(([, name]) => name === object)?.[0];
}

export interface IdentifiedObject {
  prefix: string;
  /** The object's name: from the table, else (custom objects) from the file's name, else `custom object a0X`. */
  object: string;
  /** Ids of that prefix, among the non-empty values. */
  count: number;
  values: number;
}

/**
 * The object whose ids fill a column, by majority of the key prefixes among `ids` (the first rows'
 * values), when most non-empty values are Salesforce ids; undefined otherwise.
 */
export function objectOfIds(ids: readonly string[], fileStem: string): IdentifiedObject | undefined {
  const tally = new Map<string, number>();
  let values = 0;
  for (const id of ids) {
    const value = id.trim();
    if (value === '') continue;
    values++;
    const prefix = salesforceKeyPrefix(value);
    if (prefix) tally.set(prefix, (tally.get(prefix) ?? 0) + 1);
  }
  let best: [string, number] | undefined;
  for (const entry of tally) if (!best || entry[1] > best[1]) best = entry;
  if (!best || best[1] * 2 <= values) return undefined;
  const prefix = best[0];
  const named = SALESFORCE_OBJECTS[prefix];
  const counts = { count: best[1], values };
  if (named) return { prefix, object: named, ...counts };
  const custom = objectNamed(fileStem);
  return { prefix, object: custom && !prefixOfObject(custom) ? custom : `custom object ${prefix}`, ...counts };
}
