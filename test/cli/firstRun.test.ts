/**
 * A new user's first run, following the README and every --help: each of these once gave a quiet
 * wrong answer or a misleading message. Usage errors are decided before any work, so they are
 * checked in-process; what needs a real process (streams, widths) spawns the binary.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, run, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

const DATALOADER = fixture('salesforce/dataloader');
const SF_CONFIG = fixture('salesforce/crm-owners.config.json');

async function loaded(dir: string, ...extra: string[]): Promise<string> {
  const db = path.join(dir, `${path.basename(dir)}-${Math.random().toString(36).slice(2)}.db`);
  const result = await runInProcess(['load', DATALOADER, '--db', db, '-q', ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return db;
}

describe('--kind with a folder', () => {
  it('load FOLDER --kind accounts=FOLDER/FILE reads the file once: no duplicate-id', async () => {
    const dir = tempDir();
    const { code, json } = await runJsonInProcess([
      'load',
      DATALOADER,
      '--kind',
      `accounts=${path.join(DATALOADER, 'Account.csv')}`,
      '--db',
      path.join(dir, 'k.db'),
      '--json',
    ]);
    expect(code).toBe(0);
    expect(json.files.map((f: { path: string }) => path.basename(f.path)).sort()).toEqual([
      'Account.csv',
      'Contact.csv',
      'Lead.csv',
      'User.csv',
    ]);
    expect(json.files.every((f: { duplicates: number }) => f.duplicates === 0)).toBe(true);
    expect(json.counts.accounts).toBe(27);
  });

  it('audit --kind KIND=FILE with no other FILE loads it', async () => {
    const { code, json, stderr } = await runJsonInProcess([
      'audit',
      '--kind',
      `owners=${fixture('generic/owners.csv')}`,
      '--kind',
      `accounts=${fixture('generic/accounts.csv')}`,
      '--db',
      ':memory:',
      '--json',
    ]);
    expect(code, stderr).toBe(0);
    expect(json.snapshot.id).toBe(1);
    expect(json.snapshot.counts.accounts).toBeGreaterThan(0);
  });
});

describe('a gate on a check that does not run is a usage error', () => {
  it.each([
    [['--fail-on', 'no-territory>0'], /no-territory runs only with --rules FILE/],
    [['--fail-on', 'stale-ownership>0'], /stale-ownership runs only with --stale-days N/],
    [['--checks', 'unowned', '--fail-on', 'inactive-owner>0'], /inactive-owner is not among --checks/],
  ])('audit %j: exit 2, before anything is loaded', async (flags, message) => {
    const dir = tempDir();
    const db = path.join(dir, 'never.db');
    const result = await runInProcess(['audit', DATALOADER, '--db', db, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(existsSync(db)).toBe(false);
  });

  it('the same gate runs when its check does', async () => {
    expect(
      (
        await runInProcess([
          'audit',
          DATALOADER,
          '--db',
          ':memory:',
          '--rules',
          fixture('rules/territories.csv'),
          '--fail-on',
          'no-territory>0',
          '-q',
        ])
      ).code,
    ).toBe(1);
  });
});

describe('impossible numbers are refused, the same way by every command and by the config', () => {
  it.each([
    [['audit', '--min-coverage', '150'], /--min-coverage takes a percentage from 0 to 100, got "150"/],
    [['audit', '--fail-on', 'unowned>150%'], /the limit takes a percentage from 0 to 100/],
    [['audit', '--max-drop', '500'], /--max-drop takes a number of percentage points from 0 to 100/],
    [['audit', '--default-capacity', '12.5'], /--default-capacity takes a whole number/],
    [['plan', '--default-capacity', '12.5', '--out', 'x'], /--default-capacity takes a whole number/],
    [['owners', '--default-capacity', '12.5'], /--default-capacity takes a whole number/],
  ])('%j', async (args, message) => {
    const result = await runInProcess([...args, '--db', ':memory:']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('config maxMoves 2.5', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'c.json');
    writeFileSync(config, '{"maxMoves": 2.5}');
    const result = await runInProcess(['plan', '--db', ':memory:', '--config', config, '--out', path.join(dir, 'p')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"maxMoves" must be a whole number/);
  });
});

describe('formats: refused before any work, and data alone on stdout', () => {
  it('audit FILES --format csv: exit 2 and no database written', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'csv.db');
    const result = await runInProcess(['audit', DATALOADER, '--db', db, '--format', 'csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('crm-owners audit does not print csv');
    expect(result.stderr).toContain('--findings FILE');
    expect(existsSync(db)).toBe(false);
  });

  it.each(['csv', 'markdown'])('load --format %s: exit 2 and nothing loaded', async (format) => {
    const dir = tempDir();
    const db = path.join(dir, 'l.db');
    const result = await runInProcess(['load', DATALOADER, '--db', db, '--format', format]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`crm-owners load does not print ${format}`);
    expect(existsSync(db)).toBe(false);
  });

  it('plan --format csv prints CSV alone on stdout (the summary in words goes to stderr); plan --format markdown a table alone', async () => {
    const dir = tempDir();
    const db = await loaded(dir);
    const csv = await runInProcess([
      'plan',
      '--db',
      db,
      '--config',
      SF_CONFIG,
      '--out',
      path.join(dir, 'p1'),
      '--format',
      'csv',
    ]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.startsWith('\uFEFFowner,id,kind,before,after,change,capacity\r\n')).toBe(true);
    expect(csv.stdout.indexOf('\uFEFF', 1)).toBe(-1);
    expect(csv.stderr).toMatch(/^Plan on snapshot 1 → /);
    const markdown = await runInProcess([
      'plan',
      '--db',
      db,
      '--config',
      SF_CONFIG,
      '--out',
      path.join(dir, 'p2'),
      '--format',
      'markdown',
    ]);
    expect(markdown.code, markdown.stderr).toBe(0);
    expect(markdown.stdout).toMatch(/^\| owner \| id \| kind \|/);
    expect(
      markdown.stdout
        .trimEnd()
        .split('\n')
        .every((line) => line.startsWith('|')),
    ).toBe(true);
  });

  it('report and config refuse formats they do not print', async () => {
    expect((await runInProcess(['report', '--out', 'x.html', '--json'])).stderr).toContain(
      'crm-owners report does not print json',
    );
    expect((await runInProcess(['config', '--format', 'table'])).stderr).toContain(
      'crm-owners config does not print table',
    );
  });
});

describe('widths', () => {
  const audit = (columns: string) =>
    run(['audit', DATALOADER, '--db', ':memory:', '--config', SF_CONFIG, '-q'], { env: { COLUMNS: columns } }).stdout;

  it('the audit headline is one line on a wide terminal, and keeps its separators when it wraps', () => {
    expect(audit('200').split('\n')[0]).toBe(
      'crm-owners audit · snapshot 1 · 12 owners · 27 accounts · 40 contacts · 8 leads',
    );
    expect(audit('60').split('\n').slice(0, 2)).toEqual([
      'crm-owners audit · snapshot 1 · 12 owners · 27 accounts ·',
      '40 contacts · 8 leads',
    ]);
  });

  it.each(['60', '80'])('at %s columns no audit line is wider', (columns) => {
    expect(
      audit(columns)
        .split('\n')
        .filter((line) => [...line].length > Number(columns)),
    ).toEqual([]);
  });

  it('owners, snapshots, diff and verify fit 80 columns, labels whole', async () => {
    const dir = tempDir();
    const db = await loaded(dir, '--label', 'a-long-label-for-the-first-snapshot-of-the-year');
    expect(run(['load', DATALOADER, '--db', db, '-q']).code).toBe(0);
    const plan = path.join(dir, 'plan');
    expect(
      run([
        'transfer',
        '--db',
        db,
        '--snapshot',
        '1',
        '--from',
        'Dana Whitfield',
        '--pool',
        'Mei Chen,Omar Haddad',
        '--out',
        plan,
        '-q',
      ]).code,
    ).toBe(0);
    for (const args of [['owners'], ['snapshots'], ['diff', '--from', '1', '--to', '2'], ['verify', plan]]) {
      const result = run([...args, '--db', db], { env: { COLUMNS: '80' } });
      expect(
        result.stdout.split('\n').filter((line) => [...line].length > 80),
        args[0],
      ).toEqual([]);
    }
    expect(run(['snapshots', '--db', db], { env: { COLUMNS: '80' } }).stdout).toContain(
      'a-long-label-for-the-first-snapshot-of-the-year',
    );
  });
});

describe('messages', () => {
  it("commander's own errors say crm-owners: error: and where to look", async () => {
    const result = await runInProcess(['audit', '--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^crm-owners: error: unknown option '--no-such-flag'/);
    expect(result.stderr).toContain('  see crm-owners --help, or crm-owners COMMAND --help');
  });

  it('crm-owners help nosuch says unknown command', async () => {
    const result = await runInProcess(['help', 'nosuch']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('crm-owners: error: unknown command "nosuch"');
  });

  it("transfer's help says one of --to, --pool or --rules is needed, and without one it is refused before any work", async () => {
    const help = await runInProcess(['transfer', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('One of --to, --pool or --rules is required');
    const result = await runInProcess(['transfer', '--from', 'x', '--out', 'x', '--db', ':memory:']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('transfer needs a target: --to OWNER, --pool OWNERS or --rules FILE');
  });

  it('plan --exclude with a missing file names --exclude, not load', async () => {
    const dir = tempDir();
    const db = await loaded(dir);
    const result = await runInProcess([
      'plan',
      '--db',
      db,
      '--exclude',
      path.join(dir, 'nope.csv'),
      '--out',
      path.join(dir, 'p'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('check the path given to --exclude');
    expect(result.stderr).not.toContain('a FILE may be');
  });

  it('transfer --to a placeholder says it is a placeholder', async () => {
    const dir = tempDir();
    const db = await loaded(dir);
    const result = await runInProcess([
      'transfer',
      '--db',
      db,
      '--config',
      SF_CONFIG,
      '--from',
      'Sam Patel',
      '--to',
      'Integration User',
      '--out',
      path.join(dir, 'p'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Integration User is a placeholder owner');
  });

  it('transfer --to warns when the owner ends above their capacity', async () => {
    const dir = tempDir();
    const db = await loaded(dir);
    const result = await runInProcess([
      'transfer',
      '--db',
      db,
      '--from',
      'Sam Patel',
      '--to',
      'Dana Whitfield',
      '--out',
      path.join(dir, 'p'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /warning: Dana Whitfield will own \d+ accounts, above their capacity of 6 \(--to applies no capacity\)/,
    );
  });

  it('--pool says what it does with --rules', async () => {
    const help = await runInProcess(['plan', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('with --rules, only records no territory places');
  });

  it('findings count records, and say how many rows when a record is flagged twice', async () => {
    const dir = tempDir();
    const findings = path.join(dir, 'f.csv');
    const result = await runInProcess([
      'audit',
      DATALOADER,
      '--db',
      ':memory:',
      '--config',
      SF_CONFIG,
      '--rules',
      fixture('rules/territories.csv'),
      '--findings',
      findings,
    ]);
    const rows = readFileSync(findings, 'utf8').trim().split('\r\n').slice(1);
    const records = new Set(rows.map((row) => row.split(',').slice(1, 3).join(',')));
    expect(records.size).toBeLessThan(rows.length);
    expect(result.stderr).toContain(`Findings: ${records.size} records in ${rows.length} rows → ${findings}`);
  });
});

describe('loading the same exports again', () => {
  it('warns that nothing changed; --if-changed loads nothing and says so (exit 0)', async () => {
    const dir = tempDir();
    const db = await loaded(dir);
    const again = await runInProcess(['load', DATALOADER, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(
      'warning: every file is byte-identical (same SHA-256) to those of snapshot 1: snapshot 2 repeats it',
    );
    const skipped = await runInProcess(['load', DATALOADER, '--db', db, '--if-changed']);
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain(
      'Nothing loaded: every file is byte-identical (same SHA-256) to those of snapshot 2 (--if-changed)',
    );
    expect((await runJsonInProcess(['snapshots', '--db', db, '--json'])).json).toHaveLength(2);
    const json = await runJsonInProcess(['load', DATALOADER, '--db', db, '--if-changed', '--json']);
    expect(json.json).toEqual({ snapshot: null, unchanged: 2 });
  });

  it('--if-changed loads files that changed', async () => {
    const dir = tempDir();
    const db = await loaded(dir);
    const result = await runJsonInProcess(['load', fixture('generic'), '--db', db, '--if-changed', '--json']);
    expect(result.code).toBe(0);
    expect(result.json.snapshot).toBe(2);
  });
});

describe('the coverage trend is a property of each snapshot', () => {
  it('snapshots shows coverage as computed at load, whatever config the working folder has now', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'trend.db');
    expect((await runInProcess(['load', DATALOADER, '--db', db, '--config', SF_CONFIG, '-q'])).code).toBe(0);
    const other = path.join(dir, 'other.json');
    writeFileSync(other, '{"placeholderOwners": ["Dana Whitfield"]}');
    const withLoadConfig = (await runJsonInProcess(['snapshots', '--db', db, '--config', SF_CONFIG, '--json'])).json;
    const withOtherConfig = (await runJsonInProcess(['snapshots', '--db', db, '--config', other, '--json'])).json;
    const withNone = (await runJsonInProcess(['snapshots', '--db', db, '--json'], { cwd: dir })).json;
    expect(withLoadConfig[0]).toMatchObject({ coverage: 82.67, coverageAt: 'load' });
    expect(withOtherConfig).toEqual(withLoadConfig);
    expect(withNone).toEqual(withLoadConfig);
    // The audit, by contrast, applies the settings of its own run.
    expect((await runJsonInProcess(['audit', '--db', db, '--config', other, '--json'])).json.coverage.overall).not.toBe(
      82.67,
    );
  });
});
