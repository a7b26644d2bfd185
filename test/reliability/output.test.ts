/**
 * Safe output: files for people cannot run formulas in a spreadsheet; files for a CRM's importer
 * keep every value exact; a write that cannot happen fails with exit 2 naming the path and leaves
 * nothing behind; a plan folder is never overwritten without --force.
 */
import { parse } from 'csv-parse/sync';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, run, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';
import { dbState, expectCleanMessage, leftoverTempFiles } from './helpers.js';

const dir = tempDir('crm-owners-output-');
const db = path.join(dir, 'd.db');

/** A CSV line, quoting as needed (the fixture's values hold quotes, commas and tabs). */
const line = (cells: string[]) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
const csv = (rows: string[][]) => `${rows.map(line).join('\n')}\n`;

// Owner and record names (and ids) Excel would evaluate.
const OWNERS = [
  ['id', 'name', 'email', 'active', 'capacity'],
  ['=u1', '=HYPERLINK("http://evil.example","click")', 'eq@example.com', 'true', '100'],
  ['+u2', "+SUM(1+1)*cmd|' /C calc'!A0", 'plus@example.com', 'true', '100'],
  ['@u3', '@SUM(A1:A9)', 'at@example.com', 'true', '100'],
  ['-u4', "-2+3+cmd|' /C calc'!A0", 'minus@example.com', 'false', '100'],
  ['u5', '-42', 'n42@example.com', 'true', '100'],
];
const ACCOUNTS = [
  ['id', 'name', 'owner'],
  ['=acc1', '=1+2', '-u4'],
  ['+acc2', "+cmd|' /C calc'!A0", ''],
  ['@acc3', '@import', 'ghost'],
  ['-42', '-42', '-u4'],
  ['acc5', '\tTabbed name', '-u4'],
  ['acc6', '-1.5e3', ''],
  ['acc7', '＝full-width', '-u4'],
];
const CONTACTS = [
  ['id', 'name', 'email', 'account_id', 'owner'],
  ['=c1', '=WEBSERVICE("http://evil.example")', 'c1@example.com', '=acc1', '-u4'],
  ['c2', '-42', 'c2@example.com', 'acc5', ''],
  ['+c3', '+1-1', 'c3@example.com', '', '@u3'],
  ['@c4', '-cmd', 'c4@example.com', '', 'ghost'],
];

const DANGEROUS_FIRST = /^[=+@\t\r＝＋＠]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** Every cell of a file for people is safe to open in a spreadsheet; returns the parsed rows. */
function expectForPeople(file: string, text = readFileSync(file, 'utf8'), bom = true): string[][] {
  if (bom) expect(text.startsWith('\uFEFF'), `${file}: BOM`).toBe(true);
  expect(text.replace(/\r\n/g, '').includes('\n'), `${file}: CRLF line endings`).toBe(false);
  const rows = parse(text, { bom: true, relax_column_count: false }) as string[][];
  for (const row of rows) {
    for (const cell of row) {
      expect(DANGEROUS_FIRST.test(cell), `${file}: cell ${JSON.stringify(cell)} would be evaluated`).toBe(false);
      if (/^[-－]/.test(cell))
        expect(PLAIN_NUMBER.test(cell), `${file}: cell ${JSON.stringify(cell)} would be evaluated`).toBe(true);
    }
  }
  return rows;
}

/** A file for a CRM's importer: exact values, no BOM, LF, no `'` added. */
function expectForMachines(file: string): string[][] {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), `${file}: no BOM`).toBe(false);
  const text = bytes.toString('utf8');
  expect(text.includes('\r'), `${file}: LF only`).toBe(false);
  const rows = parse(text) as string[][];
  for (const row of rows.slice(1)) for (const cell of row) expect(cell.startsWith("'"), `${file}: ${cell}`).toBe(false);
  return rows;
}

const cells = (rows: string[][]) => rows.flat();

beforeAll(async () => {
  const exportDir = path.join(dir, 'dangerous');
  mkdirSync(exportDir);
  writeFileSync(path.join(exportDir, 'owners.csv'), csv(OWNERS));
  writeFileSync(path.join(exportDir, 'accounts.csv'), csv(ACCOUNTS));
  writeFileSync(path.join(exportDir, 'contacts.csv'), csv(CONTACTS));
  const loaded = await runInProcess(['load', exportDir, '--db', db, '--label', '=1+1']);
  expect(loaded.code, loaded.stderr).toBe(0);
  // A second snapshot where owners changed, for diff.
  const laterDir = path.join(dir, 'dangerous-later');
  mkdirSync(laterDir);
  writeFileSync(path.join(laterDir, 'owners.csv'), csv(OWNERS));
  writeFileSync(
    path.join(laterDir, 'accounts.csv'),
    csv(ACCOUNTS.map((row, i) => (i === 0 ? row : [row[0], row[1], i % 2 ? '=u1' : '+u2']))),
  );
  writeFileSync(
    path.join(laterDir, 'contacts.csv'),
    csv(CONTACTS.map((row, i) => (i === 0 ? row : [...row.slice(0, 4), '@u3']))),
  );
  expect((await runInProcess(['load', laterDir, '--db', path.join(dir, 'history.db')])).code).toBe(0);
  expect((await runInProcess(['load', exportDir, '--db', path.join(dir, 'history.db')])).code).toBe(0);
  expect((await runInProcess(['load', laterDir, '--db', path.join(dir, 'history.db')])).code).toBe(0);
});

describe('formula injection is neutralised in every file for people', () => {
  it('audit --findings', async () => {
    const findings = path.join(dir, 'findings.csv');
    const result = await runInProcess(['audit', '--db', db, '--findings', findings]);
    expect([0, 1]).toContain(result.code);
    const rows = expectForPeople(findings);
    const all = cells(rows);
    expect(all).toContain("'=1+2");
    expect(all).toContain("'+cmd|' /C calc'!A0");
    expect(all).toContain('\'=WEBSERVICE("http://evil.example")');
    expect(all).toContain("'-2+3+cmd|' /C calc'!A0");
    expect(all).toContain('Tabbed name'); // the loader trims values, so a leading tab never reaches a file
    expect(all).toContain("'＝full-width");
    expect(all).toContain("'-u4");
    expect(all).toContain('-42');
    expect(all).not.toContain("'-42");
  });

  it('plan: plan.csv and unplaced.csv for people; import and rollback files exact', async () => {
    const out = path.join(dir, 'plan');
    const result = await runInProcess(['plan', '--db', db, '--out', out, '--max-moves', '3']);
    expect(result.code, result.stderr).toBe(0);
    const plan = expectForPeople(path.join(out, 'plan.csv'));
    const unplaced = expectForPeople(path.join(out, 'unplaced.csv'));
    expect(plan.length).toBe(4); // header + 3 moves
    expect(unplaced.length).toBeGreaterThan(1);
    expect(cells(unplaced).some((cell) => cell.startsWith("'"))).toBe(true);

    const imports = readdirSync(out).filter((name) => /^(import|rollback)-.*\.csv$/.test(name));
    expect(imports.length).toBeGreaterThanOrEqual(2);
    const ownerIds = OWNERS.slice(1).map((o) => o[0]);
    const recordIds = [...ACCOUNTS.slice(1), ...CONTACTS.slice(1)].map((r) => r[0]);
    const exact: string[] = [];
    for (const name of imports) {
      const rows = expectForMachines(path.join(out, name));
      expect(rows[0]).toEqual(['id', 'owner_id']);
      for (const [id, owner] of rows.slice(1)) {
        expect(recordIds).toContain(id);
        if (owner !== '') expect([...ownerIds, 'ghost'], `${name}: ${owner}`).toContain(owner);
        exact.push(id, owner);
      }
    }
    expect(exact.some((value) => DANGEROUS_FIRST.test(value) || /^-/.test(value))).toBe(true);
  });

  it('diff --out and diff --format csv', async () => {
    const history = path.join(dir, 'history.db');
    const out = path.join(dir, 'diff.csv');
    const result = await runInProcess(['diff', '--db', history, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const rows = expectForPeople(out);
    expect(rows.length).toBeGreaterThan(1);
    expect(cells(rows)).toContain("'=1+2");
    const printed = await runInProcess(['diff', '--db', history, '--format', 'csv']);
    expect(printed.code).toBe(0);
    expectForPeople('diff --format csv', printed.stdout, false);
  });

  it('owners --format csv and snapshots --format csv on stdout', async () => {
    for (const args of [['owners'], ['snapshots']]) {
      const printed = await runInProcess([...args, '--db', db, '--format', 'csv']);
      expect(printed.code, printed.stderr).toBe(0);
      const rows = expectForPeople(args[0], printed.stdout, false);
      if (args[0] === 'owners') expect(cells(rows)).toContain('\'=HYPERLINK("http://evil.example","click")');
      else expect(cells(rows)).toContain("'=1+1");
    }
  });

  it('the rejects file', async () => {
    const bad = path.join(dir, 'contacts-bad.csv');
    writeFileSync(
      bad,
      'id,name,email,account_id,owner\n=c9,=1+1,x@example.com,,u5,EXTRA\n+c10,ok,y@example.com,,u5\n"@c11,unclosed\n',
    );
    const rejects = path.join(dir, 'rejects.csv');
    const result = await runInProcess([
      'load',
      bad,
      '--db',
      path.join(dir, 'rejects.db'),
      '--on-bad-row',
      'skip',
      '--rejects',
      rejects,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const rows = expectForPeople(rejects);
    expect(rows.length).toBe(3);
    expect(cells(rows)).toContain("'=c9,=1+1,x@example.com,,u5,EXTRA");
  });
});

describe('an output path that cannot be written', () => {
  const beforeOf = () => dbState(db);

  it.each([
    ['inside a missing folder', () => '/nonexistent/dir/f.csv'],
    ['inside a folder nobody may write (/sys)', () => '/sys/crm-owners-findings.csv'],
    ['inside /proc', () => '/proc/crm-owners/f.csv'],
    [
      'under a name that is a file, not a folder',
      () => {
        writeFileSync(path.join(dir, 'a-file'), 'x');
        return path.join(dir, 'a-file', 'f.csv');
      },
    ],
    [
      'that is an existing folder',
      () => {
        mkdirSync(path.join(dir, 'a-folder'), { recursive: true });
        return path.join(dir, 'a-folder');
      },
    ],
  ])('findings %s: exit 2 naming the path, nothing left behind', async (_name, target) => {
    const file = target();
    const before = beforeOf();
    const result = await runInProcess(['audit', '--db', db, '--findings', file]);
    expectCleanMessage(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(file);
    expect(leftoverTempFiles(dir)).toEqual([]);
    const parent = path.dirname(file);
    if (existsSync(parent) && statSync(parent).isDirectory() && parent.startsWith(dir))
      expect(leftoverTempFiles(parent)).toEqual([]);
    if (existsSync(file) && statSync(file).isDirectory()) expect(readdirSync(file)).toEqual([]);
    expect(beforeOf()).toEqual(before);
  });

  it.each([
    ['audit --write-baseline', (target: string) => ['audit', '--db', db, '--write-baseline', target]],
    ['diff --out', (target: string) => ['diff', '--db', path.join(dir, 'history.db'), '--out', target]],
    ['plan --out', (target: string) => ['plan', '--db', db, '--out', target]],
    ['transfer --out', (target: string) => ['transfer', '--db', db, '--from', '-u4', '--to', 'u5', '--out', target]],
  ])('%s into a missing folder under a file: exit 2 naming the path', async (_name, args) => {
    writeFileSync(path.join(dir, 'plain-file'), 'x');
    const target = path.join(dir, 'plain-file', 'out');
    const result = await runInProcess(args(target));
    expectCleanMessage(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(path.join(dir, 'plain-file'));
    expect(leftoverTempFiles(dir)).toEqual([]);
  });

  it.each([
    ['inside a missing folder', '/nonexistent/dir/x.db'],
    ['that is a folder', '/tmp'],
    ['where nobody may write (/sys)', '/sys/crm-owners.db'],
  ])('load --db %s: exit 2 naming the path', async (_name, target) => {
    const result = await runInProcess(['load', fixture('generic'), '--db', target]);
    expectCleanMessage(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(target);
  });

  it('load --rejects into a missing folder: exit 2, and the load is not committed', async () => {
    const bad = path.join(dir, 'contacts-bad-rows.csv');
    writeFileSync(bad, 'id,name,email,account_id,owner\nc1,A,a@example.com,,u5\nc2,B,b@example.com,,u5,EXTRA\n');
    const target = path.join(dir, 'rejects-load.db');
    expect(
      (
        await runInProcess([
          'load',
          bad,
          '--db',
          target,
          '--on-bad-row',
          'skip',
          '--rejects',
          path.join(dir, 'ok-rejects.csv'),
        ])
      ).code,
    ).toBe(0);
    const before = dbState(target);
    const result = await runInProcess([
      'load',
      bad,
      '--db',
      target,
      '--on-bad-row',
      'skip',
      '--rejects',
      '/nonexistent/dir/rejects.csv',
    ]);
    expectCleanMessage(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/nonexistent/dir/rejects.csv');
    expect(dbState(target)).toEqual(before);
  });
});

describe('plan folders', () => {
  it('an existing plan is not overwritten without --force, and is with it', async () => {
    const out = path.join(dir, 'plan-once');
    expect((await runInProcess(['plan', '--db', db, '--out', out])).code).toBe(0);
    const files = readdirSync(out).sort();
    const bytes = Object.fromEntries(files.map((name) => [name, readFileSync(path.join(out, name), 'utf8')]));

    const again = await runInProcess(['plan', '--db', db, '--out', out, '--max-moves', '1']);
    expectCleanMessage(again);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(out);
    expect(again.stderr).toMatch(/--force/);
    expect(readdirSync(out).sort()).toEqual(files);
    for (const name of files) expect(readFileSync(path.join(out, name), 'utf8'), name).toBe(bytes[name]);

    const transfer = await runInProcess(['transfer', '--db', db, '--from', '-u4', '--to', 'u5', '--out', out]);
    expect(transfer.code).toBe(2);
    for (const name of files) expect(readFileSync(path.join(out, name), 'utf8'), name).toBe(bytes[name]);

    const forced = await runJsonInProcess(['plan', '--db', db, '--out', out, '--max-moves', '1', '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(out, 'plan.csv'), 'utf8')).not.toBe(bytes['plan.csv']);
    expect(leftoverTempFiles(out)).toEqual([]);
  });
});

describe('where the tool writes', () => {
  it("only the paths it is given (and the database's own journal), and never opens a network connection", () => {
    const root = path.join(dir, 'sandbox');
    const [home, tmp, cwd, work] = ['home', 'tmp', 'cwd', 'work'].map((name) => path.join(root, name));
    for (const folder of [home, tmp, cwd, work]) mkdirSync(folder, { recursive: true });
    // Any attempt to resolve a name or open a socket leaves a mark and fails.
    const marker = path.join(root, 'network-used');
    const preload = path.join(root, 'no-network.cjs');
    writeFileSync(
      preload,
      `const fs = require('fs'); const net = require('net'); const dns = require('dns');
       const deny = (what) => function () { fs.appendFileSync(${JSON.stringify(marker)}, what + '\\n'); throw new Error('network access: ' + what); };
       net.Socket.prototype.connect = deny('net.connect');
       dns.lookup = deny('dns.lookup'); dns.resolve = deny('dns.resolve');
       if (globalThis.fetch) globalThis.fetch = deny('fetch');`,
    );
    const env = { HOME: home, TMPDIR: tmp, TMP: tmp, TEMP: tmp, NODE_OPTIONS: `--require ${preload}` };
    const db = path.join(work, 'w.db');
    const steps = [
      ['load', fixture('generic'), '--db', db, '--on-bad-row', 'skip'],
      [
        'load',
        fixture('bad', 'contacts-wrong-field-count.csv'),
        fixture('generic', 'owners.csv'),
        '--db',
        db,
        '--on-bad-row',
        'skip',
        '--rejects',
        path.join(work, 'rejects.csv'),
      ],
      [
        'audit',
        '--db',
        db,
        '--findings',
        path.join(work, 'findings.csv'),
        '--write-baseline',
        path.join(work, 'baseline.json'),
      ],
      ['plan', '--db', db, '--out', path.join(work, 'plan')],
      ['diff', '--db', db, '--out', path.join(work, 'diff.csv')],
      ['snapshots', '--db', db],
      ['owners', '--db', db],
      ['doctor', '--db', db],
    ];
    for (const args of steps) {
      const result = run(args, { cwd, env });
      expectCleanMessage(result, args[0]);
      expect([0, 1], `${args.join(' ')}: ${result.stderr}`).toContain(result.code);
    }
    expect(existsSync(marker) ? readFileSync(marker, 'utf8') : '').toBe('');
    expect(readdirSync(home)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(work).sort()).toEqual([
      'baseline.json',
      'diff.csv',
      'findings.csv',
      'plan',
      'rejects.csv',
      'w.db',
    ]);
    expect(
      readdirSync(path.join(work, 'plan')).every((name) =>
        /^(plan|unplaced|import-\w+|rollback-\w+)\.csv$|^summary\.json$/.test(name),
      ),
    ).toBe(true);
  });
});
