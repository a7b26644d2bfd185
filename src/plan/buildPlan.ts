/**
 * Building a plan: each record to move gets an eligible owner with room for it, chosen by the
 * strategy. Accounts go first; with children following accounts (`--follow-accounts`), an account
 * moves together with the open contacts, opportunities... its previous owner had on it (Data Loader
 * does not cascade owner changes), and only to an owner with room for all of them. Whatever cannot
 * be placed is kept with the reason. Closed records (`--include-closed`) take no capacity.
 */
import { nameKey } from '../records/directory.js';
import type { OwnerRecord, RecordKind } from '../records/model.js';
import { isChildOf, kindSpec, PARENT_KIND, RECORD_KINDS } from '../kinds/registry.js';
import type { Eligibility } from './eligibility.js';
import type { Ledger } from './ledger.js';
import { byId, isMangledRecord, parentKindOf, type PlanRecord } from './records.js';

/** Why a record whose id (or owner or account reference) Excel mangled is never in an import file. */
export const MANGLED = 'id mangled by Excel';
import type { Strategy } from './strategies/index.js';

export interface Move {
  record: PlanRecord;
  to: OwnerRecord;
}

export interface Unplaced {
  record: PlanRecord;
  reason: string;
}

/** Why a record the plan leaves alone stays: excluded (`--exclude`, the lock column), or its account is. */
export const EXCLUDED = 'excluded';
export const PARENT_EXCLUDED = 'parent excluded';

/** A record kept where it is, with the reason. */
export interface Kept {
  record: PlanRecord;
  reason: typeof EXCLUDED | typeof PARENT_EXCLUDED;
}

export interface PlanSettings {
  candidates: PlanRecord[];
  eligible: Eligibility;
  strategy: Strategy;
  ledger: Ledger;
  /** The children on the book of each account to move (see `Selection`); empty unless `followKinds`. */
  childrenOf: Map<string, PlanRecord[]>;
  /** Records that must stay where they are (excluded, locked). */
  keep: (record: PlanRecord) => boolean;
  /** Child kinds that go with their account (`--follow-accounts`). */
  followKinds: RecordKind[];
  maxMoves?: number;
  /** `transfer --to`: the named owner takes everything, whatever its capacity. */
  ignoreCapacity?: boolean;
  /**
   * The open records of `kinds` about these parents (all of `parentKind`, not accounts) on each
   * parent's owner's book, by parent id: activities follow the record they are about when it moves.
   */
  followersOf?: (parents: PlanRecord[], parentKind: RecordKind, kinds: RecordKind[]) => Map<string, PlanRecord[]>;
}

export interface BuiltPlan {
  /** In candidate order, then the followers that were not candidates, in id order. */
  moves: Move[];
  unplaced: Unplaced[];
  /** Excluded records, then the children that stay with an excluded account (each once). */
  excluded: Kept[];
}

/** Whether a child is on its account's previous owner's book: same resolved owner, or the same raw value. */
function sameOwner(child: PlanRecord, account: PlanRecord): boolean {
  if (account.ownerId !== null || child.ownerId !== null) return child.ownerId === account.ownerId;
  return nameKey(child.owner) === nameKey(account.owner);
}

/** How many records of each kind, for the capacity test of an account and its followers. */
function countByKind(records: PlanRecord[]): Map<RecordKind, number> {
  const counts = new Map<RecordKind, number>();
  for (const record of records) if (!record.closed) counts.set(record.kind, (counts.get(record.kind) ?? 0) + 1);
  return counts;
}

/**
 * The position in `records` of the record of the kind in a row, if there is one. Positions are kept
 * in an array over the records' span of keys (a snapshot's records of a kind are one range of
 * keys, so the span is at most their number): a hash map of a hundred thousand keys took 30 ms
 * to fill.
 */
function positionsByRow(records: PlanRecord[], kind: RecordKind): (key: number) => number | undefined {
  let first = Infinity;
  let last = -Infinity;
  for (const record of records) {
    if (record.kind !== kind) continue;
    first = Math.min(first, record.key);
    last = Math.max(last, record.key);
  }
  if (first > last) return () => undefined;
  const at = new Int32Array(last - first + 1).fill(-1);
  records.forEach((record, i) => {
    if (record.kind === kind) at[record.key - first] = i;
  });
  return (key) => {
    const i = key >= first && key <= last ? at[key - first] : -1;
    return i >= 0 ? i : undefined;
  };
}

/** What `followOtherParents` needs of a plan being built. */
interface Building {
  movesOf: (Move | undefined)[];
  followerMoves: Move[];
  unplaced: Unplaced[];
  excluded: Kept[];
  candidates: PlanRecord[];
  keep: (record: PlanRecord) => boolean;
  budgetLeft: () => number;
  place: (record: PlanRecord, to: number) => void;
  newOwner: (record: PlanRecord) => number | undefined;
}

/** Why an activity moves when it moves only because the record it is about does: `follows opportunity`. */
export function followsReason(parentKind: RecordKind): string {
  return `follows ${kindSpec(parentKind).singular}`;
}

/**
 * Activities follow the record they are about when it moves (an account's are its children, placed
 * with it): the open activities of the follow kinds on each moved record's previous owner's book go
 * to its new owner. They take no capacity test: they go where their record goes.
 */
function followOtherParents(settings: PlanSettings, b: Building): void {
  const planned = new Set<number>();
  for (const record of b.candidates) planned.add(record.key);
  for (const { record } of [...b.followerMoves, ...b.unplaced, ...b.excluded]) planned.add(record.key);
  const moved = [...b.movesOf, ...b.followerMoves].filter((m): m is Move => m !== undefined && !m.record.closed);
  for (const parentKind of RECORD_KINDS) {
    if (parentKind === PARENT_KIND) continue;
    const kinds = settings.followKinds.filter((kind) => isChildOf(kind, parentKind));
    const parents = moved.filter((m) => m.record.kind === parentKind).map((m) => m.record);
    if (kinds.length === 0 || parents.length === 0) continue;
    const children = settings.followersOf!(parents, parentKind, kinds);
    for (const parent of parents) {
      const to = b.newOwner(parent);
      for (const child of children.get(parent.id) ?? []) {
        if (to === undefined || planned.has(child.key) || !sameOwner(child, parent)) continue;
        planned.add(child.key);
        const follower = { ...child, reason: followsReason(parentKind) };
        if (b.keep(child)) b.excluded.push({ record: follower, reason: EXCLUDED });
        else if (isMangledRecord(child)) b.unplaced.push({ record: follower, reason: MANGLED });
        else if (b.budgetLeft() < 1) b.unplaced.push({ record: follower, reason: 'max moves reached' });
        else b.place(follower, to);
      }
    }
  }
}

export function buildPlan(settings: PlanSettings): BuiltPlan {
  const { ledger, strategy, eligible, keep } = settings;
  const unplaced: Unplaced[] = [];
  const excluded: Kept[] = [];
  /** The new owner of each record placed so far, by kind and id: children follow their parent's. */
  const newOwners = new Map<string, number>();
  const recordKey = (kind: RecordKind | undefined, id: string) => `${kind}\n${id}`;
  let placed = 0;
  const budgetLeft = () => (settings.maxMoves === undefined ? Infinity : settings.maxMoves - placed);
  /** Whether an owner has room for the record and, with it, `followers` (counts by kind). */
  const roomFor = (record: PlanRecord, followers = new Map<RecordKind, number>()) => {
    const kindLedger = ledger.of(record.kind);
    const own = record.closed ? 0 : 1;
    // Asked once per owner the strategy weighs: the followers' ledgers are looked up once, here.
    const followerLedgers = [...followers].map(([kind, n]) => ({ ledger: ledger.of(kind), n }));
    return (owner: number) =>
      settings.ignoreCapacity ||
      (kindLedger.fits(owner, own) && followerLedgers.every((f) => f.ledger.fits(owner, f.n)));
  };

  // The children that would follow an account that stays (excluded or locked) stay with it: moved
  // on their own, they would no longer have their account's owner. By record key, each once.
  const heldBack = new Map<number, PlanRecord>();
  for (const account of settings.candidates) {
    if (account.kind !== PARENT_KIND || !keep(account)) continue;
    for (const child of settings.childrenOf.get(account.id) ?? []) {
      if (sameOwner(child, account) && !keep(child)) heldBack.set(child.key, child);
    }
  }
  const candidates = settings.candidates.filter((record) => {
    if (keep(record)) {
      excluded.push({ record, reason: EXCLUDED });
      return false;
    }
    if (heldBack.has(record.key)) {
      excluded.push({ record, reason: PARENT_EXCLUDED });
      heldBack.delete(record.key);
      return false;
    }
    if (isMangledRecord(record)) {
      unplaced.push({ record, reason: MANGLED });
      return false;
    }
    return true;
  });
  // Held-back children that no check flagged: they would have moved only with their account.
  for (const child of [...heldBack.values()].sort(
    (x, y) => RECORD_KINDS.indexOf(x.kind) - RECORD_KINDS.indexOf(y.kind) || byId(x, y),
  ))
    excluded.push({ record: child, reason: PARENT_EXCLUDED });
  // The moves of candidates, by position, and of followers that are not candidates: kept apart so
  // that the moves come out in candidate order (kind, then id) without sorting them.
  const movesOf: (Move | undefined)[] = new Array(candidates.length);
  const followerMoves: Move[] = [];

  /** Moves the record (candidate number `i`, if it is one) to owner number `to`. */
  const place = (record: PlanRecord, to: number, i?: number) => {
    // Closed records are history: they count in no load.
    if (!record.closed) ledger.of(record.kind).move(ledger.indexOf(record.ownerId), to);
    const move = { record, to: ledger.owners[to] };
    if (i === undefined) followerMoves.push(move);
    else movesOf[i] = move;
    placed++;
    newOwners.set(recordKey(record.kind, record.id), to);
  };

  // A follower that is flagged itself moves with its own reason, and is then done.
  const candidatePositions = new Map(
    settings.childrenOf.size > 0
      ? settings.followKinds.map((kind) => [kind, positionsByRow(candidates, kind)] as const)
      : [],
  );
  const candidateChild = (child: PlanRecord) => candidatePositions.get(child.kind)?.(child.key);

  /** A child of a moving account that cannot follow it: its id cannot be written to an import file. */
  const mangledFollower = (child: PlanRecord) => {
    if (!isMangledRecord(child)) return false;
    if (candidateChild(child) === undefined) unplaced.push({ record: child, reason: MANGLED });
    return true;
  };

  // Accounts first, each with the children that follow it.
  for (const [a, account] of candidates.entries()) {
    if (account.kind !== PARENT_KIND) continue;
    const owners = eligible(account);
    if (typeof owners === 'string') {
      unplaced.push({ record: account, reason: owners });
      continue;
    }
    const followers = (settings.childrenOf.get(account.id) ?? []).filter(
      (c) => sameOwner(c, account) && !keep(c) && !mangledFollower(c),
    );
    if (budgetLeft() < 1 + followers.length) {
      unplaced.push({ record: account, reason: 'max moves reached' });
      continue;
    }
    const to = strategy.choose(owners, PARENT_KIND, ledger, roomFor(account, countByKind(followers)));
    if (to < 0) {
      unplaced.push({ record: account, reason: 'no capacity' });
      continue;
    }
    place(account, to, a);
    for (const child of followers) {
      const i = candidateChild(child);
      place(i === undefined ? child : candidates[i], to, i);
    }
  }

  // Then the other kinds' records not moved with an account.
  for (const [i, record] of candidates.entries()) {
    if (record.kind === PARENT_KIND || movesOf[i]) continue;
    const owners = eligible(record);
    if (typeof owners === 'string') {
      unplaced.push({ record, reason: owners });
      continue;
    }
    if (budgetLeft() < 1) {
      unplaced.push({ record, reason: 'max moves reached' });
      continue;
    }
    // A child goes to its account's (an activity to its parent's) new owner when that owner may take it and has room.
    if (settings.followKinds.includes(record.kind) && record.accountId !== null) {
      const accountOwner =
        newOwners.get(recordKey(parentKindOf(record), record.accountId)) ?? ledger.indexOf(record.accountOwnerId);
      if (owners.includes(accountOwner) && roomFor(record)(accountOwner)) {
        place(record, accountOwner, i);
        continue;
      }
    }
    const to = strategy.choose(owners, record.kind, ledger, roomFor(record));
    if (to < 0) {
      unplaced.push({ record, reason: 'no capacity' });
      continue;
    }
    place(record, to, i);
  }

  if (settings.followersOf)
    followOtherParents(settings, {
      movesOf,
      followerMoves,
      unplaced,
      excluded,
      candidates,
      keep,
      budgetLeft,
      place,
      newOwner: (r) => newOwners.get(recordKey(r.kind, r.id)),
    });

  const moves = movesOf.filter((move) => move !== undefined);
  // Followers that were not candidates, in id order: among their kind they are a second sorted run.
  const kindOrder = (move: Move) => RECORD_KINDS.indexOf(move.record.kind);
  for (const move of followerMoves.sort((x, y) => kindOrder(x) - kindOrder(y) || byId(x.record, y.record)))
    moves.push(move);
  return { moves, unplaced, excluded };
}
