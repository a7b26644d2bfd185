/**
 * How each CRM's importer wants owner changes: the columns of `import-<kind>.csv` and
 * `rollback-<kind>.csv`, and how an owner is written there.
 */
import { kindSpec } from '../kinds/registry.js';
import type { OwnerRecord, RecordKind } from '../ingest/model.js';

export const CRM_NAMES = ['salesforce', 'hubspot', 'generic'] as const;
export type CrmName = (typeof CRM_NAMES)[number];

export function importHeader(crm: CrmName, kind: RecordKind): [string, string] {
  if (crm === 'salesforce') return ['Id', 'OwnerId'];
  if (crm === 'hubspot') return ['Record ID', kindSpec(kind).hubspotOwnerColumn];
  return ['id', 'owner_id'];
}

/** An owner as the importer identifies it: Salesforce and generic by id, HubSpot by email. */
export function ownerReference(crm: CrmName, owner: OwnerRecord): string {
  return crm === 'hubspot' ? owner.email || owner.name : owner.id;
}

/** The CRM a snapshot's exports came from, for the default `--crm`. */
export function crmOfPresets(presets: string[]): CrmName {
  if (presets.some((p) => p.startsWith('salesforce'))) return 'salesforce';
  if (presets.includes('hubspot')) return 'hubspot';
  return 'generic';
}
