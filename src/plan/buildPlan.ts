/**
 * Building a plan: each record to move gets an eligible owner with room for it, chosen by the
 * strategy. Accounts go first; with contacts following accounts, an account moves together with the
 * contacts its previous owner had on it (Data Loader does not cascade owner changes), and only to an
 * owner with room for all of them. Whatever cannot be placed is kept with the reason.
 */
import { nameKey } from '../ingest/directory.js';
import type { OwnerRecord, RecordKind } from '../ingest/model.js';
import type { Eligibility } from './eligibility.js';
import type { Ledger } from './ledger.js';
import { byId, isMangledRecord, type PlanRecord } from './records.js';

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

export interface PlanSettings {
  candidates: PlanRecord[];
  eligible: Eligibility;
  strategy: Strategy;
  ledger: Ledger;
  /** The contacts on the book of each account to move (see `Selection`), in id order; empty unless `followAccounts`. */
  contactsOf: Map<string, PlanRecord[]>;
  /** Records that must stay where they are (excluded, locked). */
  keep: (record: PlanRecord) => boolean;
  followAccounts: boolean;
  maxMoves?: number;
  /** `transfer --to`: the named owner takes everything, whatever its capacity. */
  ignoreCapacity?: boolean;
}

export interface BuiltPlan {
  /** In candidate order, then the followers that were not candidates, in id order. */
  moves: Move[];
  unplaced: Unplaced[];
  excluded: PlanRecord[];
}

/** Whether a contact is on its account's previous owner's book: same resolved owner, or the same raw value. */
function sameOwner(contact: PlanRecord, account: PlanRecord): boolean {
  if (account.ownerId !== null || contact.ownerId !== null) return contact.ownerId === account.ownerId;
  return nameKey(contact.owner) === nameKey(account.owner);
}

/**
 * The position in `records` of the record of the kind in a row, if there is one. Positions are kept
 * in an array over the records' span of rowids (a snapshot's records of a kind are one range of
 * rowids, so the span is at most their number): a hash map of a hundred thousand keys took 30 ms
 * to fill.
 */
function positionsByRow(records: PlanRecord[], kind: RecordKind): (rowid: number) => number | undefined {
  let first = Infinity;
  let last = -Infinity;
  for (const record of records) {
    if (record.kind !== kind) continue;
    first = Math.min(first, record.rowid);
    last = Math.max(last, record.rowid);
  }
  if (first > last) return () => undefined;
  const at = new Int32Array(last - first + 1).fill(-1);
  records.forEach((record, i) => {
    if (record.kind === kind) at[record.rowid - first] = i;
  });
  return (rowid) => {
    const i = rowid >= first && rowid <= last ? at[rowid - first] : -1;
    return i >= 0 ? i : undefined;
  };
}

export function buildPlan(settings: PlanSettings): BuiltPlan {
  const { ledger, strategy, eligible, keep } = settings;
  const unplaced: Unplaced[] = [];
  const excluded: PlanRecord[] = [];
  /** The new owner of each account placed so far. */
  const accountOwners = new Map<string, number>();
  let placed = 0;
  const budgetLeft = () => (settings.maxMoves === undefined ? Infinity : settings.maxMoves - placed);
  /** Whether an owner has room for one record of the kind and, with it, `contacts` contacts. */
  const roomFor = (kind: RecordKind, contacts = 0) => {
    const kindLedger = ledger.of(kind);
    const contactLedger = ledger.of('contacts');
    return (owner: number) => settings.ignoreCapacity || (kindLedger.fits(owner, 1) && contactLedger.fits(owner, contacts));
  };

  const candidates = settings.candidates.filter((record) => {
    if (keep(record)) {
      excluded.push(record);
      return false;
    }
    if (isMangledRecord(record)) {
      unplaced.push({ record, reason: MANGLED });
      return false;
    }
    return true;
  });
  // The moves of candidates, by position, and of followers that are not candidates: kept apart so
  // that the moves come out in candidate order (kind, then id) without sorting them.
  const movesOf: (Move | undefined)[] = new Array(candidates.length);
  const followerMoves: Move[] = [];

  /** Moves the record (candidate number `i`, if it is one) to owner number `to`. */
  const place = (record: PlanRecord, to: number, i?: number) => {
    ledger.of(record.kind).move(ledger.indexOf(record.ownerId), to);
    const move = { record, to: ledger.owners[to] };
    if (i === undefined) followerMoves.push(move);
    else movesOf[i] = move;
    placed++;
    if (record.kind === 'accounts') accountOwners.set(record.id, to);
  };

  // A follower that is flagged itself moves with its own reason, and is then done.
  const candidateContact = settings.contactsOf.size > 0 ? positionsByRow(candidates, 'contacts') : () => undefined;

  /** A contact of a moving account that cannot follow it: its id cannot be written to an import file. */
  const mangledFollower = (contact: PlanRecord) => {
    if (!isMangledRecord(contact)) return false;
    if (candidateContact(contact.rowid) === undefined) unplaced.push({ record: contact, reason: MANGLED });
    return true;
  };

  // Accounts first, each with the contacts that follow it.
  for (const [a, account] of candidates.entries()) {
    if (account.kind !== 'accounts') continue;
    const owners = eligible(account);
    if (typeof owners === 'string') {
      unplaced.push({ record: account, reason: owners });
      continue;
    }
    const followers = (settings.contactsOf.get(account.id) ?? []).filter((c) => sameOwner(c, account) && !keep(c) && !mangledFollower(c));
    if (budgetLeft() < 1 + followers.length) {
      unplaced.push({ record: account, reason: 'max moves reached' });
      continue;
    }
    const to = strategy.choose(owners, 'accounts', ledger, roomFor('accounts', followers.length));
    if (to < 0) {
      unplaced.push({ record: account, reason: 'no capacity' });
      continue;
    }
    place(account, to, a);
    for (const contact of followers) {
      const i = candidateContact(contact.rowid);
      place(i === undefined ? contact : candidates[i], to, i);
    }
  }

  // Then contacts and leads not moved with an account.
  for (const [i, record] of candidates.entries()) {
    if (record.kind === 'accounts' || movesOf[i]) continue;
    const owners = eligible(record);
    if (typeof owners === 'string') {
      unplaced.push({ record, reason: owners });
      continue;
    }
    if (budgetLeft() < 1) {
      unplaced.push({ record, reason: 'max moves reached' });
      continue;
    }
    // A contact goes to its account's (new) owner when that owner may take it and has room.
    if (settings.followAccounts && record.kind === 'contacts' && record.accountId !== null) {
      const accountOwner = accountOwners.get(record.accountId) ?? ledger.indexOf(record.accountOwnerId);
      if (owners.includes(accountOwner) && roomFor('contacts')(accountOwner)) {
        place(record, accountOwner, i);
        continue;
      }
    }
    const to = strategy.choose(owners, record.kind, ledger, roomFor(record.kind));
    if (to < 0) {
      unplaced.push({ record, reason: 'no capacity' });
      continue;
    }
    place(record, to, i);
  }

  const moves = movesOf.filter((move) => move !== undefined);
  // Followers that were not candidates, in id order: among the contacts they are a second sorted run.
  for (const move of followerMoves.sort((x, y) => byId(x.record, y.record))) moves.push(move);
  return { moves, unplaced, excluded };
}
