/**
 * Crash safety: a load killed with SIGKILL (or SIGINT, SIGTERM) at any point leaves the previous
 * snapshots intact and no trace of the half-loaded one; the leftover journal is reported by doctor
 * and rolled back by the next command that opens the database for writing.
 *
 * Every kill lands before the commit by construction, not by timing: while another process holds a
 * read lock on the database, the load can neither commit nor spill pages into the file (both need
 * the exclusive lock), so it waits, with a busy timeout far longer than any test. The kill points
 * that need pages in the file (a synced journal, a growing database) release that lock only once
 * the load waits for it at its first cache spill, which comes with most of the export still to
 * write, and lower the load's priority first, so that the test reacts long before the load could
 * finish. Each test loads into its own copy of a database holding snapshot 1.
 *
 * The load runs with the test-only knob CRM_OWNERS_TEST_CACHE_PAGES: a page cache of 50 pages instead
 * of 16 MB (some 4,000 pages) makes it spill after a few hundred KB, so an export of 30,000 contacts
 * has its first spill with most of it still to write, as 300,000 had without the knob.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { setPriority } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, run, runJson, tempDir } from '../helpers/cli.js';
import {
  dbState,
  expectCleanMessage,
  finding,
  holdReadLock,
  pageCount,
  spawnCli,
  writeBigExport,
  writerWantsExclusive,
  type DoctorJson,
} from './helpers.js';

const CONTACTS = 30_000;
const CACHE_PAGES = 50;
const JOURNAL_MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);
/** The load waits for a lock for as long as a test may take: the kill ends it, never the timeout. */
const WAIT_FOREVER = {
  CRM_OWNERS_BUSY_TIMEOUT_MS: String(10 * 60_000),
  CRM_OWNERS_TEST_CACHE_PAGES: String(CACHE_PAGES),
};

const dir = tempDir('crm-owners-crash-');
const template = path.join(dir, 'template.db');
const big = path.join(dir, 'big');

/**
 * When to kill the load. The read lock is held until the kill, except where the point needs pages
 * written: then it is released once the load waits for the exclusive lock.
 */
type When = 'journal-appears' | 'waits-for-exclusive-lock' | 'journal-synced' | 'db-grows';

interface KillPoint {
  name: string;
  when: When;
  signal: NodeJS.Signals;
  /** Whether the journal left behind is hot (synced: it holds the pages to restore). */
  hot: boolean;
}

const KILL_POINTS: KillPoint[] = [
  { name: 'as soon as the -journal file appears', when: 'journal-appears', signal: 'SIGKILL', hot: false },
  {
    name: 'once the load waits for the exclusive lock (its page cache is full)',
    when: 'waits-for-exclusive-lock',
    signal: 'SIGKILL',
    hot: false,
  },
  {
    name: 'as soon as the journal is synced (pages reach the db file)',
    when: 'journal-synced',
    signal: 'SIGKILL',
    hot: true,
  },
  {
    name: 'as soon as the database file grows (pages of the new snapshot being written)',
    when: 'db-grows',
    signal: 'SIGKILL',
    hot: true,
  },
  // Ctrl+C and a polite kill end the process just as abruptly for SQLite: no commit, a journal left.
  { name: 'as soon as the -journal file appears', when: 'journal-appears', signal: 'SIGINT', hot: false },
  {
    name: 'once the load waits for the exclusive lock',
    when: 'waits-for-exclusive-lock',
    signal: 'SIGINT',
    hot: false,
  },
  {
    name: 'once the load waits for the exclusive lock',
    when: 'waits-for-exclusive-lock',
    signal: 'SIGTERM',
    hot: false,
  },
  { name: 'as soon as the journal is synced', when: 'journal-synced', signal: 'SIGTERM', hot: true },
];

function journalSynced(journal: string): boolean {
  try {
    return readFileSync(journal).subarray(0, 8).equals(JOURNAL_MAGIC);
  } catch {
    return false;
  }
}

/** Resolves once `happened` is true; fails if the load exits first (it cannot while the lock is held). */
async function until(happened: () => boolean, exited: () => boolean, what: string): Promise<void> {
  while (!happened()) {
    if (exited()) throw new Error(`the load exited before ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Lowers every thread of the load to the lowest priority: on a busy machine this test process is
 * then scheduled long before the load can write the rest of the export and commit.
 */
function yieldCpu(pid: number): void {
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      setPriority(Number(thread), 19);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ESRCH') throw error; // a thread that has just ended
    }
  }
}

/** Loads the big export into `db` (a copy of snapshot 1's database) and kills the load at the point. */
async function loadAndKill(db: string, point: KillPoint): Promise<{ journalLeft: boolean; journalHot: boolean }> {
  const journal = `${db}-journal`;
  const size = statSync(db).size;
  const lock = await holdReadLock(db);
  let locked = true;
  try {
    const { child, done } = spawnCli(['load', big, '--db', db, '--label', 'big', '-q'], { env: WAIT_FOREVER });
    let exitedFlag = false;
    void done.then(() => (exitedFlag = true));
    const exited = () => exitedFlag;
    if (point.when === 'journal-appears') {
      await until(() => existsSync(journal), exited, 'its journal appeared');
    } else {
      await until(() => writerWantsExclusive(db), exited, 'it waited for the exclusive lock');
      if (point.when !== 'waits-for-exclusive-lock') {
        yieldCpu(child.pid!);
        await lock.release();
        locked = false;
        if (point.when === 'journal-synced')
          await until(() => journalSynced(journal), exited, 'its journal was synced');
        else await until(() => statSync(db).size > size, exited, 'the database file grew');
      }
    }
    child.kill(point.signal);
    const result = await done;
    expectCleanMessage(result);
    // Killed by the signal, or (for a signal it handles) exited with a failure code: never a success.
    if (result.signal === null) expect(result.code).not.toBe(0);
    else expect(result.signal).toBe(point.signal);
  } finally {
    if (locked) await lock.release();
  }
  return { journalLeft: existsSync(journal), journalHot: journalSynced(journal) };
}

describe('a load killed mid-way', () => {
  let snapshot1: { contacts: number; records: number };

  beforeAll(() => {
    writeBigExport(big, CONTACTS);
    const first = runJson(['load', fixture('generic'), '--db', template, '--label', 'small', '--json']);
    expect(first.code).toBe(0);
    expect(first.json.snapshot).toBe(1);
    snapshot1 = { contacts: first.json.counts.contacts, records: dbState(template).rows.records };
  });

  KILL_POINTS.forEach((point, index) => {
    it(`leaves snapshot 1 intact and no half-loaded snapshot: killed with ${point.signal} ${point.name}`, async () => {
      const db = path.join(dir, `killed-${index}.db`);
      const journal = `${db}-journal`;
      copyFileSync(template, db);
      const killed = await loadAndKill(db, point);
      expect(killed.journalLeft).toBe(true);
      expect(killed.journalHot).toBe(point.hot);

      // doctor before anything opens the database for writing: read-only, so it changes nothing.
      const before = runJson<DoctorJson>(['doctor', '--db', db, '--json']);
      expectCleanMessage(before);
      expect(before.code).toBe(0);
      const journalBefore = finding(before.json, 'journal');
      expect(journalBefore.some((f) => f.status === 'warn' && f.message.includes('-journal'))).toBe(true);
      expect(journalBefore.map((f) => f.fix).join(' ')).toMatch(/do not delete/i);
      const integrityBefore = finding(before.json, 'integrity')[0];
      if (killed.journalHot) {
        // SQLite refuses a read-only read until the hot journal is rolled back; doctor says so.
        expect(integrityBefore.status).toBe('warn');
        expect(integrityBefore.message).toMatch(/rolled back/);
        expect(journalBefore[0].message).toMatch(/previous state is restored/);
        expect(existsSync(journal)).toBe(true); // doctor did not repair it
      } else {
        expect(integrityBefore.status).toBe('ok');
      }

      // The first command that opens the database (for writing) restores the previous state.
      const listed = runJson(['snapshots', '--db', db, '--json']);
      expectCleanMessage(listed);
      expect(listed.code).toBe(0);
      expect(listed.json.map((s: { id: number }) => s.id)).toEqual([1]);
      expect(listed.json[0].counts.contacts).toBe(snapshot1.contacts);
      if (killed.journalHot) expect(existsSync(journal)).toBe(false);

      const after = runJson<DoctorJson>(['doctor', '--db', db, '--json']);
      expect(after.code).toBe(0);
      for (const check of ['integrity', 'foreign-keys', 'schema', 'snapshots']) {
        expect(finding(after.json, check), check).toEqual([expect.objectContaining({ status: 'ok' })]);
      }
      // A journal whose header was never synced holds nothing of the killed load; it stays until the next write.
      expect(finding(after.json, 'journal')[0].status).toBe(existsSync(journal) ? 'warn' : 'ok');

      const state = dbState(db);
      expect(state.integrity).toBe('ok');
      expect(state.snapshots).toEqual([1]);
      expect(state.rows.records).toBe(snapshot1.records);
      const raw = new Database(db, { readonly: true });
      try {
        expect(raw.prepare('SELECT count(*) AS n FROM records WHERE snapshot_id <> 1').get()).toEqual({ n: 0 });
        expect(raw.prepare('SELECT count(*) AS n FROM snapshot_files WHERE snapshot_id <> 1').get()).toEqual({ n: 0 });
      } finally {
        raw.close();
      }
    });
  });

  it('the same load, not killed, goes through completely as snapshot 2', () => {
    const db = path.join(dir, 'complete.db');
    copyFileSync(template, db);
    const pagesBefore = pageCount(db);
    const loaded = runJson(['load', big, '--db', db, '--label', 'big', '--json'], { env: WAIT_FOREVER });
    expect(loaded.code).toBe(0);
    // The snapshot fills many times the load's page cache: its first wait for the exclusive lock (in
    // the tests above) is a spill with most of the export still to write, not the commit.
    expect(pageCount(db) - pagesBefore).toBeGreaterThan(10 * CACHE_PAGES);
    expect(loaded.json.snapshot).toBe(2);
    expect(loaded.json.counts.contacts).toBe(CONTACTS);
    expect(existsSync(`${db}-journal`)).toBe(false);
    const doctor = runJson<DoctorJson>(['doctor', '--db', db, '--json']);
    expect(doctor.code).toBe(0);
    expect(doctor.json.verdict).toBe('ok');
    expect(doctor.json.snapshots).toBe(2);
    const state = dbState(db);
    expect(state.integrity).toBe('ok');
    expect(state.snapshots).toEqual([1, 2]);
    expect(state.rows.records).toBe(snapshot1.records + CONTACTS);
    const audit = run(['audit', '--db', db, '--snapshot', '1', '--json']);
    expect([0, 1]).toContain(audit.code);
  });
});
