/**
 * Children stay with an excluded parent: an account excluded from a plan (`--exclude`, or locked by
 * the lock column) keeps the contacts and opportunities that would have followed it (open, on its
 * owner's book), reported as `parent excluded`; no import file names them, so the plan creates no
 * account-owner mismatch. Checked over random snapshots, for `plan` and for `transfer`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanResult } from '../../src/plan/runPlan.js';
import type { RecordKind } from '../../src/records/model.js';
import { csv, plan, snapshotOf, transfer } from './helpers.js';

const NUM_RUNS = 40;

// u1..u3 active, u8 inactive, u9 the leaver (inactive).
const OWNERS = ['u1', 'u2', 'u3', 'u8', 'u9'];
const ACTIVE = new Set(['u1', 'u2', 'u3']);

interface Child {
  kind: 'contacts' | 'opportunities';
  id: string;
  account: number;
  /** The account's owner (on its book), or another owner. */
  owner: string | 'as-account';
  closed: boolean;
  locked: boolean;
  excluded: boolean;
}

interface Scenario {
  accounts: { owner: string; excluded: boolean; locked: boolean }[];
  children: Child[];
  useLock: boolean;
  follow: boolean;
}

const ownerArb = fc.constantFrom(...OWNERS);
const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    accounts: fc.array(fc.record({ owner: ownerArb, excluded: fc.boolean(), locked: fc.boolean() }), {
      minLength: 1,
      maxLength: 6,
    }),
    children: fc.array(
      fc.record({
        kind: fc.constantFrom('contacts' as const, 'opportunities' as const),
        account: fc.nat(),
        owner: fc.oneof(fc.constant('as-account' as const), fc.constant('as-account' as const), ownerArb),
        closed: fc.boolean(),
        locked: fc.boolean(),
        excluded: fc.boolean(),
      }),
      { maxLength: 14 },
    ),
    useLock: fc.boolean(),
    follow: fc.boolean(),
  })
  .map((s) => ({
    ...s,
    // Few children excluded themselves: most are there to follow (or not) their account.
    children: s.children.map((c, i) => ({
      ...c,
      id: `${c.kind === 'contacts' ? 'c' : 'o'}${i + 1}`,
      account: c.account % s.accounts.length,
      excluded: c.excluded && i % 4 === 0,
      locked: c.locked && i % 3 === 0,
    })),
  }));

function files(s: Scenario): Record<string, string> {
  const ownerOf = (c: Child) => (c.owner === 'as-account' ? s.accounts[c.account].owner : c.owner);
  const lockCell = (locked: boolean) => (locked ? 'true' : 'false');
  return {
    'owners.csv': csv(
      'id,name,email,active',
      ...OWNERS.map((id) => `${id},Owner ${id},${id}@x.test,${ACTIVE.has(id)}`),
    ),
    'accounts.csv': csv(
      'id,name,owner,Do Not Reassign',
      ...s.accounts.map((a, i) => `a${i + 1},A${i + 1},${a.owner},${lockCell(a.locked)}`),
    ),
    'contacts.csv': csv(
      'id,name,account_id,owner,Do Not Reassign',
      ...s.children
        .filter((c) => c.kind === 'contacts')
        .map((c) => `${c.id},${c.id},a${c.account + 1},${ownerOf(c)},${lockCell(c.locked)}`),
    ),
    'opportunities.csv': csv(
      'id,name,account_id,owner,stage,closed,Do Not Reassign',
      ...s.children
        .filter((c) => c.kind === 'opportunities')
        .map(
          (c) =>
            `${c.id},${c.id},a${c.account + 1},${ownerOf(c)},${c.closed ? 'Closed Won' : 'Prospecting'},${c.closed},${lockCell(c.locked)}`,
        ),
    ),
  };
}

const excludedIds = (s: Scenario) =>
  new Set([
    ...s.accounts.flatMap((a, i) => (a.excluded ? [`a${i + 1}`] : [])),
    ...s.children.filter((c) => c.excluded).map((c) => c.id),
  ]);

/** Kept where it is by the exclusion list or the lock column. */
const keptAccount = (s: Scenario, i: number) => s.accounts[i].excluded || (s.useLock && s.accounts[i].locked);
const keptChild = (s: Scenario, c: Child) => c.excluded || (s.useLock && c.locked);

/** The children that would follow their account: open, of a follow kind, on the account owner's book. */
const follower = (s: Scenario, c: Child) =>
  s.follow &&
  !(c.kind === 'opportunities' && c.closed) &&
  (c.owner === 'as-account' || c.owner === s.accounts[c.account].owner);

/** Every record's owner after importing the plan. */
function ownersAfter(s: Scenario, result: PlanResult): Map<string, string> {
  const after = new Map<string, string>();
  s.accounts.forEach((a, i) => after.set(`accounts:a${i + 1}`, a.owner));
  for (const c of s.children)
    after.set(`${c.kind}:${c.id}`, c.owner === 'as-account' ? s.accounts[c.account].owner : c.owner);
  for (const { record, to } of result.plan.moves) after.set(`${record.kind}:${record.id}`, to.id);
  return after;
}

function expectChildrenStay(s: Scenario, result: PlanResult, candidateAccount: (i: number) => boolean): void {
  const moved = new Set(result.plan.moves.map((m) => `${m.record.kind}:${m.record.id}`));
  const kept = new Map(result.plan.excluded.map((k) => [`${k.record.kind}:${k.record.id}`, k.reason]));
  const after = ownersAfter(s, result);
  for (const c of s.children) {
    const k = `${c.kind}:${c.id}`;
    if (!keptAccount(s, c.account) || !follower(s, c)) continue;
    expect(moved.has(k), `${k} would follow its excluded account a${c.account + 1}: it is in no import file`).toBe(
      false,
    );
    // No account-owner mismatch made: it still has its account's owner.
    expect(after.get(k), `${k} keeps its account's owner`).toBe(after.get(`accounts:a${c.account + 1}`));
    // Excluded itself: reported as excluded when it was to move, never as parent excluded.
    if (keptChild(s, c)) expect(kept.get(k), `${k} is excluded itself`).not.toBe('parent excluded');
    else if (candidateAccount(c.account)) expect(kept.get(k), `${k} is reported`).toBe('parent excluded');
  }
  for (const [k, reason] of kept) {
    if (reason !== 'parent excluded') continue;
    const c = s.children.find((child) => `${child.kind}:${child.id}` === k)!;
    expect(c, `${k} is a child`).toBeDefined();
    expect(
      keptAccount(s, c.account) && follower(s, c) && !keptChild(s, c),
      `${k} reported parent excluded only when it follows an excluded account`,
    ).toBe(true);
  }
  // Each record at most once among moves and kept ones.
  for (const k of kept.keys()) expect(moved.has(k), `${k} both kept and moved`).toBe(false);
}

const followAccounts = (s: Scenario): RecordKind[] => (s.follow ? ['contacts', 'opportunities'] : []);

describe('an excluded account keeps its followers', () => {
  it('plan: no follower of an excluded or locked account is moved; each is reported as parent excluded', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const db = await snapshotOf(files(s));
        const result = plan(db, {
          excludedIds: excludedIds(s),
          lockColumn: s.useLock ? 'Do Not Reassign' : undefined,
          followAccounts: followAccounts(s),
          defaultCapacity: 100,
        });
        // Flagged accounts (inactive owners) are the ones the plan would move.
        expectChildrenStay(s, result, (i) => !ACTIVE.has(s.accounts[i].owner));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("transfer: the leaver's children on an excluded account of theirs stay, whatever the target", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.boolean(), async (s, toOne) => {
        const db = await snapshotOf(files(s));
        const target = toOne ? { to: 'u1' } : { pool: ['u1', 'u2', 'u3'] };
        const result = transfer(db, {
          from: 'u9',
          ...target,
          excludedIds: excludedIds(s),
          lockColumn: s.useLock ? 'Do Not Reassign' : undefined,
          followAccounts: followAccounts(s),
          defaultCapacity: 100,
        });
        expectChildrenStay(s, result, (i) => s.accounts[i].owner === 'u9');
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('reaches the case it is about: a flagged child kept with its excluded account', async () => {
    // a1 (u9, excluded) with c1 and o1 on u9's book; c2 on a1 but Ann's; a2 (u9) moves with c3.
    const db = await snapshotOf({
      'owners.csv': csv('id,name,email,active', 'u1,Ann,ann@x.test,true', 'u9,Sam,sam@x.test,false'),
      'accounts.csv': csv('id,name,owner', 'a1,A1,u9', 'a2,A2,u9'),
      'contacts.csv': csv('id,name,account_id,owner', 'c1,C1,a1,u9', 'c2,C2,a1,u1', 'c3,C3,a2,u9'),
      'opportunities.csv': csv(
        'id,name,account_id,owner,stage,closed',
        'o1,O1,a1,u9,Prospecting,false',
        'o2,O2,a1,u9,Closed Won,true',
      ),
    });
    for (const result of [
      plan(db, { excludedIds: new Set(['a1']) }),
      transfer(db, { from: 'u9', to: 'u1', excludedIds: new Set(['a1']) }),
    ]) {
      expect(result.plan.moves.map((m) => m.record.id).sort()).toEqual(['a2', 'c3']);
      expect(result.plan.excluded.map((k) => `${k.record.id} ${k.reason}`)).toEqual([
        'a1 excluded',
        'c1 parent excluded',
        'o1 parent excluded',
      ]);
    }
  });
});
