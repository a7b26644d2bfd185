/**
 * How each CRM's importer wants owner changes: the columns of `import-<kind>.csv` and
 * `rollback-<kind>.csv`, and how an owner is written there.
 */
import { kindSpec } from '../kinds/registry.js';
import type { OwnerRecord, RecordKind } from '../records/model.js';

export const CRM_NAMES = ['salesforce', 'hubspot', 'zoho', 'suitecrm', 'odoo', 'generic'] as const;
export type CrmName = (typeof CRM_NAMES)[number];

/** The two columns of an import file: the record's id, and its owner. */
export function importHeader(crm: CrmName, kind: RecordKind): [string, string] {
  switch (crm) {
    case 'salesforce':
      return ['Id', 'OwnerId'];
    // HubSpot and Zoho match records by their id and take the owner's email.
    case 'hubspot':
      return ['Record ID', kindSpec(kind).importOwnerColumn.hubspot];
    case 'zoho':
      return ['Record Id', kindSpec(kind).importOwnerColumn.zoho];
    // SuiteCRM's import maps columns named like its fields, and updates the records whose id it has.
    case 'suitecrm':
      return ['id', 'assigned_user_id'];
    // Odoo's import-compatible form: records and the salesperson by external id.
    case 'odoo':
      return ['id', 'user_id/id'];
    case 'generic':
      return ['id', 'owner_id'];
  }
}

/** An owner as the importer identifies it: HubSpot and Zoho by email, the others by id. */
export function ownerReference(crm: CrmName, owner: OwnerRecord): string {
  return crm === 'hubspot' || crm === 'zoho' ? owner.email || owner.name : owner.id;
}

/** The CRM a snapshot's exports came from, for the default `--crm`. */
export function crmOfPresets(presets: string[]): CrmName {
  if (presets.some((p) => p.startsWith('salesforce'))) return 'salesforce';
  for (const crm of ['hubspot', 'zoho', 'suitecrm', 'odoo'] as const) if (presets.includes(crm)) return crm;
  return 'generic';
}
