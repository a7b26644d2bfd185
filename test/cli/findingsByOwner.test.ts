/**
 * `audit --findings-by-owner DIR` and a plan's `moves-by-owner/`: each rep's own list. Owners who
 * share a name get files of their own, names that are paths or device names give safe files, cells
 * that a spreadsheet would run are neutralised, and every row of the findings (or plan.csv) is in
 * exactly one list.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

const OWNERS = [
  ['u1', 'Alex Morgan', 'alex.m@example.com', 'true'],
  ['u2', 'Alex Morgan', 'alex.morgan@example.com', 'true'],
  ['u3', '../../etc/passwd', 'p@example.com', 'true'],
  ['u4', 'CON', 'con@example.com', 'false'],
  ['u5', 'Zoë Åkesson', 'zoe@example.com', 'true'],
];

/** [id, name, owner]: an inactive owner's, an unknown owner's, an unowned one, a formula, a duplicate id. */
const ACCOUNTS = [
  ['a1', 'Acme', 'u1'],
  ['a2', 'Globex', 'u2'],
  ['a3', '=HYPERLINK("http://x.example","click")', 'u4'],
  ['a4', 'Initech', 'u4'],
  ['a5', 'Umbrella', 'ghost'],
  ['a6', 'Hooli', ''],
  ['a7', 'Stark', 'u3'],
  ['a8', 'Wayne', 'u5'],
  // One id twice (duplicate-id flags both rows): a finding for each Alex Morgan.
  ['a9', 'Cyberdyne', 'u1'],
  ['a9', 'Cyberdyne', 'u2'],
  ['a10', 'Tyrell', 'u2'],
  ['a10', 'Tyrell', 'u1'],
];

function csv(rows: string[][]): string {
  return rows.map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',')).join('\n') + '\n';
}

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { columns: true, bom: true });
}

describe('lists per owner', () => {
  const dir = tempDir('crm-owners-by-owner-');
  const db = path.join(dir, 'o.db');
  const lists = path.join(dir, 'lists');

  beforeAll(async () => {
    writeFileSync(path.join(dir, 'owners.csv'), csv([['id', 'name', 'email', 'active'], ...OWNERS]));
    writeFileSync(path.join(dir, 'accounts.csv'), csv([['id', 'name', 'owner'], ...ACCOUNTS]));
    const loaded = await runInProcess([
      'load',
      path.join(dir, 'owners.csv'),
      path.join(dir, 'accounts.csv'),
      '--db',
      db,
      '-q',
    ]);
    expect(loaded.code, loaded.stderr).toBe(0);
  });

  it('writes one CSV per owner, one for records without a valid owner, and an index', async () => {
    const findings = path.join(dir, 'findings.csv');
    const checks = 'unowned,inactive-owner,unknown-owner,duplicate-id';
    const result = await runInProcess([
      'audit',
      '--db',
      db,
      '--checks',
      checks,
      '--findings',
      findings,
      '--findings-by-owner',
      lists,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Findings by owner: 6 rows for 3 owners, 2 without a valid owner → ${lists}`);
    expect(readdirSync(lists).sort()).toEqual([
      'Alex-Morgan_u1.csv',
      'Alex-Morgan_u2.csv',
      'CON_u4.csv',
      '_no-valid-owner.csv',
      '_owners.csv',
    ]);
    const index = readCsv(path.join(lists, '_owners.csv'));
    expect(index).toEqual([
      {
        owner_id: 'u1',
        owner_name: 'Alex Morgan',
        owner_email: 'alex.m@example.com',
        active: 'true',
        file: 'Alex-Morgan_u1.csv',
        rows: '1',
      },
      {
        owner_id: 'u2',
        owner_name: 'Alex Morgan',
        owner_email: 'alex.morgan@example.com',
        active: 'true',
        file: 'Alex-Morgan_u2.csv',
        rows: '1',
      },
      {
        owner_id: 'u4',
        owner_name: 'CON',
        owner_email: 'con@example.com',
        active: 'false',
        file: 'CON_u4.csv',
        rows: '2',
      },
      {
        owner_id: '',
        owner_name: '(no valid owner)',
        owner_email: '',
        active: '',
        file: '_no-valid-owner.csv',
        rows: '2',
      },
    ]);
    // Every finding in exactly one list, as the findings CSV has them.
    const all = readCsv(findings);
    const split = index.flatMap((row) => readCsv(path.join(lists, row.file)));
    expect(split.map((r) => JSON.stringify(r)).sort()).toEqual(all.map((r) => JSON.stringify(r)).sort());
    expect(
      readCsv(path.join(lists, '_no-valid-owner.csv'))
        .map((r) => r.record_id)
        .sort(),
    ).toEqual(['a5', 'a6']);
    // A formula is text, as in the findings CSV.
    expect(readFileSync(path.join(lists, 'CON_u4.csv'), 'utf8')).toContain(
      `"'=HYPERLINK(""http://x.example"",""click"")"`,
    );
  });

  it('replaces the folder whole on the next run', async () => {
    const result = await runInProcess(['audit', '--db', db, '--checks', 'unowned', '--findings-by-owner', lists]);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(lists).sort()).toEqual(['_no-valid-owner.csv', '_owners.csv']);
  });

  it('refuses a folder that holds other files, and leaves it alone', async () => {
    const other = path.join(dir, 'documents');
    mkdirSync(other);
    writeFileSync(path.join(other, 'notes.txt'), 'mine');
    const result = await runInProcess(['audit', '--db', db, '--findings-by-owner', other]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not empty and holds no lists per owner (notes.txt)');
    expect(readdirSync(other)).toEqual(['notes.txt']);
    // Nor an earlier run's lists with a file of the user's beside them.
    writeFileSync(path.join(lists, 'notes.txt'), 'mine');
    const beside = await runInProcess(['audit', '--db', db, '--findings-by-owner', lists]);
    expect(beside.code).toBe(2);
    expect(beside.stderr).toContain('holds more than lists per owner (notes.txt)');
    expect(readFileSync(path.join(lists, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('splits a plan by the owner who receives each record, into moves-by-owner/', async () => {
    const plan = path.join(dir, 'plan');
    const result = await runInProcess([
      'plan',
      '--db',
      db,
      '--out',
      plan,
      '--default-capacity',
      '10',
      '--moves-by-owner',
      '-q',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const byOwner = path.join(plan, 'moves-by-owner');
    const index = readCsv(path.join(byOwner, '_owners.csv'));
    expect(index.length).toBeGreaterThan(0);
    for (const row of index) expect(row.file).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]*\.csv$/);
    const moves = readCsv(path.join(plan, 'plan.csv'));
    const split = index.flatMap((row) =>
      readCsv(path.join(byOwner, row.file)).map((move) => ({ ...move, listed: row.owner_id })),
    );
    expect(split.every((move) => move.new_owner_id === move.listed)).toBe(true);
    expect(split.map(({ listed: _, ...move }) => JSON.stringify(move)).sort()).toEqual(
      moves.map((m) => JSON.stringify(m)).sort(),
    );
    // The two Alex Morgans, had they both received records, get a file each.
    const files = index.map((row) => row.file);
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(files.length);
    // Replaced with the plan.
    const again = await runInProcess([
      'plan',
      '--db',
      db,
      '--out',
      plan,
      '--default-capacity',
      '10',
      '--moves-by-owner',
      '--force',
      '-q',
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(path.join(byOwner, '_owners.csv'))).toBe(true);
    // Without the flag, the folder is replaced by a plan without it.
    const plain = await runInProcess(['plan', '--db', db, '--out', plan, '--default-capacity', '10', '--force', '-q']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(existsSync(byOwner)).toBe(false);
  });

  it("tells a leaver's successors what they take over (transfer --moves-by-owner)", async () => {
    const plan = path.join(dir, 'leaver');
    const result = await runInProcess([
      'transfer',
      '--db',
      db,
      '--from',
      'u5',
      '--to',
      'u3',
      '--moves-by-owner',
      '--out',
      plan,
      '-q',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const index = readCsv(path.join(plan, 'moves-by-owner', '_owners.csv'));
    expect(index.map((row) => [row.owner_id, row.file, row.rows])).toEqual([['u3', 'etc-passwd_u3.csv', '1']]);
    expect(readCsv(path.join(plan, 'moves-by-owner', 'etc-passwd_u3.csv')).map((r) => [r.record_id, r.reason])).toEqual(
      [['a8', 'transfer']],
    );
  });
});
