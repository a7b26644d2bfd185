/**
 * Two processes on one database: writers queue behind each other (or the second gives up with a
 * clear "in use" message after the busy timeout), readers never block each other, and the database
 * is whole afterwards. The busy timeout is set per test (CRM_OWNERS_BUSY_TIMEOUT_MS): long where a
 * command must wait its turn, short where the test waits it out.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixture, run, runJson, tempDir } from '../helpers/cli.js';
import { busyTimeoutMs, databaseError } from '../../dist/store/database.js';
import {
  dbState,
  expectCleanMessage,
  finding,
  pageCount,
  spawnCli,
  writeBigExport,
  type DoctorJson,
} from './helpers.js';

/**
 * An export of some 200 pages, loaded with the test-only knob CRM_OWNERS_TEST_CACHE_PAGES: a page
 * cache of 50 pages instead of 16 MB makes each load spill into the database file, so it takes the
 * exclusive lock mid-load as well as at its commit (60,000 contacts without the knob only took it
 * at the commit).
 */
const CONTACTS = 6_000;
const CACHE_PAGES = 50;
/** A writer waits its turn for as long as a test may take. */
const WAIT_FOREVER = {
  CRM_OWNERS_BUSY_TIMEOUT_MS: String(10 * 60_000),
  CRM_OWNERS_TEST_CACHE_PAGES: String(CACHE_PAGES),
};
/** Gives up after 0.2 s: for the tests that wait the timeout out, or where nothing may wait. */
const GIVE_UP_SOON = { CRM_OWNERS_BUSY_TIMEOUT_MS: '200' };
const dir = tempDir('crm-owners-concurrency-');
const medium = path.join(dir, 'medium');

beforeAll(() => {
  writeBigExport(medium, CONTACTS);
});

/** Exit 0, or exit 2 saying the database is in use: the only two acceptable endings for a writer. */
function expectLoaded(result: { code: number; stdout: string; stderr: string }): void {
  expectCleanMessage(result);
  expect(result.code, result.stderr).toBe(0);
}

/** Exit 2 naming the database and saying it is in use, after the 0.2 s wait. */
function expectInUse(result: { code: number; stderr: string }, db: string): void {
  expectCleanMessage(result);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`${db}: the database is in use by another process (waited 0.2 s)`);
}

function expectWhole(db: string, loads: number, contactsPerLoad: number): void {
  const state = dbState(db);
  expect(state.integrity).toBe('ok');
  expect(state.snapshots).toHaveLength(loads);
  const doctor = runJson<DoctorJson>(['doctor', '--db', db, '--json']);
  expect(doctor.code).toBe(0);
  for (const check of ['integrity', 'foreign-keys', 'snapshots', 'journal'])
    expect(finding(doctor.json, check), check).toEqual([expect.objectContaining({ status: 'ok' })]);
  const listed = runJson(['snapshots', '--db', db, '--json']);
  for (const snapshot of listed.json) expect(snapshot.counts.contacts).toBe(contactsPerLoad);
}

describe('two loads at once', () => {
  it.each([
    ['on a new database (both create the schema)', false],
    ['on a database that already has a snapshot', true],
  ])('%s: both succeed, one waiting for the other', async (_name, existing) => {
    const db = path.join(dir, `two-loads-${existing ? 'existing' : 'new'}.db`);
    if (existing) expect(run(['load', medium, '--db', db, '-q']).code).toBe(0);
    const first = spawnCli(['load', medium, '--db', db, '--label', 'first'], { env: WAIT_FOREVER });
    const second = spawnCli(['load', medium, '--db', db, '--label', 'second'], { env: WAIT_FOREVER });
    for (const result of await Promise.all([first.done, second.done])) expectLoaded(result);
    expectWhole(db, existing ? 3 : 2, CONTACTS);
    // Each snapshot fills more than twice the loads' page cache: each load spilled (and took the
    // exclusive lock) before its commit.
    expect(pageCount(db)).toBeGreaterThan((existing ? 3 : 2) * 2 * CACHE_PAGES);
  });

  it('a load and an audit FILE... (which loads too) on the same database: both succeed', async () => {
    const db = path.join(dir, 'load-and-audit.db');
    const load = spawnCli(['load', medium, '--db', db], { env: WAIT_FOREVER });
    const audit = spawnCli(['audit', medium, '--db', db, '--json'], { env: WAIT_FOREVER });
    const [loadResult, auditResult] = await Promise.all([load.done, audit.done]);
    expectLoaded(loadResult);
    expectCleanMessage(auditResult);
    expect([0, 1], auditResult.stderr).toContain(auditResult.code);
    expectWhole(db, 2, CONTACTS);
  });
});

describe('readers', () => {
  let db: string;
  beforeAll(() => {
    db = path.join(dir, 'readers.db');
    expect(run(['load', medium, '--db', db, '-q']).code).toBe(0);
    expect(run(['load', fixture('generic'), '--db', db, '-q']).code).toBe(0);
  });

  it('two audits at the same time both finish (readers do not block each other)', async () => {
    // Neither may wait for the other: they give up at once if they do.
    const runs = [0, 1].map(() => spawnCli(['audit', '--db', db, '--snapshot', '1', '--json'], { env: GIVE_UP_SOON }));
    const results = await Promise.all(runs.map((r) => r.done));
    for (const result of results) {
      expectCleanMessage(result);
      expect([0, 1]).toContain(result.code);
    }
    expect(JSON.parse(results[0].stdout)).toEqual(JSON.parse(results[1].stdout));
  });

  it('readers run while another process holds the write lock', () => {
    const holder = new Database(db);
    try {
      holder.exec('BEGIN IMMEDIATE');
      holder.exec("UPDATE snapshots SET label = 'uncommitted' WHERE id = 1");
      // diff is the first command here to need the lookup indexes (loads do not build them).
      // They must not wait for the lock: with a short busy timeout a wait would fail them.
      for (const args of [
        ['snapshots', '--json'],
        ['audit', '--json'],
        ['owners', '--json'],
        ['diff', '--json'],
      ]) {
        const result = run([...args, '--db', db], { env: GIVE_UP_SOON });
        expectCleanMessage(result, args[0]);
        expect([0, 1], `${args[0]}: ${result.stderr}`).toContain(result.code);
      }
      // ...and they see the committed state, not the uncommitted change.
      expect(runJson(['snapshots', '--db', db, '--json']).json[0].label).toBeNull();
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});

describe('a write lock held by another process', () => {
  it('load waits for the busy timeout, then exits 2 naming the database and saying it is in use', () => {
    const db = path.join(dir, 'locked.db');
    expect(run(['load', fixture('generic'), '--db', db, '-q']).code).toBe(0);
    const before = dbState(db);
    const holder = new Database(db);
    try {
      holder.exec('BEGIN IMMEDIATE');
      const result = run(['load', fixture('generic', 'contacts.csv'), fixture('generic', 'owners.csv'), '--db', db], {
        env: GIVE_UP_SOON,
      });
      expectInUse(result, db);
      expect(result.stdout).toBe('');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(dbState(db)).toEqual(before);
    // Once the lock is gone the same load goes through.
    expect(
      run(['load', fixture('generic', 'contacts.csv'), fixture('generic', 'owners.csv'), '--db', db, '-q']).code,
    ).toBe(0);
    expect(dbState(db).snapshots).toEqual([1, 2]);
  });

  it('plan waits too, then exits 2 and writes no plan folder', () => {
    const db = path.join(dir, 'locked-plan.db');
    expect(run(['load', fixture('generic'), '--db', db, '-q']).code).toBe(0);
    const holder = new Database(db);
    try {
      holder.exec('BEGIN IMMEDIATE');
      const out = path.join(dir, 'plan-under-lock');
      const result = run(['plan', '--db', db, '--out', out], { env: GIVE_UP_SOON });
      expectInUse(result, db);
      expect(existsSync(out)).toBe(false);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('an exclusive lock (a commit in progress) keeps readers out: exit 2 "in use", not a crash', () => {
    const db = path.join(dir, 'exclusive.db');
    expect(run(['load', fixture('generic'), '--db', db, '-q']).code).toBe(0);
    const holder = new Database(db);
    try {
      holder.pragma('locking_mode = EXCLUSIVE');
      holder.exec('BEGIN EXCLUSIVE');
      const result = run(['snapshots', '--db', db], { env: GIVE_UP_SOON });
      expectInUse(result, db);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});

describe('the busy timeout', () => {
  const NAME = 'CRM_OWNERS_BUSY_TIMEOUT_MS';
  const saved = process.env[NAME];
  afterEach(() => {
    if (saved === undefined) delete process.env[NAME];
    else process.env[NAME] = saved;
  });
  const inUseMessage = () =>
    (databaseError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), 'x.db') as Error).message;

  it('is 5 s unless CRM_OWNERS_BUSY_TIMEOUT_MS says otherwise', () => {
    delete process.env[NAME];
    expect(busyTimeoutMs()).toBe(5000);
    expect(inUseMessage()).toBe('x.db: the database is in use by another process (waited 5 s)');
  });

  it('is CRM_OWNERS_BUSY_TIMEOUT_MS milliseconds when set, and the message states the real wait', () => {
    process.env[NAME] = '250';
    expect(busyTimeoutMs()).toBe(250);
    expect(inUseMessage()).toBe('x.db: the database is in use by another process (waited 0.25 s)');
    process.env[NAME] = '0';
    expect(busyTimeoutMs()).toBe(0);
  });

  it.each(['', 'soon', '-1', '1.5', '5s'])(
    'ignores a value that is not a whole number of milliseconds: %j',
    (value) => {
      process.env[NAME] = value;
      expect(busyTimeoutMs()).toBe(5000);
    },
  );
});
