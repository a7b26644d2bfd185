/**
 * `diff`: who gained and who lost records between two snapshots. A change is a record (same kind
 * and id) in both snapshots whose owner differs (see `sameOwner`). The comparison is a join in
 * SQLite, not a load of every record: the earlier snapshot's records are copied, by (kind, id), into
 * a TEMP table, and the later one's are scanned against it. The database itself is only read.
 */
import { UsageError } from '../errors.js';
import { RECORD_KINDS, type RecordKind } from '../records/model.js';
import { listedKinds } from '../kinds/registry.js';
import { toSalesforceId18 } from '../records/salesforceId.js';
import type { Db } from '../store/database.js';
import { inKind, kindRanges } from '../store/ranges.js';
import { getSnapshot, previousSnapshot, type SnapshotInfo } from '../store/snapshots.js';
import type { TeamChange } from './teamChanges.js';

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

/** Per kind: records proper always, activities and team members where either snapshot has them. */
export type KindCounts = Partial<Record<RecordKind, number>>;

export interface DiffResult {
  from: SnapshotInfo;
  to: SnapshotInfo;
  counts: { changed: number; added: KindCounts; removed: KindCounts };
  /** Sorted by net change (gained − lost), biggest gain first. */
  owners: OwnerDelta[];
  /** By kind, then record id. */
  changes: OwnerChange[];
  /** Members added to and removed from teams: only when either snapshot has team members (see withTeams). */
  teams?: TeamChange[];
}

/** The two snapshots to compare: `--to` (default the latest) and `--from` (default the one before it). */
export function diffSnapshots(db: Db, options: DiffOptions): { from: SnapshotInfo; to: SnapshotInfo } {
  const hint = 'load a later export first (crm-owners load FILE...), or name two snapshots with --from N --to M';
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM snapshots').get()!.n;
  if (count < 2 && options.from === undefined && options.to === undefined) {
    throw new UsageError(
      `${db.name}: diff needs two snapshots, and there ${count === 1 ? 'is only 1' : 'are none'}`,
      hint,
    );
  }
  const named = options.from === undefined ? undefined : getSnapshot(db, options.from);
  const to = getSnapshot(db, options.to);
  const from = named ?? previousSnapshot(db, to.id);
  if (!from)
    throw new UsageError(
      `${db.name}: snapshot ${to.id} is the first one: there is nothing before it to compare with`,
      hint,
    );
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

/**
 * Two owner values name the same owner when both resolve to the same id; otherwise when their raw
 * values are equal (trimmed, case-insensitive): a value that resolved once and not now (the user
 * left the owners export) is the same value in the CRM, not an ownership change.
 */
export function sameOwner(a: OwnerRef, b: OwnerRef): boolean {
  if (a.id && b.id) return a.id === b.id;
  return (a.empty ? '' : rawOwnerKey(a.raw)) === (b.empty ? '' : rawOwnerKey(b.raw));
}

/** A stored record's owner (its value, resolved id and issue) as an OwnerRef. */
export function storedOwner(row: { ownerId: string | null; owner: string; issue: string | null }): OwnerRef {
  return { id: row.ownerId, raw: row.owner, empty: row.issue === 'empty' };
}

/** A resolved owner by name (its id when it has none); an unresolved one by its raw value. */
function shownName(id: string | null, name: string | null, raw: string): string {
  return id ? (name ?? id) : raw.trim();
}

/** Makes rawOwnerKey() callable from SQL as crm_owners_raw_key(issue, raw). */
function registerOwnerKey(db: Db): void {
  db.function('crm_owners_raw_key', { deterministic: true }, (issue: unknown, raw: unknown) =>
    rawKey(issue as string | null, String(raw ?? '')),
  );
}

// The earlier snapshot's records of one kind, looked up by id (the records table has no such index).
// Rows sharing an id Excel mangled are each a record: the first stands for them (OR IGNORE).
const FROM_TABLE = `
DROP TABLE IF EXISTS temp.diff_from;
CREATE TEMP TABLE diff_from (
  kind TEXT NOT NULL, id TEXT NOT NULL, owner TEXT NOT NULL, owner_id TEXT, owner_issue TEXT,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID`;

const fillFrom = (range: string) =>
  `INSERT OR IGNORE INTO temp.diff_from SELECT r.kind, r.id, r.owner, r.owner_id, r.owner_issue FROM records r WHERE ${range}`;

// The SQL form of sameOwner(): ids when both resolved, else raw keys. `range` picks the later snapshot's records of one kind.
const changesSql = (range: string) => `
SELECT r.kind AS kind, r.id AS recordId, r.name AS recordName,
       f.owner_id AS oldOwnerId, f.owner AS oldRaw, f.owner_issue AS oldIssue,
       coalesce(nullif(old_to.name, ''), nullif(old_from.name, '')) AS oldName,
       r.owner_id AS newOwnerId, r.owner AS newRaw, r.owner_issue AS newIssue,
       coalesce(nullif(new_to.name, ''), nullif(new_from.name, '')) AS newName
FROM records r
JOIN temp.diff_from f ON f.kind = r.kind AND f.id = r.id
LEFT JOIN owners old_to ON old_to.snapshot_id = @to AND old_to.id = f.owner_id
LEFT JOIN owners old_from ON old_from.snapshot_id = @from AND old_from.id = f.owner_id
LEFT JOIN owners new_to ON new_to.snapshot_id = @to AND new_to.id = r.owner_id
LEFT JOIN owners new_from ON new_from.snapshot_id = @from AND new_from.id = r.owner_id
WHERE ${range}
  AND CASE WHEN f.owner_id IS NOT NULL AND r.owner_id IS NOT NULL THEN f.owner_id <> r.owner_id
           ELSE crm_owners_raw_key(f.owner_issue, f.owner) <> crm_owners_raw_key(r.owner_issue, r.owner) END
ORDER BY r.id`;

// Records (same kind and id) in both snapshots: what is not matched was added or removed.
const matchedSql = (range: string) =>
  `SELECT count(*) AS n FROM records r JOIN temp.diff_from f ON f.kind = r.kind AND f.id = r.id WHERE ${range}`;

const countSql = (range: string) => `SELECT count(*) AS n FROM records r WHERE ${range}`;

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

/**
 * Every record whose owner changed from snapshot `from` to `to`, by kind and record id: kind by
 * kind, the earlier snapshot's records of the kind go into a TEMP table and the later snapshot's
 * rowid range of the kind is scanned against it. With `matched`, also counts per kind the records
 * in both snapshots. The database itself is only read (TEMP tables are the connection's own).
 * Reads nothing else from the connection while a caller iterates.
 */
export function* ownerChanges(db: Db, from: number, to: number, matched?: KindCounts): Generator<ChangeRow> {
  registerOwnerKey(db);
  const [fromRanges, toRanges] = [kindRanges(db, from), kindRanges(db, to)];
  db.exec(FROM_TABLE);
  try {
    for (const kind of RECORD_KINDS) {
      db.exec('DELETE FROM temp.diff_from');
      db.prepare(fillFrom(inKind(fromRanges, kind))).run();
      const range = inKind(toRanges, kind);
      yield* db.prepare<{ from: number; to: number }, ChangeRow>(changesSql(range)).iterate({ from, to });
      if (matched) matched[kind] = db.prepare<[], { n: number }>(matchedSql(range)).get()!.n;
    }
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.diff_from');
  }
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

  const owners = new Map<string, OwnerDelta>();
  const tally = (id: string | null, raw: string, issue: string | null, name: string): OwnerDelta => {
    const key = ownerKey(id, raw, issue);
    let delta = owners.get(key);
    if (!delta) owners.set(key, (delta = { id, name: key === 'raw:' ? '' : name, gained: 0, lost: 0 }));
    return delta;
  };

  const changes: OwnerChange[] = [];
  const matched = {} as KindCounts;
  for (const row of ownerChanges(db, from.id, to.id, matched)) {
    const change = changeOf(row);
    tally(row.oldOwnerId, row.oldRaw, row.oldIssue, change.oldOwnerName).lost++;
    tally(row.newOwnerId, row.newRaw, row.newIssue, change.newOwnerName).gained++;
    changes.push(change);
  }

  const [fromRanges, toRanges] = [kindRanges(db, from.id), kindRanges(db, to.id)];
  const count = (range: string) => db.prepare<[], { n: number }>(countSql(range)).get()!.n;
  const added: KindCounts = {};
  const removed: KindCounts = {};
  for (const kind of listedKinds(
    Object.fromEntries(RECORD_KINDS.map((kind) => [kind, (from.counts[kind] ?? 0) + (to.counts[kind] ?? 0)])),
  )) {
    added[kind] = count(inKind(toRanges, kind)) - matched[kind]!;
    removed[kind] = count(inKind(fromRanges, kind)) - matched[kind]!;
  }
  const net = (o: OwnerDelta) => o.gained - o.lost;
  const sorted = [...owners.values()].sort(
    (a, b) =>
      net(b) - net(a) ||
      b.gained + b.lost - (a.gained + a.lost) ||
      byCodePoint(a.name, b.name) ||
      byCodePoint(a.id ?? '', b.id ?? ''),
  );
  return { from, to, counts: { changed: changes.length, added, removed }, owners: sorted, changes };
}
