/**
 * `history --owner OWNER`: what one owner held, gained and lost, snapshot by snapshot. Loads come
 * from the owner groups (a few hundred rows a snapshot); gains and losses read only the owner's own
 * records, through the records' (snapshot, owner) index, and look each up in the snapshot before.
 */
import { UsageError } from '../errors.js';
import { nameKey } from '../ingest/directory.js';
import type { OwnerRecord, RecordKind } from '../ingest/model.js';
import { ensureIndexes, type Db } from '../store/database.js';
import { ownerDirectory, snapshotOwners } from '../store/owners.js';
import { listSnapshots, type SnapshotInfo } from '../store/snapshots.js';
import { byCodePoint, OWNER_CHANGED_SQL, rawOwnerKey, registerOwnerKey } from './diff.js';

export type OwnerStanding = 'active' | 'inactive' | 'queue' | 'system' | 'placeholder' | 'not in export';

/** A record handed to or from the owner, and the owner on the other side. */
export interface Handover {
  kind: RecordKind;
  recordId: string;
  recordName: string;
  otherOwnerId: string | null;
  otherOwnerName: string;
}

export interface OwnerSnapshot {
  snapshot: Pick<SnapshotInfo, 'id' | 'label' | 'loadedAt'>;
  state: OwnerStanding;
  /** Records of each kind the owner held. */
  loads: Partial<Record<RecordKind, number>>;
  /** Since the snapshot before (none in the first). */
  gained: Handover[];
  lost: Handover[];
}

export interface OwnerHistory {
  owner: { id: string; name: string; email: string };
  snapshots: OwnerSnapshot[];
}

interface HandoverRow {
  kind: RecordKind;
  recordId: string;
  recordName: string;
  otherOwnerId: string | null;
  otherRaw: string;
  otherName: string | null;
}

/**
 * Records the owner holds in snapshot @mine that had (or got) another owner in @other: those that
 * resolve to it, then those whose unresolved value names it. Two SELECTs, not an OR, so that each
 * seeks its part of the (snapshot, owner) index; no ORDER BY, which would make SQLite walk the
 * snapshot in id order instead (the few rows are sorted afterwards).
 */
function handoverSql(mine: 'f' | 't'): string {
  const other = mine === 't' ? 'f' : 't';
  const select = (owned: string) => `
SELECT t.kind AS kind, t.id AS recordId, t.name AS recordName,
       ${other}.owner_id AS otherOwnerId, ${other}.owner AS otherRaw, o.name AS otherName
FROM records ${mine}
JOIN records ${other} ON ${other}.snapshot_id = @other AND ${other}.kind = ${mine}.kind AND ${other}.id = ${mine}.id
LEFT JOIN owners o ON o.snapshot_id = @other AND o.id = ${other}.owner_id
WHERE ${mine}.snapshot_id = @mine AND ${owned}
  AND ${OWNER_CHANGED_SQL}`;
  return `${select(`${mine}.owner_id = @owner`)}
UNION ALL
${select(`${mine}.owner_id IS NULL AND crm_owners_raw_key(${mine}.owner_issue, ${mine}.owner) IN (SELECT value FROM json_each(@keys))`)}`;
}

export const GAINED_SQL = handoverSql('t');
const byRecord = (a: HandoverRow, b: HandoverRow) => byCodePoint(a.kind, b.kind) || byCodePoint(a.recordId, b.recordId);
const LOST_SQL = handoverSql('f');

// Unresolved values are grouped by their name key (see ingest/ownerGroups.ts).
const LOADS_SQL = `
SELECT kind, sum(records) AS n FROM owner_groups
WHERE snapshot_id = @snapshot AND (owner_id = @owner OR (owner_id IS NULL AND owner IN (SELECT value FROM json_each(@names))))
GROUP BY kind ORDER BY kind`;

/** The owner a reference names: in the latest snapshot that has it, so a leaver is found too. */
function findOwner(db: Db, ref: string, snapshots: SnapshotInfo[]): OwnerRecord {
  for (const snapshot of [...snapshots].reverse()) {
    const owners = snapshotOwners(db, snapshot.id);
    const found = ownerDirectory(owners).find(ref);
    if (found.issue === 'ambiguous') throw new UsageError(`--owner "${ref}": more than one owner has that name in snapshot ${snapshot.id}`, 'give the owner\'s id or email instead');
    if (found.ownerId) return owners.find((o) => o.id === found.ownerId)!;
  }
  throw new UsageError(`--owner "${ref}": no such owner in any snapshot's users export`, 'give an owner id, email or name (crm-owners owners lists them)');
}

function standingOf(owner: OwnerRecord | undefined, placeholders: Set<string>): OwnerStanding {
  if (!owner) return 'not in export';
  if (placeholders.has(owner.id)) return 'placeholder';
  if (!owner.active) return 'inactive';
  return owner.type === 'user' ? 'active' : owner.type;
}

export interface OwnerHistoryOptions {
  placeholders: (snapshot: number) => Set<string>;
}

export function ownerHistory(db: Db, ref: string, options: OwnerHistoryOptions): OwnerHistory {
  const snapshots = listSnapshots(db);
  const owner = findOwner(db, ref, snapshots);
  ensureIndexes(db, ['records_by_id', 'records_by_owner']);
  registerOwnerKey(db);
  const references = [owner.id, owner.email, owner.name].filter((value) => value !== '');
  const params = { owner: owner.id, keys: JSON.stringify(references.map(rawOwnerKey)), names: JSON.stringify(references.map(nameKey)) };
  const [gained, lost, loads] = [db.prepare(GAINED_SQL), db.prepare(LOST_SQL), db.prepare(LOADS_SQL)];

  const entries = snapshots.map((snapshot, i): OwnerSnapshot => {
    const before = snapshots[i - 1];
    const handovers = (statement: typeof gained, mine: number, other: number) =>
      (statement.all({ ...params, mine, other }) as HandoverRow[]).sort(byRecord).map((row) => ({
        kind: row.kind,
        recordId: row.recordId,
        recordName: row.recordName,
        otherOwnerId: row.otherOwnerId,
        otherOwnerName: row.otherOwnerId ? row.otherName || row.otherOwnerId : row.otherRaw.trim(),
      }));
    const self = snapshotOwners(db, snapshot.id).find((o) => o.id === owner.id);
    const held = loads.all({ ...params, snapshot: snapshot.id }) as { kind: RecordKind; n: number }[];
    return {
      snapshot: { id: snapshot.id, label: snapshot.label, loadedAt: snapshot.loadedAt },
      state: standingOf(self, options.placeholders(snapshot.id)),
      loads: Object.fromEntries(held.map((row) => [row.kind, row.n])),
      gained: before ? handovers(gained, snapshot.id, before.id) : [],
      lost: before ? handovers(lost, before.id, snapshot.id) : [],
    };
  });
  return { owner: { id: owner.id, name: owner.name, email: owner.email }, snapshots: entries };
}
