import { UsageError } from '../../errors.js';
import type { OwnerRecord, RecordKind } from '../../records/model.js';
import { kindSpec } from '../../kinds/registry.js';

/** How an importer identifies the owner it is given: by the user's id, email, or full name. */
export type OwnerKey = 'id' | 'email' | 'name';

/**
 * One CRM's import file for owner changes: the two columns of `import-<kind>.csv` (and of its
 * `rollback-<kind>.csv`, which has the same shape), and how an owner is written there.
 */
export interface ImportFormat {
  /** The record id column, then the owner column. */
  header(kind: RecordKind): [string, string];
  ownerKey: OwnerKey;
}

/** An owner as the importer takes it; what is known stands in for what is not (a name for a missing email). */
export function ownerCell(key: OwnerKey, owner: Pick<OwnerRecord, 'id' | 'name' | 'email'>): string {
  switch (key) {
    case 'id':
      return owner.id;
    case 'email':
      return owner.email || owner.name;
    case 'name':
      return owner.name || owner.email || owner.id;
  }
}

/** The record type's name in a CRM's importer, from the registry; a kind it has no table for is refused. */
export function importEntity(kind: RecordKind, crm: 'dynamics' | 'pipedrive', product: string): string {
  const entity = kindSpec(kind).importEntity?.[crm];
  if (entity === undefined)
    throw new UsageError(
      `${product} has no import for ${kind}: no ${crm} import file can be written for them`,
      `leave ${kind} out of the plan (transfer --kinds), or choose another --crm`,
    );
  return entity;
}
