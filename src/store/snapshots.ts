/** Reading snapshots back: the list, one by number, the latest. */
import { UsageError } from '../errors.js';
import { numberFlag, SNAPSHOT } from '../numbers.js';
import { zeroCounts } from '../kinds/registry.js';
import type { Db } from './database.js';
import type { LoadCoverage } from './loadCoverage.js';
import type { KindCounts } from './loadSnapshot.js';
import { readStoredJson } from './storedJson.js';

export interface SnapshotInfo {
  id: number;
  label: string | null;
  loadedAt: string;
  counts: KindCounts;
  /** Coverage computed at load, with the placeholder owners then in force (none in older databases). */
  loadCoverage?: LoadCoverage;
  /** Records per kind whose ids the load found mangled by Excel (none in older databases: unknown). */
  mangledIds?: Partial<Record<string, number>>;
  /** Canonical fields each records file had a column for, by file id (none in older databases: unknown). */
  fields?: Record<string, string[]>;
}

interface SnapshotRow {
  id: number;
  label: string | null;
  loaded_at: string;
  counts: string;
}

function toInfo(db: Db, row: SnapshotRow): SnapshotInfo {
  const { loadCoverage, mangledIds, fields, ...stored } = readStoredJson<
    KindCounts & { loadCoverage?: LoadCoverage; mangledIds?: Partial<Record<string, number>>; fields?: Record<string, string[]> }
  >(db, 'snapshots.counts', row.id, row.counts);
  // A snapshot loaded before a kind existed has no count for it: none of its records.
  const counts = { ...zeroCounts(), ...stored };
  return { id: row.id, label: row.label, loadedAt: row.loaded_at, counts, ...(loadCoverage && { loadCoverage }), ...(mangledIds && { mangledIds }), ...(fields && { fields }) };
}

export function listSnapshots(db: Db): SnapshotInfo[] {
  return (db.prepare('SELECT id, label, loaded_at, counts FROM snapshots ORDER BY id').all() as SnapshotRow[]).map((row) => toInfo(db, row));
}

/** The snapshot named by `--snapshot N`, or the latest. */
export function getSnapshot(db: Db, id?: number): SnapshotInfo {
  const row = (
    id === undefined
      ? db.prepare('SELECT id, label, loaded_at, counts FROM snapshots ORDER BY id DESC LIMIT 1').get()
      : db.prepare('SELECT id, label, loaded_at, counts FROM snapshots WHERE id = ?').get(id)
  ) as SnapshotRow | undefined;
  if (!row) {
    if (id === undefined) throw new UsageError(`${db.name}: no snapshots yet`, 'load exports first: crm-owners load FILE...');
    throw new UsageError(`${db.name}: no snapshot ${id}`, 'crm-owners snapshots lists them');
  }
  return toInfo(db, row);
}

/** Whether any file of the snapshot held owners (without one, every owner is unknown). */
export function hasOwnersFile(db: Db, snapshot: number): boolean {
  return db.prepare("SELECT 1 FROM snapshot_files WHERE snapshot_id = ? AND kind = 'owners' LIMIT 1").get(snapshot) !== undefined;
}

/** The snapshot loaded just before `id`, if any. */
export function previousSnapshot(db: Db, id: number): SnapshotInfo | undefined {
  const row = db.prepare('SELECT id, label, loaded_at, counts FROM snapshots WHERE id < ? ORDER BY id DESC LIMIT 1').get(id) as SnapshotRow | undefined;
  return row && toInfo(db, row);
}

export function parseSnapshotId(value: string, flag = '--snapshot'): number {
  return numberFlag(flag, value, SNAPSHOT);
}
