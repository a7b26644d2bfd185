/**
 * `diff`: who gained and who lost records between two snapshots. A change is a record (same kind
 * and id) in both snapshots whose owner differs (see `sameOwner`). The comparison is a join in
 * SQLite on the records' unique (snapshot, kind, id) index, not a load of every record.
 */
import { UsageError } from '../errors.js';
import { RECORD_KINDS, type RecordKind } from '../ingest/model.js';
import { toSalesforceId18 } from '../ingest/salesforceId.js';
import { ensureIndexes, type Db } from '../store/database.js';
import { getSnapshot, previousSnapshot, type SnapshotInfo } from '../store/snapshots.js';

export interface DiffOptions {
  from?: number;
  to?: number;
}

export interface OwnerChange {
  kind: RecordKind;
  recordId: string;
  recordName: string;
  /** null when the owner value resolved to no owner (or was empty). */
  oldOwnerId: string | null;
  /** The owner's name (from the `to` snapshot, else the `from` one), else the raw value. */
  oldOwnerName: string;
  newOwnerId: string | null;
  newOwnerName: string;
}

export interface OwnerDelta {
  /** null for an owner value that resolves to no owner, and for "no owner" (name ''). */
  id: string | null;
  name: string;
  gained: number;
  lost: number;
}

export type KindCounts = Record<RecordKind, number>;

export interface DiffResult {
  from: SnapshotInfo;
  to: SnapshotInfo;
  counts: { changed: number; added: KindCounts; removed: KindCounts };
  /** Sorted by net change (gained − lost), biggest gain first. */
  owners: OwnerDelta[];
  /** By kind, then record id. */
  changes: OwnerChange[];
}

/** The two snapshots to compare: `--to` (default the latest) and `--from` (default the one before it). */
export function diffSnapshots(db: Db, options: DiffOptions): { from: SnapshotInfo; to: SnapshotInfo } {
  const hint = 'load a later export first (crm-owners load FILE...), or name two snapshots with --from N --to M';
  const count = (db.prepare('SELECT count(*) AS n FROM snapshots').get() as { n: number }).n;
  if (count < 2 && options.from === undefined && options.to === undefined) {
    throw new UsageError(`${db.name}: diff needs two snapshots, and there ${count === 1 ? 'is only 1' : 'are none'}`, hint);
  }
  const named = options.from === undefined ? undefined : getSnapshot(db, options.from);
  const to = getSnapshot(db, options.to);
  const from = named ?? previousSnapshot(db, to.id);
  if (!from) throw new UsageError(`${db.name}: snapshot ${to.id} is the first one: there is nothing before it to compare with`, hint);
  if (from.id === to.id) {
    throw options.to === undefined
      ? new UsageError(`${db.name}: snapshot ${to.id} is the latest: there is nothing after it to compare with`, hint)
      : new UsageError(`--from and --to both name snapshot ${to.id}`, 'crm-owners snapshots lists them');
  }
  return { from, to };
}

/**
 * An owner value that resolves to no owner, as a key: trimmed and lower-cased in JavaScript
 * (SQLite's lower() folds ASCII only), with a Salesforce id in its 18-character form first, so a
 * report export's 15-character id and a Data Loader's 18-character one compare equal.
 */
export function rawOwnerKey(raw: string): string {
  return toSalesforceId18(raw.trim()).toLowerCase();
}

function rawKey(issue: string | null, raw: string): string {
  return issue === 'empty' ? '' : rawOwnerKey(raw);
}

/** An owner value and what it resolved to in its snapshot. */
export interface OwnerRef {
  /** The resolved owner id, if any. */
  id: string | null | undefined;
  raw: string;
  /** Empty, or Salesforce's empty lookup: no owner. */
  empty: boolean;
}

/** A stored record's owner (its value, resolved id and issue) as an OwnerRef. */
export function storedOwner(row: { ownerId: string | null; owner: string; issue: string | null }): OwnerRef {
  return { id: row.ownerId, raw: row.owner, empty: row.issue === 'empty' };
}

/**
 * Two owner values name the same owner when both resolve to the same id; otherwise when their raw
 * values are equal (trimmed, case-insensitive): a value that resolved once and not now (the user
 * left the owners export) is the same value in the CRM, not an ownership change.
 */
export function sameOwner(a: OwnerRef, b: OwnerRef): boolean {
  if (a.id && b.id) return a.id === b.id;
  return (a.empty ? '' : rawOwnerKey(a.raw)) === (b.empty ? '' : rawOwnerKey(b.raw));
}

/** A resolved owner by name (its id when it has none); an unresolved one by its raw value. */
function shownName(id: string | null, name: string | null, raw: string): string {
  return id ? (name ?? id) : raw.trim();
}

/**
 * The SQL form of sameOwner() for a record before (`f`) and after (`t`): true when its owner
 * changed. Needs registerOwnerKey() on the connection.
 */
const OWNER_CHANGED_SQL = `CASE WHEN f.owner_id IS NOT NULL AND t.owner_id IS NOT NULL THEN f.owner_id <> t.owner_id
           ELSE crm_owners_raw_key(f.owner_issue, f.owner) <> crm_owners_raw_key(t.owner_issue, t.owner) END`;

/** Makes rawOwnerKey() callable from SQL as crm_owners_raw_key(issue, raw). */
function registerOwnerKey(db: Db): void {
  db.function('crm_owners_raw_key', { deterministic: true }, (issue: unknown, raw: unknown) => rawKey(issue as string | null, String(raw ?? '')));
}

const CHANGES_SQL = `
SELECT t.kind AS kind, t.id AS recordId, t.name AS recordName,
       f.owner_id AS oldOwnerId, f.owner AS oldRaw, f.owner_issue AS oldIssue,
       coalesce(nullif(old_to.name, ''), nullif(old_from.name, '')) AS oldName,
       t.owner_id AS newOwnerId, t.owner AS newRaw, t.owner_issue AS newIssue,
       coalesce(nullif(new_to.name, ''), nullif(new_from.name, '')) AS newName
FROM records t
JOIN records f ON f.snapshot_id = @from AND f.kind = t.kind AND f.id = t.id
LEFT JOIN owners old_to ON old_to.snapshot_id = @to AND old_to.id = f.owner_id
LEFT JOIN owners old_from ON old_from.snapshot_id = @from AND old_from.id = f.owner_id
LEFT JOIN owners new_to ON new_to.snapshot_id = @to AND new_to.id = t.owner_id
LEFT JOIN owners new_from ON new_from.snapshot_id = @from AND new_from.id = t.owner_id
WHERE t.snapshot_id = @to
  AND ${OWNER_CHANGED_SQL}
ORDER BY t.kind, t.id`; // accounts, contacts, leads: alphabetical is kind order, and the index's order (no sort)

// Records (same kind and id) in both snapshots, per kind: what is not matched was added or removed.
const MATCHED_SQL = `
SELECT t.kind AS kind, count(*) AS n FROM records t
JOIN records f ON f.snapshot_id = @from AND f.kind = t.kind AND f.id = t.id
WHERE t.snapshot_id = @to
GROUP BY t.kind`;

const TOTALS_SQL = 'SELECT kind, count(*) AS n FROM records WHERE snapshot_id = ? GROUP BY kind';

/** A change as SQLite gives it: both owners' values and what they resolved to. */
export interface ChangeRow {
  kind: RecordKind;
  recordId: string;
  recordName: string;
  oldOwnerId: string | null;
  oldRaw: string;
  oldIssue: string | null;
  oldName: string | null;
  newOwnerId: string | null;
  newRaw: string;
  newIssue: string | null;
  newName: string | null;
}

// Not localeCompare: the order must not depend on the machine's locale data.
export const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function kindCounts(rows: { kind: RecordKind; n: number }[]): KindCounts {
  const counts = Object.fromEntries(RECORD_KINDS.map((kind) => [kind, 0])) as KindCounts;
  for (const row of rows) counts[row.kind] = row.n;
  return counts;
}

/** Every record whose owner changed from snapshot `from` to `to`, by kind and record id. */
export function ownerChanges(db: Db, from: number, to: number): IterableIterator<ChangeRow> {
  // The join looks each record up by (snapshot, kind, id).
  ensureIndexes(db);
  registerOwnerKey(db);
  return db.prepare(CHANGES_SQL).iterate({ from, to }) as IterableIterator<ChangeRow>;
}

/** An owner as one key: its id when it resolved, else its raw key ('' for no owner). */
export function ownerKey(id: string | null, raw: string, issue: string | null): string {
  return id ? `id:${id}` : `raw:${rawKey(issue, raw)}`;
}

/** What a change's owners are called: a resolved owner by name, an unresolved one by its value. */
export function changeOf(row: ChangeRow): OwnerChange {
  return {
    kind: row.kind,
    recordId: row.recordId,
    recordName: row.recordName,
    oldOwnerId: row.oldOwnerId,
    oldOwnerName: shownName(row.oldOwnerId, row.oldName, row.oldRaw),
    newOwnerId: row.newOwnerId,
    newOwnerName: shownName(row.newOwnerId, row.newName, row.newRaw),
  };
}

export function diffOwnership(db: Db, options: DiffOptions = {}): DiffResult {
  const { from, to } = diffSnapshots(db, options);
  const ids = { from: from.id, to: to.id };

  const owners = new Map<string, OwnerDelta>();
  const tally = (id: string | null, raw: string, issue: string | null, name: string): OwnerDelta => {
    const key = ownerKey(id, raw, issue);
    let delta = owners.get(key);
    if (!delta) owners.set(key, (delta = { id, name: key === 'raw:' ? '' : name, gained: 0, lost: 0 }));
    return delta;
  };

  const changes: OwnerChange[] = [];
  for (const row of ownerChanges(db, from.id, to.id)) {
    const change = changeOf(row);
    tally(row.oldOwnerId, row.oldRaw, row.oldIssue, change.oldOwnerName).lost++;
    tally(row.newOwnerId, row.newRaw, row.newIssue, change.newOwnerName).gained++;
    changes.push(change);
  }

  type Count = { kind: RecordKind; n: number };
  const matched = kindCounts(db.prepare(MATCHED_SQL).all(ids) as Count[]);
  const [inFrom, inTo] = [from, to].map((s) => kindCounts(db.prepare(TOTALS_SQL).all(s.id) as Count[]));
  const added = kindCounts(RECORD_KINDS.map((kind) => ({ kind, n: inTo[kind] - matched[kind] })));
  const removed = kindCounts(RECORD_KINDS.map((kind) => ({ kind, n: inFrom[kind] - matched[kind] })));
  const net = (o: OwnerDelta) => o.gained - o.lost;
  const sorted = [...owners.values()].sort(
    (a, b) => net(b) - net(a) || b.gained + b.lost - (a.gained + a.lost) || byCodePoint(a.name, b.name) || byCodePoint(a.id ?? '', b.id ?? ''),
  );
  return { from, to, counts: { changed: changes.length, added, removed }, owners: sorted, changes };
}
