/** What a preset knows about one CRM's export format. */
import { KINDS, RECORD_KINDS } from '../../../kinds/registry.js';
import type { ColumnAliases, FileKind } from '../../../records/model.js';

export const PRESET_NAMES = [
  'salesforce',
  'salesforce-report',
  'hubspot',
  'dynamics',
  'pipedrive',
  'zoho',
  'suitecrm',
  'odoo',
  'generic',
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface Preset {
  name: PresetName;
  /** Whether a header row (keys lower-cased and trimmed) looks like this CRM's export. */
  recognises(headers: ReadonlySet<string>): boolean;
  /** Header aliases of each canonical field for a kind of file (none: the preset does not know the kind). */
  columns: Partial<Record<FileKind, ColumnAliases>>;
  /**
   * Whether a file (by its header keys) holds one row per association (a contact once per company):
   * rows repeating a record id with the same owner are then the same record, not duplicates.
   */
  rowPerAssociation?(headers: ReadonlySet<string>): boolean;
  /**
   * Files that hold several kinds, told row by row: the first of these whose column the file has
   * splits it, each kind taking the rows whose value it accepts (Odoo's `res.partner`).
   */
  rowKinds?: RowKinds[];
  /** Ids are Salesforce ids: converted to their 18-character form. */
  salesforceIds?: boolean;
}

export interface RowKinds {
  /** Header aliases (lower case) of the column that tells a row's kind. */
  column: string[];
  /** Headers (any of them) the file must also have, when the column's name is a common one. */
  requires?: string[];
  kinds: Partial<Record<FileKind, (value: string) => boolean>>;
}

/** Owner columns every preset understands (territories and capacity). */
export const OWNER_EXTRAS: ColumnAliases = {
  territories: ['territories', 'territory', 'territory__c', 'territories__c'],
  capacity: ['capacity', 'capacity__c'],
  ...Object.fromEntries(
    RECORD_KINDS.filter((kind) => KINDS[kind].capacityColumns.length > 0).map((kind) => [
      `capacity_${kind}`,
      [...KINDS[kind].capacityColumns],
    ]),
  ),
  team: ['team', 'team__c', 'primary team', 'teams'],
};

export function hasAny(headers: ReadonlySet<string>, names: string[]): boolean {
  return names.some((name) => headers.has(name));
}
