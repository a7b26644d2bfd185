/**
 * What is at a `--db` path, looked at before SQLite opens it: SQLite takes a missing, empty or short
 * file for a new database and would write its schema over it.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { DatabaseError, describeFsError } from '../errors.js';

const SQLITE_MAGIC = 'SQLite format 3\0';

export type DbFileState = { state: 'missing' } | { state: 'empty' } | { state: 'sqlite'; size: number };

/** Whether the file is there and empty or a SQLite database; anything else (a folder, a device, a text file) is an error. */
export function inspectDbFile(path: string): DbFileState {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw new DatabaseError(`${path}: cannot read the database file (${describeFsError(error)})`);
  }
  if (!stat.isFile())
    throw new DatabaseError(
      `${path}: not a database file (it is a folder or a device)`,
      'pass the database file with --db PATH',
    );
  if (stat.size === 0) return { state: 'empty' };
  let head: Buffer;
  try {
    head = firstBytes(path, SQLITE_MAGIC.length);
  } catch (error) {
    throw new DatabaseError(`${path}: cannot read the database file (${describeFsError(error)})`);
  }
  if (head.toString('latin1') !== SQLITE_MAGIC) {
    throw new DatabaseError(
      `${path}: not a SQLite database (the file does not start with the SQLite header)`,
      'pass the crm-owners database with --db PATH',
    );
  }
  return { state: 'sqlite', size: stat.size };
}

/** A database a command reads (or adds to) must already hold crm-owners data: the errors for when it does not. */
export function requireDbFile(path: string): number {
  const file = inspectDbFile(path);
  if (file.state === 'missing')
    throw new DatabaseError(
      `${path}: no such database`,
      `load exports into it first (crm-owners load FILE... --db ${path}), or pass the database with --db PATH`,
    );
  if (file.state === 'empty')
    throw new DatabaseError(
      `${path}: an empty file (0 bytes), not a crm-owners database yet`,
      `load exports into it first: crm-owners load FILE... --db ${path}`,
    );
  return file.size;
}

export function firstBytes(file: string, count: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const read = readSync(fd, buffer, 0, count, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
