/**
 * `doctor`'s check of the derived tables (see derivedTables.ts): each snapshot's `record_ranges`,
 * `owner_groups` and `shared_email_records` against what its records say. A summary that does not
 * match makes every audit, plan and diff of that snapshot wrong without any error.
 */
import type { Db } from './database.js';
import { keyRangesOf, ownerGroupsOf, sharedEmailKeysOf } from './derivedTables.js';

const n = (value: number) => value.toLocaleString('en-US');

function rangeProblems(db: Db, snapshot: number): string[] {
  const stored = db
    .prepare<[number], { kind: string; first: number; last: number }>(
      'SELECT kind, first_key AS first, last_key AS last FROM record_ranges WHERE snapshot_id = ?',
    )
    .all(snapshot);
  const expected = new Map(keyRangesOf(db, snapshot).map((range) => [range.kind as string, range]));
  const inside = db.prepare<[number, number], { n: number }>(
    'SELECT count(*) AS n FROM records WHERE key BETWEEN ? AND ?',
  );
  const problems: string[] = [];
  for (const range of stored) {
    const records = expected.get(range.kind);
    expected.delete(range.kind);
    if (!records) {
      problems.push(
        `record_ranges has ${range.kind} (keys ${range.first}–${range.last}), but the snapshot holds no ${range.kind}`,
      );
    } else if (records.first < range.first || records.last > range.last) {
      problems.push(
        `${range.kind} lie at keys ${records.first}–${records.last}, outside record_ranges' ${range.first}–${range.last}`,
      );
    } else {
      const found = inside.get(range.first, range.last)!.n;
      if (found !== records.records)
        problems.push(
          `keys ${range.first}–${range.last} (record_ranges' ${range.kind}) hold ${n(found - records.records)} records of another snapshot or kind`,
        );
    }
  }
  for (const missing of expected.values())
    problems.push(
      `${n(missing.records)} ${missing.kind} (keys ${missing.first}–${missing.last}) have no row in record_ranges`,
    );
  return problems;
}

function groupProblems(db: Db, snapshot: number): string[] {
  type Row = {
    kind: string;
    owner_id: string | null;
    owner_issue: string | null;
    owner: string;
    owner_active: number | null;
    owner_type: string | null;
    account_owner_id: string | null;
    records: number;
  };
  const key = (r: Omit<Row, 'records'>) =>
    JSON.stringify([r.kind, r.owner_id, r.owner_issue, r.owner, r.owner_active, r.owner_type, r.account_owner_id]);
  const stored = new Map<string, number>();
  const storedByKind = new Map<string, number>();
  for (const row of db.prepare<[number], Row>('SELECT * FROM owner_groups WHERE snapshot_id = ?').all(snapshot)) {
    stored.set(key(row), (stored.get(key(row)) ?? 0) + row.records);
    storedByKind.set(row.kind, (storedByKind.get(row.kind) ?? 0) + row.records);
  }
  const countedByKind = new Map<string, number>();
  let differ = 0;
  for (const g of ownerGroupsOf(db, snapshot)) {
    countedByKind.set(g.kind, (countedByKind.get(g.kind) ?? 0) + g.records);
    const k = key({
      kind: g.kind,
      owner_id: g.ownerId,
      owner_issue: g.issue,
      owner: g.owner,
      owner_active: g.active,
      owner_type: g.type,
      account_owner_id: g.accountOwnerId,
    });
    if (stored.get(k) !== g.records) differ++;
    stored.delete(k);
  }
  differ += stored.size;
  const problems: string[] = [];
  for (const kind of new Set([...storedByKind.keys(), ...countedByKind.keys()])) {
    const said = storedByKind.get(kind) ?? 0;
    const found = countedByKind.get(kind) ?? 0;
    if (said !== found) problems.push(`owner_groups sum to ${n(said)} open ${kind}, the records hold ${n(found)}`);
  }
  if (problems.length === 0 && differ > 0)
    problems.push(`${n(differ)} owner_groups rows do not match the records' owners`);
  return problems;
}

function sharedEmailProblems(db: Db, snapshot: number): string[] {
  const dangling = db
    .prepare<[number], { n: number }>(
      `SELECT count(*) AS n FROM shared_email_records s
        WHERE s.snapshot_id = ? AND NOT EXISTS (SELECT 1 FROM records r WHERE r.key = s.record_key AND r.snapshot_id = s.snapshot_id AND r.kind = s.kind)`,
    )
    .get(snapshot)!.n;
  const stored = new Set(
    db
      .prepare<[number], [string, number]>('SELECT kind, record_key FROM shared_email_records WHERE snapshot_id = ?')
      .raw()
      .all(snapshot)
      .map(([kind, k]) => `${kind}:${k}`),
  );
  const missing = sharedEmailKeysOf(db, snapshot).filter((s) => !stored.has(`${s.kind}:${s.key}`)).length;
  const problems: string[] = [];
  if (dangling > 0)
    problems.push(`${n(dangling)} shared_email_records keys point at no record of their snapshot and kind`);
  if (missing > 0)
    problems.push(`${n(missing)} records share their email address but are missing from shared_email_records`);
  return problems;
}

/** What is wrong with the derived tables, per snapshot ("snapshot 2: …"); empty when they match. */
export function derivedTableProblems(db: Db): string[] {
  const snapshots = db.prepare<[], { id: number }>('SELECT id FROM snapshots ORDER BY id').all();
  return snapshots.flatMap(({ id }) =>
    [...rangeProblems(db, id), ...groupProblems(db, id), ...sharedEmailProblems(db, id)].map(
      (problem) => `snapshot ${id}: ${problem}`,
    ),
  );
}
