/** What a preset knows about one CRM's export format. */
import { KINDS, RECORD_KINDS } from '../../kinds/registry.js';
import type { ColumnAliases, FileKind } from '../model.js';

export const PRESET_NAMES = ['salesforce', 'salesforce-report', 'hubspot', 'dynamics', 'pipedrive', 'generic'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface Preset {
  name: PresetName;
  /** Whether a header row (keys lower-cased and trimmed) looks like this CRM's export. */
  recognises(headers: ReadonlySet<string>): boolean;
  /** Header aliases of each canonical field for a kind of file (none: the preset does not know the kind). */
  columns: Partial<Record<FileKind, ColumnAliases>>;
  /** Ids are Salesforce ids: converted to their 18-character form. */
  salesforceIds?: boolean;
  /** Rows that are not data but a footer the export appends (report totals, copyright). */
  isFooter?(fields: string[]): boolean;
}

/** Owner columns every preset understands (SPEC "Data model": territories and capacity). */
export const OWNER_EXTRAS: ColumnAliases = {
  territories: ['territories', 'territory', 'territory__c', 'territories__c'],
  capacity: ['capacity', 'capacity__c'],
  ...Object.fromEntries(RECORD_KINDS.map((kind) => [`capacity_${kind}`, [...KINDS[kind].capacityColumns]])),
  team: ['team', 'team__c', 'primary team', 'teams'],
};

export function hasAny(headers: ReadonlySet<string>, names: string[]): boolean {
  return names.some((name) => headers.has(name));
}
