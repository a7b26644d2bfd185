/** A snapshot's source files: where a row's original columns are, by header. */
import { headerKey } from '../records/model.js';
import type { Db } from './database.js';
import { readStoredJson } from './storedJson.js';

export interface SnapshotFile {
  id: number;
  path: string;
  kind: string;
  preset: string;
  delimiter: string;
  headers: string[];
  /** Header key (lower-cased, trimmed) → column index: the first column of a repeated header (the record's own). */
  column: Map<string, number>;
}

export function snapshotFiles(db: Db, snapshot: number): Map<number, SnapshotFile> {
  const rows = db
    .prepare<[number], Omit<SnapshotFile, 'headers' | 'column'> & { headers: string }>(
      'SELECT id, path, kind, preset, delimiter, headers FROM snapshot_files WHERE snapshot_id = ?',
    )
    .all(snapshot);
  return new Map(
    rows.map((row) => {
      const headers = readStoredJson<string[]>(db, 'snapshot_files.headers', snapshot, row.headers);
      const column = new Map<string, number>();
      headers.forEach((header, index) => column.has(headerKey(header)) || column.set(headerKey(header), index));
      return [row.id, { ...row, headers, column }];
    }),
  );
}
