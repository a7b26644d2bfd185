/**
 * Crash safety: a load killed with SIGKILL at any point leaves the previous snapshots intact and no
 * trace of the half-loaded one; the leftover journal is reported by doctor and rolled back by the
 * next command that opens the database for writing.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, run, runJson, tempDir } from '../helpers/cli.js';
import { dbState, expectCleanMessage, finding, spawnCli, writeBigExport, type DoctorJson } from './helpers.js';

const CONTACTS = 300_000;
const JOURNAL_MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);

const dir = tempDir('crm-owners-crash-');
const db = path.join(dir, 'x.db');
const journal = `${db}-journal`;
const big = path.join(dir, 'big');

/** When to kill the load: after a delay from spawn, or as soon as the journal is in some state. */
type KillPoint = ({ ms: number } | { when: 'journal-appears' | 'journal-synced' | 'db-grows' }) & { name: string; signal?: NodeJS.Signals };

const KILL_POINTS: KillPoint[] = [
  { name: 'after 150 ms', ms: 150 },
  { name: 'as soon as the -journal file appears', when: 'journal-appears' },
  { name: 'after 400 ms', ms: 400 },
  { name: 'as soon as the journal is synced (pages reach the db file)', when: 'journal-synced' },
  { name: 'after 800 ms', ms: 800 },
  { name: 'after 1500 ms', ms: 1500 },
  { name: 'as soon as the database file grows (pages of the new snapshot being written)', when: 'db-grows' },
  // Ctrl+C and a polite kill end the process just as abruptly for SQLite: no commit, a journal left.
  { name: 'with SIGINT (Ctrl+C) after 1000 ms', ms: 1000, signal: 'SIGINT' },
  { name: 'with SIGTERM as soon as the journal is synced', when: 'journal-synced', signal: 'SIGTERM' },
];

function journalSynced(): boolean {
  try {
    return readFileSync(journal).subarray(0, 8).equals(JOURNAL_MAGIC);
  } catch {
    return false;
  }
}

interface Killed {
  /** The load exited on its own before it could be killed (it must not have: the data is too big). */
  finishedFirst: boolean;
  journalLeft: boolean;
  journalHot: boolean;
}

/** How long a complete load of the big export takes here (measured once, on a scratch database). */
let fullLoadMs = Infinity;

/**
 * The delay for a timed kill point: as written while a full load takes 2 s or more, scaled down
 * on a machine (or a loader) fast enough that the load would otherwise finish before the kill.
 */
function delayOf(ms: number): number {
  return Math.round(Math.min(ms, (ms / 1500) * 0.75 * fullLoadMs));
}

async function loadAndKill(point: KillPoint): Promise<Killed & { delay?: number }> {
  const delay = 'ms' in point ? delayOf(point.ms) : undefined;
  const { child, done } = spawnCli(['load', big, '--db', db, '--label', 'big', '-q']);
  let exited = false;
  void done.then(() => (exited = true));
  if (delay !== undefined) {
    await new Promise((resolve) => setTimeout(resolve, delay));
  } else {
    const size = statSync(db).size;
    const test = point.when === 'journal-appears' ? () => existsSync(journal) : point.when === 'journal-synced' ? journalSynced : () => statSync(db).size > size;
    const started = Date.now();
    while (!test() && !exited && Date.now() - started < 30_000) await new Promise((resolve) => setImmediate(resolve));
  }
  const finishedFirst = exited;
  const signal = point.signal ?? 'SIGKILL';
  child.kill(signal);
  const result = await done;
  if (finishedFirst) throw new Error(`the load finished before "${point.name}" (exit ${result.code}): ${result.stderr}`);
  expectCleanMessage(result);
  // Killed by the signal, or (for a signal it handles) exited with a failure code: never a success.
  if (result.signal === null) expect(result.code).not.toBe(0);
  else expect(result.signal).toBe(signal);
  return { finishedFirst, journalLeft: existsSync(journal), journalHot: journalSynced(), delay };
}

describe('a load killed mid-way', () => {
  let snapshot1: { contacts: number; records: number };
  const tried: { point: string; delay?: number; journalLeft: boolean; journalHot: boolean }[] = [];

  beforeAll(async () => {
    writeBigExport(big, CONTACTS);
    const scratch = path.join(dir, 'scratch.db');
    const started = Date.now();
    const full = await spawnCli(['load', big, '--db', scratch, '-q']).done;
    fullLoadMs = Date.now() - started;
    expect(full.code, full.stderr).toBe(0);
    rmSync(scratch, { force: true });
    const first = runJson(['load', fixture('generic'), '--db', db, '--label', 'small', '--json']);
    expect(first.code).toBe(0);
    expect(first.json.snapshot).toBe(1);
    snapshot1 = { contacts: first.json.counts.contacts, records: dbState(db).rows.records };
  });

  for (const point of KILL_POINTS) {
    it(`leaves snapshot 1 intact and no half-loaded snapshot: killed ${point.signal ? '' : 'with SIGKILL '}${point.name}`, async () => {
      const killed = await loadAndKill(point);
      tried.push({ point: point.name, delay: killed.delay, journalLeft: killed.journalLeft, journalHot: killed.journalHot });

      // doctor before anything opens the database for writing: read-only, so it changes nothing.
      const before = runJson<DoctorJson>(['doctor', '--db', db, '--json']);
      expectCleanMessage(before);
      expect(before.code).toBe(0);
      const journalBefore = finding(before.json, 'journal');
      if (killed.journalLeft) {
        expect(journalBefore.some((f) => f.status === 'warn' && f.message.includes('-journal'))).toBe(true);
        expect(journalBefore.map((f) => f.fix).join(' ')).toMatch(/do not delete/i);
      } else {
        expect(journalBefore).toEqual([expect.objectContaining({ status: 'ok' })]);
      }
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
  }

  it('then loads the big export completely as snapshot 2', () => {
    const loaded = runJson(['load', big, '--db', db, '--label', 'big', '--json']);
    expect(loaded.code).toBe(0);
    expect(loaded.json.snapshot).toBe(2);
    expect(loaded.json.counts.contacts).toBe(CONTACTS);
    expect(existsSync(journal)).toBe(false);
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
    // For the report: which kill points found a journal, and a synced ("hot") one.
    console.log(`crash: ${tried.length} kill points tried (a full load takes ${fullLoadMs} ms here)\n${tried.map((t) => `  ${t.point}${t.delay !== undefined ? ` (killed at ${t.delay} ms)` : ''}: journal ${t.journalLeft ? (t.journalHot ? 'left, hot' : 'left, not synced') : 'none'}`).join('\n')}`);
    expect(tried.length).toBeGreaterThanOrEqual(4);
  });
});
