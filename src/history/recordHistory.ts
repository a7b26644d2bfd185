/**
 * `history RECORD_ID`: the owner of one record in every snapshot. The records table has no index
 * by id (reading commands build none): the ids go into a TEMP table and each snapshot's rowid range
 * of each kind is scanned once against it, for one record or for many (recordHistories).
 */
import { UsageError } from '../errors.js';
import { RECORD_KINDS, type RecordKind } from '../records/model.js';
import { toSalesforceId18 } from '../records/salesforceId.js';
import type { Db } from '../store/database.js';
import { inKind, kindRanges } from '../store/ranges.js';
import { snapshotsUpTo, type SnapshotInfo } from '../store/snapshots.js';
import { sameOwner, storedOwner, type OwnerRef } from './diff.js';

/** What a record's owner was in a snapshot. */
export type OwnerState =
  'active' | 'inactive' | 'queue' | 'system' | 'placeholder' | 'unknown' | 'ambiguous' | 'no owner';

export interface RecordSnapshot {
  snapshot: Pick<SnapshotInfo, 'id' | 'label' | 'loadedAt' | 'asOf'>;
  /** false when the record is not in that snapshot's export. */
  present: boolean;
  recordName: string;
  /** The owner as exported. */
  owner: string;
  ownerId: string | null;
  ownerName: string;
  ownerState: OwnerState | null;
  /** The owner differs from the one in the last snapshot that had the record. */
  changed: boolean;
}

export interface RecordHistory {
  recordId: string;
  kind: RecordKind;
  snapshots: RecordSnapshot[];
  /** How many times the owner changed. */
  changes: number;
  /** The record went back to an owner it had before (A → B → A). */
  pingPong: boolean;
}

interface HistoryRow {
  snapshotId: number;
  kind: RecordKind;
  id: string;
  name: string;
  owner: string;
  ownerId: string | null;
  issue: string | null;
  active: number | null;
  type: string | null;
  ownerName: string | null;
}

// The records to follow, by kind and id: the records table has no such index.
const KEYS_TABLE = `
DROP TABLE IF EXISTS temp.history_keys;
CREATE TEMP TABLE history_keys (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID`;

// One snapshot's rowid range of one kind (see store/ranges.ts), scanned once against the keys
// (CROSS JOIN keeps the range as the outer loop: one pass, whatever the number of keys).
const historySql = (range: string) => `
SELECT r.snapshot_id AS snapshotId, r.kind AS kind, r.id AS id, r.name AS name, r.owner AS owner, r.owner_id AS ownerId,
       r.owner_issue AS issue, r.owner_active AS active, r.owner_type AS type, o.name AS ownerName
FROM records r CROSS JOIN temp.history_keys k ON k.kind = r.kind AND k.id = r.id
LEFT JOIN owners o ON o.snapshot_id = r.snapshot_id AND o.id = r.owner_id
WHERE ${range}`;

export function ownerStateOf(
  row: Pick<HistoryRow, 'ownerId' | 'issue' | 'active' | 'type'>,
  placeholders: Set<string>,
): OwnerState {
  if (row.issue === 'empty') return 'no owner';
  if (row.issue === 'ambiguous') return 'ambiguous';
  if (row.issue === 'deactivated') return 'inactive';
  if (!row.ownerId) return 'unknown';
  if (placeholders.has(row.ownerId)) return 'placeholder';
  if (row.active === 0) return 'inactive';
  if (row.type === 'queue' || row.type === 'system') return row.type;
  return 'active';
}

export interface RecordHistoryOptions {
  kind?: RecordKind;
  /** The last snapshot to show (default: the latest). */
  until?: number;
  /** Placeholder owner ids per snapshot (config `placeholderOwners`). */
  placeholders: (snapshot: number) => Set<string>;
}

/** A record to follow: its kind and its id as stored. */
export interface RecordKey {
  kind: RecordKind;
  id: string;
}

const keyOf = (kind: RecordKind, id: string) => `${kind}\u0000${id}`;

/** The records in each snapshot, by kind and id (see keyOf), each in snapshot order: one scan of each snapshot's ranges. */
function findRecords(db: Db, records: RecordKey[], snapshots: SnapshotInfo[]): Map<string, HistoryRow[]> {
  db.exec(KEYS_TABLE);
  const found = new Map<string, HistoryRow[]>();
  try {
    const insert = db.prepare('INSERT OR IGNORE INTO temp.history_keys (kind, id) VALUES (?, ?)');
    for (const record of records) insert.run(record.kind, record.id);
    const kinds = RECORD_KINDS.filter((kind) => records.some((r) => r.kind === kind));
    for (const snapshot of snapshots) {
      const ranges = kindRanges(db, snapshot.id);
      for (const kind of kinds) {
        if (!ranges.has(kind)) continue;
        for (const row of db.prepare<[], HistoryRow>(historySql(inKind(ranges, kind))).all()) {
          const key = keyOf(row.kind, row.id);
          found.set(key, [...(found.get(key) ?? []), row]);
        }
      }
    }
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.history_keys');
  }
  return found;
}

/** In timeline order (by as-of date), up to `until`. */
function listedSnapshots(db: Db, until: number | undefined): SnapshotInfo[] {
  return snapshotsUpTo(db, until);
}

export function recordHistory(db: Db, recordId: string, options: RecordHistoryOptions): RecordHistory {
  const id = toSalesforceId18(recordId.trim());
  const snapshots = listedSnapshots(db, options.until);
  const found = findRecords(
    db,
    (options.kind ? [options.kind] : RECORD_KINDS).map((kind) => ({ kind, id })),
    snapshots,
  );
  const kinds = RECORD_KINDS.filter((kind) => found.has(keyOf(kind, id)));
  if (kinds.length === 0) {
    throw new UsageError(
      `${db.name}: no record "${recordId}" in any snapshot${options.kind ? ` (kind ${options.kind})` : ''}`,
      'give a record id as exported (Salesforce ids may have 15 or 18 characters)',
    );
  }
  if (kinds.length > 1)
    throw new UsageError(
      `"${recordId}" is the id of records of ${kinds.join(' and ')}`,
      `say which with --kind ${kinds[0]}`,
    );
  return historyOf({ kind: kinds[0], id }, found.get(keyOf(kinds[0], id))!, snapshots, options);
}

/**
 * The histories of many records, read together (the monthly report follows its churn records):
 * by kind and id (`kind`, NUL, `id`); a record in no snapshot has none.
 */
export function recordHistories(
  db: Db,
  records: RecordKey[],
  options: Omit<RecordHistoryOptions, 'kind'>,
): Map<string, RecordHistory> {
  const snapshots = listedSnapshots(db, options.until);
  const found = findRecords(db, records, snapshots);
  const histories = new Map<string, RecordHistory>();
  for (const record of records) {
    const rows = found.get(keyOf(record.kind, record.id));
    if (rows) histories.set(keyOf(record.kind, record.id), historyOf(record, rows, snapshots, options));
  }
  return histories;
}

/** A record's history from its rows (one per snapshot that has it). */
function historyOf(
  record: RecordKey,
  rows: HistoryRow[],
  snapshots: SnapshotInfo[],
  options: Pick<RecordHistoryOptions, 'placeholders'>,
): RecordHistory {
  const bySnapshot = new Map(rows.map((row) => [row.snapshotId, row]));
  let last: HistoryRow | undefined;
  let changes = 0;
  // Each owner the record passed through, in order.
  const passed: OwnerRef[] = [];
  const entries = snapshots.map((snapshot): RecordSnapshot => {
    const row = bySnapshot.get(snapshot.id);
    const info = { id: snapshot.id, label: snapshot.label, loadedAt: snapshot.loadedAt, asOf: snapshot.asOf };
    if (!row)
      return {
        snapshot: info,
        present: false,
        recordName: '',
        owner: '',
        ownerId: null,
        ownerName: '',
        ownerState: null,
        changed: false,
      };
    const changed = last !== undefined && !sameOwner(storedOwner(last), storedOwner(row));
    if (changed) changes++;
    if (last === undefined || changed) passed.push(storedOwner(row));
    last = row;
    return {
      snapshot: info,
      present: true,
      recordName: row.name,
      owner: row.owner,
      ownerId: row.ownerId,
      ownerName: row.ownerId ? row.ownerName || row.ownerId : row.owner.trim(),
      ownerState: ownerStateOf(row, options.placeholders(snapshot.id)),
      changed,
    };
  });
  const pingPong = passed.some((owner, i) => passed.slice(i + 2).some((later) => sameOwner(owner, later)));
  return { recordId: record.id, kind: record.kind, snapshots: entries, changes, pingPong };
}
