/**
 * The summary tables derived from `records` (see schema.ts): `owner_groups`, `record_ranges` and
 * `shared_email_records`. The load counts them while records stream past; here they are computed
 * again from the stored records, so a migration can rebuild them and `doctor` can check them.
 */
import { OwnerGroups, type OwnerGroup } from '../records/ownerGroups.js';
import { kindHas, RECORD_KINDS, type RecordKind } from '../kinds/registry.js';
import type { Db } from './database.js';

export const DERIVED_TABLES = ['owner_groups', 'record_ranges', 'shared_email_records'] as const;

export interface KeyRange {
  kind: RecordKind;
  first: number;
  last: number;
  /** The kind's records in the snapshot. */
  records: number;
}

/** The owner groups of a snapshot's open records, as the load counts them. */
export function ownerGroupsOf(db: Db, snapshot: number): OwnerGroup[] {
  const groups = new OwnerGroups();
  const rows = db
    .prepare<
      [number],
      [RecordKind, string | null, string | null, string, number | null, string | null, string | null, number]
    >(
      `SELECT kind, owner_id, owner_issue, owner, owner_active, owner_type, account_owner_id, count(*) AS n FROM records
        WHERE snapshot_id = ? AND closed = 0
        GROUP BY kind, owner_id, owner_issue, owner, owner_active, owner_type, account_owner_id`,
    )
    .raw()
    .all(snapshot);
  for (const [kind, ownerId, issue, owner, active, type, accountOwnerId, n] of rows)
    groups.count(kind, ownerId, issue, owner, active, type, accountOwnerId, n);
  return groups.list();
}

/** Each kind's first and last key in the snapshot (a load stores a kind's records as one run of keys). */
export function keyRangesOf(db: Db, snapshot: number): KeyRange[] {
  return db
    .prepare<[number], KeyRange>(
      'SELECT kind, min(key) AS first, max(key) AS last, count(*) AS records FROM records WHERE snapshot_id = ? GROUP BY kind ORDER BY kind',
    )
    .all(snapshot);
}

/**
 * The keys of the open records of kinds with an email address (see audit/checks/splitOwnership.ts)
 * whose address is on another open record of their kind in the snapshot. The load notes a superset
 * of these.
 */
export function sharedEmailKeysOf(db: Db, snapshot: number): { kind: RecordKind; key: number }[] {
  const kinds = RECORD_KINDS.filter((kind) => kindHas(kind, 'email'))
    .map((kind) => `'${kind}'`)
    .join(', ');
  return db
    .prepare<[number, number], { kind: RecordKind; key: number }>(
      `SELECT r.kind, r.key FROM records r
         JOIN (SELECT kind, email_key FROM records WHERE snapshot_id = ? AND kind IN (${kinds}) AND email_key != '' AND closed = 0
                GROUP BY kind, email_key HAVING count(*) > 1) s ON s.kind = r.kind AND s.email_key = r.email_key
        WHERE r.snapshot_id = ? AND r.closed = 0 ORDER BY r.kind, r.key`,
    )
    .all(snapshot, snapshot);
}

/** Replaces the snapshot's rows of the derived tables by what its records say (inside the caller's transaction). */
export function rebuildDerivedTables(db: Db, snapshot: number): void {
  const groups = ownerGroupsOf(db, snapshot);
  const ranges = keyRangesOf(db, snapshot);
  const shared = sharedEmailKeysOf(db, snapshot);
  for (const table of DERIVED_TABLES) db.prepare(`DELETE FROM ${table} WHERE snapshot_id = ?`).run(snapshot);
  const group = db.prepare(
    'INSERT INTO owner_groups (snapshot_id, kind, owner_id, owner_issue, owner, owner_active, owner_type, account_owner_id, records) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const g of groups)
    group.run(snapshot, g.kind, g.ownerId, g.issue, g.owner, g.active, g.type, g.accountOwnerId, g.records);
  const range = db.prepare('INSERT INTO record_ranges (snapshot_id, kind, first_key, last_key) VALUES (?, ?, ?, ?)');
  for (const r of ranges) range.run(snapshot, r.kind, r.first, r.last);
  const email = db.prepare('INSERT INTO shared_email_records (snapshot_id, kind, record_key) VALUES (?, ?, ?)');
  for (const s of shared) email.run(snapshot, s.kind, s.key);
}

/** Every snapshot's derived tables rebuilt (inside the caller's transaction). */
export function rebuildAllDerivedTables(db: Db): void {
  for (const { id } of db.prepare<[], { id: number }>('SELECT id FROM snapshots ORDER BY id').all())
    rebuildDerivedTables(db, id);
}
