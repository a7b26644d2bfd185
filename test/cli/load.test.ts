/**
 * End-to-end tests of `crm-owners load`: every fixture set loads with the facts of
 * fixtures/README.md, bad input fails cleanly without touching the database, skip mode writes a
 * rejects file, and a failed multi-file load leaves nothing behind.
 */
import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixture, tempDir, type RunOptions, type RunResult } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';
import { decodeCells } from '../../src/store/cells.js';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const TMP = tempDir('crm-owners-load-');

/** A fresh, empty folder for one test (removed with TMP). */
function freshDir(): string {
  return mkdtempSync(path.join(TMP, 't-'));
}

/** A fresh database path in its own folder. */
function freshDb(): string {
  return path.join(freshDir(), 'x.db');
}

interface LoadedFileJson {
  path: string;
  kind: string;
  preset: string;
  encoding: string;
  delimiter: string;
  size: number;
  rows: number;
  rejected: number;
  duplicates: number;
  sha256: string;
}

interface LoadJson {
  snapshot: number;
  label: string | null;
  files: LoadedFileJson[];
  counts: { owners: number; accounts: number; contacts: number; leads: number };
  rejected: number;
}

/** `load FILES... --db DB --json` (in-process), expecting success; returns the parsed summary. */
async function loadOk(db: string, args: string[], options: Omit<RunOptions, 'input'> = {}): Promise<LoadJson> {
  const { code, json, stderr } = await runJsonInProcess<LoadJson>(['load', ...args, '--db', db, '--json'], options);
  expect(code, `load ${args.join(' ')} failed:\n${stderr}`).toBe(0);
  return json;
}

/** `load FILES... --db DB --json` (in-process), expecting failure. */
async function loadFail(db: string, args: string[]): Promise<RunResult> {
  return runInProcess(['load', ...args, '--db', db, '--json']);
}

function query<T = Record<string, any>>(db: string, sql: string, ...params: unknown[]): T[] {
  const handle = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return handle.prepare(sql).all(...params) as T[];
  } finally {
    handle.close();
  }
}

function one<T = Record<string, any>>(db: string, sql: string, ...params: unknown[]): T {
  const rows = query<T>(db, sql, ...params);
  expect(rows, sql).toHaveLength(1);
  return rows[0];
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The file entry of the summary whose path ends with `suffix`. */
function fileEntry(summary: LoadJson, suffix: string): LoadedFileJson {
  const entry = summary.files.find((f) => f.path.endsWith(suffix));
  expect(entry, `no file ending ${suffix} in ${summary.files.map((f) => f.path).join(', ')}`).toBeDefined();
  return entry!;
}

/** Checks path, kind, preset, rows and rejects of one file entry, and its SHA-256 against the bytes. */
function expectFile(
  summary: LoadJson,
  file: string,
  expected: { kind: string; preset: string; rows: number; rejected?: number; bytesOf?: string },
) {
  const entry = fileEntry(summary, path.basename(file));
  expect(entry).toMatchObject({
    kind: expected.kind,
    preset: expected.preset,
    rows: expected.rows,
    rejected: expected.rejected ?? 0,
  });
  expect(entry.sha256).toBe(sha256(expected.bytesOf ?? file));
  return entry;
}

/** Columns of a table (the storage schema grows; tests read what is there). */
function columnsOf(db: string, table: string): Set<string> {
  return new Set(query<{ name: string }>(db, `PRAGMA table_info(${table})`).map((c) => c.name));
}

/** The column that keeps a row's original values: `fields` (a JSON array) or `raw` (the row's cells, store/cells.ts). */
function originalColumn(db: string, table: string): 'fields' | 'raw' {
  const columns = columnsOf(db, table);
  if (columns.has('fields')) return 'fields';
  expect(columns.has('raw'), `${table} keeps neither fields nor raw`).toBe(true);
  return 'raw';
}

/** Every original value of a stored row, in header order. */
function originalValues(db: string, stored: { value: string; file_id: number }, column: 'fields' | 'raw'): string[] {
  if (column === 'fields') return JSON.parse(stored.value) as string[];
  return decodeCells(stored.value);
}

/** The original values of record `id` (every column of its row, in header order). */
function fieldsOf(db: string, id: string): string[] {
  const column = originalColumn(db, 'records');
  return originalValues(db, one(db, `SELECT ${column} AS value, file_id FROM records WHERE id = ?`, id), column);
}

/** Rows of duplicate_rows with their original values. */
function duplicateRows(db: string): { kind: string; id: string; line: number; values: string[] }[] {
  const column = originalColumn(db, 'duplicate_rows');
  return query<{ kind: string; id: string; line: number; value: string; file_id: number }>(
    db,
    `SELECT kind, id, line, ${column} AS value, file_id FROM duplicate_rows ORDER BY line`,
  ).map((row) => ({ kind: row.kind, id: row.id, line: row.line, values: originalValues(db, row, column) }));
}

/** Header list of the loaded file whose path ends with `suffix`. */
function headersOf(db: string, suffix: string): string[] {
  const rows = query<{ path: string; headers: string }>(db, 'SELECT path, headers FROM snapshot_files');
  const row = rows.find((r) => r.path.endsWith(suffix));
  expect(row, `no snapshot_files row for ${suffix}`).toBeDefined();
  return JSON.parse(row!.headers) as string[];
}

/** The value of column `header` (case-insensitive, trimmed) of record `id`. */
function cellOf(db: string, fileSuffix: string, id: string, header: string): string {
  const headers = headersOf(db, fileSuffix).map((h) => h.trim().toLowerCase());
  const index = headers.indexOf(header.toLowerCase());
  expect(index, `no column ${header}`).toBeGreaterThanOrEqual(0);
  return fieldsOf(db, id)[index];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A stack trace line, which a user must never see. */
const STACK = /at .*\.js:\d+/;

/** Exit 2, stderr names the file (and line/column when given), no stack trace, nothing on stdout. */
function expectCleanError(
  result: RunResult,
  file: string,
  position: { line?: number; column?: number; notLines?: number[] } = {},
) {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain(file);
  expect(result.stderr).not.toMatch(STACK);
  expect(result.stderr).not.toMatch(/internal error/i);
  if (position.line !== undefined) {
    const at = new RegExp(`${escapeRegExp(file)}:${position.line}(?::(\\d+))?(?!\\d)`).exec(result.stderr);
    expect(at, `stderr should name ${file}:${position.line}\n${result.stderr}`).not.toBeNull();
    if (position.column !== undefined) {
      const named =
        at![1] === String(position.column) ||
        new RegExp(`column ${position.column}(?!\\d)`).test(result.stderr.replace(/\(also column \d+\)/g, ''));
      expect(named, `stderr should name column ${position.column}\n${result.stderr}`).toBe(true);
    }
  }
  for (const wrong of position.notLines ?? []) {
    expect(result.stderr).not.toMatch(new RegExp(`${escapeRegExp(file)}:${wrong}(?!\\d)`));
  }
}

/** Everything a failed load must leave as it was: the snapshot list, the row count of every table, the file bytes. */
async function dbState(db: string) {
  const snapshots = await runJsonInProcess(['snapshots', '--db', db, '--json']);
  expect(snapshots.code, snapshots.stderr).toBe(0);
  const names = query<{ name: string }>(
    db,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  ).map((t) => t.name);
  for (const needed of ['snapshots', 'snapshot_files', 'owners', 'records', 'duplicate_rows'])
    expect(names).toContain(needed);
  const tables = Object.fromEntries(
    names.map((t) => [t, one<{ n: number }>(db, `SELECT count(*) AS n FROM "${t}"`).n]),
  );
  return { snapshots: snapshots.json, tables, bytes: sha256(db) };
}

/** Files other than the database in the database's folder (rejects files, temp files). */
function strayFiles(db: string): string[] {
  const base = path.basename(db);
  return readdirSync(path.dirname(db)).filter((name) => name !== base && !name.startsWith(`${base}-`));
}

/** The physical lines of a file (split on LF, a trailing CR kept off). */
function physicalLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
}

interface RejectRow {
  file: string;
  line: string;
  column: string;
  reason: string;
  raw: string;
}

/** Reads a rejects file, checking its dialect (UTF-8 BOM, CRLF, the header). */
function readRejects(file: string): RejectRow[] {
  const text = readFileSync(file, 'utf8');
  expect(text.startsWith('\uFEFF'), 'rejects file starts with a UTF-8 BOM').toBe(true);
  expect(text, 'every line ends with CRLF').not.toMatch(/(?<!\r)\n/);
  expect(text.endsWith('\r\n')).toBe(true);
  const rows = parse(text.slice(1), { relax_column_count: false }) as string[][];
  expect(rows[0]).toEqual(['file', 'line', 'column', 'reason', 'raw']);
  return rows.slice(1).map(([f, line, column, reason, raw]) => ({ file: f, line, column, reason, raw }));
}

const SF = (...p: string[]) => fixture('salesforce', ...p);

// ---------------------------------------------------------------------------------------------
// Every fixture set loads
// ---------------------------------------------------------------------------------------------

describe('load: Salesforce exports', () => {
  it('loads the Data Loader folder: four files, preset salesforce, README row counts and checksums', async () => {
    const db = freshDb();
    const summary = await loadOk(db, [SF('dataloader')]);
    expect(summary.snapshot).toBe(1);
    expect(summary.files).toHaveLength(4);
    expectFile(summary, SF('dataloader/User.csv'), { kind: 'owners', preset: 'salesforce', rows: 11 });
    expectFile(summary, SF('dataloader/Account.csv'), { kind: 'accounts', preset: 'salesforce', rows: 27 });
    expectFile(summary, SF('dataloader/Contact.csv'), { kind: 'contacts', preset: 'salesforce', rows: 40 });
    expectFile(summary, SF('dataloader/Lead.csv'), { kind: 'leads', preset: 'salesforce', rows: 8 });
    expect(summary.counts).toMatchObject({ accounts: 27, contacts: 40, leads: 8 });
    // 11 users (a queue met only in records may be counted too: it is a known owner).
    expect(summary.counts.owners).toBeGreaterThanOrEqual(11);
    expect(summary.rejected).toBe(0);
    for (const f of summary.files) expect(f.duplicates).toBe(0);
  });

  it('Data Loader: the multi-line Description decodes exactly and physical lines are counted from bytes', async () => {
    const db = freshDb();
    await loadOk(db, [SF('dataloader')]);
    const a06 = one(db, "SELECT name, line FROM records WHERE id = '0018c00000uyjs0AAA'");
    expect(a06).toEqual({ name: 'Golden Gate Biotech', line: 7 });
    expect(cellOf(db, 'Account.csv', '0018c00000uyjs0AAA', 'Description')).toBe(
      'Renewal at risk, per CFO: "we\'re evaluating, not committed".\nCall notes 2026-02-14:\n- wants SSO, SCIM and a "named" CSM\n- budget owner: VP Ops, not IT',
    );
    // A07 follows on line 11, A27 ends the file on line 31.
    expect(one(db, "SELECT line FROM records WHERE id = '0018c00000i7h9qAAA'").line).toBe(11);
    expect(one(db, "SELECT line FROM records WHERE id = '0018c00000bBd0xAAC'").line).toBe(31);
  });

  it('Data Loader: ids that differ only in case are two accounts, non-ASCII names survive, queue and system owners are typed', async () => {
    const db = freshDb();
    await loadOk(db, [SF('dataloader')]);
    expect(one(db, "SELECT name FROM records WHERE id = '0018c00000jT6OsAAK'").name).toBe('Cascade Timberworks');
    expect(one(db, "SELECT name FROM records WHERE id = '0018c00000jT6OSAA0'").name).toBe('Sierra Nevada Solar');
    expect(one(db, 'SELECT count(*) AS n FROM duplicate_rows').n).toBe(0);
    expect(one(db, "SELECT name FROM records WHERE id = '0038c000009zUTfAAM'").name).toBe('Chloé Tremblay');
    expect(one(db, "SELECT name FROM records WHERE id = '0038c00000nxypwAAA'").name).toBe('Jürgen Weiß');
    expect(one(db, "SELECT type, active FROM owners WHERE id = '0058c000001AmFQAA0'")).toEqual({
      type: 'system',
      active: 1,
    });
    expect(one(db, "SELECT type, active FROM owners WHERE id = '00G8c00000tQX3cEAG'")).toEqual({
      type: 'queue',
      active: 1,
    });
    const inactive = query<{ name: string }>(db, 'SELECT name FROM owners WHERE active = 0 ORDER BY name').map(
      (o) => o.name,
    );
    expect(inactive).toEqual(['Grace Kim', 'Sam Patel']);
  });

  it('a Windows-1252 export whose first MiB is plain ASCII (read in the worker): its é, far down, decoded as Windows-1252', async () => {
    const file = path.join(freshDir(), 'Account.csv');
    const rows = ['Id,Name,OwnerId'];
    for (let i = 0; i < 60_000; i++)
      rows.push(`001x${String(i).padStart(11, '0')},Account ${i} of a long export in plain ASCII,005x00000000001`);
    const ascii = Buffer.from(`${rows.join('\r\n')}\r\n`, 'latin1');
    expect(ascii.length).toBeGreaterThan(4 * 1024 * 1024);
    writeFileSync(
      file,
      Buffer.concat([ascii, Buffer.from('001xLAST0000000,Crédito Inmobiliario,005x00000000001\r\n', 'latin1')]),
    );
    const db = freshDb();
    const summary = await loadOk(db, [file]);
    expect(fileEntry(summary, 'Account.csv')).toMatchObject({
      encoding: 'windows1252',
      rows: 60_001,
      sha256: sha256(file),
    });
    expect(one(db, "SELECT name, line FROM records WHERE id LIKE '001xLAST%'")).toEqual({
      name: 'Crédito Inmobiliario',
      line: 60_002,
    });
  });

  it('loads the legacy Windows-1252 Data Loader sample: 423 accounts, encoding windows1252, é and º decoded', async () => {
    const db = freshDb();
    const summary = await loadOk(db, [SF('legacy'), SF('dataloader/User.csv')]);
    const legacy = expectFile(summary, SF('legacy/accountData.csv'), {
      kind: 'accounts',
      preset: 'salesforce',
      rows: 423,
    });
    expect(legacy.encoding).toBe('windows1252');
    expect(legacy.size).toBe(199_712);
    expect(summary.counts.accounts).toBe(423);
    // Only the CSV in the folder is read (not README.md / LICENSE.txt).
    expect(summary.files.map((f) => path.basename(f.path)).sort()).toEqual(['User.csv', 'accountData.csv']);

    expect(one(db, "SELECT name, line FROM records WHERE id = '001x0000002xLDgAAM'")).toEqual({
      name: 'Crédito Inmobiliario Terras',
      line: 87,
    });
    expect(one(db, "SELECT name, line FROM records WHERE id = '001x0000002xLHlAAM'")).toEqual({
      name: 'Pébéo of America',
      line: 375,
    });
    expect(cellOf(db, 'accountData.csv', '001x0000002xLDJAA2', 'BILLINGSTREET')).toBe(
      '00045844 c/ San Romualdo, 26 5º',
    );
    expect(cellOf(db, 'accountData.csv', '001x0000002xLFAAA2', 'BILLINGSTREET')).toBe(
      '00052339 Paseo de la Castellana, Nº 77, Edif. Azu',
    );
    expect(
      one(
        db,
        `SELECT count(*) AS n FROM records WHERE ${originalColumn(db, 'records')} LIKE '%' || char(65533) || '%' OR name LIKE '%' || char(65533) || '%'`,
      ).n,
    ).toBe(0);
    // First and last ids, and the owner that is in no users file.
    expect(one(db, "SELECT name FROM records WHERE id = '001x0000002xLCVAA2'").name).toBe('Gravity Investments');
    expect(one(db, "SELECT name FROM records WHERE id = '001x00000032aQtAAI'").name).toBe('name1149205434309');
    expect(one(db, "SELECT count(*) AS n FROM records WHERE owner_id IS NULL AND owner_issue = 'unknown'").n).toBe(423);
  });

  it('loads the Weekly Data Export: 0/1 booleans and 000000000000000AAA as an empty lookup', async () => {
    const db = freshDb();
    const summary = await loadOk(db, [SF('weekly-export')]);
    expectFile(summary, SF('weekly-export/User.csv'), { kind: 'owners', preset: 'salesforce', rows: 11 });
    expectFile(summary, SF('weekly-export/Account.csv'), { kind: 'accounts', preset: 'salesforce', rows: 12 });
    expectFile(summary, SF('weekly-export/Contact.csv'), { kind: 'contacts', preset: 'salesforce', rows: 21 });
    expect(summary.counts).toMatchObject({ accounts: 12, contacts: 21, leads: 0 });

    // IsActive "0" for Sam Patel and Grace Kim, "1" for the other nine users.
    const users = query<{ name: string; active: number }>(db, "SELECT name, active FROM owners WHERE type != 'queue'");
    expect(users).toHaveLength(11);
    expect(
      users
        .filter((u) => u.active === 0)
        .map((u) => u.name)
        .sort(),
    ).toEqual(['Grace Kim', 'Sam Patel']);
    // AccountId 000000000000000AAA (C39, C40) means no account; OwnerId 000000000000000AAA (C35) means no owner.
    for (const id of ['0038c00000vheZqAAI', '0038c000002ueALAAY']) {
      expect(cellOf(db, 'weekly-export/Contact.csv', id, 'AccountId')).toBe('000000000000000AAA');
      expect(one(db, 'SELECT account_id FROM records WHERE id = ?', id).account_id).toBeNull();
    }
    expect(one(db, "SELECT owner_id, owner_issue FROM records WHERE id = '0038c00000jw1DxAAI'")).toEqual({
      owner_id: null,
      owner_issue: 'empty',
    });
    expect(
      one(
        db,
        "SELECT count(*) AS n FROM records WHERE owner = '000000000000000AAA' OR account_id = '000000000000000AAA' OR owner_id = '000000000000000AAA'",
      ).n,
    ).toBe(0);
    // Contacts with a real AccountId find their account (C01 → A01).
    expect(one(db, "SELECT account_id FROM records WHERE id = '0038c00000nPKA2AAO'").account_id).toBe(
      '0018c000003SSALAA4',
    );
    // A06's Description has CRLF line breaks inside the quotes; the record starts on line 3.
    expect(one(db, "SELECT line FROM records WHERE id = '0018c00000uyjs0AAA'").line).toBe(3);
    expect(cellOf(db, 'weekly-export/Account.csv', '0018c00000uyjs0AAA', 'Description')).toBe(
      'Renewal at risk, per CFO: "we\'re evaluating, not committed".\r\nCall notes 2026-02-14:\r\n- wants SSO, SCIM and a "named" CSM\r\n- budget owner: VP Ops, not IT',
    );
  });

  it('joins a report export to Data Loader users and accounts: preset salesforce-report, footer dropped, 15→18-char ids, owners by name', async () => {
    const db = freshDb();
    const report = SF('report/Contacts and Accounts report.csv');
    const summary = await loadOk(db, [SF('dataloader/User.csv'), SF('dataloader/Account.csv'), SF('report')]);
    expectFile(summary, SF('dataloader/User.csv'), { kind: 'owners', preset: 'salesforce', rows: 11 });
    expectFile(summary, SF('dataloader/Account.csv'), { kind: 'accounts', preset: 'salesforce', rows: 27 });
    expectFile(summary, report, { kind: 'contacts', preset: 'salesforce-report', rows: 40, rejected: 0 });
    expect(summary.counts.contacts).toBe(40);
    expect(summary.rejected).toBe(0);
    // The three footer lines (43, 45, 46) are dropped: no record beyond line 41.
    expect(one(db, "SELECT max(line) AS last, min(line) AS first FROM records WHERE kind = 'contacts'")).toEqual({
      last: 41,
      first: 2,
    });
    expect(one(db, "SELECT dropped FROM snapshot_files WHERE path LIKE '%report.csv'").dropped).toBe(3);

    const contacts = query<{
      id: string;
      account_id: string | null;
      owner: string;
      owner_id: string | null;
      owner_issue: string | null;
      line: number;
    }>(
      db,
      "SELECT id, account_id, owner, owner_id, owner_issue, line FROM records WHERE kind = 'contacts' ORDER BY line",
    );
    const accounts = new Set(
      query<{ id: string }>(db, "SELECT id FROM records WHERE kind = 'accounts'").map((a) => a.id),
    );

    // Ids: the report's 15-char ids become exactly the Data Loader's 18-char ids, in the same order.
    const dl = freshDb();
    await loadOk(dl, [SF('dataloader/Contact.csv')]);
    const dataLoaderIds = query<{ id: string }>(dl, "SELECT id FROM records WHERE kind = 'contacts' ORDER BY line").map(
      (r) => r.id,
    );
    expect(contacts.map((c) => c.id)).toEqual(dataLoaderIds);

    // Every contact with an Account ID points at an 18-char account of the snapshot; C39 and C40 (lines 40, 41) have none.
    for (const c of contacts) {
      if (c.line === 40 || c.line === 41) expect(c.account_id, `line ${c.line}`).toBeNull();
      else {
        expect(c.account_id, `line ${c.line}`).toMatch(/^[a-zA-Z0-9]{18}$/);
        expect(accounts.has(c.account_id!), `line ${c.line}: ${c.account_id}`).toBe(true);
      }
    }
    // A03/A04 differ only in case in their 15-char form: C04, C05 → A03; C06 → A04.
    expect(contacts.find((c) => c.line === 5)!.account_id).toBe('0018c00000jT6OsAAK');
    expect(contacts.find((c) => c.line === 6)!.account_id).toBe('0018c00000jT6OsAAK');
    expect(contacts.find((c) => c.line === 7)!.account_id).toBe('0018c00000jT6OSAA0');

    // Owners by full name: Alex Morgan (lines 18, 19, 27) is ambiguous, Jordan Blake (34) unknown, line 36 empty.
    const unresolved = contacts.filter((c) => c.owner_id === null);
    expect(unresolved.map((c) => [c.line, c.owner_issue])).toEqual([
      [18, 'ambiguous'],
      [19, 'ambiguous'],
      [27, 'ambiguous'],
      [34, 'unknown'],
      [36, 'empty'],
    ]);
    expect(contacts.filter((c) => c.owner_id !== null)).toHaveLength(35);
    // Resolved by name to the right user, e.g. C01 Dana Whitfield and C24 Integration User.
    expect(contacts.find((c) => c.line === 2)!.owner_id).toBe('0058c00000l57zPAAQ');
    expect(contacts.find((c) => c.line === 25)!.owner_id).toBe('0058c00000FBJKnAAP');
  });
});

describe('load: HubSpot, Dynamics, Pipedrive, generic', () => {
  const HUB = (name: string) => fixture('hubspot', name);
  const OWNERS = HUB('hubspot-owners-2026-11-01.csv');
  const COMPANIES = HUB('hubspot-crm-exports-all-companies-2026-11-01.csv');
  const CONTACTS = HUB('hubspot-crm-exports-all-contacts-2026-11-01.csv');
  const ZIP = HUB('hubspot-crm-exports-2026-11-01.zip');

  it('loads the three HubSpot CSVs with preset hubspot', async () => {
    const db = freshDb();
    const summary = await loadOk(db, [OWNERS, COMPANIES, CONTACTS]);
    expectFile(summary, OWNERS, { kind: 'owners', preset: 'hubspot', rows: 5 });
    expectFile(summary, COMPANIES, { kind: 'accounts', preset: 'hubspot', rows: 10 });
    expectFile(summary, CONTACTS, { kind: 'contacts', preset: 'hubspot', rows: 20 });
    expect(summary.counts).toEqual({ owners: 5, accounts: 10, contacts: 20, leads: 0, opportunities: 0, cases: 0 });
    // Tom Becker is archived; the first associated company is the account; emails resolve case-insensitively.
    expect(one(db, "SELECT active FROM owners WHERE name = 'Tom Becker'").active).toBe(0);
    expect(one(db, "SELECT account_id, owner_id FROM records WHERE id = '51234567807'")).toEqual({
      account_id: '18402937514',
      owner_id: '61204512',
    });
    expect(one(db, "SELECT owner_id, owner_issue FROM records WHERE id = '51234567811'")).toEqual({
      owner_id: null,
      owner_issue: 'deactivated',
    });
    expect(cellOf(db, 'all-contacts-2026-11-01.csv', '51234567818', 'Associated Company IDs')).toBe('18402937599');
    expect(one(db, "SELECT account_id FROM records WHERE id = '51234567818'").account_id).toBeNull();
    expect(one(db, "SELECT name FROM records WHERE name LIKE 'Lumi%'").name).toBe('Lumière Pâtisserie');
  });

  it('loads the HubSpot .zip plus the owners CSV: the zip entries are the same bytes as the loose CSVs', async () => {
    const db = freshDb();
    const summary = await loadOk(db, [ZIP, OWNERS]);
    expect(summary.files).toHaveLength(3);
    expectFile(summary, OWNERS, { kind: 'owners', preset: 'hubspot', rows: 5 });
    const companies = expectFile(summary, path.basename(COMPANIES), {
      kind: 'accounts',
      preset: 'hubspot',
      rows: 10,
      bytesOf: COMPANIES,
    });
    const contacts = expectFile(summary, path.basename(CONTACTS), {
      kind: 'contacts',
      preset: 'hubspot',
      rows: 20,
      bytesOf: CONTACTS,
    });
    // Entries are named after the archive they came from.
    expect(companies.path).toContain('.zip');
    expect(contacts.path).toContain('.zip');
    expect(summary.counts).toEqual({ owners: 5, accounts: 10, contacts: 20, leads: 0, opportunities: 0, cases: 0 });
  });

  it('loads Dynamics 365 exports (UTF-8 BOM, CRLF): GUID ids, contacts linked to accounts by name', async () => {
    const db = freshDb();
    const summary = await loadOk(db, [fixture('dynamics')]);
    expectFile(summary, fixture('dynamics/Users.csv'), { kind: 'owners', preset: 'dynamics', rows: 5 });
    expectFile(summary, fixture('dynamics/Accounts.csv'), { kind: 'accounts', preset: 'dynamics', rows: 10 });
    expectFile(summary, fixture('dynamics/Contacts.csv'), { kind: 'contacts', preset: 'dynamics', rows: 15 });
    expect(summary.counts).toEqual({ owners: 5, accounts: 10, contacts: 15, leads: 0, opportunities: 0, cases: 0 });
    expect(one(db, "SELECT active FROM owners WHERE name = 'Erin O''Connor'").active).toBe(0);
    expect(one(db, "SELECT count(*) AS n FROM owners WHERE name = 'Diego Fernández'").n).toBe(1);
    // Ids are the GUIDs; every contact but Olivia Grant finds its account by name.
    expect(one(db, "SELECT count(*) AS n FROM records WHERE id NOT GLOB '[0-9a-f]*-*-*-*-*'").n).toBe(0);
    expect(
      query<{ name: string }>(db, "SELECT name FROM records WHERE kind = 'contacts' AND account_id IS NULL").map(
        (r) => r.name,
      ),
    ).toEqual(['Olivia Grant']);
    // "Sales Team EMEA" is a team, not a user: one account and one contact with an unknown owner.
    expect(query(db, "SELECT kind, owner FROM records WHERE owner_issue = 'unknown' ORDER BY kind")).toEqual([
      { kind: 'accounts', owner: 'Sales Team EMEA' },
      { kind: 'contacts', owner: 'Sales Team EMEA' },
    ]);
  });

  it('loads Pipedrive exports: kinds from headers, organisations by name', async () => {
    const db = freshDb();
    const summary = await loadOk(db, [fixture('pipedrive')]);
    expectFile(summary, fixture('pipedrive/users.csv'), { kind: 'owners', preset: 'generic', rows: 5 });
    expectFile(summary, fixture('pipedrive/organizations-export.csv'), {
      kind: 'accounts',
      preset: 'pipedrive',
      rows: 8,
    });
    expectFile(summary, fixture('pipedrive/people-export.csv'), { kind: 'contacts', preset: 'pipedrive', rows: 15 });
    expect(summary.counts).toEqual({ owners: 5, accounts: 8, contacts: 15, leads: 0, opportunities: 0, cases: 0 });
    expect(one(db, "SELECT active FROM owners WHERE id = '12876544'").active).toBe(0);
    expect(
      query<{ id: string }>(
        db,
        "SELECT id FROM records WHERE kind = 'contacts' AND account_id IS NULL ORDER BY id",
      ).map((r) => r.id),
    ).toEqual(['114', '115']);
    expect(query(db, "SELECT kind, id FROM records WHERE owner_issue = 'unknown' ORDER BY kind")).toEqual([
      { kind: 'accounts', id: '7' },
      { kind: 'contacts', id: '112' },
    ]);
  });

  it('loads the generic folder: canonical headers, owners by id, email or name', async () => {
    const db = freshDb();
    const summary = await loadOk(db, [fixture('generic')]);
    // The custom-columns subfolder is not read: a folder means its own *.csv files.
    expect(summary.files).toHaveLength(3);
    expectFile(summary, fixture('generic/owners.csv'), { kind: 'owners', preset: 'generic', rows: 5 });
    expectFile(summary, fixture('generic/accounts.csv'), { kind: 'accounts', preset: 'generic', rows: 12 });
    expectFile(summary, fixture('generic/contacts.csv'), { kind: 'contacts', preset: 'generic', rows: 20 });
    expect(summary.counts).toEqual({ owners: 5, accounts: 12, contacts: 20, leads: 0, opportunities: 0, cases: 0 });
    const owner = (id: string) => one(db, 'SELECT owner_id FROM records WHERE id = ?', id).owner_id;
    expect(owner('acc-1003')).toBe('u102'); // by email
    expect(owner('acc-1005')).toBe('u103'); // by name
    expect(owner('acc-1011')).toBe('u105'); // by email, other case
    expect(owner('c-3007')).toBe('u103');
    expect(owner('c-3019')).toBe('u102');
    expect(query(db, 'SELECT id, owner_issue FROM records WHERE owner_id IS NULL ORDER BY id')).toEqual([
      { id: 'acc-1007', owner_issue: 'empty' },
      { id: 'acc-1008', owner_issue: 'unknown' },
      { id: 'c-3010', owner_issue: 'empty' },
      { id: 'c-3011', owner_issue: 'unknown' },
    ]);
  });

  it('loads generic/custom-columns with its columns config (--config)', async () => {
    const db = freshDb();
    const dir = fixture('generic/custom-columns');
    const summary = await loadOk(db, [
      fixture('generic/owners.csv'),
      fixture('generic/accounts.csv'),
      dir,
      '--config',
      path.join(dir, 'crm-owners.config.json'),
    ]);
    expectFile(summary, path.join(dir, 'contacts-custom-columns.csv'), {
      kind: 'contacts',
      preset: 'generic',
      rows: 8,
    });
    expect(summary.counts).toEqual({ owners: 5, accounts: 12, contacts: 8, leads: 0, opportunities: 0, cases: 0 });
    expect(one(db, "SELECT owner_id FROM records WHERE id = 'c-4003'").owner_id).toBe('u105');
    expect(one(db, "SELECT owner_issue FROM records WHERE id = 'c-4006'").owner_issue).toBe('empty');
    expect(one(db, "SELECT owner, owner_issue FROM records WHERE id = 'c-4007'")).toEqual({
      owner: 'former.rep@fieldstone.example',
      owner_issue: 'unknown',
    });
    expect(one(db, "SELECT account_id FROM records WHERE id = 'c-4008'").account_id).toBeNull();
    expect(one(db, "SELECT account_id FROM records WHERE id = 'c-4004'").account_id).toBe('acc-1005');
  });

  it('without its config the custom-columns file has no id column: exit 2 naming the file', async () => {
    const file = fixture('generic/custom-columns/contacts-custom-columns.csv');
    const result = await loadFail(freshDb(), [file]);
    expectCleanError(result, file);
    expect(result.stderr).toMatch(/no id column/i);
  });
});

describe('load: messy encodings and dialects (each with generic/owners.csv)', () => {
  const OWNERS = fixture('generic/owners.csv');
  const messy = (name: string) => fixture('messy', name);

  async function loadMessy(
    name: string,
    expected: { kind: string; rows: number; encoding: string; delimiter: string; bytes: number; preset?: string },
  ): Promise<string> {
    const db = freshDb();
    const summary = await loadOk(db, [OWNERS, messy(name)]);
    const entry = expectFile(summary, messy(name), {
      kind: expected.kind,
      preset: expected.preset ?? 'generic',
      rows: expected.rows,
    });
    expect(entry.encoding).toBe(expected.encoding);
    expect(entry.delimiter).toBe(expected.delimiter);
    expect(entry.size).toBe(expected.bytes);
    return db;
  }

  const name = (db: string, id: string) => one(db, 'SELECT name FROM records WHERE id = ?', id).name;

  it('contacts-utf8-bom-crlf.csv: BOM stripped from the first header, CRLF inside a quoted note kept', async () => {
    const db = await loadMessy('contacts-utf8-bom-crlf.csv', {
      kind: 'contacts',
      rows: 5,
      encoding: 'utf8',
      delimiter: ',',
      bytes: 492,
    });
    expect(headersOf(db, 'contacts-utf8-bom-crlf.csv')[0]).toBe('id');
    expect(name(db, 'c-5001')).toBe('Zoë Ångström');
    expect(cellOf(db, 'contacts-utf8-bom-crlf.csv', 'c-5003', 'note')).toBe(
      'Met at expo.\r\nFollow up in Q1, re: "bulk" pricing.',
    );
    expect(cellOf(db, 'contacts-utf8-bom-crlf.csv', 'c-5004', 'note')).toBe('Gatekeeper: ask for "Dr. Mundy", not Fay');
    expect(one(db, "SELECT owner, owner_issue FROM records WHERE id = 'c-5005'")).toEqual({
      owner: '',
      owner_issue: 'empty',
    });
    expect(query<{ line: number }>(db, 'SELECT line FROM records ORDER BY line').map((r) => r.line)).toEqual([
      2, 3, 4, 6, 7,
    ]);
  });

  it('contacts-mixed-eol.csv: LF and CRLF mixed, no final newline, no value ends in CR', async () => {
    const db = await loadMessy('contacts-mixed-eol.csv', {
      kind: 'contacts',
      rows: 6,
      encoding: 'utf8',
      delimiter: ',',
      bytes: 469,
    });
    expect(one(db, "SELECT last_activity FROM records WHERE id = 'c-5106'").last_activity).toBe('2026-09-19');
    expect(fieldsOf(db, 'c-5106').at(-1)).toBe('2026-09-19');
    for (const { id, name, last_activity } of query<{ id: string; name: string; last_activity: string }>(
      db,
      'SELECT id, name, last_activity FROM records',
    )) {
      for (const value of [name, last_activity, ...fieldsOf(db, id)]) expect(value, id).not.toMatch(/\r/);
    }
  });

  it('accounts-cp1252-semicolon.csv: Windows-1252 with ; — € ’ “ ” – decoded, quoted ; and bare , kept', async () => {
    const db = await loadMessy('accounts-cp1252-semicolon.csv', {
      kind: 'accounts',
      rows: 9,
      encoding: 'windows1252',
      delimiter: ';',
      bytes: 482,
    });
    expect(query<{ id: string; name: string }>(db, 'SELECT id, name FROM records ORDER BY id')).toEqual([
      { id: 'acc-6001', name: 'Müller & Söhne GmbH' },
      { id: 'acc-6002', name: 'Café “Le Cœur”' },
      { id: 'acc-6003', name: 'Straßenbau Weiß KG' },
      { id: 'acc-6004', name: 'Dupont, Fils et Cie' },
      { id: 'acc-6005', name: 'Euro Parts € Outlet' },
      { id: 'acc-6006', name: 'O’Brien’s Pub Supply' },
      { id: 'acc-6007', name: 'Nord–Süd Logistik AG' },
      { id: 'acc-6008', name: 'Fjord; Partners AS' },
      { id: 'acc-6009', name: 'Brødrene Ølstad' },
    ]);
    expect(one(db, "SELECT owner FROM records WHERE id = 'acc-6008'").owner).toBe('');
  });

  it.each(['contacts-utf16le-tab.csv', 'contacts-utf16le-tab.txt'])(
    '%s: UTF-16 LE with BOM, tab-delimited',
    async (file) => {
      const db = await loadMessy(file, { kind: 'contacts', rows: 5, encoding: 'utf16le', delimiter: '\t', bytes: 870 });
      expect(name(db, 'c-5201')).toBe('Wang Fang 王芳');
      expect(name(db, 'c-5202')).toBe('Đặng Thị Hồng');
      expect(name(db, 'c-5203')).toBe('Søren Kierkegaard');
      expect(one(db, "SELECT last_activity FROM records WHERE id = 'c-5203'").last_activity).toBe('');
      expect(name(db, 'c-5204')).toBe('José Álvarez');
      expect(name(db, 'c-5205')).toBe('Anna "Nan" Kowalska');
      expect(headersOf(db, file)[0]).toBe('id');
    },
  );

  it('contacts-utf16be.csv: UTF-16 BE with BOM, comma', async () => {
    const db = await loadMessy('contacts-utf16be.csv', {
      kind: 'contacts',
      rows: 4,
      encoding: 'utf16be',
      delimiter: ',',
      bytes: 674,
    });
    expect(name(db, 'c-5301')).toBe('Łukasz Nowak');
    expect(name(db, 'c-5302')).toBe('Ελένη Παπαδοπούλου');
    expect(name(db, 'c-5303')).toBe('Fatima Zahra, PhD');
    expect(name(db, 'c-5304')).toBe('Olu Adebayo');
    expect(headersOf(db, 'contacts-utf16be.csv')[0]).toBe('id');
  });

  it('contacts-pipe.csv: | delimiter, bare comma and quoted pipe kept, owner by email', async () => {
    const db = await loadMessy('contacts-pipe.csv', {
      kind: 'contacts',
      rows: 5,
      encoding: 'utf8',
      delimiter: '|',
      bytes: 432,
    });
    expect(name(db, 'c-5402')).toBe('Ivo Marsh, Jr.');
    expect(name(db, 'c-5403')).toBe('Pipe | Dream Ltd contact');
    expect(one(db, "SELECT owner, owner_id FROM records WHERE id = 'c-5405'")).toEqual({
      owner: 'lena.fischer@fieldstone.example',
      owner_id: 'u103',
    });
  });

  it('contacts-leading-zeros.csv: ids, phones and zips stay strings, unchanged', async () => {
    const db = await loadMessy('contacts-leading-zeros.csv', {
      kind: 'contacts',
      rows: 5,
      encoding: 'utf8',
      delimiter: ',',
      bytes: 512,
    });
    const rows = query<{ id: string }>(db, 'SELECT id FROM records ORDER BY line').map((r) => r.id);
    expect(rows).toEqual(['00123', '123456789012345678', '000789', '1e5', '0x1F']);
    const phones = rows.map((id) => cellOf(db, 'contacts-leading-zeros.csv', id, 'phone'));
    const zips = rows.map((id) => cellOf(db, 'contacts-leading-zeros.csv', id, 'zip'));
    expect(phones).toEqual(['+14155550100', '0044 20 7946 0958', '+1 (617) 555-0199', '5550100', '+14155550100']);
    expect(zips).toEqual(['02134', '00501', '07030', '10001-0001', '90210']);
  });

  it('accounts-spaces-caps-headers.csv: " ID , OWNERID , NAME " match id, owner and name', async () => {
    const db = freshDb();
    const summary = await loadOk(db, [OWNERS, messy('accounts-spaces-caps-headers.csv')]);
    const entry = fileEntry(summary, 'accounts-spaces-caps-headers.csv');
    expect(entry).toMatchObject({
      kind: 'accounts',
      rows: 4,
      rejected: 0,
      encoding: 'utf8',
      delimiter: ',',
      size: 181,
    });
    expect(entry.sha256).toBe(sha256(messy('accounts-spaces-caps-headers.csv')));
    expect(query(db, 'SELECT id, name, owner_id FROM records ORDER BY id')).toEqual([
      { id: 'acc-7001', name: 'Birch & Bark Co', owner_id: 'u101' },
      { id: 'acc-7002', name: 'Southfork Ranch Supply', owner_id: 'u102' },
      { id: 'acc-7003', name: 'Eastbrook Clinics', owner_id: 'u105' },
      { id: 'acc-7004', name: 'Unclaimed Holdings', owner_id: null },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Labels, snapshot numbers, --kind
// ---------------------------------------------------------------------------------------------

describe('load: labels and snapshot numbers', () => {
  it('--label is in the JSON summary and in `snapshots`; two loads make snapshots 1 and 2', async () => {
    const db = freshDb();
    const first = await loadOk(db, [fixture('generic'), '--label', '2026-10']);
    expect(first).toMatchObject({ snapshot: 1, label: '2026-10' });
    const second = await loadOk(db, [SF('dataloader'), '--label', '2026-11 month end']);
    expect(second).toMatchObject({ snapshot: 2, label: '2026-11 month end' });

    const list = await runJsonInProcess<{ id: number; label: string | null }[]>(['snapshots', '--db', db, '--json']);
    expect(list.code).toBe(0);
    expect(list.json.map((s) => [s.id, s.label])).toEqual([
      [1, '2026-10'],
      [2, '2026-11 month end'],
    ]);
    const table = await runInProcess(['snapshots', '--db', db], { env: { COLUMNS: '200' } });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('2026-10');
    expect(table.stdout).toContain('2026-11 month end');
  });

  it('a load without --label has label null', async () => {
    expect((await loadOk(freshDb(), [fixture('generic')])).label).toBeNull();
  });
});

describe('load: --kind', () => {
  const OPPS = fixture('bad/opportunities.csv');
  const UNDETECTABLE = fixture('bad/export-0042.csv');

  it('an undetectable file fails with exit 2, naming the file and suggesting --kind', async () => {
    const result = await loadFail(freshDb(), [UNDETECTABLE]);
    expectCleanError(result, UNDETECTABLE);
    expect(result.stderr).toContain('--kind');
    expect(result.stderr).toMatch(/--kind \w+=/);
  });

  it('an opportunities file is told by its name; without an owner column it fails clearly', async () => {
    const result = await loadFail(freshDb(), [OPPS]);
    expectCleanError(result, OPPS);
    expect(result.stderr).toMatch(/no owner column for opportunities/);
  });

  it('--kind contacts=FILE gets past detection; the file then fails clearly for its missing owner column', async () => {
    const result = await runInProcess(['load', '--kind', `contacts=${OPPS}`, '--db', freshDb(), '--json']);
    expectCleanError(result, OPPS);
    expect(result.stderr).toMatch(/owner column/i);
    expect(result.stderr).not.toMatch(/cannot tell/i);
  });

  it('--kind owners=FILE forces the kind, but opportunity rows are no owners: the first one fails, naming its line', async () => {
    const result = await loadFail(freshDb(), ['--kind', `owners=${OPPS}`]);
    expectCleanError(result, OPPS, { line: 2, column: 1 });
    expect(result.stderr).toContain(
      'id 0068c00000Lm2QaAAJ is a Salesforce Opportunity, not a user (005…) or queue (00G…)',
    );
  });

  it('--kind owners=FILE in skip mode rejects every opportunity row and loads no owner', async () => {
    const db = freshDb();
    const summary = await loadOk(db, ['--kind', `owners=${OPPS}`, '--on-bad-row', 'skip']);
    expect(summary.files[0]).toMatchObject({ path: OPPS, kind: 'owners', rows: 0, rejected: 4, sha256: sha256(OPPS) });
    expect(summary.counts.owners).toBe(0);
    expect(query(db, 'SELECT id FROM owners')).toEqual([]);
  });

  it('--kind makes a file with an unhelpful name and headers load as contacts', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'export-0042.csv');
    writeFileSync(file, 'id,name,owner\nx-1,Ann Lee,u101\nx-2,Bo Diaz,u102\n');
    const db = path.join(dir, 'x.db');
    const without = await loadFail(db, [fixture('generic/owners.csv'), file]);
    expectCleanError(without, file);
    expect(without.stderr).toContain('--kind');

    const summary = await loadOk(db, [fixture('generic/owners.csv'), file, '--kind', `contacts=${file}`]);
    expectFile(summary, file, { kind: 'contacts', preset: 'generic', rows: 2 });
    expect(query(db, "SELECT id, owner_id FROM records WHERE kind = 'contacts' ORDER BY id")).toEqual([
      { id: 'x-1', owner_id: 'u101' },
      { id: 'x-2', owner_id: 'u102' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Bad input: exit 2, file/line/column named, no stack trace, database unchanged
// ---------------------------------------------------------------------------------------------

describe('load: bad input fails cleanly and leaves the database as it was', () => {
  const bad = (name: string) => fixture('bad', name);
  const cases: { title: string; file: string; line?: number; column?: number; notLines?: number[]; reason: RegExp }[] =
    [
      {
        title: 'unclosed quote (line 5, where the quote opens, not EOF)',
        file: bad('contacts-unclosed-quote.csv'),
        line: 5,
        column: 2,
        notLines: [7],
        reason: /quote/i,
      },
      {
        title: 'wrong field count (first bad line, 5)',
        file: bad('contacts-wrong-field-count.csv'),
        line: 5,
        notLines: [7],
        reason: /7 fields.*6|expected 6/i,
      },
      {
        title: 'duplicate headers (line 1, column 7)',
        file: bad('contacts-duplicate-headers.csv'),
        line: 1,
        column: 7,
        reason: /duplicate header.*Email/i,
      },
      { title: 'empty file', file: bad('contacts-empty.csv'), reason: /empty/i },
      { title: 'no id column', file: bad('contacts-no-id.csv'), reason: /no id column/i },
      { title: 'no owner column', file: bad('accounts-no-owner.csv'), reason: /no owner column/i },
      {
        title: 'CRLF inside quotes then a bad row (physical line 8, not 10 or 6)',
        file: bad('contacts-crlf-in-quotes-then-bad.csv'),
        line: 8,
        notLines: [10, 6],
        reason: /8 fields/i,
      },
      { title: 'binary file', file: bad('binary.csv'), reason: /NUL|binary/i },
      { title: 'missing path (ENOENT)', file: bad('no-such-export.csv'), reason: /no such file/i },
      { title: 'undetectable kind', file: bad('export-0042.csv'), reason: /--kind/ },
    ];

  // The database every case starts from: loaded once, copied per case.
  let good: Promise<string> | undefined;
  const goodTemplate = () =>
    (good ??= (async () => {
      const template = freshDb();
      await loadOk(template, [fixture('generic'), '--label', 'good']);
      return template;
    })());

  it.each(cases)('$title', async ({ file, line, column, notLines, reason }) => {
    const db = freshDb();
    copyFileSync(await goodTemplate(), db);
    const before = await dbState(db);
    expect(before.tables.snapshots).toBe(1);
    expect(before.tables.records).toBe(32);

    const result = await loadFail(db, [fixture('generic/owners.csv'), file]);
    expectCleanError(result, file, { line, column, notLines });
    expect(result.stderr).toMatch(reason);

    const after = await dbState(db);
    expect(after.snapshots).toEqual(before.snapshots);
    expect(after.tables).toEqual(before.tables);
    expect(after.bytes, 'database file bytes unchanged').toBe(before.bytes);
    expect(strayFiles(db), 'no rejects or temp files left next to the db').toEqual([]);
  });

  it('a bad file without an earlier snapshot leaves no snapshot', async () => {
    const db = freshDb();
    const result = await loadFail(db, [fixture('generic/owners.csv'), bad('contacts-wrong-field-count.csv')]);
    expectCleanError(result, bad('contacts-wrong-field-count.csv'), { line: 5 });
    if (existsSync(db)) expect(one(db, 'SELECT count(*) AS n FROM snapshots').n).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// --on-bad-row skip and the rejects file
// ---------------------------------------------------------------------------------------------

describe('load --on-bad-row skip', () => {
  const WRONG = fixture('bad/contacts-wrong-field-count.csv');
  const UNCLOSED = fixture('bad/contacts-unclosed-quote.csv');
  const CRLF = fixture('bad/contacts-crlf-in-quotes-then-bad.csv');

  it('wrong field count: exit 0, 2 rejected, 6 good rows loaded, default rejects file next to the db', async () => {
    const db = freshDb();
    const summary = await loadOk(db, [WRONG, '--on-bad-row', 'skip']);
    expectFile(summary, WRONG, { kind: 'contacts', preset: 'generic', rows: 6, rejected: 2 });
    expect(summary.rejected).toBe(2);
    expect(summary.counts.contacts).toBe(6);
    expect(query<{ id: string }>(db, 'SELECT id FROM records ORDER BY line').map((r) => r.id)).toEqual([
      'c-8101',
      'c-8102',
      'c-8103',
      'c-8105',
      'c-8107',
      'c-8108',
    ]);

    const rejectsFile = path.join(path.dirname(db), 'x.rejects.csv');
    expect(existsSync(rejectsFile), 'x.rejects.csv next to x.db').toBe(true);
    const rejects = readRejects(rejectsFile);
    const lines = physicalLines(WRONG);
    expect(rejects.map((r) => [r.file, r.line, r.raw])).toEqual([
      [WRONG, '5', lines[4]],
      [WRONG, '7', lines[6]],
    ]);
    expect(rejects[0].raw).toBe('c-8104,Dora Quist,dora.quist@dunmoregrain.example,acc-1003,u102,2026-10-11,EXTRA');
    for (const r of rejects) {
      expect(r.reason).toMatch(/fields/);
      expect(r.column).toMatch(/^\d+$/);
    }
  });

  it('--rejects FILE writes the rejects there (and not to the default path)', async () => {
    const dir = freshDir();
    const db = path.join(dir, 'x.db');
    const target = path.join(dir, 'out', 'skipped rows.csv');
    mkdirSync(path.dirname(target));
    const summary = await loadOk(db, [WRONG, '--on-bad-row', 'skip', '--rejects', target]);
    expect(summary.rejected).toBe(2);
    expect(existsSync(path.join(dir, 'x.rejects.csv'))).toBe(false);
    expect(readRejects(target).map((r) => r.line)).toEqual(['5', '7']);
    // Written atomically: no temp file left beside it.
    expect(readdirSync(path.dirname(target))).toEqual(['skipped rows.csv']);
  });

  it('CRLF inside quotes: the reject is on physical line 8, 5 rows load', async () => {
    const db = freshDb();
    const summary = await loadOk(db, [CRLF, '--on-bad-row', 'skip']);
    expectFile(summary, CRLF, { kind: 'contacts', preset: 'generic', rows: 5, rejected: 1 });
    const rejects = readRejects(path.join(path.dirname(db), 'x.rejects.csv'));
    expect(rejects.map((r) => [r.line, r.raw])).toEqual([
      ['8', 'c-9105,Eli Park,eli.park@dunmoregrain.example,acc-1003,u103,2026-08-30,,EXTRA'],
    ]);
    // c-9103's note keeps its CRLFs and the record starts on line 4.
    expect(one(db, "SELECT line FROM records WHERE id = 'c-9103'").line).toBe(4);
    expect(cellOf(db, 'contacts-crlf-in-quotes-then-bad.csv', 'c-9103', 'note')).toBe(
      'Line one\r\nLine two\r\nLine three',
    );
  });

  it('unclosed quote: exit 0, one reject at line 5, the rows before and after it are loaded', async () => {
    const db = freshDb();
    const summary = await loadOk(db, [UNCLOSED, '--on-bad-row', 'skip']);
    expect(summary.rejected).toBe(1);
    expect(fileEntry(summary, 'contacts-unclosed-quote.csv').rejected).toBe(1);
    const rejects = readRejects(path.join(path.dirname(db), 'x.rejects.csv'));
    expect(rejects).toHaveLength(1);
    expect(rejects[0].line).toBe('5');
    expect(rejects[0].reason).toMatch(/quote/i);
    expect(rejects[0].raw.startsWith('c-8004,"Dora Quist')).toBe(true);

    const loaded = query<{ id: string }>(db, 'SELECT id FROM records ORDER BY line').map((r) => r.id);
    expect(loaded).toEqual(['c-8001', 'c-8002', 'c-8003', 'c-8005', 'c-8006']);
    expect(fileEntry(summary, 'contacts-unclosed-quote.csv').rows).toBe(loaded.length);
  });

  it('no row is dropped silently: every data line is either a record or in the rejects file', async () => {
    for (const file of [WRONG, UNCLOSED, CRLF]) {
      const db = freshDb();
      await loadOk(db, [file, '--on-bad-row', 'skip']);
      const ids = new Set(query<{ id: string }>(db, 'SELECT id FROM records').map((r) => r.id));
      const raws = readRejects(path.join(path.dirname(db), 'x.rejects.csv'))
        .map((r) => r.raw)
        .join('\n');
      const fileIds = physicalLines(file)
        .map((l) => /^(c-\d{4})/.exec(l)?.[1])
        .filter(Boolean) as string[];
      for (const id of fileIds) expect(ids.has(id) || raws.includes(id), `${path.basename(file)}: ${id}`).toBe(true);
    }
  });

  it('a load with nothing to reject writes no rejects file', async () => {
    const db = freshDb();
    await loadOk(db, [fixture('generic'), '--on-bad-row', 'skip']);
    expect(strayFiles(db)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Duplicate ids, header-only files
// ---------------------------------------------------------------------------------------------

describe('load: duplicate ids and header-only files', () => {
  it('duplicate ids: the first row is kept, the others are counted in files[].duplicates and stored in duplicate_rows', async () => {
    const db = freshDb();
    const file = fixture('bad/contacts-duplicate-ids.csv');
    const summary = await loadOk(db, [fixture('generic/owners.csv'), file]);
    const entry = expectFile(summary, file, { kind: 'contacts', preset: 'generic', rows: 7 });
    expect(entry.duplicates).toBe(3);
    expect(summary.counts.contacts).toBe(7);
    expect(
      query<{ id: string }>(db, "SELECT id FROM records WHERE kind = 'contacts' ORDER BY id").map((r) => r.id),
    ).toEqual(['c-9001', 'c-9002', 'c-9003', 'c-9004', 'c-9005', 'c-9006', 'c-9007']);
    expect(one(db, "SELECT owner_id, line FROM records WHERE id = 'c-9001'")).toEqual({ owner_id: 'u101', line: 2 });
    expect(one(db, "SELECT owner_id, line FROM records WHERE id = 'c-9002'")).toEqual({ owner_id: 'u101', line: 3 });
    expect(duplicateRows(db).map((d) => [d.kind, d.id, d.line, d.values[4]])).toEqual([
      ['contacts', 'c-9001', 4, 'u102'],
      ['contacts', 'c-9002', 6, 'u105'],
      ['contacts', 'c-9001', 8, 'u103'],
    ]);
  });

  it('a header-only file loads 0 rows with exit 0', async () => {
    const db = freshDb();
    const file = fixture('bad/contacts-header-only.csv');
    const summary = await loadOk(db, [file]);
    expectFile(summary, file, { kind: 'contacts', preset: 'generic', rows: 0 });
    expect(summary.counts).toEqual({ owners: 0, accounts: 0, contacts: 0, leads: 0, opportunities: 0, cases: 0 });
    expect(summary.snapshot).toBe(1);
    expect(one(db, 'SELECT count(*) AS n FROM records').n).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// A failed multi-file load leaves nothing behind
// ---------------------------------------------------------------------------------------------

describe('load: a failed multi-file load is all or nothing', () => {
  const GOOD = [fixture('generic/owners.csv'), fixture('generic/accounts.csv')];

  it('good files then a bad one (fail mode): exit 2, no snapshot, no rows, no rejects file', async () => {
    const db = freshDb();
    await loadOk(db, [SF('dataloader')]);
    const before = await dbState(db);
    const bad = fixture('bad/contacts-wrong-field-count.csv');
    const result = await loadFail(db, [...GOOD, bad, fixture('generic/contacts.csv')]);
    expectCleanError(result, bad, { line: 5 });
    const after = await dbState(db);
    expect(after.snapshots).toEqual(before.snapshots);
    expect(after.tables).toEqual(before.tables);
    expect(after.bytes).toBe(before.bytes);
    expect(strayFiles(db)).toEqual([]);
  });

  it('skip mode with rows already rejected, then a fatal file: exit 2, no snapshot, the rejects file is not left behind', async () => {
    const db = freshDb();
    const fatal = fixture('bad/accounts-no-owner.csv');
    const result = await loadFail(db, [
      ...GOOD,
      fixture('bad/contacts-wrong-field-count.csv'),
      fatal,
      '--on-bad-row',
      'skip',
    ]);
    expectCleanError(result, fatal);
    if (existsSync(db)) expect(one(db, 'SELECT count(*) AS n FROM snapshots').n).toBe(0);
    expect(strayFiles(db), 'no x.rejects.csv and no temp file').toEqual([]);
  });

  it('skip mode when the rejects file cannot be written mid-load: exit 2 naming it, no snapshot', async () => {
    const dir = freshDir();
    const db = path.join(dir, 'x.db');
    await loadOk(db, [fixture('generic')]);
    const before = await dbState(db);
    const target = path.join(dir, 'missing-folder', 'rejects.csv');
    const result = await loadFail(db, [
      ...GOOD,
      fixture('bad/contacts-wrong-field-count.csv'),
      '--on-bad-row',
      'skip',
      '--rejects',
      target,
    ]);
    expectCleanError(result, target);
    const after = await dbState(db);
    expect(after.snapshots).toEqual(before.snapshots);
    expect(after.tables).toEqual(before.tables);
  });

  it('skip mode when the rejects file cannot be put in place (its path is a folder): exit 2, no snapshot committed', async () => {
    const dir = freshDir();
    const db = path.join(dir, 'x.db');
    await loadOk(db, [fixture('generic')]);
    const before = await dbState(db);
    const target = path.join(dir, 'rejects.csv');
    mkdirSync(target);
    const result = await loadFail(db, [
      ...GOOD,
      fixture('bad/contacts-wrong-field-count.csv'),
      '--on-bad-row',
      'skip',
      '--rejects',
      target,
    ]);
    expectCleanError(result, target);
    const after = await dbState(db);
    // A failed load leaves the database exactly as it was (README, `load`).
    expect(after.snapshots).toEqual(before.snapshots);
    expect(after.tables).toEqual(before.tables);
    expect(readdirSync(target)).toEqual([]);
  });
});
