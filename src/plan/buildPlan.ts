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
import { recordKey, type PlanRecord, type RecordLookups } from './records.js';
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
  lookups: RecordLookups;
  /** Records that must stay where they are (excluded, locked). */
  keep: (record: PlanRecord) => boolean;
  followAccounts: boolean;
  maxMoves?: number;
  /** `transfer --to`: the named owner takes everything, whatever its capacity. */
  ignoreCapacity?: boolean;
}

export interface BuiltPlan {
  moves: Move[];
  unplaced: Unplaced[];
  excluded: PlanRecord[];
}

export const FOLLOWS_ACCOUNT = 'follows account';

/** Whether a contact is on its account's previous owner's book: same resolved owner, or the same raw value. */
function sameOwner(contact: PlanRecord, account: PlanRecord): boolean {
  if (account.ownerId !== null || contact.ownerId !== null) return contact.ownerId === account.ownerId;
  return nameKey(contact.owner) === nameKey(account.owner);
}

export function buildPlan(settings: PlanSettings): BuiltPlan {
  const { ledger, strategy, eligible, lookups } = settings;
  const moves: Move[] = [];
  const unplaced: Unplaced[] = [];
  const excluded: PlanRecord[] = [];
  const planned = new Map<string, OwnerRecord>();
  const budgetLeft = () => (settings.maxMoves === undefined ? Infinity : settings.maxMoves - moves.length);
  const fits = (owner: OwnerRecord, need: Partial<Record<RecordKind, number>>) => settings.ignoreCapacity || ledger.fits(owner.id, need);

  const place = (record: PlanRecord, to: OwnerRecord) => {
    ledger.move(record.kind, record.ownerId, to.id);
    moves.push({ record, to });
    planned.set(recordKey(record.kind, record.id), to);
  };

  const candidates = settings.candidates.filter((record) => {
    if (!settings.keep(record)) return true;
    excluded.push(record);
    return false;
  });

  const reasons = new Map(candidates.map((c) => [recordKey(c.kind, c.id), c.reason]));

  // Accounts first, each with the contacts that follow it.
  for (const account of candidates.filter((r) => r.kind === 'accounts')) {
    const owners = eligible(account);
    if (typeof owners === 'string') {
      unplaced.push({ record: account, reason: owners });
      continue;
    }
    const followers = settings.followAccounts
      ? lookups.contactsOf(account.id).filter((c) => sameOwner(c, account) && !planned.has(recordKey(c.kind, c.id)) && !settings.keep(c))
      : [];
    if (budgetLeft() < 1 + followers.length) {
      unplaced.push({ record: account, reason: 'max moves reached' });
      continue;
    }
    const roomy = owners.filter((o) => fits(o, { accounts: 1, contacts: followers.length }));
    if (roomy.length === 0) {
      unplaced.push({ record: account, reason: 'no capacity' });
      continue;
    }
    const to = strategy.choose(roomy, 'accounts', ledger);
    place(account, to);
    for (const contact of followers) place({ ...contact, reason: reasons.get(recordKey(contact.kind, contact.id)) ?? FOLLOWS_ACCOUNT }, to);
  }

  // Then contacts and leads not moved with an account.
  for (const record of candidates.filter((r) => r.kind !== 'accounts' && !planned.has(recordKey(r.kind, r.id)))) {
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
      const accountOwnerId = planned.get(recordKey('accounts', record.accountId))?.id ?? record.accountOwnerId;
      const accountOwner = owners.find((o) => o.id === accountOwnerId);
      if (accountOwner && fits(accountOwner, { contacts: 1 })) {
        place(record, accountOwner);
        continue;
      }
    }
    const roomy = owners.filter((o) => fits(o, { [record.kind]: 1 }));
    if (roomy.length === 0) {
      unplaced.push({ record, reason: 'no capacity' });
      continue;
    }
    place(record, strategy.choose(roomy, record.kind, ledger));
  }
  return { moves, unplaced, excluded };
}
