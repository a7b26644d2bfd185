/**
 * End-to-end tests of `crm-owners snapshots`: the history of loads, in every output format.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { parse } from 'csv-parse/sync';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const TMP = tempDir('crm-owners-snapshots-');

interface SnapshotJson {
  id: number;
  label: string | null;
  loadedAt: string;
  counts: { owners: number; accounts: number; contacts: number; leads: number };
  coverage: number;
}

async function load(db: string, args: string[]): Promise<void> {
  const result = await runInProcess(['load', ...args, '--db', db, '--quiet']);
  expect(result.code, result.stderr).toBe(0);
}

async function snapshots(db: string, ...args: string[]) {
  return runInProcess(['snapshots', ...args, '--db', db]);
}

/**
 * One database with two snapshots: 1 = generic/ labelled "2026-10" (overall coverage 26/32 =
 * 81.25), 2 = salesforce/dataloader/ labelled "2026-11" (no config: 66/75 = 88.00).
 */
const DB = path.join(TMP, 'history.db');
beforeAll(async () => {
  await load(DB, [fixture('generic'), '--label', '2026-10']);
  await load(DB, [fixture('salesforce', 'dataloader'), '--label', '2026-11']);
});

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('snapshots --json', () => {
  it('is an array of {id, label, loadedAt, asOf, counts, coverage, coverageAt}, oldest first', async () => {
    const { code, json, stderr } = await runJsonInProcess<SnapshotJson[]>(['snapshots', '--db', DB, '--json']);
    expect(code, stderr).toBe(0);
    expect(Array.isArray(json)).toBe(true);
    expect(json).toHaveLength(2);
    for (const snapshot of json) {
      expect(Object.keys(snapshot).sort()).toEqual([
        'asOf',
        'counts',
        'coverage',
        'coverageAt',
        'id',
        'label',
        'loadedAt',
      ]);
      // Loaded by this crm-owners: the coverage is the one computed at load.
      expect((snapshot as unknown as { coverageAt: string }).coverageAt).toBe('load');
      expect(new Date(snapshot.loadedAt).toISOString()).toBe(snapshot.loadedAt);
    }
    expect(json.map((s) => [s.id, s.label])).toEqual([
      [1, '2026-10'],
      [2, '2026-11'],
    ]);
    expect(Date.parse(json[0].loadedAt)).toBeLessThanOrEqual(Date.parse(json[1].loadedAt));
  });

  it("carries each snapshot's record counts and its overall coverage (fixtures/README.md)", async () => {
    const { json } = await runJsonInProcess<SnapshotJson[]>(['snapshots', '--db', DB, '--json']);
    expect(json[0].counts).toEqual({ owners: 5, accounts: 12, contacts: 20, leads: 0, opportunities: 0, cases: 0 });
    expect(json[1].counts).toMatchObject({ accounts: 27, contacts: 40, leads: 8 });
    expect(json[1].counts.owners).toBeGreaterThanOrEqual(11);
    // generic: 26/32 covered; dataloader without config: 66/75.
    expect(json[0].coverage).toBe(81.25);
    expect(json[1].coverage).toBe(88);
  });

  it('--format json is the same as --json', async () => {
    const a = await snapshots(DB, '--json');
    const b = await snapshots(DB, '--format', 'json');
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
  });
});

describe('snapshots (table)', () => {
  it('lists both snapshots with their labels, counts and coverage', async () => {
    const result = await snapshots(DB);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/snapshot/i);
    expect(lines[0]).toMatch(/label/i);
    expect(lines[0]).toMatch(/accounts/i);
    expect(lines[0]).toMatch(/contacts/i);
    expect(lines[0]).toMatch(/coverage/i);
    const [first, second] = lines.slice(1);
    expect(first).toMatch(/^\s*1\s/);
    expect(first).toContain('2026-10');
    expect(first).toMatch(/\b12\b/);
    expect(first).toMatch(/\b20\b/);
    expect(first).toContain('81.25');
    expect(second).toMatch(/^\s*2\s/);
    expect(second).toContain('2026-11');
    expect(second).toMatch(/\b27\b/);
    expect(second).toMatch(/\b40\b/);
    expect(second).toMatch(/\b8\b/);
    expect(second).toContain('88.00');
  });

  it('prints the table on stdout, not stderr', async () => {
    const result = await snapshots(DB);
    expect(result.stderr).toBe('');
  });
});

describe('snapshots --format csv', () => {
  it('starts with a UTF-8 BOM (a CSV for people, opened in Excel)', async () => {
    const result = await snapshots(DB, '--format', 'csv');
    expect(result.code, result.stderr).toBe(0);
    // README, "Files for people and files for machines": CSV for people is UTF-8 with BOM and CRLF.
    expect(result.stdout.startsWith('\uFEFF'), 'CSV output starts with a BOM').toBe(true);
  });

  it('has a header line, then one row per snapshot, CRLF line endings', async () => {
    const result = await snapshots(DB, '--format', 'csv');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/(?<!\r)\n/);
    const rows = parse(result.stdout.replace(/^\uFEFF/, '')) as string[][];
    expect(rows).toHaveLength(3);
    const header = rows[0].map((h) => h.toLowerCase());
    expect(header).toContain('label');
    expect(header.some((h) => h.includes('snapshot') || h === 'id')).toBe(true);
    expect(header.some((h) => h.includes('coverage'))).toBe(true);
    expect(rows[1]).toContain('2026-10');
    expect(rows[1]).toContain('81.25');
    expect(rows[2]).toContain('2026-11');
    expect(rows[2]).toContain('27');
  });
});

describe('snapshots --format markdown', () => {
  it('is a Markdown table: header row, separator row, one row per snapshot', async () => {
    const result = await snapshots(DB, '--format', 'markdown');
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^\|.*\|$/);
    const cells = (line: string) =>
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim());
    const columns = cells(lines[0]).length;
    expect(cells(lines[0]).map((c) => c.toLowerCase())).toContain('label');
    expect(cells(lines[1]).every((c) => /^:?-{3,}:?$/.test(c))).toBe(true);
    expect(cells(lines[1])).toHaveLength(columns);
    expect(cells(lines[2])).toHaveLength(columns);
    expect(cells(lines[2])).toContain('2026-10');
    expect(cells(lines[3])).toContain('2026-11');
  });
});

describe('snapshots on a missing database', () => {
  it('exits 2 with a message naming the db path, and creates no database', async () => {
    const db = path.join(TMP, 'never-loaded.db');
    const result = await snapshots(db);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(db);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(db)).toBe(false);
  });

  it('--json on a missing database also exits 2 with nothing on stdout', async () => {
    const db = path.join(TMP, 'also-missing.db');
    const result = await snapshots(db, '--json');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(db);
  });
});
