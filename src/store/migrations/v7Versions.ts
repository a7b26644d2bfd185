/**
 * Schema 6 → 7: records become versions that a snapshot may share with the snapshots after it
 * (`records.ended`, see schema.ts). Every snapshot of an older database stored all its records, so
 * each of its rows is held by its own snapshot alone: it ends at the next snapshot loaded. The rows of
 * the newest snapshot end nowhere yet. Duplicate rows learn where the snapshot's row of their id was.
 */
import type { Db } from '../database.js';
import type { Migration } from './index.js';

function run(db: Db): void {
  db.exec(`
    ALTER TABLE records ADD COLUMN ended INTEGER;
    ALTER TABLE records ADD COLUMN digest INTEGER;
    ALTER TABLE duplicate_rows ADD COLUMN first_file_id INTEGER;
    ALTER TABLE duplicate_rows ADD COLUMN first_line INTEGER;
    UPDATE records SET ended = (SELECT min(s.id) FROM snapshots s WHERE s.id > records.snapshot_id);
    -- One pass over the records, probing an index of the (few) duplicated ids.
    CREATE TEMP TABLE duplicated AS SELECT DISTINCT snapshot_id, kind, id FROM duplicate_rows;
    CREATE UNIQUE INDEX temp.duplicated_id ON duplicated(snapshot_id, kind, id);
    CREATE TEMP TABLE first_rows AS
      SELECT r.snapshot_id, r.kind, r.id, r.file_id, r.line, min(r.key) FROM records r
       WHERE EXISTS (SELECT 1 FROM duplicated d WHERE d.snapshot_id = r.snapshot_id AND d.kind = r.kind AND d.id = r.id)
       GROUP BY r.snapshot_id, r.kind, r.id;
    CREATE UNIQUE INDEX temp.first_rows_id ON first_rows(snapshot_id, kind, id);
    UPDATE duplicate_rows SET (first_file_id, first_line) = (
      SELECT f.file_id, f.line FROM first_rows f
       WHERE f.snapshot_id = duplicate_rows.snapshot_id AND f.kind = duplicate_rows.kind AND f.id = duplicate_rows.id);
    DROP TABLE temp.duplicated;
    DROP TABLE temp.first_rows;
    CREATE INDEX IF NOT EXISTS records_ended ON records(ended) WHERE ended IS NOT NULL;
  `);
}

export const recordVersions: Migration = { to: 7, name: 'records as versions shared by snapshots', run };
