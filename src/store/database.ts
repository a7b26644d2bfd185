/** Opening the database: schema version, busy handling, and SQLite errors turned into messages. */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { DatabaseError } from '../errors.js';
import { INDEXES, SCHEMA, SCHEMA_VERSION, type IndexName } from './schema.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Read-only commands must not create a database that is not there. */
  mustExist?: boolean;
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const memory = path === ':memory:';
  if (options.mustExist && !memory && !existsSync(path)) {
    throw new DatabaseError(`${path}: no such database`, 'load exports first: crm-owners load FILE... --db ' + path);
  }
  let db: Db;
  try {
    db = new Database(path, { timeout: 5000 });
  } catch (error) {
    if (/directory does not exist/.test((error as Error).message)) throw new DatabaseError(`${path}: the folder for the database does not exist`, 'create it, or pass another --db');
    throw databaseError(error, path);
  }
  try {
    let version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) {
      // A new file: create the schema, unless another process is doing it right now.
      db.exec('BEGIN IMMEDIATE');
      version = db.pragma('user_version', { simple: true }) as number;
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
      if (version === 0 && tables.n > 0) throw new DatabaseError(`${path}: not a crm-owners database`, 'pass another --db');
      if (version === 0) {
        db.exec(SCHEMA);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
        version = SCHEMA_VERSION;
      }
      db.exec('COMMIT');
    }
    if (version > SCHEMA_VERSION) {
      throw new DatabaseError(`${path}: written by a newer crm-owners (schema ${version}, this one knows ${SCHEMA_VERSION})`, 'upgrade crm-owners');
    }
    if (version < SCHEMA_VERSION) {
      throw new DatabaseError(`${path}: written by an earlier development version of crm-owners (schema ${version})`, 'load the exports into a new database (--db)');
    }
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    throw databaseError(error, path);
  }
  return db;
}

/**
 * Builds the lookup indexes the first time a command needs them (see schema.ts). A command that
 * only reads does not wait for a writer to finish: if the database is busy, it goes on without them
 * and SQLite builds what it needs for the query alone.
 */
export function ensureIndexes(db: Db, names: IndexName[] = ['records_by_id']): void {
  const present = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").pluck();
  const missing = names.filter((name) => present.get(name) === undefined);
  if (missing.length === 0) return;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    for (const name of missing) db.exec(INDEXES[name]);
  } catch (error) {
    if (!String((error as { code?: string }).code).startsWith('SQLITE_BUSY')) throw error;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** SQLite's errors, in words a user can act on. */
export function databaseError(error: unknown, path: string): unknown {
  if (error instanceof DatabaseError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY')) {
    return new DatabaseError(`${path}: the database is in use by another process (waited 5 s)`, 'wait for the other crm-owners command to finish, then run this again');
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DatabaseError(`${path}: the file is not a crm-owners database, or it is damaged`, 'run crm-owners doctor --db ' + path);
  }
  if (code === 'SQLITE_CANTOPEN') return new DatabaseError(`${path}: cannot open the database (does its folder exist, and may it be written?)`);
  if (code === 'SQLITE_READONLY') return new DatabaseError(`${path}: the database is read-only`);
  if (code === 'SQLITE_FULL') return new DatabaseError(`${path}: the disk is full`);
  return error;
}
