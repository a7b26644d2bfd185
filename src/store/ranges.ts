/**
 * Scanning one snapshot's records of one kind: their key range (see `record_ranges` in schema.ts)
 * as an SQL condition. The values are integers from the database and a fixed kind name, never user
 * text, so they are written into the SQL rather than bound.
 */
import type { RecordKind } from '../records/model.js';
import type { Db } from './database.js';

export interface RowidRange {
  first: number;
  last: number;
}

export type KindRanges = Map<RecordKind, RowidRange>;

export function kindRanges(db: Db, snapshot: number): KindRanges {
  const rows = db
    .prepare<[number], { kind: RecordKind; first: number; last: number }>(
      'SELECT kind, first_key AS first, last_key AS last FROM record_ranges WHERE snapshot_id = ?',
    )
    .all(snapshot);
  return new Map(rows.map((row) => [row.kind, { first: row.first, last: row.last }]));
}

/** `r.key BETWEEN … AND …` for the kind's records of the snapshot (`alias` is the records alias). */
export function inKind(ranges: KindRanges, kind: RecordKind, alias = 'r'): string {
  const range = ranges.get(kind);
  return range ? inRange(range, kind, alias) : '0';
}

/** The records of the kind within a range of keys (all of the kind's range, or part of it). */
export function inRange(range: RowidRange, kind: RecordKind, alias = 'r'): string {
  return `(${alias}.key BETWEEN ${Math.trunc(range.first)} AND ${Math.trunc(range.last)} AND ${alias}.kind = '${kind}')`;
}
