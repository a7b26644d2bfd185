/**
 * The three strategies on hand-worked examples (README, `plan` → "Strategies"). Each
 * test lists the owners' loads and capacities and works out every pick in a comment.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS_HEADER, CONTACTS_HEADER, csv, movesOf, plan, received, snapshotOf, unplacedOf } from './helpers.js';

/** `n` accounts `prefix1..n` owned by `owner`. */
const accounts = (prefix: string, n: number, owner: string) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 1},${prefix.toUpperCase()} ${i + 1},${owner},,`);

/** The new owner of each moved record, in the order the engine placed them. */
const picks = (result: ReturnType<typeof plan>) => result.plan.moves.map((m) => m.to.id);

describe('least-loaded', () => {
  // Capacities and loads (accounts):
  //   u1 cap 5,  load 4 → headroom 1
  //   u2 cap 10, load 6 → headroom 4
  //   u3 cap 6,  load 2 → headroom 4
  //   u4 cap 6,  load 2 → headroom 4
  // Four unowned accounts x1..x4, placed in id order:
  //   x1: headroom ties u2/u3/u4 at 4; lowest load u3/u4 (2); lowest id → u3
  //   x2: u2 4, u3 3, u4 4 → u2/u4 tie; load u4 2 < u2 6 → u4
  //   x3: u2 4, u3 3, u4 3 → u2
  //   x4: u2 3, u3 3, u4 3 → loads u2 7, u3 3, u4 3 → u3/u4 tie → lowest id u3
  const files = {
    'owners.csv': csv(
      'id,name,email,active,type,territories,capacity',
      'u1,Ann,ann@x.test,true,user,,5',
      'u2,Ben,ben@x.test,true,user,,10',
      'u3,Cat,cat@x.test,true,user,,6',
      'u4,Dan,dan@x.test,true,user,,6',
    ),
    'accounts.csv': csv(
      ACCOUNTS_HEADER,
      ...accounts('p', 4, 'u1'),
      ...accounts('q', 6, 'u2'),
      ...accounts('r', 2, 'u3'),
      ...accounts('s', 2, 'u4'),
      ...accounts('x', 4, ''),
    ),
  };

  it('picks the most headroom, then the lowest load, then the lowest id, counting its own assignments', async () => {
    const result = plan(await snapshotOf(files), { strategy: 'least-loaded' });
    expect(movesOf(result)).toEqual({
      'accounts:x1': 'u3',
      'accounts:x2': 'u4',
      'accounts:x3': 'u2',
      'accounts:x4': 'u3',
    });
  });

  it('breaks ties by owner id, not by the order of the owners file', async () => {
    const [header, ...owners] = files['owners.csv'].trim().split('\n');
    const reversed = { ...files, 'owners.csv': csv(header, ...owners.reverse()) };
    expect(movesOf(plan(await snapshotOf(reversed)))).toEqual({
      'accounts:x1': 'u3',
      'accounts:x2': 'u4',
      'accounts:x3': 'u2',
      'accounts:x4': 'u3',
    });
    expect(picks(plan(await snapshotOf(reversed), { strategy: 'round-robin' }))).toEqual(
      picks(plan(await snapshotOf(files), { strategy: 'round-robin' })),
    );
  });

  it('among owners without a known capacity, picks the lowest load, then the lowest id', async () => {
    // No capacities, no defaultCapacity and only 3 owners with records: no Tukey fence, so every
    // owner has unlimited headroom. Loads u1 2, u2 1, u3 1.
    //   x1: u2/u3 tie at load 1 → u2;  x2: u1 2, u2 2, u3 1 → u3;  x3: all 2 → u1;  x4: u1 3, u2 2, u3 2 → u2
    const db = await snapshotOf({
      'owners.csv': csv(
        'id,name,email,active',
        'u1,Ann,ann@x.test,true',
        'u2,Ben,ben@x.test,true',
        'u3,Cat,cat@x.test,true',
      ),
      'accounts.csv': csv(
        ACCOUNTS_HEADER,
        ...accounts('p', 2, 'u1'),
        'q1,Q,u2,,',
        'r1,R,u3,,',
        ...accounts('x', 4, ''),
      ),
    });
    expect(picks(plan(db))).toEqual(['u2', 'u3', 'u1', 'u2']);
  });

  it('prefers an owner with room over a less loaded owner with less headroom', async () => {
    // u1 cap 2, load 0 → headroom 2; u2 cap 20, load 5 → headroom 15: u2 wins although it owns more.
    const db = await snapshotOf({
      'owners.csv': csv('id,name,email,active,capacity', 'u1,Ann,ann@x.test,true,2', 'u2,Ben,ben@x.test,true,20'),
      'accounts.csv': csv(ACCOUNTS_HEADER, ...accounts('q', 5, 'u2'), 'x1,X,,,'),
    });
    expect(movesOf(plan(db))).toEqual({ 'accounts:x1': 'u2' });
  });
});

describe('round-robin', () => {
  // u1 and u3 have room for everything; u2 can take one account (account capacity 1, load 0).
  // Five unowned accounts: u1, u2, u3, then u2 is at capacity and skipped: u1, u3.
  // Three unowned contacts (no account) have their own turn, starting again at u1: u1, u2, u3
  // (u2's contact capacity is unset, so unlimited).
  const files = {
    'owners.csv': csv(
      'id,name,email,active,type,territories,account capacity',
      'u1,Ann,ann@x.test,true,user,,',
      'u2,Ben,ben@x.test,true,user,,1',
      'u3,Cat,cat@x.test,true,user,,',
    ),
    'accounts.csv': csv(ACCOUNTS_HEADER, ...accounts('x', 5, '')),
    'contacts.csv': csv(CONTACTS_HEADER, 'c1,C1,,,,', 'c2,C2,,,,', 'c3,C3,,,,'),
  };

  it('cycles through eligible owners in id order, skipping any at capacity, each kind with its own turn', async () => {
    const result = plan(await snapshotOf(files), { strategy: 'round-robin' });
    expect(movesOf(result)).toEqual({
      'accounts:x1': 'u1',
      'accounts:x2': 'u2',
      'accounts:x3': 'u3',
      'accounts:x4': 'u1',
      'accounts:x5': 'u3',
      'contacts:c1': 'u1',
      'contacts:c2': 'u2',
      'contacts:c3': 'u3',
    });
  });

  it("cycles over eligible owners only: never the inactive owner, never the record's current owner", async () => {
    // Accounts owned by inactive u9 go round u1, u2, u3, u1 (u9 is never in the cycle).
    const db = await snapshotOf({
      'owners.csv': csv(
        'id,name,email,active',
        'u1,Ann,ann@x.test,true',
        'u2,Ben,ben@x.test,true',
        'u3,Cat,cat@x.test,true',
        'u9,Old,old@x.test,false',
      ),
      'accounts.csv': csv(ACCOUNTS_HEADER, ...accounts('x', 4, 'u9')),
    });
    expect(picks(plan(db, { strategy: 'round-robin' }))).toEqual(['u1', 'u2', 'u3', 'u1']);

    // u1 (account capacity 1) owns y1..y3: the excess y2, y3 (highest ids) go round the others, u2 then u3.
    const overloaded = await snapshotOf({
      'owners.csv': csv(
        'id,name,email,active,account capacity',
        'u1,Ann,ann@x.test,true,1',
        'u2,Ben,ben@x.test,true,',
        'u3,Cat,cat@x.test,true,',
      ),
      'accounts.csv': csv(ACCOUNTS_HEADER, ...accounts('y', 3, 'u1')),
    });
    expect(movesOf(plan(overloaded, { strategy: 'round-robin', fix: ['overloaded-owner'] }))).toEqual({
      'accounts:y2': 'u2',
      'accounts:y3': 'u3',
    });
  });
});

describe('weighted', () => {
  // u1 capacity 10, u2 capacity 30: shares 1:3. Eight unowned accounts: the owner with the smallest
  // (received + 1) / capacity gets the next one, ties to the lower id:
  //   1: u1 1/10, u2 1/30 → u2    2: 1/10 vs 2/30 → u2    3: 1/10 = 3/30 → u1
  //   4: 2/10 vs 3/30 → u2        5: 2/10 vs 4/30 → u2    6: 2/10 vs 5/30 → u2
  //   7: 2/10 = 6/30 → u1         8: 3/10 vs 6/30 → u2    → u1 2, u2 6
  it('shares records in proportion to capacity (10 and 30 over 8 records → 2 and 6)', async () => {
    const db = await snapshotOf({
      'owners.csv': csv('id,name,email,active,capacity', 'u1,Ann,ann@x.test,true,10', 'u2,Ben,ben@x.test,true,30'),
      'accounts.csv': csv(ACCOUNTS_HEADER, ...accounts('x', 8, '')),
    });
    const result = plan(db, { strategy: 'weighted' });
    expect(picks(result)).toEqual(['u2', 'u2', 'u1', 'u2', 'u2', 'u2', 'u1', 'u2']);
    expect(received(result, 'accounts')).toEqual({ u1: 2, u2: 6 });
  });

  it('shares by capacity, not by headroom, and still never exceeds a capacity', async () => {
    // u1 capacity 4 (load 0), u2 capacity 12 (load 0), 16 records: exactly 4 and 12, both full.
    // A 17th record has no owner with room: unplaced, "no capacity".
    const db = await snapshotOf({
      'owners.csv': csv('id,name,email,active,capacity', 'u1,Ann,ann@x.test,true,4', 'u2,Ben,ben@x.test,true,12'),
      'accounts.csv': csv(ACCOUNTS_HEADER, ...accounts('x', 17, '')),
    });
    const result = plan(db, { strategy: 'weighted' });
    expect(received(result, 'accounts')).toEqual({ u1: 4, u2: 12 });
    expect(unplacedOf(result)).toEqual({ 'accounts:x9': 'no capacity' });
  });
});

describe('every strategy', () => {
  // u1 capacity 2 owns 1; u2 capacity 1 owns 1 (full). Three unowned accounts: one fits (u1), the
  // other two are unplaced "no capacity" — never dropped, never over capacity.
  for (const strategy of ['least-loaded', 'round-robin', 'weighted'] as const) {
    it(`${strategy}: places only what fits and leaves the rest unplaced with "no capacity"`, async () => {
      const db = await snapshotOf({
        'owners.csv': csv('id,name,email,active,capacity', 'u1,Ann,ann@x.test,true,2', 'u2,Ben,ben@x.test,true,1'),
        'accounts.csv': csv(ACCOUNTS_HEADER, 'p1,P,u1,,', 'q1,Q,u2,,', ...accounts('x', 3, '')),
      });
      const result = plan(db, { strategy });
      expect(movesOf(result)).toEqual({ 'accounts:x1': 'u1' });
      expect(unplacedOf(result)).toEqual({ 'accounts:x2': 'no capacity', 'accounts:x3': 'no capacity' });
    });
  }
});
