/**
 * The 5 → 6 step: snapshots get an as-of date, and a snapshot loaded before there was one gets its
 * load time. Checked on the schema-4 fixture database (migrated 4 → 5 → 6) and on a schema-5
 * database made from it by the 4 → 5 step alone, as the schema-5 release left its files.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { realKeys } from '../../src/store/migrations/v5RealKeys.js';
import { getSnapshot, listSnapshots, previousSnapshot } from '../../src/store/snapshots.js';
import { fixture, tempDir } from '../helpers/cli.js';

const dir = tempDir('crm-owners-as-of-migration-');

function copyOfSchema4(): string {
  const db = path.join(mkdtempSync(path.join(dir, 'db-')), 'crm.db');
  copyFileSync(fixture('databases', 'schema-4.db'), db);
  return db;
}

/** The snapshots as the old schema stored them: id, label and load time. */
function storedSnapshots(file: string): { id: number; label: string | null; loaded_at: string }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT id, label, loaded_at FROM snapshots ORDER BY id').all() as {
      id: number;
      label: string | null;
      loaded_at: string;
    }[];
  } finally {
    db.close();
  }
}

function expectAsOfIsLoadTime(file: string, before: { id: number; label: string | null; loaded_at: string }[]): void {
  const db = openDatabase(file, 'write');
  try {
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const listed = listSnapshots(db);
    // The same snapshots, in the same order (load times grow with the ids), each as of its load time.
    expect(listed.map((s) => ({ id: s.id, label: s.label, loaded_at: s.loadedAt }))).toEqual(before);
    for (const snapshot of listed) expect(snapshot.asOf).toBe(snapshot.loadedAt);
    expect(db.prepare('SELECT count(*) AS n FROM snapshots WHERE as_of IS NULL OR as_of <> loaded_at').get()).toEqual({
      n: 0,
    });
    expect(getSnapshot(db).id).toBe(before.at(-1)!.id);
    expect(previousSnapshot(db, before.at(-1)!.id)?.id).toBe(before.at(-2)!.id);
  } finally {
    db.close();
  }
}

describe('the 5 → 6 step gives every old snapshot its load time as its as-of date', () => {
  it('on the schema-4 fixture database (4 → 5 → 6)', () => {
    const db = copyOfSchema4();
    const before = storedSnapshots(db);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expectAsOfIsLoadTime(db, before);
    expect(existsSync(`${db}.v4.bak`)).toBe(true);
  });

  it('on a schema-5 database (5 → 6 alone, keeping a copy named for schema 5)', () => {
    const db = copyOfSchema4();
    const old = new Database(db);
    try {
      old.transaction(() => {
        realKeys.run(old);
        old.pragma(`user_version = ${realKeys.to}`);
      })();
    } finally {
      old.close();
    }
    const before = storedSnapshots(db);
    expectAsOfIsLoadTime(db, before);
    expect(existsSync(`${db}.v5.bak`)).toBe(true);
    expect(existsSync(`${db}.v4.bak`)).toBe(false);
  });
});
