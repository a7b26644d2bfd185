/**
 * Real keys: a snapshot's rows deleted by hand and the file VACUUMed (which renumbers the rowids of
 * tables without an INTEGER PRIMARY KEY) leave every other snapshot's answers as they were, because
 * record_ranges, shared_email_records and plans refer to records.key, which VACUUM keeps.
 */
import Database from 'better-sqlite3';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, ROOT, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

const SF = ['--config', 'fixtures/salesforce/crm-owners.config.json'];
const RULES = ['--rules', 'fixtures/rules/territories.csv'];

const dir = tempDir('crm-owners-vacuum-');
const db = path.join(dir, 'history.db');
const plan = path.join(dir, 'plan');

/** What the commands say about snapshots 2 and 3 (the plan is made from 2, imported in 3). */
async function answers(database: string, planOut: string): Promise<Record<string, string>> {
  const ask = async (...args: string[]) => {
    const result = await runInProcess([...args, '--db', database]);
    expect(result.code === 0 || result.code === 1, `${args.join(' ')}: ${result.stderr}`).toBe(true);
    return result.stdout;
  };
  const planned = await runInProcess([
    'plan',
    '--snapshot',
    '2',
    ...RULES,
    ...SF,
    '--out',
    planOut,
    '--json',
    '--db',
    database,
  ]);
  expect(planned.code, planned.stderr).toBe(0);
  return {
    'audit 2': await ask('audit', '--snapshot', '2', ...RULES, ...SF, '--json'),
    'audit 3': await ask(
      'audit',
      '--snapshot',
      '3',
      '--checks',
      'split-ownership,duplicate-id,unknown-owner,account-owner-mismatch',
      '--json',
    ),
    'plan 2':
      readFileSync(path.join(planOut, 'plan.csv'), 'utf8') +
      readFileSync(path.join(planOut, 'import-accounts.csv'), 'utf8'),
    'diff 2→3': await ask('diff', '--from', '2', '--to', '3', '--json'),
    'verify against 3': await ask('verify', plan, '--snapshot', '3', '--json'),
    history: await ask('history', '0038c00000bWypkAAC', '--json'),
    'owner history': await ask('history', '--owner', '0058c00000l57zPAAQ', '--json'),
    owners: await ask('owners', '--snapshot', '3', '--json'),
  };
}

/** A report without its entries about snapshot 1 (array items whose `snapshot` is 1 or `{ id: 1 }`). */
function withoutSnapshot1(value: unknown): unknown {
  const isSnapshot1 = (item: unknown) => {
    const snapshot = (item as { snapshot?: unknown } | null)?.snapshot;
    return snapshot === 1 || (snapshot as { id?: unknown } | undefined)?.id === 1;
  };
  if (Array.isArray(value)) return value.filter((item) => !isSnapshot1(item)).map(withoutSnapshot1);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutSnapshot1(item)]));
  return value;
}

const keysOf = (file: string) => {
  const connection = new Database(file, { readonly: true });
  try {
    return connection.prepare('SELECT key, snapshot_id, kind, id FROM records ORDER BY key').all();
  } finally {
    connection.close();
  }
};

beforeAll(async () => {
  // 1: another org, to be deleted; 2: Lumen Ridge in October, planned; 3: November, the plan imported.
  const fieldstone = [
    'generic/owners.csv',
    'generic/accounts.csv',
    'generic/contacts.csv',
    'bad/contacts-duplicate-ids.csv',
  ].map((f) => fixture(f));
  expect((await runInProcess(['load', ...fieldstone, '--db', db, '--label', 'fieldstone', '-q'])).code).toBe(0);
  expect(
    (await runInProcess(['load', 'fixtures/salesforce/dataloader', '--db', db, '--label', '2026-10', ...SF, '-q']))
      .code,
  ).toBe(0);
  expect((await runInProcess(['plan', ...RULES, ...SF, '--out', plan, '--db', db, '-q'])).code).toBe(0);
  const imported = path.join(dir, '2026-11');
  const applied = spawnSync(
    process.execPath,
    [
      fixture('databases/apply-import.mjs'),
      fixture('salesforce/dataloader'),
      plan,
      imported,
      fixture('databases/contacts-rerun-tail.csv'),
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(applied.status, applied.stderr).toBe(0);
  expect(
    (
      await runInProcess([
        'load',
        imported,
        '--db',
        db,
        '--label',
        '2026-11',
        ...SF,
        '--on-bad-row',
        'skip',
        '--rejects',
        path.join(dir, 'rejects.csv'),
        '-q',
      ])
    ).code,
  ).toBe(0);
});

describe('VACUUM after deleting a snapshot', () => {
  it('keeps every record key, and audit, plan, diff, verify, history and owners give the same answers for the other snapshots', async () => {
    const before = path.join(dir, 'before.db');
    copyFileSync(db, before);
    const expected = await answers(before, path.join(dir, 'plan-before'));

    const after = path.join(dir, 'after.db');
    copyFileSync(db, after);
    const connection = new Database(after);
    connection.exec(`
      DELETE FROM records WHERE snapshot_id = 1;
      DELETE FROM owners WHERE snapshot_id = 1;
      DELETE FROM duplicate_rows WHERE snapshot_id = 1;
      DELETE FROM owner_groups WHERE snapshot_id = 1;
      DELETE FROM record_ranges WHERE snapshot_id = 1;
      DELETE FROM shared_email_records WHERE snapshot_id = 1;
      DELETE FROM snapshot_files WHERE snapshot_id = 1;
      DELETE FROM snapshots WHERE id = 1;
      VACUUM;
    `);
    connection.close();
    const remaining = (keysOf(before) as { snapshot_id: number }[]).filter((row) => row.snapshot_id !== 1);
    expect(remaining[0]).toMatchObject({ key: expect.any(Number) });
    expect((remaining[0] as unknown as { key: number }).key).toBeGreaterThan(1); // rowids would have been renumbered from 1
    expect(keysOf(after)).toEqual(remaining);

    const actual = await answers(after, path.join(dir, 'plan-after'));
    for (const name of Object.keys(expected)) {
      // History lists every snapshot: the deleted one is simply no longer there.
      if (name.includes('history'))
        expect(JSON.parse(actual[name]), name).toEqual(withoutSnapshot1(JSON.parse(expected[name])));
      else expect(actual[name], name).toBe(expected[name]);
    }
    // The answers compared are real ones: the plan moves records and the import applied every move.
    expect(JSON.parse(actual['verify against 3']).counts).toEqual({
      applied: 17,
      'not-applied': 0,
      'changed-elsewhere': 0,
      missing: 0,
    });
    expect(
      JSON.parse(actual['audit 3']).checks.find(
        (c: { check: string; kind: string }) => c.check === 'duplicate-id' && c.kind === 'contacts',
      ).count,
    ).toBe(1);

    const doctor = JSON.parse((await runInProcess(['doctor', '--db', after, '--json'])).stdout);
    expect(doctor.findings.find((f: { check: string }) => f.check === 'derived')).toMatchObject({ status: 'ok' });
  });
});
