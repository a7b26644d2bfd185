/** Opening the database: schema version, busy handling, and SQLite errors turned into messages. */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { DatabaseError, UsageError } from '../errors.js';
import { example, printable } from '../printable.js';
import { inspectDbFile, requireDbFile } from './dbFile.js';
import { backupName } from './migrations/backup.js';
import { migrate, OLDEST_MIGRATED } from './migrations/index.js';
import { SCHEMA, SCHEMA_VERSION } from './schema.js';
import { testCachePages } from '../testKnobs.js';

export type Db = Database.Database;

/**
 * How a command uses the database:
 * - `read`: a read-only connection to an existing crm-owners database; nothing is created or changed
 *   (snapshots, owners, audit, diff, verify);
 * - `write`: adds to an existing crm-owners database, never creates one (plan, transfer);
 * - `create`: writes, creating the file and its schema when there is none yet (load, and the
 *   commands that load FILEs first).
 */
export type Access = 'read' | 'write' | 'create';

/**
 * How long a command waits for another process's lock before it says the database is in use: 5 s,
 * or `CRM_OWNERS_BUSY_TIMEOUT_MS` milliseconds when that is set (tests set a short or a long wait).
 * Every connection the tool opens takes its timeout from here.
 */
export function busyTimeoutMs(): number {
  const value = process.env.CRM_OWNERS_BUSY_TIMEOUT_MS;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : 5000;
}

/** The busy timeout in words: "5 s", "0.2 s". */
function busyWait(): string {
  return `${busyTimeoutMs() / 1000} s`;
}

export function openDatabase(path: string, access: Access = 'create'): Db {
  if (path === ':memory:') {
    if (access !== 'create')
      throw new UsageError(
        ':memory: is a new, empty database each time: there is nothing in it to read',
        'pass the database file with --db PATH, or load FILEs in the same command',
      );
  } else if (access === 'create') {
    inspectDbFile(path);
  } else {
    requireDbFile(path);
  }
  const state = path === ':memory:' ? undefined : inspectDbFile(path).state;
  const existing = state === 'sqlite';
  let db = connect(path, access);
  try {
    if (access === 'read' && hotJournal(db)) {
      db.close();
      rollBackInterruptedWrite(path);
      db = connect(path, access);
    }
    if (existing) refuseDamaged(db, path);
    checkSchema(db, path, access);
    if (state === 'missing') createdHere.add(db);
  } catch (error) {
    if (db.open && db.inTransaction) db.exec('ROLLBACK');
    if (db.open) db.close();
    throw databaseError(error, path);
  }
  return db;
}

/** Databases this process created (the file was not there): a failed first load removes them again. */
const createdHere = new WeakSet<Db>();

/**
 * After a failed command: a database file it created, still without a snapshot, is closed and
 * removed, so a failed load into a new path leaves nothing behind (not an empty database).
 */
export function discardIfNew(db: Db, path: string): void {
  if (!createdHere.has(db) || !db.open) return;
  try {
    if (db.prepare<[], { n: number }>('SELECT count(*) AS n FROM snapshots').get()!.n > 0) return;
  } catch {
    return;
  }
  db.close();
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

function connect(path: string, access: Access): Db {
  try {
    const db = new Database(path, {
      readonly: access === 'read',
      fileMustExist: access !== 'create',
      timeout: busyTimeoutMs(),
    });
    const cachePages = testCachePages();
    if (cachePages !== undefined) db.pragma(`cache_size = ${cachePages}`);
    return db;
  } catch (error) {
    if (/directory does not exist/.test((error as Error).message))
      throw new DatabaseError(`${path}: the folder for the database does not exist`, 'create it, or pass another --db');
    throw databaseError(error, path);
  }
}

/** A read-only connection cannot read past a hot journal (left by a killed write): SQLite asks for a rollback first. */
function hotJournal(db: Db): boolean {
  try {
    db.pragma('user_version', { simple: true });
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_READONLY_ROLLBACK') return true;
    throw error;
  }
}

/**
 * Restores the state before an interrupted write, as any read-write connection does on its first
 * read: the file then holds only committed data again. Reading commands do this much, and nothing
 * more, so that a killed load does not leave the database unreadable until the next load.
 */
function rollBackInterruptedWrite(path: string): void {
  let db: Db | undefined;
  try {
    db = new Database(path, { fileMustExist: true, timeout: busyTimeoutMs() });
    db.pragma('user_version', { simple: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) {
      throw new DatabaseError(
        `${path}: a write was interrupted (${path}-journal is left) and must be rolled back before the database can be read, but the database cannot be written here`,
        `make ${path} and its folder writable, then run the command again (crm-owners doctor --db ${path} explains). Do not delete the -journal file by hand.`,
      );
    }
    throw error;
  } finally {
    db?.close();
  }
}

/**
 * A damaged database is neither read nor written: answers from it could be wrong, and a write could
 * spread the damage. SQLite's quick check reads every page once (about a second for a million
 * records on a slow machine) and stops at the first problem; `doctor` runs the full check.
 */
function refuseDamaged(db: Db, path: string): void {
  const verdict = String(db.pragma('quick_check(1)', { simple: true }));
  if (verdict !== 'ok') {
    throw new DatabaseError(
      `${path}: the database is damaged (SQLite's quick check: ${example(verdict)}); nothing was read from it or written to it`,
      `run crm-owners doctor --db ${path}, then restore the database from a backup or load the exports into a new one`,
    );
  }
}

function checkSchema(db: Db, path: string, access: Access): void {
  let version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) {
    if (access !== 'create') {
      if (tableCount(db) === 0)
        throw new DatabaseError(
          `${path}: an empty database, with no crm-owners tables yet`,
          `load exports into it first: crm-owners load FILE... --db ${path}`,
        );
      throw new DatabaseError(`${path}: not a crm-owners database`, 'pass another --db');
    }
    // A new file: create the schema, unless another process is doing it right now.
    db.exec('BEGIN IMMEDIATE');
    version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0 && tableCount(db) > 0)
      throw new DatabaseError(`${path}: not a crm-owners database`, 'pass another --db');
    if (version === 0) {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      version = SCHEMA_VERSION;
    }
    db.exec('COMMIT');
  }
  if (version > SCHEMA_VERSION) {
    throw new DatabaseError(
      `${path}: written by a newer crm-owners (schema ${version}, this one knows ${SCHEMA_VERSION})`,
      'upgrade crm-owners',
    );
  }
  if (version < OLDEST_MIGRATED) {
    throw new DatabaseError(
      `${path}: written by a development version of crm-owners before the first release (schema ${version}), which cannot be migrated`,
      'load the exports into a new database (--db)',
    );
  }
  if (version < SCHEMA_VERSION) {
    if (access === 'read')
      throw new DatabaseError(
        `${path}: schema ${version}, written by an earlier crm-owners; it is migrated to schema ${SCHEMA_VERSION} by the first command that writes to it, and this command only reads`,
        migrateFirst(path, version),
      );
    const done = migrate(db, path);
    if (done)
      process.stderr.write(
        `${printable(`crm-owners: migrated ${path} from schema ${done.from} to ${done.to}; the file as it was is kept as ${done.backup}`)}\n`,
      );
  }
}

/** What to do with a database that needs migrating before a reading command can use it. */
export function migrateFirst(path: string, version: number): string {
  return `run a command that writes to it first (crm-owners load FILE... --db ${path}, plan or transfer): it migrates the database, keeping a copy of it as ${backupName(path, version)}; crm-owners doctor --db ${path} lists the steps`;
}

function tableCount(db: Db): number {
  return db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()!.n;
}

/**
 * better-sqlite3's compiled part missing (an install that skipped its build) or built for another
 * Node.js: nothing is wrong with the database, and a rebuild fixes it.
 */
function nativeBuildMissing(error: unknown): DatabaseError | undefined {
  const message = (error as Error | undefined)?.message ?? '';
  const code = (error as { code?: string } | undefined)?.code;
  if (
    !/Could not locate the bindings file|NODE_MODULE_VERSION|better_sqlite3\.node/.test(message) &&
    code !== 'ERR_DLOPEN_FAILED'
  )
    return undefined;
  return new DatabaseError(
    `cannot use SQLite: the native part of better-sqlite3 is not built for this Node.js (${process.version}, ${process.platform}-${process.arch})`,
    "run npm rebuild better-sqlite3 in crm-owners' folder (or reinstall crm-owners); building it needs Python and a C++ compiler when no prebuilt binary fits",
  );
}

/** SQLite's errors, in words a user can act on. */
export function databaseError(error: unknown, path: string): unknown {
  if (error instanceof DatabaseError) return error;
  const missing = nativeBuildMissing(error);
  if (missing) return missing;
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY')) {
    return new DatabaseError(
      `${path}: the database is in use by another process (waited ${busyWait()})`,
      'wait for the other crm-owners command to finish, then run this again',
    );
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DatabaseError(
      `${path}: the file is not a crm-owners database, or it is damaged`,
      'run crm-owners doctor --db ' + path,
    );
  }
  if (code === 'SQLITE_CANTOPEN')
    return new DatabaseError(`${path}: cannot open the database (does its folder exist, and may it be written?)`);
  if (code === 'SQLITE_READONLY') return new DatabaseError(`${path}: the database is read-only`);
  if (code === 'SQLITE_FULL') return new DatabaseError(`${path}: the disk is full`);
  return error;
}
