/**
 * Reading snapshots back: the list, one by number, the latest. Snapshots are in **timeline order**:
 * by as-of date (when their exports were taken), then by number. A back-filled export (October
 * loaded after November) takes its place in the timeline: "the latest" is the one with the latest
 * as-of, and "the previous" of a snapshot the one just before it in the timeline.
 */
import { UsageError } from '../errors.js';
import { numberFlag, SNAPSHOT } from '../numbers.js';
import { zeroCounts } from '../kinds/registry.js';
import type { FileKind } from '../records/model.js';
import type { Db } from './database.js';
import { readStoredJson } from './storedJson.js';

/** Records loaded per kind. */
export type KindCounts = Record<FileKind, number>;

/** A snapshot's overall coverage as computed when it was loaded (audit/loadCoverage.ts). */
export interface LoadCoverage {
  overall: number;
  /** The placeholder owners (config placeholderOwners, --placeholder) it was computed with. */
  placeholderOwners: string[];
}

export interface SnapshotInfo {
  id: number;
  label: string | null;
  loadedAt: string;
  /** When its exports were taken (`load --as-of`; the load time by default). */
  asOf: string;
  counts: KindCounts;
  /** Coverage computed at load, with the placeholder owners then in force (none in older databases). */
  loadCoverage?: LoadCoverage;
  /** Records per kind whose ids the load found mangled by Excel (none in older databases: unknown). */
  mangledIds?: Partial<Record<string, number>>;
  /** Records per kind whose ids were exported in another letter case than their checksum says (none in older databases). */
  recasedIds?: Partial<Record<string, number>>;
  /** Canonical fields each records file had a column for, by file id (none in older databases: unknown). */
  fields?: Record<string, string[]>;
}

interface SnapshotRow {
  id: number;
  label: string | null;
  loaded_at: string;
  as_of: string;
  counts: string;
}

// The columns read, and the timeline order (see above). as_of is set by every load and by the
// migration that added it; a row without one reads its load time.
const COLUMNS = 'id, label, loaded_at, coalesce(as_of, loaded_at) AS as_of, counts';
const TIMELINE = 'coalesce(as_of, loaded_at)';

function toInfo(db: Db, row: SnapshotRow): SnapshotInfo {
  const { loadCoverage, mangledIds, recasedIds, fields, ...stored } = readStoredJson<
    KindCounts & {
      loadCoverage?: LoadCoverage;
      mangledIds?: Partial<Record<string, number>>;
      recasedIds?: Partial<Record<string, number>>;
      fields?: Record<string, string[]>;
    }
  >(db, 'snapshots.counts', row.id, row.counts);
  // A snapshot loaded before a kind existed has no count for it: none of its records.
  const counts = { ...zeroCounts(), ...stored };
  return {
    id: row.id,
    label: row.label,
    loadedAt: row.loaded_at,
    asOf: row.as_of,
    counts,
    ...(loadCoverage && { loadCoverage }),
    ...(mangledIds && { mangledIds }),
    ...(recasedIds && { recasedIds }),
    ...(fields && { fields }),
  };
}

/** Every snapshot, in timeline order. */
export function listSnapshots(db: Db): SnapshotInfo[] {
  return db
    .prepare<[], SnapshotRow>(`SELECT ${COLUMNS} FROM snapshots ORDER BY ${TIMELINE}, id`)
    .all()
    .map((row) => toInfo(db, row));
}

/** The snapshots in timeline order up to snapshot `until` (included; all when undefined). */
export function snapshotsUpTo(db: Db, until?: number): SnapshotInfo[] {
  const all = listSnapshots(db);
  if (until === undefined) return all;
  const at = all.findIndex((s) => s.id === until);
  return at < 0 ? [] : all.slice(0, at + 1);
}

/** The snapshot named by `--snapshot N`, or the latest (in the timeline). */
export function getSnapshot(db: Db, id?: number): SnapshotInfo {
  const row =
    id === undefined
      ? db.prepare<[], SnapshotRow>(`SELECT ${COLUMNS} FROM snapshots ORDER BY ${TIMELINE} DESC, id DESC LIMIT 1`).get()
      : db.prepare<[number], SnapshotRow>(`SELECT ${COLUMNS} FROM snapshots WHERE id = ?`).get(id);
  if (!row) {
    if (id === undefined)
      throw new UsageError(`${db.name}: no snapshots yet`, 'load exports first: crm-owners load FILE...');
    throw new UsageError(`${db.name}: no snapshot ${id}`, 'crm-owners snapshots lists them');
  }
  return toInfo(db, row);
}

/** Whether any file of the snapshot held owners (without one, every owner is unknown). */
export function hasOwnersFile(db: Db, snapshot: number): boolean {
  return (
    db.prepare("SELECT 1 FROM snapshot_files WHERE snapshot_id = ? AND kind = 'owners' LIMIT 1").get(snapshot) !==
    undefined
  );
}

/** The snapshot just before `id` in the timeline, if any: the one whose exports were taken before. */
export function previousSnapshot(db: Db, id: number): SnapshotInfo | undefined {
  const row = db
    .prepare<[number], SnapshotRow>(
      `SELECT ${COLUMNS} FROM snapshots WHERE (${TIMELINE}, id) < (SELECT ${TIMELINE}, id FROM snapshots WHERE id = ?) ORDER BY ${TIMELINE} DESC, id DESC LIMIT 1`,
    )
    .get(id);
  return row && toInfo(db, row);
}

export function parseSnapshotId(value: string, flag = '--snapshot'): number {
  return numberFlag(flag, value, SNAPSHOT);
}
