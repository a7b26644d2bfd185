/**
 * The plan engine on hand-worked examples (README, `plan`): contacts follow accounts,
 * capacity, exclusions and the lock column, territory rules and --pool, overloaded-owner, --max-moves.
 * Each test says in a comment which record goes where and why.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { buildContext } from '../../src/audit/context.js';
import { flaggedRecords, readExclusions } from '../../src/plan/candidates.js';
import type { PlanRecord, RecordLookups } from '../../src/plan/records.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { UsageError } from '../../src/errors.js';
import {
  ACCOUNTS_HEADER,
  CONTACTS_HEADER,
  csv,
  moved,
  movesOf,
  plan,
  rulesOf,
  scratch,
  snapshotOf,
  unplacedOf,
} from './helpers.js';

const reasons = (result: ReturnType<typeof plan>) =>
  Object.fromEntries(result.plan.moves.map((m) => [`${m.record.kind}:${m.record.id}`, m.record.reason]));
const excludedOf = (result: ReturnType<typeof plan>) =>
  result.plan.excluded.map(({ record, reason }) => `${record.kind}:${record.id} ${reason}`).sort();

describe('contacts follow accounts', () => {
  // u1 Ann and u2 Ben can take 10 of each; u9 Old is inactive.
  //   a1 (u9): flagged inactive-owner.  a2 (u1): fine.
  //   c1, c2 on a1, owned by u9 → on the account's previous owner's book: they follow a1.
  //   c3 on a1, owned by u2 → not on u9's book, not flagged: stays.
  //   c4 on a1, no owner → flagged unowned; not a follower, but its account is planned to move: it
  //      gets the account's new owner.
  //   c5 on a2 (u1), no owner → flagged; its account's owner u1 is eligible: it goes to u1.
  //   c6 without account, owned by u9 → flagged, balanced.
  // least-loaded: a1 → u2 (headroom 10 vs u1's 9). c1, c2, c4 → u2. c5 → u1.
  // c6: contact headroom u1 10-1 = 9, u2 10-4 = 6 → u1.
  const files = {
    'owners.csv': csv(
      'id,name,email,active,capacity',
      'u1,Ann,ann@x.test,true,10',
      'u2,Ben,ben@x.test,true,10',
      'u9,Old,old@x.test,false,',
    ),
    'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,Acme,u9,,', 'a2,Beta,u1,,'),
    'contacts.csv': csv(
      CONTACTS_HEADER,
      'c1,C1,,a1,u9,',
      'c2,C2,,a1,u9,',
      'c3,C3,,a1,u2,',
      'c4,C4,,a1,,',
      'c5,C5,,a2,,',
      'c6,C6,,,u9,',
    ),
  };

  it("moves an account with the contacts its old owner had on it, as explicit rows, and sends flagged contacts to their account's owner", async () => {
    const result = plan(await snapshotOf(files));
    expect(movesOf(result)).toEqual({
      'accounts:a1': 'u2',
      'contacts:c1': 'u2',
      'contacts:c2': 'u2',
      'contacts:c4': 'u2',
      'contacts:c5': 'u1',
      'contacts:c6': 'u1',
    });
    // Flagged followers keep the check that flagged them.
    expect(reasons(result)).toMatchObject({
      'contacts:c1': 'inactive-owner',
      'contacts:c2': 'inactive-owner',
      'contacts:c4': 'unowned',
      'contacts:c5': 'unowned',
    });
  });

  it('is on by default when accounts are loaded; --no-contacts-follow-accounts balances contacts on their own', async () => {
    const db = await snapshotOf(files);
    expect(plan(db).options).toMatchObject({
      contactsFollowAccounts: true,
      followAccounts: ['contacts', 'opportunities', 'tasks', 'events'],
    });
    // Without following: a1 → u2 as before; contacts by least-loaded over u1 and u2 (contact loads u1 0, u2 1):
    //   c1 → u1 (headroom 10 vs 9); c2 → u1/u2 tie at 9, load 1/1 → u1; c4 → u2 (9 vs 8);
    //   c5 → u1/u2 tie at 8, load 2/2 → u1; c6 → u2 (8 vs 7)
    const result = plan(db, { followAccounts: [] });
    expect(result.options).toMatchObject({ contactsFollowAccounts: false, followAccounts: [] });
    expect(movesOf(result)).toEqual({
      'accounts:a1': 'u2',
      'contacts:c1': 'u1',
      'contacts:c2': 'u1',
      'contacts:c4': 'u2',
      'contacts:c5': 'u1',
      'contacts:c6': 'u2',
    });
  });

  it('is off by default when no accounts are loaded', async () => {
    const db = await snapshotOf({
      'owners.csv': files['owners.csv'],
      'contacts.csv': csv(CONTACTS_HEADER, 'c1,C1,,,u9,'),
    });
    expect(plan(db).options).toMatchObject({ contactsFollowAccounts: false, followAccounts: [] });
  });

  it('marks followers that were not flagged "follows account"', async () => {
    // u1 has account capacity 1 and owns a1 (created Jan) and a2 (Feb): the excess is a2, the newest.
    // c1 on a2 is u1's: it follows a2 (reason "follows account"). c2 on a2 is u2's: it stays. c3 on
    // a1 stays. a2 → u2 (u2 and u3 have no limit and no accounts: lowest id).
    const db = await snapshotOf({
      'owners.csv': csv(
        'id,name,email,active,account capacity',
        'u1,Ann,ann@x.test,true,1',
        'u2,Ben,ben@x.test,true,',
        'u3,Cat,cat@x.test,true,',
      ),
      'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,A1,u1,,2026-01-10', 'a2,A2,u1,,2026-02-10'),
      'contacts.csv': csv(CONTACTS_HEADER, 'c1,C1,,a2,u1,', 'c2,C2,,a2,u2,', 'c3,C3,,a1,u1,'),
    });
    const result = plan(db, { fix: ['overloaded-owner'] });
    expect(movesOf(result)).toEqual({ 'accounts:a2': 'u2', 'contacts:c1': 'u2' });
    expect(reasons(result)).toEqual({ 'accounts:a2': 'overloaded-owner', 'contacts:c1': 'follows account' });
  });

  it('moves an account only to an owner with headroom for it and all its followers', async () => {
    // u1: account capacity 5, contact capacity 1 → most account headroom, but room for 1 contact only.
    // u2: account capacity 3, contact capacity 5. a1 (inactive u9) has two followers c1, c2:
    // least-loaded would pick u1, but only u2 has room for the account and both contacts.
    const db = await snapshotOf({
      'owners.csv': csv(
        'id,name,email,active,account capacity,contact capacity',
        'u1,Ann,ann@x.test,true,5,1',
        'u2,Ben,ben@x.test,true,3,5',
        'u9,Old,old@x.test,false,,',
      ),
      'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,Acme,u9,,'),
      'contacts.csv': csv(CONTACTS_HEADER, 'c1,C1,,a1,u9,', 'c2,C2,,a1,u9,'),
    });
    expect(movesOf(plan(db))).toEqual({ 'accounts:a1': 'u2', 'contacts:c1': 'u2', 'contacts:c2': 'u2' });
  });

  it('leaves the account unplaced ("no capacity") when nobody has room for it and its followers; flagged contacts are balanced on their own', async () => {
    // As above but u2 also has room for 1 contact. Nobody can take a1 with c1 and c2 → a1 unplaced.
    // c1, c2 (flagged inactive-owner) are balanced: c1 → u1 (headroom 1/1, load 0/0, lowest id), c2 → u2.
    const db = await snapshotOf({
      'owners.csv': csv(
        'id,name,email,active,account capacity,contact capacity',
        'u1,Ann,ann@x.test,true,5,1',
        'u2,Ben,ben@x.test,true,3,1',
        'u9,Old,old@x.test,false,,',
      ),
      'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,Acme,u9,,'),
      'contacts.csv': csv(CONTACTS_HEADER, 'c1,C1,,a1,u9,', 'c2,C2,,a1,u9,'),
    });
    const result = plan(db);
    expect(unplacedOf(result)).toEqual({ 'accounts:a1': 'no capacity' });
    expect(movesOf(result)).toEqual({ 'contacts:c1': 'u1', 'contacts:c2': 'u2' });
  });

  it("sends a flagged contact to its account's eligible owner rather than a balanced pick — while that owner has room", async () => {
    // a1 is u1's; u1 already has 5 contacts on it. c6 (no owner) is on a1: it goes to u1, although
    // u2 (no contacts) has far more headroom.
    const contacts = ['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => `${id},${id},,a1,u1,`);
    const owners = (u1ContactCapacity: number) =>
      csv(
        'id,name,email,active,account capacity,contact capacity',
        `u1,Ann,ann@x.test,true,10,${u1ContactCapacity}`,
        'u2,Ben,ben@x.test,true,10,10',
      );
    const files = (cap: number) => ({
      'owners.csv': owners(cap),
      'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,Acme,u1,,'),
      'contacts.csv': csv(CONTACTS_HEADER, ...contacts, 'c6,C6,,a1,,'),
    });
    expect(movesOf(plan(await snapshotOf(files(10))))).toEqual({ 'contacts:c6': 'u1' });
    // With u1 at its contact capacity (5), c6 cannot follow and is balanced like any other record.
    expect(movesOf(plan(await snapshotOf(files(5))))).toEqual({ 'contacts:c6': 'u2' });
  });
});

describe('exclusions and the lock column', () => {
  // u9 is inactive and owns a1, a2, c1 (on a1) and c2 (on a2).
  const owners = csv(
    'id,name,email,active',
    'u1,Ann,ann@x.test,true',
    'u2,Ben,ben@x.test,true',
    'u9,Old,old@x.test,false',
  );

  it('--exclude ids stay out of the plan and are counted as excluded', async () => {
    const db = await snapshotOf({
      'owners.csv': owners,
      'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,A1,u9,,', 'a2,A2,u9,,'),
      'contacts.csv': csv(CONTACTS_HEADER, 'c1,C1,,a1,u9,', 'c2,C2,,a2,u9,'),
    });
    // a1 and c2 excluded. a2 → u1 (lowest id); c2 is excluded, so it does not follow a2.
    // c1 is flagged, but it would have followed a1, which stays: it stays with it.
    const result = plan(db, { excludedIds: new Set(['a1', 'c2']) });
    expect(excludedOf(result)).toEqual(['accounts:a1 excluded', 'contacts:c1 parent excluded', 'contacts:c2 excluded']);
    expect(moved(result, 'accounts')).toEqual(['a2']);
    expect(moved(result, 'contacts')).toEqual([]);
    expect(result.plan.unplaced).toEqual([]);
  });

  it('reads --exclude files: an id/record_id column, else the first column; Salesforce ids in either form', async () => {
    const dir = scratch('exclude-');
    const byHeader = path.join(dir, 'by-header.csv');
    writeFileSync(byHeader, 'name,Record_ID\nAcme,a1\nBeta, a2 \n,\n');
    expect([...(await readExclusions(byHeader))].sort()).toEqual(['a1', 'a2']);
    const firstColumn = path.join(dir, 'first-column.csv');
    writeFileSync(firstColumn, 'Account\n001x0000002xLCV\n');
    // The 15-character id is listed in both forms, so it matches the stored 18-character id.
    expect(await readExclusions(firstColumn)).toEqual(new Set(['001x0000002xLCV', '001x0000002xLCVAA2']));
  });

  it('a record whose lockColumn cell is true stays where it is, also as a follower', async () => {
    // The accounts and contacts exports carry a "Do Not Reassign" column. a2 is locked; c1 (a
    // follower of a1) is locked. a1 moves without c1; c1 and a2 are counted as excluded, and c2
    // (a follower of a2) stays with a2.
    const db = await snapshotOf({
      'owners.csv': owners,
      'accounts.csv': csv('id,name,owner,Do Not Reassign', 'a1,A1,u9,false', 'a2,A2,u9,true'),
      'contacts.csv': csv('id,name,account_id,owner,Do Not Reassign', 'c1,C1,a1,u9,yes', 'c2,C2,a2,u9,'),
    });
    const result = plan(db, { lockColumn: 'do not reassign' });
    expect(excludedOf(result)).toEqual(['accounts:a2 excluded', 'contacts:c1 excluded', 'contacts:c2 parent excluded']);
    expect(moved(result, 'accounts')).toEqual(['a1']);
    expect(moved(result, 'contacts')).toEqual([]);
    // Without the lock column everything moves.
    expect(plan(db).plan.moves).toHaveLength(4);
  });

  it('a lockColumn that no loaded file has is a usage error', async () => {
    const db = await snapshotOf({ 'owners.csv': owners, 'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,A1,u9,,') });
    expect(() => plan(db, { lockColumn: 'Do Not Reassign' })).toThrow(UsageError);
    expect(() => plan(db, { lockColumn: 'Do Not Reassign' })).toThrow(/Do Not Reassign/);
  });
});

describe('territory rules and --pool', () => {
  // North: u1 (territories column). South: only u2, who is inactive. No rule matches region W.
  //   a1 N, u9 (inactive)       → inactive-owner → North → u1
  //   a2 S, u9                  → South has no active owner → unplaced "no eligible owner"
  //   a3 W, u9                  → no territory → unplaced "no territory"
  //   a4 N, u3 (active, not North) → territory-conflict → u1
  //   a5 N, u1                  → fine
  const files = {
    'owners.csv': csv(
      'id,name,email,active,type,territories',
      'u1,Ann,ann@x.test,true,user,North',
      'u2,Ben,ben@x.test,false,user,South',
      'u3,Cat,cat@x.test,true,user,',
      'u9,Old,old@x.test,false,user,',
    ),
    'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,A1,u9,N,', 'a2,A2,u9,S,', 'a3,A3,u9,W,', 'a4,A4,u3,N,', 'a5,A5,u1,N,'),
  };
  const rules = rulesOf(csv('territory,owners,region', 'North,,N', 'South,,S'));

  it('gives records to their territory\'s owners; "no eligible owner" and "no territory" otherwise', async () => {
    const result = plan(await snapshotOf(files), { rules });
    expect(movesOf(result)).toEqual({ 'accounts:a1': 'u1', 'accounts:a4': 'u1' });
    expect(unplacedOf(result)).toEqual({ 'accounts:a2': 'no eligible owner', 'accounts:a3': 'no territory' });
    expect(result.plan.moves.map((m) => m.record.territory)).toEqual(['North', 'North']);
  });

  it('--pool places what the rules cannot, and never overrides a territory that has owners', async () => {
    const result = plan(await snapshotOf(files), { rules, pool: ['Cat'] });
    // a4 is Cat's own record: its territory North has an active owner, so it still goes to u1.
    expect(movesOf(result)).toEqual({
      'accounts:a1': 'u1',
      'accounts:a2': 'u3',
      'accounts:a3': 'u3',
      'accounts:a4': 'u1',
    });
    expect(result.plan.unplaced).toEqual([]);
  });

  it("a rules `owners` cell serves the territory like the owners' territories column", async () => {
    const result = plan(await snapshotOf(files), {
      rules: rulesOf(csv('territory,owners,region', 'North,,N', 'South,cat@x.test,S')),
    });
    expect(movesOf(result)).toMatchObject({ 'accounts:a2': 'u3' });
  });

  it('without rules, --pool limits who receives records (owners by id, email or name, or a territory name)', async () => {
    const db = await snapshotOf(files);
    expect(new Set(Object.values(movesOf(plan(db, { pool: ['cat@x.test'] }))))).toEqual(new Set(['u3']));
    // A territory name: the active owners whose territories name it.
    expect(new Set(Object.values(movesOf(plan(db, { pool: ['north'] }))))).toEqual(new Set(['u1']));
    expect(() => plan(db, { pool: ['Ben'] })).toThrow(UsageError); // inactive
    expect(() => plan(db, { pool: ['nobody'] })).toThrow(UsageError);
  });
});

describe('overloaded-owner', () => {
  // u1 has account capacity 3 and owns five accounts created Jan..May: the excess is the two newest
  // (a4 Apr, a5 May). Only they move; u1 ends at exactly its capacity.
  const accounts = [
    'a1,A1,u1,,2026-01-01',
    'a2,A2,u1,,2026-05-01',
    'a3,A3,u1,,2026-03-01',
    'a4,A4,u1,,2026-04-01',
    'a5,A5,u1,,2026-02-01',
  ];

  it('moves only the excess: the most recently created records', async () => {
    const db = await snapshotOf({
      'owners.csv': csv('id,name,email,active,account capacity', 'u1,Ann,ann@x.test,true,3', 'u2,Ben,ben@x.test,true,'),
      'accounts.csv': csv(ACCOUNTS_HEADER, ...accounts),
    });
    const result = plan(db, { fix: ['overloaded-owner'] });
    // Newest: a2 (May), a4 (Apr).
    expect(movesOf(result)).toEqual({ 'accounts:a2': 'u2', 'accounts:a4': 'u2' });
    const u1 = result.owners.find((o) => o.owner.id === 'u1')!;
    expect(u1.before.accounts).toBe(5);
    expect(u1.after.accounts).toBe(3);
  });

  it('uses defaultCapacity for owners without their own', async () => {
    const db = await snapshotOf({
      'owners.csv': csv('id,name,email,active', 'u1,Ann,ann@x.test,true', 'u2,Ben,ben@x.test,true'),
      'accounts.csv': csv(ACCOUNTS_HEADER, ...accounts),
    });
    expect(moved(plan(db, { fix: ['overloaded-owner'], defaultCapacity: 4 }))).toEqual(['a2']);
    // With a default capacity of 2 the excess is a2, a4, a3; u2 can take 2 of them (in id order:
    // a2, a3); a4 is unplaced.
    const tight = plan(db, { fix: ['overloaded-owner'], defaultCapacity: 2 });
    expect(moved(tight)).toEqual(['a2', 'a3']);
    expect(unplacedOf(tight)).toEqual({ 'accounts:a4': 'no capacity' });
  });
});

describe('--max-moves', () => {
  it('moves at most N records, in kind then id order, and leaves the rest unplaced ("max moves reached")', async () => {
    const db = await snapshotOf({
      'owners.csv': csv('id,name,email,active', 'u1,Ann,ann@x.test,true', 'u9,Old,old@x.test,false'),
      'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,A1,u9,,', 'a2,A2,u9,,'),
      'contacts.csv': csv(CONTACTS_HEADER, 'c1,C1,,a1,u9,', 'c2,C2,,,,'),
    });
    // a1 needs 2 moves (with its follower c1): it fits in 3. a2 then fits in the last one. c2: none left.
    const result = plan(db, { maxMoves: 3 });
    expect(Object.keys(movesOf(result)).sort()).toEqual(['accounts:a1', 'accounts:a2', 'contacts:c1']);
    expect(unplacedOf(result)).toEqual({ 'contacts:c2': 'max moves reached' });
    // With 1 move: a1 and its follower do not fit; a2 does; the flagged contacts then have no moves left.
    const one = plan(db, { maxMoves: 1 });
    expect(movesOf(one)).toEqual({ 'accounts:a2': 'u1' });
    expect(unplacedOf(one)).toEqual({
      'accounts:a1': 'max moves reached',
      'contacts:c1': 'max moves reached',
      'contacts:c2': 'max moves reached',
    });
    expect(plan(db, { maxMoves: 0 }).plan.moves).toEqual([]);
  });
});

describe('who never receives records', () => {
  it('never an inactive, placeholder, queue or system owner, nor the current owner', async () => {
    // Only u1 can receive records. u2 inactive, u3 placeholder, u4 queue, u5 system user.
    // a1..a5 are owned by u2..u5 and by nobody; u1's own records are never "moved" to u1.
    const db = await snapshotOf({
      'owners.csv': csv(
        'id,name,email,active,type',
        'u1,Ann,ann@x.test,true,user',
        'u2,Ben,ben@x.test,false,user',
        'u3,Integration,int@x.test,true,user',
        'u4,Queue,q@x.test,true,queue',
        'u5,Automated,auto@x.test,true,AutomatedProcess',
      ),
      'accounts.csv': csv(
        ACCOUNTS_HEADER,
        'a1,A1,u2,,',
        'a2,A2,u3,,',
        'a3,A3,u4,,',
        'a4,A4,u5,,',
        'a5,A5,,,',
        'a6,A6,gone,,',
      ),
    });
    const result = plan(db, { placeholderOwners: ['Integration'] });
    // a3 (queue) and a4 (system user) are covered: no check flags them.
    expect(movesOf(result)).toEqual({
      'accounts:a1': 'u1',
      'accounts:a2': 'u1',
      'accounts:a5': 'u1',
      'accounts:a6': 'u1',
    });
    // With u1 a placeholder too there is nobody left: every flagged record is unplaced.
    const none = plan(db, { placeholderOwners: ['Integration', 'Ann'] });
    expect(none.plan.moves).toEqual([]);
    expect(unplacedOf(none)).toEqual({
      'accounts:a1': 'no eligible owner',
      'accounts:a2': 'no eligible owner',
      'accounts:a5': 'no eligible owner',
      'accounts:a6': 'no eligible owner',
    });
  });
});

describe('large plans', () => {
  const files = {
    'owners.csv': csv('id,name,email,active', 'u1,Ann,ann@x.test,true', 'u9,Old,old@x.test,false'),
    'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,Acme,u9,,'),
    'contacts.csv': csv(CONTACTS_HEADER, 'c1,C1,,a1,u9,', 'c2,C2,,,,'),
  };

  it('reads records by scanning, without building the lookup indexes', async () => {
    // Building them takes longer than a plan on a large snapshot; verify and diff build their own.
    const db = await snapshotOf(files);
    expect(movesOf(plan(db))).toEqual({ 'accounts:a1': 'u1', 'contacts:c1': 'u1', 'contacts:c2': 'u1' });
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'records_by_%'").all(),
    ).toEqual([]);
  });

  it('lists hundreds of thousands of flagged records of a kind', async () => {
    // More than a call can take as spread arguments.
    const db = await snapshotOf(files);
    const context = buildContext(db, getSnapshot(db), { placeholderOwners: [] });
    const record = (i: number): PlanRecord => ({
      kind: 'contacts',
      key: i,
      id: `c${i}`,
      name: '',
      owner: '',
      ownerId: null,
      accountId: null,
      accountOwnerId: null,
      territory: null,
      closed: false,
      reason: 'unowned',
    });
    const contacts = Array.from({ length: 300_000 }, (_, i) => record(i));
    const lookups = {
      matching: (kind: string) => ({ records: kind === 'contacts' ? contacts : [], childrenOf: new Map() }),
    } as unknown as RecordLookups;
    expect(flaggedRecords(context, ['unowned'], lookups, []).records).toHaveLength(300_000);
  });
});

describe('ids mangled by Excel', () => {
  // u1 Ann, u2 Ben can take records; u9 Old is inactive.
  //   a1 (u9) → moves to an active owner, with its contacts c1 (intact) and c2 (id 1.5E+11: cannot follow).
  //   a2 id 3.00E+14 (u9) → flagged but unplaced: its id would make a new record in the CRM.
  //   c3 (no owner) with account reference 4.2E+14 → unplaced.  c4 owner 1.51081E+11 (unknown) → unplaced.
  const files = {
    'owners.csv': csv(
      'id,name,email,active,capacity',
      'u1,Ann,ann@x.test,true,10',
      'u2,Ben,ben@x.test,true,10',
      'u9,Old,old@x.test,false,',
    ),
    'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,Acme,u9,,', '3.00E+14,Beta,u9,,'),
    'contacts.csv': csv(
      CONTACTS_HEADER,
      'c1,C1,,a1,u9,',
      '1.5E+11,C2,,a1,u9,',
      'c3,C3,,4.2E+14,,',
      'c4,C4,,,1.51081E+11,',
    ),
  };

  it('never moves them: they are unplaced with the reason, and the rest of the plan goes on', async () => {
    const result = plan(await snapshotOf(files));
    expect(Object.keys(movesOf(result)).sort()).toEqual(['accounts:a1', 'contacts:c1']);
    expect(unplacedOf(result)).toEqual({
      'accounts:3.00E+14': 'id mangled by Excel',
      'contacts:1.5E+11': 'id mangled by Excel',
      'contacts:c3': 'id mangled by Excel',
      'contacts:c4': 'id mangled by Excel',
    });
  });
});
