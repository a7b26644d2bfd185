/**
 * `transfer --from OWNER` (README, `transfer`: a leaver's records): every record of the owner to
 * one owner (--to, capacity not applied), or balanced over --pool or over the territory owners.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import {
  ACCOUNTS_HEADER,
  CONTACTS_HEADER,
  csv,
  moved,
  movesOf,
  received,
  rulesOf,
  snapshotOf,
  transfer,
  unplacedOf,
} from './helpers.js';

// Sam (u9, inactive, East) is leaving; he owns a1 (region E), a2 (W), a3 (E), contacts c1 on a1 and
// c2 on a2, and c3 without account. u1 Ann (East, capacity 2), u2 Ben (West, capacity 5), u3 Cat
// (no territory, capacity 5), u4 Dee (inactive), u5 a queue, u6 the integration user (placeholder).
// c4 on a1 is Ann's.
const files = {
  'owners.csv': csv(
    'id,name,email,active,type,territories,capacity',
    'u1,Ann,ann@x.test,true,user,East,2',
    'u2,Ben,ben@x.test,true,user,West,5',
    'u3,Cat,cat@x.test,true,user,,5',
    'u4,Dee,dee@x.test,false,user,,',
    'u5,Inbound,queue@x.test,true,queue,,',
    'u6,Integration,int@x.test,true,user,,',
    'u9,Sam Patel,sam@x.test,false,user,East,',
  ),
  'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,A1,u9,E,', 'a2,A2,u9,W,', 'a3,A3,Sam Patel,E,'),
  'contacts.csv': csv(CONTACTS_HEADER, 'c1,C1,,a1,u9,', 'c2,C2,,a2,sam@x.test,', 'c3,C3,,,u9,', 'c4,C4,,a1,u1,'),
};
const placeholderOwners = ['Integration'];

describe('transfer --to', () => {
  it('gives every record of the owner (resolved by id, email or name) to the target, ignoring capacity', async () => {
    // Ann's capacity is 2, but she takes all three accounts and three contacts: you chose her.
    const result = transfer(await snapshotOf(files), { from: 'Sam Patel', to: 'ann@x.test', placeholderOwners });
    expect(movesOf(result)).toEqual({
      'accounts:a1': 'u1',
      'accounts:a2': 'u1',
      'accounts:a3': 'u1',
      'contacts:c1': 'u1',
      'contacts:c2': 'u1',
      'contacts:c3': 'u1',
    });
    expect(result.plan.moves.every((m) => m.record.reason === 'transfer')).toBe(true);
    expect(result.command).toBe('transfer');
    expect(result.options).toMatchObject({ from: 'u9', to: 'u1' });
    const ann = result.owners.find((o) => o.owner.id === 'u1')!;
    expect(ann.after).toEqual({ accounts: 3, contacts: 4 });
    expect(ann.capacity).toEqual({ accounts: 2, contacts: 2 });
  });

  it('refuses an inactive, unknown, placeholder or queue target, and the owner itself (UsageError)', async () => {
    const db = await snapshotOf(files);
    const refused = (to: string) => () => transfer(db, { from: 'u9', to, placeholderOwners });
    expect(refused('Dee')).toThrow(UsageError);
    expect(refused('Dee')).toThrow(/inactive/);
    expect(refused('nobody@x.test')).toThrow(UsageError);
    expect(refused('nobody@x.test')).toThrow(/nobody@x\.test/);
    expect(refused('Integration')).toThrow(UsageError);
    expect(refused('Inbound')).toThrow(UsageError);
    expect(refused('u9')).toThrow(UsageError);
  });

  it('refuses an unknown --from, and a transfer without --to, --pool or --rules', async () => {
    const db = await snapshotOf(files);
    expect(() => transfer(db, { from: 'Nobody', to: 'u1' })).toThrow(UsageError);
    expect(() => transfer(db, { from: 'u9' })).toThrow(UsageError);
    expect(() => transfer(db, { from: 'u9' })).toThrow(/--to|--pool|--rules/);
  });

  it("--kinds contacts moves only the owner's contacts", async () => {
    const result = transfer(await snapshotOf(files), { from: 'u9', to: 'u3', kinds: ['contacts'] });
    expect(movesOf(result)).toEqual({ 'contacts:c1': 'u3', 'contacts:c2': 'u3', 'contacts:c3': 'u3' });
  });

  it("--kinds accounts with --no-contacts-follow-accounts moves only the owner's accounts", async () => {
    const result = transfer(await snapshotOf(files), { from: 'u9', to: 'u3', kinds: ['accounts'], followAccounts: [] });
    expect(movesOf(result)).toEqual({ 'accounts:a1': 'u3', 'accounts:a2': 'u3', 'accounts:a3': 'u3' });
  });

  it('keeps excluded records where they are', async () => {
    const result = transfer(await snapshotOf(files), { from: 'u9', to: 'u3', excludedIds: new Set(['a2', 'c3']) });
    expect(moved(result, 'accounts')).toEqual(['a1', 'a3']);
    // c2 would have followed a2, which stays: it stays with it.
    expect(moved(result, 'contacts')).toEqual(['c1']);
    expect(result.plan.excluded.map((k) => `${k.record.id} ${k.reason}`).sort()).toEqual([
      'a2 excluded',
      'c2 parent excluded',
      'c3 excluded',
    ]);
  });
});

describe('transfer --pool', () => {
  it('balances over the pool within capacity: the least-loaded owner with headroom for the account and its contacts', async () => {
    // Pool Ann (capacity 2) and Cat (capacity 5), by name. Accounts in id order, with followers:
    //   a1 + c1: headroom Ann 2, Cat 5 → Cat.   a2 + c2: Ann 2, Cat 4 → Cat.   a3: Ann 2, Cat 3 → Cat.
    //   c3 (no account): contact headroom Ann 2-1 = 1 (she owns c4), Cat 5-2 = 3 → Cat.
    const result = transfer(await snapshotOf(files), { from: 'u9', pool: ['Ann', 'Cat'], placeholderOwners });
    expect(movesOf(result)).toEqual({
      'accounts:a1': 'u3',
      'contacts:c1': 'u3',
      'accounts:a2': 'u3',
      'contacts:c2': 'u3',
      'accounts:a3': 'u3',
      'contacts:c3': 'u3',
    });
    // round-robin alternates: a1 → Ann, a2 → Cat, a3 → Ann (her 2nd account: capacity 2 reached).
    const rr = transfer(await snapshotOf(files), { from: 'u9', pool: ['Ann', 'Cat'], strategy: 'round-robin' });
    expect(movesOf(rr)).toMatchObject({ 'accounts:a1': 'u1', 'accounts:a2': 'u3', 'accounts:a3': 'u1' });
    expect(received(rr, 'accounts')).toEqual({ u1: 2, u3: 1 });
  });

  it('a pool without room leaves records unplaced ("no capacity") rather than overfilling', async () => {
    // Ann alone: capacity 2 accounts, and 2 contacts of which she already has 1.
    //   a1 + c1 → Ann (1 account, 2 contacts).  a2 + c2: no contact headroom left → unplaced.
    //   a3 (no followers): Ann has a 2nd account slot → Ann.  c2 and c3: no headroom → unplaced.
    const result = transfer(await snapshotOf(files), { from: 'u9', pool: ['u1'] });
    expect(movesOf(result)).toEqual({ 'accounts:a1': 'u1', 'contacts:c1': 'u1', 'accounts:a3': 'u1' });
    expect(unplacedOf(result)).toEqual({
      'accounts:a2': 'no capacity',
      'contacts:c2': 'no capacity',
      'contacts:c3': 'no capacity',
    });
  });

  it('a territory name as the pool means its active owners', async () => {
    // West: Ben only.
    const result = transfer(await snapshotOf(files), { from: 'u9', pool: ['West'] });
    expect(new Set(Object.values(movesOf(result)))).toEqual(new Set(['u2']));
    expect(result.plan.moves).toHaveLength(6);
  });
});

describe('transfer --rules', () => {
  // East: Ann (territories) — and Sam, inactive. West: Ben. Contacts without account match no rule.
  const rules = rulesOf(csv('territory,region', 'East,E', 'West,W'));

  it("gives each record to its territory's owners; what has no territory is unplaced unless --pool is given", async () => {
    // a1 (E) + c1 → Ann (account headroom 2, contact headroom 1: room for c1). a2 (W) + c2 → Ben.
    // a3 (E): Ann has one account slot left → Ann. c3: no territory.
    const result = transfer(await snapshotOf(files), { from: 'u9', rules });
    expect(movesOf(result)).toEqual({
      'accounts:a1': 'u1',
      'contacts:c1': 'u1',
      'accounts:a2': 'u2',
      'contacts:c2': 'u2',
      'accounts:a3': 'u1',
    });
    expect(unplacedOf(result)).toEqual({ 'contacts:c3': 'no territory' });
    // Moves in candidate order: a1, a2, a3, c1, c2.
    expect(result.plan.moves.map((m) => m.record.territory)).toEqual(['East', 'West', 'East', 'East', 'West']);

    const pooled = transfer(await snapshotOf(files), { from: 'u9', rules, pool: ['Cat'] });
    expect(movesOf(pooled)).toMatchObject({ 'contacts:c3': 'u3', 'accounts:a1': 'u1', 'accounts:a2': 'u2' });
    expect(pooled.plan.unplaced).toEqual([]);
  });
});
