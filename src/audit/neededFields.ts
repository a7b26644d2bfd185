/**
 * Which files of a snapshot lack a column a check needs. A check without its data does not run: a
 * kind whose files have no last-activity column is not "all stale", it is not checked. The load
 * keeps the canonical fields each records file had a column for (store/snapshots.ts `fields`).
 */
import type { Field, RecordKind } from '../records/model.js';
import type { Db } from '../store/database.js';
import type { SnapshotInfo } from '../store/snapshots.js';

/** The records column of fields that snapshots loaded before the load kept `fields` can be asked about. */
const STORED_COLUMN: Partial<Record<Field, string>> = { last_activity: 'last_activity', created: 'created' };

export interface FieldAbsence {
  /** Files of the kind (snapshot_files ids) without the column. */
  files: number[];
  /** No file of the kind has it: the check does not run for the kind. */
  all: boolean;
  /** Told from the records' values, not from the load's note (a snapshot loaded by an earlier release). */
  inferred: boolean;
}

/** What a check's `needs` are called in messages: `last_activity` → "last-activity". */
export function fieldLabel(field: Field): string {
  return field.replace(/_/g, '-');
}

export function fieldAbsence(
  db: Db,
  snapshot: SnapshotInfo,
  kind: RecordKind,
  field: Field,
  inKind: string,
): FieldAbsence {
  const ids = db
    .prepare<[number, RecordKind], number>(
      'SELECT id FROM snapshot_files WHERE snapshot_id = ? AND kind = ? ORDER BY id',
    )
    .pluck()
    .all(snapshot.id, kind);
  if (snapshot.fields) {
    const files = ids.filter((id) => !(snapshot.fields![String(id)] ?? []).includes(field));
    return { files, all: ids.length > 0 && files.length === ids.length, inferred: false };
  }
  // An earlier release did not note the columns: a file none of whose records has a value for the
  // field is taken to lack it (an empty column and no column say the same).
  const column = STORED_COLUMN[field];
  if (column === undefined) return { files: [], all: false, inferred: true };
  const any = db.prepare(`SELECT 1 FROM records r WHERE ${inKind} AND r.file_id = ? AND r.${column} != '' LIMIT 1`);
  const files = ids.filter((id) => any.get(id) === undefined);
  return { files, all: ids.length > 0 && files.length === ids.length, inferred: true };
}
