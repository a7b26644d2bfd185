/**
 * How each CRM's importer wants owner changes: the columns of `import-<kind>.csv` and
 * `rollback-<kind>.csv`, and how an owner is written there (one file per CRM in formats/).
 */
import type { OwnerRecord, RecordKind } from '../records/model.js';
import { IMPORT_FORMATS, ownerCell, type ImportFormat } from './formats/index.js';

export type CrmName = keyof typeof IMPORT_FORMATS;
export const CRM_NAMES = Object.keys(IMPORT_FORMATS) as CrmName[];

export function importFormat(crm: CrmName): ImportFormat {
  return IMPORT_FORMATS[crm];
}

/** The two columns of an import file: the record's id, and its owner. */
export function importHeader(crm: CrmName, kind: RecordKind): [string, string] {
  return IMPORT_FORMATS[crm].header(kind);
}

/** An owner as the importer identifies it: by id, email (HubSpot, Zoho) or full name (Dynamics, Pipedrive). */
export function ownerReference(crm: CrmName, owner: Pick<OwnerRecord, 'id' | 'name' | 'email'>): string {
  return ownerCell(IMPORT_FORMATS[crm].ownerKey, owner);
}

/** The CRM a snapshot's exports came from, for the default `--crm`. */
export function crmOfPresets(presets: string[]): CrmName {
  if (presets.some((p) => p.startsWith('salesforce'))) return 'salesforce';
  for (const crm of ['hubspot', 'zoho', 'suitecrm', 'odoo', 'dynamics', 'pipedrive'] as const)
    if (presets.includes(crm)) return crm;
  return 'generic';
}
