/**
 * Owner loads while a plan is built: current loads per kind, capacities, and every move made so far,
 * so no strategy can give an owner more than its capacity.
 */
import type { RecordKind } from '../ingest/model.js';

export type Need = Partial<Record<RecordKind, number>>;

export class Ledger {
  private readonly loads = new Map<string, number>();
  private readonly received = new Map<string, number>();

  constructor(
    initial: Map<RecordKind, Map<string, number>>,
    /** An owner's capacity for a kind; undefined means no limit is known. */
    private readonly capacityOf: (ownerId: string, kind: RecordKind) => number | undefined,
  ) {
    for (const [kind, loads] of initial) for (const [owner, n] of loads) this.loads.set(`${kind}\u0000${owner}`, n);
  }

  load(ownerId: string, kind: RecordKind): number {
    return this.loads.get(`${kind}\u0000${ownerId}`) ?? 0;
  }

  capacity(ownerId: string, kind: RecordKind): number | undefined {
    const capacity = this.capacityOf(ownerId, kind);
    return capacity === undefined ? undefined : Math.floor(capacity);
  }

  /** Records of the kind the owner can still take (Infinity without a known capacity). */
  headroom(ownerId: string, kind: RecordKind): number {
    const capacity = this.capacity(ownerId, kind);
    return capacity === undefined ? Infinity : capacity - this.load(ownerId, kind);
  }

  fits(ownerId: string, need: Need): boolean {
    return (Object.entries(need) as [RecordKind, number][]).every(([kind, n]) => n === 0 || this.headroom(ownerId, kind) >= n);
  }

  /** Records of the kind given to the owner by this plan. */
  receivedBy(ownerId: string, kind: RecordKind): number {
    return this.received.get(`${kind}\u0000${ownerId}`) ?? 0;
  }

  move(kind: RecordKind, from: string | null, to: string): void {
    if (from !== null) this.loads.set(`${kind}\u0000${from}`, this.load(from, kind) - 1);
    this.loads.set(`${kind}\u0000${to}`, this.load(to, kind) + 1);
    this.received.set(`${kind}\u0000${to}`, this.receivedBy(to, kind) + 1);
  }
}
