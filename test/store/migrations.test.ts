/** Migrations in-process: the 4 → 5 step's reading of stored CSV text, the copy kept before, the list of steps, the derived tables. */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/database.js';
import { keyRangesOf, ownerGroupsOf, rebuildDerivedTables, sharedEmailKeysOf } from '../../src/store/derivedTables.js';
import { backupName, keepCopy } from '../../src/store/migrations/backup.js';
import { MIGRATIONS, OLDEST_MIGRATED, pendingMigrations } from '../../src/store/migrations/index.js';
import { cellsOfCsvText } from '../../src/store/migrations/v5RealKeys.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { fixture, tempDir } from '../helpers/cli.js';

const dir = tempDir('crm-owners-migrations-');
let n = 0;
const folder = () => {
  const made = path.join(dir, String(++n));
  mkdirSync(made);
  return made;
};

/** A row as a CSV writer would put it: quoted when it must be, or every cell quoted (Salesforce). */
function csvLine(cells: string[], delimiter: string, quoteAll: boolean): string {
  return cells
    .map((cell) =>
      quoteAll || /["\r\n]/.test(cell) || cell.includes(delimiter) ? `"${cell.replaceAll('"', '""')}"` : cell,
    )
    .join(delimiter);
}

describe("the 4 → 5 step reads a stored row's CSV text back into its cells", () => {
  it('any row, in any of the delimiters the loader knows, quoted as needed or throughout', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(',', ';', '|', '\t'),
        fc.boolean(),
        (cells, delimiter, quoteAll) => {
          expect(cellsOfCsvText(csvLine(cells, delimiter, quoteAll), delimiter)).toEqual(cells);
        },
      ),
    );
  });

  it('a line break inside quotes, and a row of one empty cell', () => {
    expect(cellsOfCsvText('"001","Renewal at risk.\nCall notes"', ',')).toEqual([
      '001',
      'Renewal at risk.\nCall notes',
    ]);
    expect(cellsOfCsvText('', ',')).toEqual(['']);
    expect(cellsOfCsvText('""', ',')).toEqual(['']);
  });

  it('text that is not one CSV row is an error (the step then fails and changes nothing)', () => {
    expect(() => cellsOfCsvText('"unclosed,x', ',')).toThrow();
    expect(() => cellsOfCsvText('a,b\nc,d', ',')).toThrow(/reads as 2 rows/);
  });
});

describe('the copy kept before the first step', () => {
  it('is the file byte for byte, named <db>.v<N>.bak', () => {
    const db = path.join(folder(), 'crm.db');
    writeFileSync(db, 'SQLite format 3\0 and then some bytes');
    expect(keepCopy(db, 4)).toBe(`${db}.v4.bak`);
    expect(readFileSync(`${db}.v4.bak`)).toEqual(readFileSync(db));
    expect(backupName(db, 4, 3)).toBe(`${db}.v4.3.bak`);
  });

  it('never overwrites: a copy with the same bytes is reused, another gets the next free name', () => {
    const db = path.join(folder(), 'crm.db');
    writeFileSync(db, 'the database');
    writeFileSync(`${db}.v4.bak`, "someone else's file");
    writeFileSync(`${db}.v4.2.bak`, 'the database');
    expect(keepCopy(db, 4)).toBe(`${db}.v4.2.bak`);
    expect(readFileSync(`${db}.v4.bak`, 'utf8')).toBe("someone else's file");
    writeFileSync(db, 'the database, changed');
    expect(keepCopy(db, 4)).toBe(`${db}.v4.3.bak`);
    expect(readFileSync(`${db}.v4.3.bak`, 'utf8')).toBe('the database, changed');
  });

  it('a copy that cannot be made is a DatabaseError saying nothing was changed, and leaves no temporary file', () => {
    const where = folder();
    const db = path.join(where, 'crm.db');
    mkdirSync(`${db}.v4.bak.${process.pid}.tmp`); // the temporary name is taken by a folder: the copy fails
    writeFileSync(db, 'x');
    expect(() => keepCopy(db, 4)).toThrow(DatabaseError);
    expect(() => keepCopy(db, 4)).toThrow(
      /cannot keep a copy of the database before migrating it .*nothing was changed/,
    );
    expect(existsSync(`${db}.v4.bak`)).toBe(false);
  });
});

describe('the steps', () => {
  it("are numbered one after another, up to this release's schema", () => {
    expect(MIGRATIONS.map((step) => step.to)).toEqual(
      Array.from({ length: MIGRATIONS.length }, (_, i) => OLDEST_MIGRATED + 1 + i),
    );
    expect(MIGRATIONS.at(-1)!.to).toBe(SCHEMA_VERSION);
    expect(pendingMigrations(OLDEST_MIGRATED)).toEqual(MIGRATIONS);
    expect(pendingMigrations(SCHEMA_VERSION)).toEqual([]);
  });
});

describe('the derived tables, computed again from the records', () => {
  it('equal what the load wrote, for every snapshot of the migrated fixture', () => {
    const db = path.join(folder(), 'crm.db');
    copyFileSync(fixture('databases', 'schema-4.db'), db);
    const connection = openDatabase(db, 'write'); // migrates (one line on stderr)
    try {
      for (const snapshot of [1, 2, 3]) {
        const stored = {
          groups: connection
            .prepare(
              'SELECT kind, owner_id, owner_issue, owner, owner_active, owner_type, account_owner_id, records FROM owner_groups WHERE snapshot_id = ? ORDER BY 1, 2, 3, 4, 7',
            )
            .all(snapshot),
          ranges: connection
            .prepare(
              'SELECT kind, first_key AS first, last_key AS last FROM record_ranges WHERE snapshot_id = ? ORDER BY kind',
            )
            .all(snapshot),
          shared: connection
            .prepare(
              'SELECT kind, record_key AS key FROM shared_email_records WHERE snapshot_id = ? ORDER BY kind, record_key',
            )
            .all(snapshot) as { kind: string; key: number }[],
        };
        expect(keyRangesOf(connection, snapshot).map(({ kind, first, last }) => ({ kind, first, last }))).toEqual(
          stored.ranges,
        );
        // The load notes a superset of the shared addresses (hash collisions); here there are none.
        expect(sharedEmailKeysOf(connection, snapshot)).toEqual(stored.shared);
        const computed = ownerGroupsOf(connection, snapshot);
        expect(computed.reduce((sum, g) => sum + g.records, 0)).toBe(
          (stored.groups as { records: number }[]).reduce((sum, g) => sum + g.records, 0),
        );
        connection.transaction(() => rebuildDerivedTables(connection, snapshot))();
        expect(
          connection
            .prepare(
              'SELECT kind, owner_id, owner_issue, owner, owner_active, owner_type, account_owner_id, records FROM owner_groups WHERE snapshot_id = ? ORDER BY 1, 2, 3, 4, 7',
            )
            .all(snapshot),
        ).toEqual(stored.groups);
        expect(
          connection
            .prepare(
              'SELECT kind, first_key AS first, last_key AS last FROM record_ranges WHERE snapshot_id = ? ORDER BY kind',
            )
            .all(snapshot),
        ).toEqual(stored.ranges);
      }
      expect(sharedEmailKeysOf(connection, 1).length).toBeGreaterThan(0);
    } finally {
      connection.close();
    }
  });
});

describe('a migrated database has the tables a new one has', () => {
  it('the same columns, types, keys and indexes in every table', () => {
    const migrated = path.join(folder(), 'migrated.db');
    copyFileSync(fixture('databases', 'schema-4.db'), migrated);
    const fresh = path.join(folder(), 'fresh.db');
    const shape = (file: string, access: 'write' | 'create') => {
      const db = openDatabase(file, access);
      try {
        const tables = (
          db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
        ).map((t) => t.name);
        return tables.map((table) => ({
          table,
          columns: db.pragma(`table_xinfo(${table})`),
          indexes: db.pragma(`index_list(${table})`),
        }));
      } finally {
        db.close();
      }
    };
    expect(shape(migrated, 'write')).toEqual(shape(fresh, 'create'));
  });
});

describe('opening for reading', () => {
  it('an older database is refused with what to do, and left as it was', () => {
    const db = path.join(folder(), 'crm.db');
    copyFileSync(fixture('databases', 'schema-4.db'), db);
    expect(() => openDatabase(db, 'read')).toThrow(
      /schema 4, written by an earlier crm-owners; it is migrated to schema 7 by the first command that writes to it/,
    );
    const check = new Database(db, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(4);
    check.close();
  });
});
