/** Shared by the reliability tests: async spawning, big generated exports, database probes. */
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { BIN, ROOT, type RunResult } from '../helpers/cli.js';

/** A stack trace line as Node prints it: `    at fn (file.js:12:34)`. */
export const STACK_TRACE = /\n\s+at .*:\d+:\d+/;

export interface Spawned {
  child: ChildProcess;
  /** Settles when the process has exited, with its code (or -1 and the signal when killed). */
  done: Promise<RunResult & { signal: NodeJS.Signals | null }>;
}

/** Starts the built binary without waiting for it (spawnSync cannot run two at once or kill one mid-way). */
export function spawnCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Spawned {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1', ...options.env };
  delete env.CRM_OWNERS_DB;
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { child, done };
}

/**
 * Another process holding a read transaction on the database (a reader's SHARED lock) until
 * released. A writer beside it can start its transaction and fill its page cache, but can neither
 * spill pages into the database file nor commit: both need the exclusive lock, so it waits there
 * for as long as its busy timeout allows.
 */
export interface ReadLock {
  release(): Promise<void>;
}

export async function holdReadLock(db: string): Promise<ReadLock> {
  const script = `
    const Database = require('module').createRequire(${JSON.stringify(path.join(ROOT, 'package.json'))})('better-sqlite3');
    const db = new Database(${JSON.stringify(db)}, { readonly: true, fileMustExist: true });
    db.exec('BEGIN');
    db.prepare('SELECT count(*) FROM snapshots').get();
    process.stdout.write('held\\n');
    process.stdin.on('end', () => { db.exec('COMMIT'); db.close(); process.exit(0); }).resume();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').once('data', () => resolve());
    void exited.then((code) => reject(new Error(`the lock holder exited (${code}) before it held the lock`)));
  });
  return {
    release: async () => {
      child.stdin!.end();
      expect(await exited).toBe(0);
    },
  };
}

/**
 * True while a writer holds the PENDING or EXCLUSIVE lock (new readers are refused at once): it is
 * waiting to spill pages or to commit, or doing so. Must be asked from a process other than the
 * lock holder's, as SQLite shares one process's locks between its connections.
 */
export function writerWantsExclusive(db: string): boolean {
  const probe = new Database(db, { readonly: true, fileMustExist: true, timeout: 0 });
  try {
    probe.prepare('SELECT count(*) FROM snapshots').get();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    probe.close();
  }
}

/** The database file's size in pages, read-only. */
export function pageCount(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('page_count', { simple: true }) as number;
  } finally {
    db.close();
  }
}

/** A user-facing failure: a message, never a stack trace or an "internal error". */
export function expectCleanMessage(result: { stdout?: string; stderr: string }, what = ''): void {
  const all = `${result.stdout ?? ''}\n${result.stderr}`;
  if (/internal error/i.test(all) || STACK_TRACE.test(all)) {
    throw new Error(
      `${what ? `${what}: ` : ''}expected a clean message, got:\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
}

export interface BigExport {
  dir: string;
  contacts: number;
  owners: number;
}

/**
 * A generic export big enough that a load takes a few seconds: `owners.csv` and `contacts.csv`
 * (`id,name,email,account_id,owner`).
 */
export function writeBigExport(dir: string, contacts: number, owners = 50): BigExport {
  mkdirSync(dir, { recursive: true });
  const ownerLines = ['id,name,email,active'];
  for (let i = 0; i < owners; i++) ownerLines.push(`u${i},Owner ${i},owner${i}@example.com,true`);
  writeFileSync(path.join(dir, 'owners.csv'), `${ownerLines.join('\n')}\n`);
  const chunks: string[] = ['id,name,email,account_id,owner\n'];
  for (let i = 0; i < contacts; i++)
    chunks.push(`c-${i},Contact ${i},contact${i}@example.com,acc-${i % 1000},u${i % owners}\n`);
  writeFileSync(path.join(dir, 'contacts.csv'), chunks.join(''));
  return { dir, contacts, owners: owners };
}

export interface DbState {
  integrity: string;
  snapshots: number[];
  /** Rows per table, for "nothing changed" comparisons. */
  rows: Record<string, number>;
}

/** Opens the database read-only (so nothing is repaired on the way) and reads what the tests compare. */
export function dbState(file: string): DbState {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
    ).map((t) => t.name);
    const rows: Record<string, number> = {};
    for (const table of tables)
      rows[table] = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      snapshots: tables.includes('snapshots')
        ? (db.prepare('SELECT id FROM snapshots ORDER BY id').all() as { id: number }[]).map((r) => r.id)
        : [],
      rows,
    };
  } finally {
    db.close();
  }
}

/** Temporary files an atomic write would leave behind if it failed to clean up. */
export function leftoverTempFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.tmp'));
}

export interface DoctorJson {
  schema: string;
  verdict: 'ok' | 'warn' | 'fail';
  schemaVersion: number | null;
  snapshots: number | null;
  findings: { check: string; status: 'ok' | 'warn' | 'fail'; message: string; fix: string }[];
}

export function finding(report: DoctorJson, check: string) {
  return report.findings.filter((f) => f.check === check);
}

/**
 * Leaves a hot journal the way a killed load does: a write transaction big enough that SQLite has
 * synced its journal and written pages into the database file, then SIGKILL.
 */
export function killMidWrite(file: string): void {
  const script = `
    const Database = require('module').createRequire(${JSON.stringify(path.join(ROOT, 'package.json'))})('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    db.pragma('cache_size = 10');
    db.exec('BEGIN IMMEDIATE');
    const insert = db.prepare("INSERT INTO duplicate_rows (snapshot_id, kind, id, file_id, line, raw) VALUES (1, 'contacts', ?, 1, 1, ?)");
    for (let i = 0; i < 5000; i++) insert.run('dup-' + i, 'x'.repeat(500));
    db.exec('UPDATE snapshots SET label = ' + "'half-written'");
    process.kill(process.pid, 'SIGKILL');`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(result.signal).toBe('SIGKILL');
}
