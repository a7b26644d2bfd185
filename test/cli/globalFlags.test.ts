/**
 * End-to-end tests of the global behaviour every command shares (README, "Commands" and "Exit codes"):
 * --version, --help, usage errors exit 2, --db / CRM_OWNERS_DB, --quiet, --json, config keys, colour.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BIN, ROOT, fixture, run, tempDir, type RunResult } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const TMP = tempDir('crm-owners-flags-');
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const GENERIC = fixture('generic');
const STACK = /at .*\.js:\d+/;
const ANSI = /\x1b\[/;

function freshDir(): string {
  return mkdtempSync(path.join(TMP, 't-'));
}

function snapshotCount(db: string): number {
  const handle = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return (handle.prepare('SELECT count(*) AS n FROM snapshots').get() as { n: number }).n;
  } finally {
    handle.close();
  }
}

/** A usage error: exit 2, a message on stderr, nothing on stdout, no stack trace. */
function expectUsageError(result: RunResult, mentions: RegExp) {
  expect(result.code, `stderr: ${result.stderr}`).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(mentions);
  expect(result.stderr).not.toMatch(STACK);
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the CLI under a pseudo-terminal (util-linux `script`), so stdout and stderr are TTYs and
 * colour would be on unless something turns it off. CI=1 keeps the spinner away. Returns the
 * terminal's output (stdout and stderr together).
 */
function runInTerminal(args: string[], env: Record<string, string | undefined> = {}): RunResult {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
  const merged: Record<string, string | undefined> = {
    ...process.env,
    CI: '1',
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    CRM_OWNERS_DB: undefined,
    TERM: 'xterm-256color',
    ...env,
  };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: ROOT,
    env: merged as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A database with one snapshot of generic/, shared by the read-only tests below. */
const SHARED_DB = path.join(TMP, 'shared.db');
function sharedDb(): string {
  if (!existsSync(SHARED_DB)) {
    // Spawned: it is made on first use, inside synchronous argument lists.
    const result = run(['load', GENERIC, '--db', SHARED_DB, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
  }
  return SHARED_DB;
}

// ---------------------------------------------------------------------------------------------
// --version and --help
// ---------------------------------------------------------------------------------------------

describe('--version', () => {
  it('prints the package.json version and exits 0', () => {
    const result = run(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(PKG.version);
  });

  it('-V is the same', async () => {
    const result = await runInProcess(['-V']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(PKG.version);
  });
});

describe('--help', () => {
  it('crm-owners --help exits 0 and shows usage, the commands and an "Examples:" section', async () => {
    const result = await runInProcess(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: crm-owners/);
    for (const command of ['load', 'snapshots', 'audit', 'owners'])
      expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toMatch(/Examples:\n(\s+crm-owners .+\n)+/);
  });

  it.each(['load', 'snapshots', 'audit', 'owners'])(
    'crm-owners %s --help exits 0 and shows an "Examples:" section with runnable lines',
    async (command) => {
      const result = await runInProcess([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`Usage: crm-owners ${command}\\b`));
      expect(result.stdout).toContain('Examples:');
      const examples = result.stdout
        .slice(result.stdout.indexOf('Examples:'))
        .split('\n')
        .slice(1)
        .filter((l) => l.trim() !== '');
      expect(examples.length).toBeGreaterThan(0);
      for (const line of examples) expect(line).toMatch(new RegExp(`^\\s+crm-owners ${command}\\b`));
    },
  );

  it("help COMMAND, and COMMAND --help after global options that take a value, show that command's help", async () => {
    for (const args of [
      ['help', 'plan'],
      ['--db', 'x.db', '--format', 'json', 'plan', '--help'],
      ['--config', 'c.json', 'help', 'transfer'],
    ]) {
      const result = await runInProcess(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`Usage: crm-owners ${args.includes('plan') ? 'plan' : 'transfer'}\\b`));
    }
  });

  it('a misspelt command gets a suggestion (every command is known to the parser then)', async () => {
    const result = await runInProcess(['plam']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Did you mean plan\?/);
  });

  it('help output goes to stdout, not stderr', async () => {
    const result = await runInProcess(['load', '--help']);
    expect(result.stderr).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
// Usage errors exit 2
// ---------------------------------------------------------------------------------------------

describe('usage errors exit 2', () => {
  it('an unknown command', async () => {
    expectUsageError(await runInProcess(['frobnicate']), /frobnicate/);
  });

  it('an unknown option', async () => {
    expectUsageError(
      await runInProcess(['load', GENERIC, '--bogus-flag', '--db', path.join(freshDir(), 'x.db')]),
      /--bogus-flag/,
    );
  });

  it('an unknown global option before the command', async () => {
    expectUsageError(await runInProcess(['--bogus-flag', 'snapshots', '--db', sharedDb()]), /--bogus-flag/);
  });

  it('a bad --format value, after the command', async () => {
    expectUsageError(await runInProcess(['snapshots', '--format', 'xml', '--db', sharedDb()]), /xml/);
  });

  it('a bad --format value, before the command', async () => {
    expectUsageError(await runInProcess(['--format', 'xml', 'snapshots', '--db', sharedDb()]), /xml/);
  });

  it('a bad choice for a command option (--on-bad-row)', async () => {
    const dir = freshDir();
    expectUsageError(
      await runInProcess(['load', GENERIC, '--on-bad-row', 'maybe', '--db', path.join(dir, 'x.db')]),
      /maybe/,
    );
    expect(existsSync(path.join(dir, 'x.db'))).toBe(false);
  });

  it('a bad --kind value', async () => {
    expectUsageError(
      await runInProcess(['load', GENERIC, '--kind', 'deals=x.csv', '--db', path.join(freshDir(), 'x.db')]),
      /--kind/,
    );
  });

  it('load with no files', async () => {
    expectUsageError(await runInProcess(['load', '--db', path.join(freshDir(), 'x.db')]), /file/i);
  });
});

// ---------------------------------------------------------------------------------------------
// Choosing the database
// ---------------------------------------------------------------------------------------------

describe('choosing the database', () => {
  it('CRM_OWNERS_DB picks the database when --db is absent', async () => {
    const cwd = freshDir();
    const db = path.join(freshDir(), 'from-env.db');
    const loaded = await runJsonInProcess(['load', GENERIC, '--json'], { cwd, env: { CRM_OWNERS_DB: db } });
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.json.snapshot).toBe(1);
    expect(snapshotCount(db)).toBe(1);
    expect(existsSync(path.join(cwd, 'crm-owners.db')), 'the default ./crm-owners.db is not used').toBe(false);

    const listed = await runJsonInProcess(['snapshots', '--json'], { cwd, env: { CRM_OWNERS_DB: db } });
    expect(listed.code).toBe(0);
    expect(listed.json).toHaveLength(1);
  });

  it('--db wins over CRM_OWNERS_DB', async () => {
    const cwd = freshDir();
    const fromEnv = path.join(cwd, 'env.db');
    const fromFlag = path.join(cwd, 'flag.db');
    const result = await runInProcess(['load', GENERIC, '--db', fromFlag, '--quiet'], {
      cwd,
      env: { CRM_OWNERS_DB: fromEnv },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(snapshotCount(fromFlag)).toBe(1);
    expect(existsSync(fromEnv)).toBe(false);
  });

  it('without --db or CRM_OWNERS_DB the database is ./crm-owners.db', async () => {
    const cwd = freshDir();
    const result = await runInProcess(['load', GENERIC, '--quiet'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(snapshotCount(path.join(cwd, 'crm-owners.db'))).toBe(1);
  });

  it('--db works after the subcommand and before it', async () => {
    const dir = freshDir();
    const after = path.join(dir, 'after.db');
    const before = path.join(dir, 'before.db');
    expect((await runInProcess(['load', GENERIC, '--db', after, '--quiet'])).code).toBe(0);
    expect((await runInProcess(['--db', before, 'load', GENERIC, '--quiet'])).code).toBe(0);
    expect(snapshotCount(after)).toBe(1);
    expect(snapshotCount(before)).toBe(1);
    const listed = await runJsonInProcess(['snapshots', '--db', after, '--json']);
    expect(listed.code).toBe(0);
    expect(listed.json).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// --quiet and --json
// ---------------------------------------------------------------------------------------------

describe('--quiet and --json', () => {
  it('load prints a summary on stderr by default', async () => {
    const result = await runInProcess(['load', GENERIC, '--db', path.join(freshDir(), 'x.db')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/snapshot 1/i);
  });

  it('--quiet makes load print nothing on stderr (and the load still happens)', async () => {
    const db = path.join(freshDir(), 'x.db');
    const result = await runInProcess(['load', GENERIC, '--db', db, '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(snapshotCount(db)).toBe(1);
  });

  it('-q is --quiet, before or after the command', async () => {
    const dir = freshDir();
    expect((await runInProcess(['-q', 'load', GENERIC, '--db', path.join(dir, 'a.db')])).stderr).toBe('');
    expect((await runInProcess(['load', GENERIC, '-q', '--db', path.join(dir, 'b.db')])).stderr).toBe('');
  });

  it('--json sends the summary to stdout and nothing but warnings to stderr', async () => {
    const result = await runInProcess(['load', GENERIC, '--db', path.join(freshDir(), 'x.db'), '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ snapshot: 1, counts: { owners: 5, accounts: 12, contacts: 20, leads: 0 } });
    const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
    for (const line of lines) expect(line).toMatch(/^warning:/);
  });

  it('--json with skipped rows: still only JSON on stdout, only warnings on stderr', async () => {
    const dir = freshDir();
    const result = await runInProcess([
      'load',
      fixture('bad/contacts-wrong-field-count.csv'),
      '--on-bad-row',
      'skip',
      '--db',
      path.join(dir, 'x.db'),
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).rejected).toBe(2);
    for (const line of result.stderr.split('\n').filter((l) => l.trim() !== '')) expect(line).toMatch(/^warning:/);
  });

  it('--format json is the same as --json for load', async () => {
    const result = await runInProcess(['load', GENERIC, '--db', path.join(freshDir(), 'x.db'), '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).counts.contacts).toBe(20);
  });
});

// ---------------------------------------------------------------------------------------------
// Config files
// ---------------------------------------------------------------------------------------------

describe('config file', () => {
  it('an unknown key in --config exits 2 naming the key and the file', async () => {
    const dir = freshDir();
    const config = path.join(dir, 'my.config.json');
    writeFileSync(config, JSON.stringify({ minCoverage: 90, minCoverag: 95 }));
    const result = await runInProcess(['load', GENERIC, '--db', path.join(dir, 'x.db'), '--config', config]);
    expectUsageError(result, /minCoverag\b/);
    expect(result.stderr).toContain(config);
    expect(existsSync(path.join(dir, 'x.db'))).toBe(false);
  });

  it('an unknown key in ./crm-owners.config.json (the default config) exits 2 naming the key', async () => {
    const dir = freshDir();
    writeFileSync(
      path.join(dir, 'crm-owners.config.json'),
      JSON.stringify({ placeholderOwners: ['Integration User'], colour: 'never' }),
    );
    const result = await runInProcess(['snapshots', '--db', sharedDb()], { cwd: dir });
    expectUsageError(result, /colour/);
  });

  it('a known key is accepted', async () => {
    const dir = freshDir();
    const config = path.join(dir, 'ok.json');
    writeFileSync(config, JSON.stringify({ placeholderOwners: ['Integration User'] }));
    const result = await runInProcess(['load', GENERIC, '--db', path.join(dir, 'x.db'), '--config', config, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Colour
// ---------------------------------------------------------------------------------------------

describe('colour', () => {
  it('no ANSI escapes under NO_COLOR, even when FORCE_COLOR asks for colour (load, snapshots, audit, an error)', () => {
    const dir = freshDir();
    const db = path.join(dir, 'x.db');
    const env = { NO_COLOR: '1', FORCE_COLOR: '3' };
    const results = [
      run(['load', GENERIC, '--db', db], { env }),
      run(['load', fixture('bad/contacts-wrong-field-count.csv'), '--on-bad-row', 'skip', '--db', db], { env }),
      run(['snapshots', '--db', db], { env }),
      run(['audit', '--db', db], { env }),
      run(['load', fixture('bad/contacts-empty.csv'), '--db', db], { env }),
    ];
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 2]);
    for (const result of results) {
      expect(result.stdout).not.toMatch(ANSI);
      expect(result.stderr).not.toMatch(ANSI);
    }
  });

  it('on a terminal, output is coloured by default (control for the tests below)', () => {
    const result = runInTerminal(['audit', '--db', sharedDb()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(ANSI);
  });

  it('on a terminal, NO_COLOR turns colour off', () => {
    const result = runInTerminal(['audit', '--db', sharedDb()], { NO_COLOR: '1' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/coverage/i);
    expect(result.stdout).not.toMatch(ANSI);
  });

  it('on a terminal, --no-color turns colour off', () => {
    const result = runInTerminal(['audit', '--db', sharedDb(), '--no-color']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/coverage/i);
    expect(result.stdout).not.toMatch(ANSI);
  });

  it('on a terminal, NO_COLOR also keeps warnings and errors plain', () => {
    const dir = freshDir();
    const result = runInTerminal(['load', fixture('bad/contacts-empty.csv'), '--db', path.join(dir, 'x.db')], {
      NO_COLOR: '1',
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/empty/i);
    expect(result.stdout).not.toMatch(ANSI);
  });
});
