/**
 * Schema 5 → 6: snapshots get an as-of date (`as_of`), the day their exports were taken. A snapshot
 * loaded before there was one gets its load time, which is what history and trends went by.
 */
import type { Db } from '../database.js';
import type { Migration } from './index.js';

function run(db: Db): void {
  db.exec(`
    ALTER TABLE snapshots ADD COLUMN as_of TEXT;
    UPDATE snapshots SET as_of = loaded_at;
  `);
}

export const asOfDates: Migration = { to: 6, name: 'snapshot as-of dates', run };
