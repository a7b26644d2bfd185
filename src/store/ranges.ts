/**
 * Scanning one snapshot's records of one kind: their rowid range (see `record_ranges` in schema.ts)
 * as an SQL condition. The values are integers from the database and a fixed kind name, never user
 * text, so they are written into the SQL rather than bound.
 */
import type { RecordKind } from '../ingest/model.js';
import type { Db } from './database.js';

export type KindRanges = Map<RecordKind, { first: number; last: number }>;

export function kindRanges(db: Db, snapshot: number): KindRanges {
  const rows = db.prepare('SELECT kind, first_rowid AS first, last_rowid AS last FROM record_ranges WHERE snapshot_id = ?').all(snapshot) as {
    kind: RecordKind;
    first: number;
    last: number;
  }[];
  return new Map(rows.map((row) => [row.kind, { first: row.first, last: row.last }]));
}

/** `r.rowid BETWEEN … AND …` for the kind's records of the snapshot (`alias` is the records alias). */
export function inKind(ranges: KindRanges, kind: RecordKind, alias = 'r'): string {
  const range = ranges.get(kind);
  if (!range) return '0';
  return `(${alias}.rowid BETWEEN ${Math.trunc(range.first)} AND ${Math.trunc(range.last)} AND ${alias}.kind = '${kind}')`;
}
