/**
 * fixtures/hubspot-association-properties/ end to end (in process): a HubSpot contacts export with
 * the associated company's properties (headers repeated exactly, one row per contact–company pair,
 * ids Excel turned into `1.11015E+11`), and owners of whom two are called "Chris Lee".
 */
import { parse } from 'csv-parse/sync';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { csvRows, writeWorkbook } from '../helpers/workbooks.js';

const SET = fixture('hubspot-association-properties');
const CONTACTS = path.join(SET, 'hubspot-crm-exports-contacts-with-associations-2026-11-01.csv');
const CHRIS = { id: '61204514', name: 'Chris Lee', email: 'chris.lee@brightwater.studio' };
const CHRISTOPHER = { id: '61204515', name: 'Chris Lee', email: 'christopher.lee@brightwater.studio' };
const CANDIDATES =
  'Chris Lee (id 61204514, chris.lee@brightwater.studio); Chris Lee (id 61204515, christopher.lee@brightwater.studio)';

/** Contacts naming "Chris Lee" in the fixture, counted from the file: one per row, but a repeat of a real id once. */
function chrisLeeContacts(): number {
  const rows = parse(readFileSync(CONTACTS), { bom: true, columns: false, from_line: 2 }) as string[][];
  const ids = new Set<string>();
  let records = 0;
  for (const row of rows.filter((r) => r[5] === 'Chris Lee')) {
    if (row[0].includes('E+') || !ids.has(row[0])) records++;
    ids.add(row[0]);
  }
  return records;
}

describe('a HubSpot contacts export with associated company properties', () => {
  const dir = tempDir('crm-owners-assoc-props-');
  const db = path.join(dir, 'crm.db');
  let load: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    load = await runInProcess(['load', SET, '--db', db, '--json']);
  });

  it('loads: the repeated headers are columns of their own, no "duplicate header"', () => {
    expect(load.code, load.stderr).toBe(0);
    const json = JSON.parse(load.stdout);
    const contacts = json.files.find((f: { kind: string }) => f.kind === 'contacts');
    // 15 rows: 11 records (5 of them under the mangled id, each its own), 2 repeats for a second
    // company (Ellie Warren, Imogen Clarke), 1 duplicate-id (Owen Hartley under Owen Hart's id).
    expect(contacts).toMatchObject({
      rows: 11,
      repeats: 2,
      duplicates: 1,
      mangledIds: { count: 5, column: 'Record ID - Contact', example: '1.11015E+11' },
    });
    expect(json.counts).toMatchObject({ owners: 4, accounts: 5, contacts: 11 });
  });

  it('names the owner "Chris Lee" that fits two owners, with the records naming it (stderr and --json)', () => {
    expect(chrisLeeContacts()).toBe(6);
    expect(JSON.parse(load.stdout).ambiguousOwners).toEqual([
      { owner: 'Chris Lee', matches: [CHRIS, CHRISTOPHER], records: { accounts: 2, contacts: 6 } },
    ]);
    expect(load.stderr).toContain(
      'warning: 2 accounts and 6 contacts name an owner "Chris Lee" that matches 2 owners (61204514 chris.lee@brightwater.studio, 61204515 christopher.lee@brightwater.studio)',
    );
  });

  it('audits the different people under one id as duplicate-id and every mangled row as mangled-id', async () => {
    const audit = await runInProcess(['audit', '--db', db, '--json']);
    const checks = JSON.parse(audit.stdout).checks as { check: string; kind: string; count: number }[];
    const count = (check: string, kind: string) => checks.find((c) => c.check === check && c.kind === kind)?.count;
    expect(count('duplicate-id', 'contacts')).toBe(1);
    expect(count('mangled-id', 'contacts')).toBe(5);
    expect(count('unknown-owner', 'contacts')).toBe(6);
    expect(count('unknown-owner', 'accounts')).toBe(2);
  });

  it('transfer --from "Chris Lee" is refused, listing both owners with ids and emails', async () => {
    const result = await runInProcess([
      'transfer',
      '--db',
      db,
      '--from',
      'Chris Lee',
      '--to',
      'Hannah Brooks',
      '--out',
      path.join(dir, 'refused'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: --from "Chris Lee" matches 2 owners: ${CANDIDATES}`);
    expect(result.stderr).toContain('name one by id or email, e.g. --from chris.lee@brightwater.studio');
  });

  it('--to, --pool and history --owner naming "Chris Lee" are refused the same way', async () => {
    const out = path.join(dir, 'refused-too');
    for (const [args, flag] of [
      [['transfer', '--from', 'Marcus Lee', '--to', 'chris lee', '--out', out], '--to "chris lee"'],
      [['transfer', '--from', 'Marcus Lee', '--pool', 'Hannah Brooks,Chris Lee', '--out', out], '--pool "Chris Lee"'],
      [['history', '--owner', 'Chris Lee'], '--owner "Chris Lee"'],
    ] as const) {
      const result = await runInProcess([...args, '--db', db]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`${flag} matches 2 owners`);
      expect(result.stderr).toContain(CANDIDATES);
    }
  });

  it('transfer --from one Chris Lee by email says the records naming only "Chris Lee" are not moved, and lists them as unplaced', async () => {
    const out = path.join(dir, 'chris');
    const result = await runInProcess([
      'transfer',
      '--db',
      db,
      '--from',
      CHRIS.email,
      '--to',
      'Hannah Brooks',
      '--out',
      out,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'warning: 2 accounts and 6 contacts name the owner only as "Chris Lee", which matches 2 owners: not moved',
    );
    const json = JSON.parse(result.stdout);
    expect(json.counts).toMatchObject({
      moves: 0,
      unplaced: 8,
      unplacedByKind: { accounts: 2, contacts: 6 },
      unplacedByReason: { 'owner "Chris Lee" matches 2 owners': 8 },
    });
    const unplaced = parse(readFileSync(path.join(out, 'unplaced.csv')), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    expect(unplaced.map((row) => row.record_name).sort()).toEqual(
      [
        'Copperleaf Bikes',
        'Imogen Clarke',
        'Jonah Pierce',
        'Priya Shah',
        'Rosa Delgado',
        'Rosa Delgado',
        'Saltmarsh Ceramics',
        'Sam Okoro',
      ].sort(),
    );
  });

  it('transfer --kinds contacts leaves and reports only contacts', async () => {
    const result = await runInProcess([
      'transfer',
      '--db',
      db,
      '--from',
      CHRISTOPHER.id,
      '--to',
      'Marcus Lee',
      '--kinds',
      'contacts',
      '--out',
      path.join(dir, 'christopher'),
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('warning: 6 contacts name the owner only as "Chris Lee"');
    expect(JSON.parse(result.stdout).counts).toMatchObject({ moves: 0, unplaced: 6 });
  });

  it('an owner whose name no one else has gets no such warning', async () => {
    const result = await runInProcess([
      'transfer',
      '--db',
      db,
      '--from',
      'Marcus Lee',
      '--to',
      'Hannah Brooks',
      '--out',
      path.join(dir, 'marcus'),
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('name the owner only as');
    // Marcus: Quarry Lane Architects, Theo Marsh and Owen Hart move; Lena Fischer's two rows under
    // the mangled id are two records, both unplaced (id mangled by Excel).
    expect(JSON.parse(result.stdout).counts).toMatchObject({
      moves: 3,
      unplaced: 2,
      unplacedByReason: { 'id mangled by Excel': 2 },
    });
  });
});

describe('the same export as an Excel workbook', () => {
  it('reads the repeated headers and rows the same way', async () => {
    const dir = tempDir('crm-owners-assoc-props-xlsx-');
    for (const file of ['hubspot-owners-2026-11-01.csv', 'hubspot-crm-exports-all-companies-2026-11-01.csv'])
      copyFileSync(path.join(SET, file), path.join(dir, file));
    writeWorkbook(path.join(dir, 'hubspot-crm-exports-contacts-with-associations-2026-11-01.xlsx'), {
      sheets: [
        {
          name: 'Contacts',
          rows: csvRows(
            'hubspot-association-properties',
            'hubspot-crm-exports-contacts-with-associations-2026-11-01.csv',
          ),
        },
      ],
    });
    const result = await runInProcess(['load', dir, '--db', path.join(dir, 'crm.db'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.files.find((f: { kind: string }) => f.kind === 'contacts')).toMatchObject({
      rows: 11,
      repeats: 2,
      duplicates: 1,
    });
    expect(json.ambiguousOwners[0].records).toEqual({ accounts: 2, contacts: 6 });
  });
});
