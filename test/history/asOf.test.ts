/**
 * Snapshot as-of dates (`load --as-of DATE`): back-filled exports take their place in the timeline.
 * November's export is loaded first, then October's (back-filled): `snapshots`, `history`, `diff`,
 * the audit's previous snapshot and `--baseline previous`, the report's dates and trend, and
 * stale-ownership's cutoff all go by the as-of date, not the load order or the load time.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

const dir = tempDir('crm-owners-as-of-');
const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

const OWNERS = csv(
  'id,name,email,active',
  'u1,Ann Lee,ann@x.test,true',
  'u2,Ben Ode,ben@x.test,true',
  'u3,Cat Roy,cat@x.test,true',
);

/** An export: c1 owned by `c1Owner`; c2 last active 2026-10-20; c3 unowned in October only. */
function exportFolder(name: string, c1Owner: string, c3Owner: string): string {
  const folder = path.join(dir, name);
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'owners.csv'), OWNERS);
  writeFileSync(path.join(folder, 'accounts.csv'), csv('id,name,owner,last_activity', 'a1,Acme,u1,2026-10-15'));
  writeFileSync(
    path.join(folder, 'contacts.csv'),
    csv(
      'id,name,email,account_id,owner,last_activity',
      `c1,Dev Raman,dev@acme.test,a1,${c1Owner},2026-10-25`,
      'c2,Eve Kim,eve@acme.test,a1,u1,2026-10-20',
      `c3,Fay Orr,fay@acme.test,a1,${c3Owner},2026-10-28`,
    ),
  );
  return folder;
}

const cli = async (...args: string[]) => {
  const result = await runInProcess(args);
  expect(result.stderr, args.join(' ')).not.toMatch(/error/i);
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
};
const json = async (...args: string[]) => JSON.parse((await cli(...args, '--json')).stdout);

const db = path.join(dir, 'crm.db');
let november: string;
let october: string;

beforeAll(async () => {
  november = exportFolder('2026-11', 'u2', 'u1');
  october = exportFolder('2026-10', 'u1', '');
  // Loaded out of order: November first (snapshot 1), then October back-filled (snapshot 2).
  await cli('load', november, '--db', db, '--label', 'nov', '--as-of', '2026-11-30');
  await cli('load', october, '--db', db, '--label', 'oct', '--as-of', '2026-10-31T18:00:00+02:00');
});

describe('load --as-of', () => {
  it('stores the as-of date beside the load time, and load --json reports both', async () => {
    const other = path.join(dir, 'other.db');
    const loaded = await json('load', november, '--db', other, '--as-of', '2026-11-30');
    expect(loaded.asOf).toBe('2026-11-30T00:00:00.000Z');
    expect(Date.parse(loaded.loadedAt)).toBeGreaterThan(Date.parse(loaded.asOf));
    // Without --as-of, the as-of date is the load time.
    const now = await json('load', october, '--db', other);
    expect(now.asOf).toBe(now.loadedAt);
    // The summary for people says it, when it is given.
    const text = await cli('load', october, '--db', other, '--label', 'oct', '--as-of', '2026-10-31');
    expect(text.stderr).toMatch(/^Loaded snapshot 3 "oct" as of 2026-10-31 into /m);
    expect((await cli('load', october, '--db', other)).stderr).toMatch(/^Loaded snapshot 4 into /m);
  });

  it('refuses a value that is no date, no day of the calendar, or after the load time (exit 2, naming the flag)', async () => {
    const refused = path.join(dir, 'refused.db');
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    for (const value of ['last month', '2026-13-01', '2026-02-30', '2026-10-31T25:00:00Z', '31/10/2026', future]) {
      const result = await runInProcess(['load', november, '--db', refused, '--as-of', value]);
      expect(result.code, value).toBe(2);
      expect(result.stderr, value).toMatch(/--as-of/);
    }
    // Nothing was created: the value is checked before the database is opened.
    const after = await runInProcess(['snapshots', '--db', refused]);
    expect(after.code).toBe(2);
  });
});

describe('out-of-order loads follow the as-of date', () => {
  it('snapshots lists them in as-of order, with asOf and loadedAt', async () => {
    const list = await json('snapshots', '--db', db);
    expect(list.map((s: { id: number; label: string; asOf: string }) => [s.id, s.label, s.asOf])).toEqual([
      [2, 'oct', '2026-10-31T16:00:00.000Z'],
      [1, 'nov', '2026-11-30T00:00:00.000Z'],
    ]);
    expect(Date.parse(list[0].loadedAt)).toBeGreaterThan(Date.parse(list[1].loadedAt));
    const table = (await cli('snapshots', '--db', db)).stdout.split('\n');
    expect(table[0]).toMatch(/^snapshot +label +as of +loaded \(UTC\)/);
    expect(table[1]).toMatch(/^ +2 +oct +2026-10-31 /);
    expect(table[2]).toMatch(/^ +1 +nov +2026-11-30 /);
  });

  it('history shows October before November, and the owner change in November', async () => {
    const record = await json('history', 'c1', '--db', db);
    expect(
      record.snapshots.map((s: { snapshot: { id: number; asOf: string }; ownerId: string; changed: boolean }) => [
        s.snapshot.id,
        s.snapshot.asOf.slice(0, 10),
        s.ownerId,
        s.changed,
      ]),
    ).toEqual([
      [2, '2026-10-31', 'u1', false],
      [1, '2026-11-30', 'u2', true],
    ]);
    const owner = await json('history', '--owner', 'u2', '--db', db);
    expect(
      owner.snapshots.map((s: { snapshot: { id: number }; gained: unknown[] }) => [s.snapshot.id, s.gained.length]),
    ).toEqual([
      [2, 0],
      [1, 1],
    ]);
  });

  it('diff and churn compare October with November; the latest snapshot is November', async () => {
    const diff = await json('diff', '--db', db);
    expect([diff.from.id, diff.to.id]).toEqual([2, 1]);
    expect(diff.from.asOf).toBe('2026-10-31T16:00:00.000Z');
    const audit = await json('audit', '--db', db);
    expect(audit.snapshot).toMatchObject({ id: 1, label: 'nov', asOf: '2026-11-30T00:00:00.000Z' });
    const churn = await json('churn', '--db', db, '--min-changes', '1');
    expect(churn.snapshots.map((s: { id: number }) => s.id)).toEqual([2, 1]);
  });

  it('--baseline previous is the snapshot before in as-of order', async () => {
    // October: c3 unowned (6 of 7 records owned); November: all owned. Coverage rose.
    const audit = await json('audit', '--db', db, '--max-drop', '0', '--baseline', 'previous');
    expect(audit.gate.baseline.source).toBe('snapshot 2');
    expect(audit.gate.baseline.drop).toBeLessThan(0);
    expect(audit.gate.passed).toBe(true);
  });

  it('stale-ownership counts days back from the as-of date, not from the load time', async () => {
    const staleIn = async (snapshot: string) => {
      const audit = await json(
        'audit',
        '--db',
        db,
        '--snapshot',
        snapshot,
        '--stale-days',
        '30',
        '--checks',
        'stale-ownership',
      );
      const rows = audit.checks.filter((row: { check: string }) => row.check === 'stale-ownership');
      expect(rows.map((row: { kind: string }) => row.kind).sort()).toEqual(['accounts', 'contacts']);
      return rows.reduce((sum: number, row: { count: number }) => sum + row.count, 0);
    };
    // As of 2026-10-31 the cutoff is 2026-10-01: every record was active since. Measured from the
    // load time (today), all of them would be stale.
    expect(await staleIn('2')).toBe(0);
    // As of 2026-11-30 the cutoff is 2026-10-31: the account and the three contacts (last active
    // 15-28 October) are stale.
    expect(await staleIn('1')).toBe(4);
  });

  it('the report says when each export was taken, and its trend runs in as-of order', async () => {
    const out = path.join(dir, 'report.html');
    await cli('report', '--db', db, '--out', out);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('exported 2026-11-30');
    const rows = [
      ...html.matchAll(/<tr data-snapshot="(\d+)"><td>\d+<\/td><td>[^<]*<\/td><td class="date">([\d-]+)<\/td>/g),
    ].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['2', '2026-10-31'],
      ['1', '2026-11-30'],
    ]);
  });

  it('audit FILES --as-of audits the snapshot it loads, even when it is not the latest', async () => {
    const copy = path.join(dir, 'audit-files.db');
    await cli('load', november, '--db', copy, '--as-of', '2026-11-30');
    const audit = await json('audit', october, '--db', copy, '--as-of', '2026-10-31');
    expect(audit.snapshot).toMatchObject({ id: 2, asOf: '2026-10-31T00:00:00.000Z' });
  });

  it("verify calls a snapshot older by its as-of date older than the plan's, whatever its number", async () => {
    const out = path.join(dir, 'plan-nov');
    await cli('plan', '--db', db, '--out', out); // on the latest: November, snapshot 1
    const result = await runInProcess(['verify', out, '--db', db, '--snapshot', '2']);
    expect(result.stderr).toMatch(/snapshot 2 is older than the plan's snapshot 1/);
  });
});
