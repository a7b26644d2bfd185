/**
 * Owner loads while a plan is built: current loads per kind, capacities, and every move made so far,
 * so no strategy can give an owner more than its capacity. Strategies ask about every eligible owner
 * for every record, so owners are numbered (their position in the snapshot's owner list) and each
 * kind has its own ledger of typed arrays indexed by that number.
 */
import { RECORD_KINDS, type OwnerRecord, type RecordKind } from '../records/model.js';

/** One kind's loads, capacities and moves, by owner number. */
export class KindLedger {
  private readonly received: Float64Array;

  constructor(
    private readonly loads: Float64Array,
    /** Floored capacities; Infinity where no limit is known, so that headroom is Infinity too. */
    private readonly capacities: Float64Array,
  ) {
    this.received = new Float64Array(loads.length);
  }

  load(owner: number): number {
    return this.loads[owner];
  }

  capacity(owner: number): number | undefined {
    const capacity = this.capacities[owner];
    return capacity === Infinity ? undefined : capacity;
  }

  /** Records the owner can still take (Infinity without a known capacity). */
  headroom(owner: number): number {
    return this.capacities[owner] - this.loads[owner];
  }

  /** Whether the owner has room for `n` more records. */
  fits(owner: number, n: number): boolean {
    return !(n > 0 && this.headroom(owner) < n);
  }

  /** Records given to the owner by this plan. */
  receivedBy(owner: number): number {
    return this.received[owner];
  }

  /** A record moves from owner `from` (-1: none) to owner `to`. */
  move(from: number, to: number): void {
    if (from >= 0) this.loads[from]--;
    this.loads[to]++;
    this.received[to]++;
  }
}

export class Ledger {
  private readonly index = new Map<string, number>();
  private readonly kinds = {} as Record<RecordKind, KindLedger>;

  constructor(
    /** The owners, numbered by their position here. */
    readonly owners: readonly OwnerRecord[],
    initial: Map<RecordKind, Map<string, number>>,
    /** An owner's capacity for a kind; undefined means no limit is known. */
    capacityOf: (owner: OwnerRecord, kind: RecordKind) => number | undefined,
  ) {
    owners.forEach((owner, i) => this.index.set(owner.id, i));
    for (const kind of RECORD_KINDS) {
      const loads = new Float64Array(owners.length);
      for (const [id, n] of initial.get(kind) ?? []) {
        const i = this.indexOf(id);
        if (i >= 0) loads[i] = n;
      }
      const capacities = Float64Array.from(owners, (owner) => {
        const capacity = capacityOf(owner, kind);
        return capacity === undefined ? Infinity : Math.floor(capacity);
      });
      this.kinds[kind] = new KindLedger(loads, capacities);
    }
  }

  /** The owner's number, or -1 for no owner (null) or an owner not in the snapshot. */
  indexOf(ownerId: string | null): number {
    return ownerId === null ? -1 : (this.index.get(ownerId) ?? -1);
  }

  of(kind: RecordKind): KindLedger {
    return this.kinds[kind];
  }
}
