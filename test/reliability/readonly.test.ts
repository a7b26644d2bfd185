/**
 * Commands that only read never create or change a file: they open the database read-only, work on
 * a database nobody may write (mode 0444, in a read-only folder), leave no -journal or -wal file and
 * refuse, with exit 2, a --db that is missing, empty, not SQLite or not a file. Only load (and the
 * commands that load FILEs first) create a database; plan and transfer write to an existing one.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { dbState, expectCleanMessage, killMidWrite } from './helpers.js';

const dir = tempDir('crm-owners-readonly-');
const source = path.join(dir, 'source.db');
const plan = path.join(dir, 'plan');
const rules = path.join(dir, 'rules.csv');
writeFileSync(rules, 'territory,owners,region\nNorth,u101,North\nSouth,u102,South\n');

/** Every command that only reads, with the arguments it needs besides --db. */
const READERS: [string, string[]][] = [
  ['snapshots', ['snapshots', '--json']],
  ['owners', ['owners', '--json']],
  ['audit', ['audit', '--json']],
  ['audit --snapshot 1 with rules', ['audit', '--snapshot', '1', '--rules', rules, '--json']],
  ['diff', ['diff', '--json']],
  ['verify DIR', ['verify', plan, '--json']],
  ['doctor', ['doctor', '--json']],
  ['history RECORD_ID', ['history', 'acc-1001', '--json']],
  ['history --owner', ['history', '--owner', 'u101', '--json']],
  ['churn', ['churn', '--min-changes', '1', '--json']],
  ['churn --last 2 with rules', ['churn', '--last', '2', '--rules', rules, '--json']],
  // The HTML file is written outside the database's folder: only the database must be left as it was.
  ['report --out', ['report', '--rules', rules, '--plan', plan, '--out', path.join(dir, 'report.html'), '-q']],
  ['audit --report', ['audit', '--report', path.join(dir, 'audit-report.html'), '-q']],
];

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** All a command could change: the bytes and times of every file in the database's folder, and which files there are. */
function folderState(folder: string) {
  return readdirSync(folder)
    .sort()
    .map((name) => {
      const file = path.join(folder, name);
      const stat = statSync(file);
      return { name, mtime: stat.mtimeMs, size: stat.size, sha: stat.isFile() ? sha256(file) : null };
    });
}

beforeAll(async () => {
  for (const args of [
    ['load', fixture('generic'), '--db', source, '--label', 'first', '-q'],
    ['plan', '--db', source, '--out', plan, '-q'],
    ['load', fixture('generic'), '--db', source, '--label', 'second', '-q'],
  ]) {
    const result = await runInProcess(args);
    expect(result.code, result.stderr).toBe(0);
  }
});

describe('a database nobody may write: mode 0444 in a read-only folder', () => {
  const folders: string[] = [];
  /** Each test its own copy, so that nothing one command did could hide what another does. */
  function lockedCopy(name: string): string {
    const folder = path.join(dir, `locked-${name.replace(/\W+/g, '-')}`);
    mkdirSync(folder);
    const db = path.join(folder, 'crm.db');
    copyFileSync(source, db);
    chmodSync(db, 0o444);
    chmodSync(folder, 0o555);
    folders.push(folder);
    return db;
  }
  afterAll(() => folders.forEach((folder) => chmodSync(folder, 0o755)));

  // As root, chmod stops nothing: what keeps the file as it was is the read-only connection, and
  // the bytes, times and file list of the folder are compared to prove it.
  it.each(READERS)('%s: works, and changes no byte, time or file', async (name, args) => {
    const db = lockedCopy(name);
    const before = folderState(path.dirname(db));
    const result = await runInProcess([...args, '--db', db]);
    expectCleanMessage(result);
    expect([0, 1], result.stderr).toContain(result.code);
    expect(folderState(path.dirname(db))).toEqual(before);
  });

  it('diff, verify, history and churn find what they found on a writable copy', async () => {
    for (const args of [
      ['diff', '--json'],
      ['verify', plan, '--json'],
      ['history', 'acc-1001', '--json'],
      ['history', '--owner', 'u101', '--json'],
      ['churn', '--min-changes', '1', '--json'],
    ]) {
      const db = lockedCopy(`same-${args.join(' ')}`);
      const copy = path.join(dir, `copy-${args.join(' ').replace(/\W+/g, '-')}.db`);
      copyFileSync(source, copy);
      const writable = await runInProcess([...args, '--db', copy]);
      const readOnly = await runInProcess([...args, '--db', db]);
      expect(readOnly.code).toBe(writable.code);
      expect(JSON.parse(readOnly.stdout.replaceAll(db, 'DB'))).toEqual(
        JSON.parse(writable.stdout.replaceAll(copy, 'DB')),
      );
    }
  });
});

describe('on a writable database, reading commands leave the file exactly as it was', () => {
  it.each(READERS)('%s: same SHA-256 and modification time, no -journal or -wal file', async (_name, args) => {
    const db = path.join(dir, `fresh-${_name.replace(/\W+/g, '-')}.db`);
    copyFileSync(source, db);
    const before = { sha: sha256(db), mtime: statSync(db).mtimeMs };
    const result = await runInProcess([...args, '--db', db]);
    expectCleanMessage(result);
    expect([0, 1], result.stderr).toContain(result.code);
    expect({ sha: sha256(db), mtime: statSync(db).mtimeMs }).toEqual(before);
    for (const suffix of ['-journal', '-wal', '-shm']) expect(existsSync(`${db}${suffix}`), suffix).toBe(false);
  });
});

describe('a --db that holds no crm-owners database: exit 2, naming it, and nothing created or changed', () => {
  const commands: [string, string[]][] = [
    ...READERS,
    ['plan', ['plan', '--out', path.join(dir, 'never-written')]],
    ['transfer', ['transfer', '--from', 'u101', '--to', 'u102', '--out', path.join(dir, 'never-written')]],
  ];
  /** All commands go through one opening function: the rarer cases are checked on a reader, a writer and doctor. */
  const some = commands.filter(([name]) => ['snapshots', 'verify DIR', 'plan', 'doctor'].includes(name));
  const cases: [string, () => string, RegExp, [string, string[]][]][] = [
    ['a missing file', () => path.join(dir, 'missing.db'), /missing\.db: no such database/, commands],
    [
      'an empty (0-byte) file',
      () => (writeFileSync(path.join(dir, 'empty.db'), ''), path.join(dir, 'empty.db')),
      /empty\.db: an empty file \(0 bytes\)/,
      commands,
    ],
    [
      'a 1-byte text file',
      () => (writeFileSync(path.join(dir, 'notes.txt'), 'x'), path.join(dir, 'notes.txt')),
      /notes\.txt: not a SQLite database/,
      commands,
    ],
    ['a CSV file', () => fixture('generic', 'owners.csv'), /owners\.csv: not a SQLite database/, some],
    ['/dev/null', () => '/dev/null', /\/dev\/null: not a database file/, some],
    ['a folder', () => dir, /not a database file \(it is a folder or a device\)/, some],
  ];

  // Refused while opening, before any work: checked in-process (test/helpers/inProcess.ts).
  for (const [what, make, message, which] of cases) {
    it.each(which)(`${what}: %s`, async (_name, args) => {
      const file = make();
      const before = existsSync(file) && statSync(file).isFile() ? sha256(file) : existsSync(file);
      const result = await runInProcess([...args, '--db', file]);
      expectCleanMessage(result);
      expect(result.code, result.stderr).toBe(2);
      if (args[0] === 'doctor') {
        // Asked for JSON, doctor answers in JSON even here: the file check failed (and the message on stderr).
        const report = JSON.parse(result.stdout);
        expect(report).toMatchObject({
          schema: 'crm-owners/doctor@1',
          db: file,
          verdict: 'fail',
          findings: [{ check: 'file', status: 'fail' }],
        });
        expect(report.findings[0].message).toMatch(message);
      } else expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr.split('\n')[1], 'a hint says what to do').toMatch(/^ {2}\S/);
      expect(existsSync(file) && statSync(file).isFile() ? sha256(file) : existsSync(file)).toEqual(before);
      expect(existsSync(path.join(dir, 'never-written'))).toBe(false);
    });
  }

  it.each(some)('--db "": %s says --db takes a value, and writes no throw-away database', async (_name, args) => {
    const result = await runInProcess([...args, '--db', ''], { cwd: dir });
    expectCleanMessage(result);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/--db takes a value, got an empty string/);
  });

  it.each(some.filter(([name]) => name !== 'doctor'))(
    '--db :memory:: %s says there is nothing in it to read',
    async (_name, args) => {
      const result = await runInProcess([...args, '--db', ':memory:']);
      expectCleanMessage(result);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/:memory: is a new, empty database each time/);
    },
  );
});

describe('commands that load create the database; a file that is not one is never overwritten', () => {
  it('load, audit FILE... and verify DIR FILE... create a missing database', async () => {
    for (const args of [
      ['load', fixture('generic')],
      ['audit', fixture('generic')],
      ['verify', plan, fixture('generic')],
    ]) {
      const db = path.join(dir, `created-by-${args[0]}.db`);
      const result = await runInProcess([...args, '--db', db, '-q']);
      expect([0, 1], result.stderr).toContain(result.code);
      expect(dbState(db).snapshots).toEqual([1]);
    }
  });

  it('load into an empty (0-byte) file writes the schema and the snapshot', async () => {
    const db = path.join(dir, 'empty-for-load.db');
    writeFileSync(db, '');
    expect((await runInProcess(['load', fixture('generic'), '--db', db, '-q'])).code).toBe(0);
    expect(dbState(db).snapshots).toEqual([1]);
  });

  it.each([
    ['a 1-byte text file', 'x'],
    ['a text file', 'my notes\n'],
  ])('load into %s: exit 2, and the file is left as it was', async (_name, text) => {
    const file = path.join(dir, 'keep-me.txt');
    writeFileSync(file, text);
    for (const args of [
      ['load', fixture('generic')],
      ['audit', fixture('generic')],
    ]) {
      const result = await runInProcess([...args, '--db', file]);
      expectCleanMessage(result);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/keep-me\.txt: not a SQLite database/);
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });

  it('load into /dev/null: exit 2, not an internal error', async () => {
    const result = await runInProcess(['load', fixture('generic'), '--db', '/dev/null']);
    expectCleanMessage(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\/dev\/null: not a database file/);
  });
});

describe('a reading command after a killed write', () => {
  it.each(READERS.filter(([name]) => name !== 'doctor'))(
    '%s rolls the interrupted write back, then reads the committed state',
    async (name, args) => {
      const db = path.join(dir, `killed-${name.replace(/\W+/g, '-')}.db`);
      copyFileSync(source, db);
      const before = dbState(db);
      killMidWrite(db);
      expect(existsSync(`${db}-journal`)).toBe(true);
      const result = await runInProcess([...args, '--db', db]);
      expectCleanMessage(result);
      expect([0, 1], result.stderr).toContain(result.code);
      expect(result.stdout).not.toContain('half-written');
      expect(existsSync(`${db}-journal`)).toBe(false);
      expect(dbState(db)).toEqual(before);
    },
  );
});

describe('a killed write on a read-only file system (root: a tmpfs remounted read-only)', () => {
  const mount = path.join(dir, 'rofs');
  let mounted = false;
  afterAll(() => {
    if (mounted) spawnSync('umount', [mount]);
  });

  it('a reading command cannot roll it back: exit 2 saying what to do, and nothing changes', async () => {
    const db = path.join(dir, 'killed-ro.db');
    copyFileSync(source, db);
    killMidWrite(db);
    mkdirSync(mount);
    const made = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mount], { encoding: 'utf8' });
    expect(made.status, `this test needs root to mount a tmpfs: ${made.stderr}`).toBe(0);
    mounted = true;
    for (const suffix of ['', '-journal']) copyFileSync(`${db}${suffix}`, path.join(mount, `crm.db${suffix}`));
    expect(spawnSync('mount', ['-o', 'remount,ro', mount]).status).toBe(0);
    const before = folderState(mount);

    for (const args of READERS.filter(([name]) => name !== 'doctor').map(([, args]) => args)) {
      const result = await runInProcess([...args, '--db', path.join(mount, 'crm.db')]);
      expectCleanMessage(result, args[0]);
      expect(result.code, `${args[0]}: ${result.stderr}`).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /crm\.db: a write was interrupted \(.*crm\.db-journal is left\) and must be rolled back before the database can be read, but the database cannot be written here/,
      );
      expect(result.stderr).toMatch(/make .*crm\.db and its folder writable, then run the command again/);
    }
    // doctor still reads it, read-only, and says what happened.
    const doctor = await runInProcess(['doctor', '--db', path.join(mount, 'crm.db'), '--json']);
    expect(doctor.code).toBe(0);
    expect(JSON.parse(doctor.stdout).findings).toContainEqual(
      expect.objectContaining({ check: 'journal', status: 'warn' }),
    );
    expect(folderState(mount)).toEqual(before);
  });
});

describe('opening modes', () => {
  it('a reading command holds a read-only connection: a write through it fails', async () => {
    const { openDatabase } = await import('../../dist/store/database.js');
    const db = openDatabase(source, 'read');
    try {
      expect(db.readonly).toBe(true);
      expect(() => db.exec("UPDATE snapshots SET label = 'changed'")).toThrow(/readonly/);
    } finally {
      db.close();
    }
    const other = new Database(source, { readonly: true });
    try {
      expect(other.prepare('SELECT label FROM snapshots ORDER BY id').all()).toEqual([
        { label: 'first' },
        { label: 'second' },
      ]);
    } finally {
      other.close();
    }
  });
});
