/**
 * `history RECORD_ID`: the owner of one record in every snapshot. The records table has no index
 * by id (reading commands build none): each snapshot's rowid range of each kind is scanned for the
 * id, a pass over the rows but not a sort or a copy.
 */
import { UsageError } from '../errors.js';
import { RECORD_KINDS, type RecordKind } from '../ingest/model.js';
import { toSalesforceId18 } from '../ingest/salesforceId.js';
import type { Db } from '../store/database.js';
import { kindRanges } from '../store/ranges.js';
import { listSnapshots, type SnapshotInfo } from '../store/snapshots.js';
import { sameOwner, storedOwner, type OwnerRef } from './diff.js';

/** What a record's owner was in a snapshot. */
export type OwnerState = 'active' | 'inactive' | 'queue' | 'system' | 'placeholder' | 'unknown' | 'ambiguous' | 'no owner';

export interface RecordSnapshot {
  snapshot: Pick<SnapshotInfo, 'id' | 'label' | 'loadedAt'>;
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
  name: string;
  owner: string;
  ownerId: string | null;
  issue: string | null;
  active: number | null;
  type: string | null;
  ownerName: string | null;
}

// The record in one snapshot's rowid range of one kind (see store/ranges.ts).
const HISTORY_SQL = `
SELECT r.snapshot_id AS snapshotId, r.kind AS kind, r.name AS name, r.owner AS owner, r.owner_id AS ownerId,
       r.owner_issue AS issue, r.owner_active AS active, r.owner_type AS type, o.name AS ownerName
FROM records r LEFT JOIN owners o ON o.snapshot_id = r.snapshot_id AND o.id = r.owner_id
WHERE r.rowid BETWEEN @first AND @last AND r.kind = @kind AND r.id = @id`;

export function ownerStateOf(row: Pick<HistoryRow, 'ownerId' | 'issue' | 'active' | 'type'>, placeholders: Set<string>): OwnerState {
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

/** The record with this id in each snapshot, of each of the kinds, in snapshot order. */
function findRecord(db: Db, id: string, snapshots: SnapshotInfo[], kinds: readonly RecordKind[]): HistoryRow[] {
  const select = db.prepare(HISTORY_SQL);
  const rows: HistoryRow[] = [];
  for (const snapshot of snapshots) {
    const ranges = kindRanges(db, snapshot.id);
    for (const kind of kinds) {
      const range = ranges.get(kind);
      if (range) rows.push(...(select.all({ first: range.first, last: range.last, kind, id }) as HistoryRow[]));
    }
  }
  return rows;
}

export function recordHistory(db: Db, recordId: string, options: RecordHistoryOptions): RecordHistory {
  const id = toSalesforceId18(recordId.trim());
  const snapshots = listSnapshots(db).filter((s) => options.until === undefined || s.id <= options.until);
  const rows = findRecord(db, id, snapshots, options.kind ? [options.kind] : RECORD_KINDS);
  const kinds = [...new Set(rows.map((r) => r.kind))];
  if (kinds.length === 0) {
    throw new UsageError(`${db.name}: no record "${recordId}" in any snapshot${options.kind ? ` (kind ${options.kind})` : ''}`, 'give a record id as exported (Salesforce ids may have 15 or 18 characters)');
  }
  if (kinds.length > 1) throw new UsageError(`"${recordId}" is the id of records of ${kinds.join(' and ')}`, `say which with --kind ${kinds[0]}`);

  const bySnapshot = new Map(rows.map((row) => [row.snapshotId, row]));
  let last: HistoryRow | undefined;
  let changes = 0;
  // Each owner the record passed through, in order.
  const passed: OwnerRef[] = [];
  const entries = snapshots.map((snapshot): RecordSnapshot => {
    const row = bySnapshot.get(snapshot.id);
    const info = { id: snapshot.id, label: snapshot.label, loadedAt: snapshot.loadedAt };
    if (!row) return { snapshot: info, present: false, recordName: '', owner: '', ownerId: null, ownerName: '', ownerState: null, changed: false };
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
  return { recordId: id, kind: kinds[0], snapshots: entries, changes, pingPong };
}

