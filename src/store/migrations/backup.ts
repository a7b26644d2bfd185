/**
 * The copy of a database kept before its first migration: `<db>.v<N>.bak` beside it, N being the
 * schema it had. It is taken while the migration holds the write lock, before any change, so it is
 * the file as the earlier release left it (an interrupted write already rolled back by then).
 * An existing copy is never overwritten: one with the same bytes is kept as the copy, another gets
 * the next free name (`<db>.v<N>.2.bak`, ...).
 */
import { closeSync, copyFileSync, fsyncSync, linkSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { DatabaseError, describeFsError } from '../../errors.js';
import { syncFolder } from '../../output/atomicFile.js';

export function backupName(db: string, version: number, n = 1): string {
  return `${db}.v${version}${n > 1 ? `.${n}` : ''}.bak`;
}

/** Whether two files hold the same bytes (read in blocks: a database may be gigabytes). */
function sameBytes(a: string, b: string): boolean {
  if (statSync(a).size !== statSync(b).size) return false;
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    const ba = Buffer.alloc(1 << 20);
    const bb = Buffer.alloc(1 << 20);
    for (;;) {
      const na = readSync(fa, ba, 0, ba.length, null);
      const nb = readSync(fb, bb, 0, bb.length, null);
      if (na !== nb || !ba.subarray(0, na).equals(bb.subarray(0, nb))) return false;
      if (na === 0) return true;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

function flush(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Copies the database to its backup name and returns that name. */
export function keepCopy(db: string, version: number): string {
  const temporary = `${backupName(db, version)}.${process.pid}.tmp`;
  try {
    copyFileSync(db, temporary);
    flush(temporary);
    for (let n = 1; ; n++) {
      const target = backupName(db, version, n);
      try {
        linkSync(temporary, target); // fails when the name is taken: never overwrites
        syncFolder(path.dirname(path.resolve(target)));
        return target;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (sameBytes(temporary, target)) return target;
      }
    }
  } catch (error) {
    throw new DatabaseError(
      `${db}: cannot keep a copy of the database before migrating it (${describeFsError(error)}); nothing was changed`,
      `make room beside ${db} (the copy is as large as the database) or make its folder writable, then run the command again`,
    );
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // not there: the copy failed before creating it
    }
  }
}
