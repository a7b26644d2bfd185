/**
 * overloaded-owner: records above an active user owner's capacity for the kind. Only the excess
 * counts; the excess records are the most recently created (then the highest ids).
 */
import { kindRole } from '../../kinds/registry.js';
import type { Check, Finding } from '../check.js';
import { toFinding } from '../check.js';
import type { AuditContext } from '../context.js';
import { capacityOf, excessOf, isAssignable, loadsOf } from '../loads.js';
import type { RecordKind } from '../../ingest/model.js';

/** Overloaded owners of a kind with their load, capacity and excess. */
export function overloads(context: AuditContext, kind: RecordKind) {
  const { loads, fence } = loadsOf(context, kind);
  return context.owners
    .filter((owner) => isAssignable(owner, context))
    .map((owner) => {
      const load = loads.get(owner.id) ?? 0;
      const capacity = capacityOf(owner, kind, context, fence);
      return { owner, load, capacity, excess: excessOf(load, capacity) };
    })
    .filter((o) => o.excess > 0);
}

export const overloadedOwner: Check = {
  id: 'overloaded-owner',
  // Capacity is a number of records: activities and team seats are not what it counts.
  applies: (kind) => kindRole(kind) === 'record',
  count: (context, kind) => overloads(context, kind).reduce((sum, o) => sum + o.excess, 0),
  *findings(context, kind): Iterable<Finding> {
    const newest = context.db.prepare<[string, number], Parameters<typeof toFinding>[2]>(
      `SELECT r.id, r.name, r.owner, r.owner_id, NULL AS owner_name, NULL AS detail FROM records r
        WHERE ${context.inKind(kind)} AND r.owner_id = ? ORDER BY r.created DESC, r.id DESC LIMIT ?`,
    );
    for (const { owner, load, capacity, excess } of overloads(context, kind)) {
      const detail = `load ${load} over capacity ${Number(capacity!.toFixed(2))}`;
      for (const row of newest.iterate(owner.id, excess)) {
        yield toFinding('overloaded-owner', kind, { ...row, owner_name: owner.name, detail });
      }
    }
  },
};
