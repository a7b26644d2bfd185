/**
 * Owner loads while a plan is built: current loads per kind, capacities, and every move made so far,
 * so no strategy can give an owner more than its capacity. Asked about every eligible owner for
 * every record, so lookups are plain per-kind maps.
 */
import type { RecordKind } from '../ingest/model.js';

export type Need = Partial<Record<RecordKind, number>>;

function perKind<T>(): Record<RecordKind, Map<string, T>> {
  return { accounts: new Map(), contacts: new Map(), leads: new Map() };
}

export class Ledger {
  private readonly loads = perKind<number>();
  private readonly received = perKind<number>();
  private readonly capacities = perKind<number | undefined>();

  constructor(
    initial: Map<RecordKind, Map<string, number>>,
    /** An owner's capacity for a kind; undefined means no limit is known. */
    private readonly capacityOf: (ownerId: string, kind: RecordKind) => number | undefined,
  ) {
    for (const [kind, loads] of initial) for (const [owner, n] of loads) this.loads[kind].set(owner, n);
  }

  load(ownerId: string, kind: RecordKind): number {
    return this.loads[kind].get(ownerId) ?? 0;
  }

  capacity(ownerId: string, kind: RecordKind): number | undefined {
    const known = this.capacities[kind];
    if (!known.has(ownerId)) {
      const capacity = this.capacityOf(ownerId, kind);
      known.set(ownerId, capacity === undefined ? undefined : Math.floor(capacity));
    }
    return known.get(ownerId);
  }

  /** Records of the kind the owner can still take (Infinity without a known capacity). */
  headroom(ownerId: string, kind: RecordKind): number {
    const capacity = this.capacity(ownerId, kind);
    return capacity === undefined ? Infinity : capacity - this.load(ownerId, kind);
  }

  fits(ownerId: string, need: Need): boolean {
    for (const kind in need) {
      const n = need[kind as RecordKind]!;
      if (n > 0 && this.headroom(ownerId, kind as RecordKind) < n) return false;
    }
    return true;
  }

  /** Records of the kind given to the owner by this plan. */
  receivedBy(ownerId: string, kind: RecordKind): number {
    return this.received[kind].get(ownerId) ?? 0;
  }

  move(kind: RecordKind, from: string | null, to: string): void {
    if (from !== null) this.loads[kind].set(from, this.load(from, kind) - 1);
    this.loads[kind].set(to, this.load(to, kind) + 1);
    this.received[kind].set(to, this.receivedBy(to, kind) + 1);
  }
}
