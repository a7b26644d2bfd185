/**
 * The owner states a load's summary reports — open records whose owner matches no owner, or is
 * inactive — counted by the audit's own checks, with the same placeholder owners, so that `load`
 * and `audit` give one number.
 */
import type { FileKind } from '../records/model.js';
import type { Db } from '../store/database.js';
import { getSnapshot } from '../store/snapshots.js';
import { countConditions } from './check.js';
import { inactiveOwner } from './checks/inactiveOwner.js';
import type { Check } from './check.js';
import { buildContext } from './context.js';

export interface OwnerStateCounts {
  /** Open records per kind counted by unknown-owner as matching no owner (ambiguous names are listed apart; kinds with none left out). */
  unresolvedOwners: Partial<Record<FileKind, number>>;
  /** Open records per kind counted by inactive-owner, HubSpot's `Deactivated User` included. */
  inactiveOwners: Partial<Record<FileKind, number>>;
}

/** unknown-owner without its ambiguous names, which the load lists owner by owner. */
const noSuchOwner: Check = {
  id: 'unknown-owner',
  applies: () => true,
  condition: (context) => `(${context.sql.unknown} AND r.owner_issue = 'unknown')`,
};

export function ownerStateCounts(db: Db, snapshot: number, placeholderOwners: string[]): OwnerStateCounts {
  const context = buildContext(db, getSnapshot(db, snapshot), { placeholderOwners });
  const result: OwnerStateCounts = { unresolvedOwners: {}, inactiveOwners: {} };
  for (const kind of context.kinds) {
    const counts = countConditions(context, kind, [noSuchOwner, inactiveOwner]);
    const unknown = counts.get(noSuchOwner.id) ?? 0;
    const inactive = counts.get(inactiveOwner.id) ?? 0;
    if (unknown > 0) result.unresolvedOwners[kind] = unknown;
    if (inactive > 0) result.inactiveOwners[kind] = inactive;
  }
  return result;
}
