/**
 * Migrations: a database written by an earlier release is brought to this release's schema when a
 * command opens it for writing, never refused. Each step takes the schema from `to - 1` to `to`,
 * in one `BEGIN IMMEDIATE` transaction with `PRAGMA user_version`, so a step that fails leaves the
 * file as it was. Before the first step, a copy of the file is kept beside it (backup.ts).
 */
import { DatabaseError } from '../../errors.js';
import type { Db } from '../database.js';
import { SCHEMA_VERSION } from '../schema.js';
import { keepCopy } from './backup.js';
import { realKeys } from './v5RealKeys.js';
import { asOfDates } from './v6AsOf.js';
import { recordVersions } from './v7Versions.js';

export interface Migration {
  /** The schema version the step writes; it reads version `to - 1`. */
  to: number;
  /** What it changes, in a few words (named when it fails). */
  name: string;
  run(db: Db): void;
}

/** Every step, in order. */
export const MIGRATIONS: readonly Migration[] = [realKeys, asOfDates, recordVersions];

/** The oldest schema a migration starts from: schema 4 was the first released one. */
export const OLDEST_MIGRATED = MIGRATIONS[0].to - 1;

/** The steps that bring a database of schema `version` to this release's. */
export function pendingMigrations(version: number): Migration[] {
  return MIGRATIONS.filter((step) => step.to > version && step.to <= SCHEMA_VERSION);
}

export const describeStep = (step: Migration): string => `${step.to - 1} → ${step.to} (${step.name})`;

export interface MigrationDone {
  from: number;
  to: number;
  /** The copy of the file as it was before the first step. */
  backup: string;
}

function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Runs the pending steps on an open read-write connection to `path`. Returns undefined when another
 * process finished them first. A failing step is rolled back and reported naming it (exit 2).
 */
export function migrate(db: Db, path: string): MigrationDone | undefined {
  const from = userVersion(db);
  let backup: string | undefined;
  for (const step of pendingMigrations(from)) {
    db.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have run this step between our read and our lock.
      if (userVersion(db) !== step.to - 1) {
        db.exec('ROLLBACK');
        continue;
      }
      // Taken under the write lock, before any change: no one can be writing the file meanwhile.
      backup ??= keepCopy(path, step.to - 1);
      step.run(db);
      db.pragma(`user_version = ${step.to}`);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (error instanceof DatabaseError) throw error;
      const code = (error as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_BUSY')) throw error;
      throw new DatabaseError(
        `${path}: migration ${describeStep(step)} failed: ${(error as Error).message}; the database is unchanged`,
        `the database can still be read by the crm-owners release that wrote it${backup ? `; a copy of it is at ${backup}` : ''}. Run crm-owners doctor --db ${path} and report the problem`,
      );
    }
  }
  return backup === undefined ? undefined : { from, to: userVersion(db), backup };
}
