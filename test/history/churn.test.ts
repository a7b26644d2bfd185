/** churn: records handed over again and again, over a year of monthly snapshots and random owner runs. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContext } from '../../src/audit/context.js';
import { territoryLookup } from '../../src/audit/territories.js';
import { UsageError } from '../../src/errors.js';
import { churn } from '../../src/history/churn.js';
import { diffOwnership } from '../../src/history/diff.js';
import { parseRules } from '../../src/rules/rules.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { loadSnapshot } from '../../src/load/loadSnapshot.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { fixture, tempDir } from '../helpers/cli.js';
import { IDS, makeHistory } from '../helpers/history.js';

let db: Db;

beforeAll(async () => {
  db = openDatabase(await makeHistory(tempDir('crm-owners-churn-')));
  return () => db.close();
});

describe('churn over a year of snapshots', () => {
  it('lists records whose owner changed at least twice, their owners in order, ping-pong marked', () => {
    const result = churn(db, { minChanges: 2 });
    expect(result.snapshots.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(result.records.map((r) => [r.recordId, r.changes, r.pingPong])).toEqual([
      [IDS.keystone, 4, true],
      [IDS.libertyContact, 3, true],
      [IDS.lead, 2, false],
    ]);
    expect(result.records[0].owners.map((o) => o.id)).toEqual([IDS.mei, IDS.dana, IDS.mei, IDS.dana, IDS.mei]);
    expect(result.records[2].owners.map((o) => o.name)).toEqual([IDS.queue, 'Omar Haddad', 'Dana Whitfield']);
    expect(result.counts).toEqual({ handovers: 15, records: 9, churning: 3, pingPong: 2 });
  });

  it('counts every handover once per owner, and as diff does between each two snapshots', () => {
    const result = churn(db, { minChanges: 1 });
    let changed = 0;
    for (let id = 2; id <= 12; id++) changed += diffOwnership(db, { from: id - 1, to: id }).counts.changed;
    expect(result.counts.handovers).toBe(changed);
    expect(result.owners.reduce((sum, o) => sum + o.gained, 0)).toBe(changed);
    expect(result.owners.reduce((sum, o) => sum + o.lost, 0)).toBe(changed);
    expect(result.records).toHaveLength(result.counts.records);
    const dana = result.owners.find((o) => o.id === IDS.dana)!;
    // Three accounts from Mei, Lone Star Fabrication, Keystone Data Centers and the lead.
    expect([dana.gained, dana.lost, dana.churning]).toEqual([7, 2, 6]);
    const unowned = result.owners.find((o) => o.id === null && o.name === '')!;
    expect([unowned.gained, unowned.lost]).toEqual([1, 0]);
  });

  it('takes the run from --since, --last, and up to a snapshot', () => {
    expect(churn(db, { since: 7, minChanges: 2 }).records.map((r) => [r.recordId, r.changes, r.pingPong])).toEqual([
      [IDS.keystone, 2, true],
      [IDS.libertyContact, 2, true],
      [IDS.lead, 2, false],
    ]);
    const last = churn(db, { last: 2, minChanges: 1 });
    expect(last.snapshots.map((s) => s.id)).toEqual([11, 12]);
    expect(last.records.map((r) => [r.recordId, r.owners.map((o) => o.name)])).toEqual([
      [IDS.lead, ['Omar Haddad', 'Dana Whitfield']],
    ]);
    expect(churn(db, { last: 3, until: 9, minChanges: 1 }).snapshots.map((s) => s.id)).toEqual([7, 8, 9]);
  });

  it('counts handovers per territory with rules', async () => {
    const rulesFile = fixture('rules/territories.csv');
    const rules = parseRules(rulesFile, readFileSync(rulesFile, 'utf8'));
    const territoryOf = territoryLookup(buildContext(db, getSnapshot(db), { placeholderOwners: [], rules }));
    const result = churn(db, { minChanges: 2, territoryOf });
    expect(result.records.map((r) => r.territory)).toEqual(['Enterprise', 'East', null]);
    expect(result.territories!.reduce((sum, t) => sum + t.handovers, 0)).toBe(result.counts.handovers);
    expect(result.territories!.find((t) => t.territory === 'Enterprise')).toEqual({
      territory: 'Enterprise',
      handovers: 5,
      churning: 1,
    });
  });

  it('rejects a run of fewer than two snapshots, and --since with --last', () => {
    expect(() => churn(db, { since: 12, minChanges: 2 })).toThrow(
      /churn needs two snapshots or more, and there is only 1 in the run/,
    );
    expect(() => churn(db, { since: 99, minChanges: 2 })).toThrow(/no snapshot 99/);
    expect(() => churn(db, { since: 2, last: 3, minChanges: 2 })).toThrow(UsageError);
    expect(() => churn(db, { last: 1, minChanges: 2 })).toThrow(/--last takes 2 or more snapshots/);
  });
});

describe('churn on random owner runs', () => {
  const dir = tempDir('crm-owners-churn-prop-');
  let serial = 0;
  const OWNERS = ['u1', 'u2', 'u3', ''];

  /** Loads one snapshot per month: each record's owner as the run says. */
  async function loadRuns(runs: string[][]): Promise<Db> {
    const base = path.join(dir, `p${++serial}`);
    mkdirSync(base);
    const propertyDb = openDatabase(path.join(base, 'runs.db'));
    for (let month = 0; month < runs[0].length; month++) {
      const folder = path.join(base, `m${month}`);
      mkdirSync(folder);
      writeFileSync(
        path.join(folder, 'owners.csv'),
        'id,name,email,active\nu1,Ann,ann@x.example,true\nu2,Bob,bob@x.example,true\nu3,Cy,cy@x.example,false\n',
      );
      writeFileSync(
        path.join(folder, 'accounts.csv'),
        `id,name,owner\n${runs.map((run, i) => `a${i},Account ${i},${run[month]}`).join('\n')}\n`,
      );
      await loadSnapshot(propertyDb, { files: [folder], rejectsPath: path.join(base, 'rejects.csv') });
    }
    return propertyDb;
  }

  it('counts each change of owner, and marks ping-pong exactly when an owner comes back', async () => {
    const runs = fc.integer({ min: 2, max: 5 }).chain((months) =>
      fc.array(fc.array(fc.constantFrom(...OWNERS), { minLength: months, maxLength: months }), {
        minLength: 1,
        maxLength: 4,
      }),
    );
    await fc.assert(
      fc.asyncProperty(runs, async (owners) => {
        const propertyDb = await loadRuns(owners);
        try {
          const result = churn(propertyDb, { minChanges: 1 });
          for (const [i, run] of owners.entries()) {
            // The owners a record passed through, repeats in a row folded.
            const passed = run.filter((owner, month) => month === 0 || owner !== run[month - 1]);
            const record = result.records.find((r) => r.recordId === `a${i}`);
            if (passed.length === 1) expect(record).toBeUndefined();
            else {
              expect(record!.changes).toBe(passed.length - 1);
              expect(record!.owners.map((o) => o.id ?? '')).toEqual(passed);
              expect(record!.pingPong).toBe(new Set(passed).size < passed.length);
            }
          }
        } finally {
          propertyDb.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
