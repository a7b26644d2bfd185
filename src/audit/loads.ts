/**
 * Owner loads (records of a kind an owner has) and capacities: the owner's own, else config
 * `defaultCapacity`, else the Tukey fence Q3 + 1.5·IQR of the loads of active user owners.
 */
import { RECORD_KINDS, type OwnerRecord, type RecordKind } from '../records/model.js';
import type { AuditContext } from './context.js';

export type Loads = Map<string, number>;

export interface KindLoads {
  kind: RecordKind;
  loads: Loads;
  /** The Tukey fence, when at least 4 active user owners own records of the kind. */
  fence?: number;
}

/** Every kind's loads, in one pass over the snapshot's owner groups. */
export function ownerLoads(context: AuditContext): Map<RecordKind, Loads> {
  const rows = context.db
    .prepare<[number], { kind: RecordKind; owner_id: string; n: number }>(
      'SELECT kind, owner_id, sum(records) AS n FROM owner_groups WHERE snapshot_id = ? AND owner_id IS NOT NULL GROUP BY kind, owner_id',
    )
    .all(context.snapshot.id);
  const loads = new Map<RecordKind, Loads>();
  for (const row of rows) {
    if (!loads.has(row.kind)) loads.set(row.kind, new Map());
    loads.get(row.kind)!.set(row.owner_id, row.n);
  }
  return loads;
}

/** Quantile by linear interpolation between closest ranks (numpy's default). */
export function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Q3 + 1.5·IQR, or undefined with fewer than 4 values. */
export function tukeyFence(values: number[]): number | undefined {
  if (values.length < 4) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  return q3 + 1.5 * (q3 - q1);
}

/** Owners that can be overloaded, and that plans may give records to. */
export function isAssignable(owner: OwnerRecord, context: AuditContext): boolean {
  return owner.active && owner.type === 'user' && !context.placeholderIds.has(owner.id);
}

export function kindLoads(context: AuditContext, kind: RecordKind, loads: Loads): KindLoads {
  const values = context.owners
    .filter((o) => isAssignable(o, context) && (loads.get(o.id) ?? 0) > 0)
    .map((o) => loads.get(o.id)!);
  return { kind, loads, fence: tukeyFence(values) };
}

/** Loads of a kind, computed (for every kind) once per audit. */
export function loadsOf(context: AuditContext, kind: RecordKind): KindLoads {
  if (context.loadCache.size === 0) {
    const loads = ownerLoads(context);
    for (const each of RECORD_KINDS)
      context.loadCache.set(each, kindLoads(context, each, loads.get(each) ?? new Map()));
  }
  return context.loadCache.get(kind)!;
}

/** An owner's capacity as the records it allows: the one number every check, plan and output uses. */
export function capacityOf(
  owner: OwnerRecord,
  kind: RecordKind,
  context: AuditContext,
  fence: number | undefined,
): number | undefined {
  const capacity = owner.capacity[kind] ?? context.settings.defaultCapacity ?? fence;
  return capacity === undefined ? undefined : recordsAllowed(capacity);
}

/**
 * The records a capacity allows: a capacity (or inferred fence) of 212.5 allows 212. Every output
 * shows this number, so the audit, owners, plan and report agree.
 */
export function recordsAllowed(capacity: number): number {
  return Math.floor(capacity);
}

/** Records above the limit. */
export function excessOf(load: number, capacity: number | undefined): number {
  return capacity === undefined ? 0 : Math.max(0, load - recordsAllowed(capacity));
}
