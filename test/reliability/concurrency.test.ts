/**
 * Two processes on one database: writers queue behind each other (or the second gives up with a
 * clear "in use" message after the busy timeout), readers never block each other, and the database
 * is whole afterwards.
 */
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, run, runJson, tempDir } from '../helpers/cli.js';
import { dbState, expectCleanMessage, finding, spawnCli, writeBigExport, type DoctorJson } from './helpers.js';

const CONTACTS = 60_000;
const dir = tempDir('crm-owners-concurrency-');
const medium = path.join(dir, 'medium');

beforeAll(() => {
  writeBigExport(medium, CONTACTS);
});

/** Exit 0, or exit 2 saying the database is in use: the only two acceptable endings for a writer. */
function expectLoadedOrInUse(result: { code: number; stdout: string; stderr: string }, db: string): boolean {
  expectCleanMessage(result);
  if (result.code === 0) return true;
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain(db);
  expect(result.stderr).toMatch(/in use/);
  return false;
}

function expectWhole(db: string, loads: number, contactsPerLoad: number): void {
  const state = dbState(db);
  expect(state.integrity).toBe('ok');
  expect(state.snapshots).toHaveLength(loads);
  const doctor = runJson<DoctorJson>(['doctor', '--db', db, '--json']);
  expect(doctor.code).toBe(0);
  for (const check of ['integrity', 'foreign-keys', 'snapshots', 'journal']) expect(finding(doctor.json, check), check).toEqual([expect.objectContaining({ status: 'ok' })]);
  const listed = runJson(['snapshots', '--db', db, '--json']);
  for (const snapshot of listed.json) expect(snapshot.counts.contacts).toBe(contactsPerLoad);
}

describe('two loads at once', () => {
  it.each([
    ['on a new database (both create the schema)', false],
    ['on a database that already has a snapshot', true],
  ])('%s: both succeed, or one says the database is in use', async (_name, existing) => {
    const db = path.join(dir, `two-loads-${existing ? 'existing' : 'new'}.db`);
    if (existing) expect(run(['load', medium, '--db', db, '-q']).code).toBe(0);
    const first = spawnCli(['load', medium, '--db', db, '--label', 'first']);
    const second = spawnCli(['load', medium, '--db', db, '--label', 'second']);
    const results = await Promise.all([first.done, second.done]);
    const loaded = results.map((result) => expectLoadedOrInUse(result, db));
    expect(loaded.some(Boolean)).toBe(true);
    expectWhole(db, loaded.filter(Boolean).length + (existing ? 1 : 0), CONTACTS);
  });

  it('a load and an audit FILE... (which loads too) on the same database', async () => {
    const db = path.join(dir, 'load-and-audit.db');
    const load = spawnCli(['load', medium, '--db', db]);
    const audit = spawnCli(['audit', medium, '--db', db, '--json']);
    const [loadResult, auditResult] = await Promise.all([load.done, audit.done]);
    const loaded = [expectLoadedOrInUse(loadResult, db)];
    expectCleanMessage(auditResult);
    if (auditResult.code === 2) {
      expect(auditResult.stderr).toMatch(/in use/);
      loaded.push(false);
    } else {
      expect([0, 1]).toContain(auditResult.code);
      loaded.push(true);
    }
    expect(loaded.some(Boolean)).toBe(true);
    expectWhole(db, loaded.filter(Boolean).length, CONTACTS);
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
    const runs = [spawnCli(['audit', '--db', db, '--snapshot', '1', '--json']), spawnCli(['audit', '--db', db, '--snapshot', '1', '--json'])];
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
      for (const args of [['snapshots', '--json'], ['audit', '--json'], ['owners', '--json'], ['diff', '--json']]) {
        const result = run([...args, '--db', db]);
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
      const result = run(['load', fixture('generic', 'contacts.csv'), fixture('generic', 'owners.csv'), '--db', db]);
      expectCleanMessage(result);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(db);
      expect(result.stderr).toMatch(/in use/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(dbState(db)).toEqual(before);
    // Once the lock is gone the same load goes through.
    expect(run(['load', fixture('generic', 'contacts.csv'), fixture('generic', 'owners.csv'), '--db', db, '-q']).code).toBe(0);
    expect(dbState(db).snapshots).toEqual([1, 2]);
  });

  it('plan waits too, then exits 2 and writes no plan folder', () => {
    const db = path.join(dir, 'locked-plan.db');
    expect(run(['load', fixture('generic'), '--db', db, '-q']).code).toBe(0);
    const holder = new Database(db);
    try {
      holder.exec('BEGIN IMMEDIATE');
      const out = path.join(dir, 'plan-under-lock');
      const result = run(['plan', '--db', db, '--out', out]);
      expectCleanMessage(result);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(db);
      expect(result.stderr).toMatch(/in use/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('an exclusive lock (a commit in progress) keeps readers out: exit 2 "in use", not a crash', () => {
    const db = path.join(dir, 'exclusive.db');
    copyFileSync(path.join(dir, 'locked.db'), db);
    const holder = new Database(db);
    try {
      holder.pragma('locking_mode = EXCLUSIVE');
      holder.exec('BEGIN EXCLUSIVE');
      const result = run(['snapshots', '--db', db]);
      expectCleanMessage(result);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(db);
      expect(result.stderr).toMatch(/in use/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});
