/**
 * The owner states a load's summary reports — open records whose owner matches no owner, or is
 * inactive — counted by the audit's own checks, with the same placeholder owners, so that `load`
 * and `audit` give one number.
 */
import type { FileKind } from '../ingest/model.js';
import type { Db } from '../store/database.js';
import { getSnapshot } from '../store/snapshots.js';
import { countConditions } from './check.js';
import { inactiveOwner } from './checks/inactiveOwner.js';
import { unknownOwner } from './checks/unknownOwner.js';
import { buildContext } from './context.js';

export interface OwnerStateCounts {
  /** Open records per kind counted by unknown-owner (kinds with none left out). */
  unresolvedOwners: Partial<Record<FileKind, number>>;
  /** Open records per kind counted by inactive-owner, HubSpot's `Deactivated User` included. */
  inactiveOwners: Partial<Record<FileKind, number>>;
}

export function ownerStateCounts(db: Db, snapshot: number, placeholderOwners: string[]): OwnerStateCounts {
  const context = buildContext(db, getSnapshot(db, snapshot), { placeholderOwners });
  const result: OwnerStateCounts = { unresolvedOwners: {}, inactiveOwners: {} };
  for (const kind of context.kinds) {
    const counts = countConditions(context, kind, [unknownOwner, inactiveOwner]);
    const unknown = counts.get(unknownOwner.id) ?? 0;
    const inactive = counts.get(inactiveOwner.id) ?? 0;
    if (unknown > 0) result.unresolvedOwners[kind] = unknown;
    if (inactive > 0) result.inactiveOwners[kind] = inactive;
  }
  return result;
}
