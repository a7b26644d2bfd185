/**
 * `verify`: was a plan applied? Each plan row is checked against a (later) snapshot: the record's
 * owner there is the planned one (`applied`), still the old one (`not-applied`), someone else
 * (`changed-elsewhere`), or the record is gone (`missing`).
 */
import { sameOwner, type OwnerRef } from '../history/diff.js';
import type { OwnerDirectory } from '../records/directory.js';
import { RECORD_KINDS, type RecordKind } from '../records/model.js';
import type { Db } from '../store/database.js';
import { ownerDirectory, snapshotOwners } from '../store/owners.js';
import { inKind, kindRanges } from '../store/ranges.js';
import { getSnapshot, type SnapshotInfo } from '../store/snapshots.js';
import { ownerReference, type CrmName } from './crmFormat.js';
import type { PlanFolder } from './planFiles.js';
import { AmountTally, amountOf, PIPELINE_KIND, scaleOf, type Amount, type Pipeline } from '../audit/pipeline.js';
import { addDecimal } from '../money.js';

export const VERIFY_STATUSES = ['applied', 'not-applied', 'changed-elsewhere', 'missing'] as const;
export type VerifyStatus = (typeof VERIFY_STATUSES)[number];
export type StatusCounts = Record<VerifyStatus, number>;

export interface VerifyRow {
  kind: RecordKind;
  recordId: string;
  /** The record's name in the snapshot verified, else in the plan's snapshot (a missing record); null when neither has it. */
  recordName: string | null;
  /** The plan's new owner, as the import file gives it. */
  expectedOwner: string;
  /** The owner before the plan, as the rollback file gives it. */
  previousOwner: string;
  /** The record's owner in the snapshot, in the plan's terms (id, or email for HubSpot); null when the record is missing. */
  actualOwner: string | null;
  /** The names of those owners in the snapshot verified, where it has them (null otherwise). */
  expectedName: string | null;
  previousName: string | null;
  actualName: string | null;
  status: VerifyStatus;
}

export interface VerifyResult {
  plan: PlanFolder;
  snapshot: SnapshotInfo;
  total: number;
  counts: StatusCounts;
  /** Kinds the plan has rows for, in kind order. */
  byKind: { kind: RecordKind; counts: StatusCounts }[];
  /** Every row that is not applied, in plan order. */
  rows: VerifyRow[];
  /** The plan's opportunities open in the snapshot verified: their amounts per currency, planned and applied. */
  pipeline: VerifyPipeline;
}

export interface VerifyPipeline {
  /** Largest planned amount first; currency null where the export names none. */
  currencies: { currency: string | null; planned: Amount; applied: Amount }[];
  withoutAmount: number;
  unreadable: Pipeline['unreadable'];
}

/** The planned and applied amounts, per currency. */
function verifyPipeline(tally: AmountTally<'planned' | 'applied'>): VerifyPipeline {
  const currencies = tally.currencies().map(({ currency, byKey }) => {
    const applied = byKey.get('applied');
    const notApplied = byKey.get('planned');
    const planned =
      applied && notApplied
        ? {
            opportunities: applied.opportunities + notApplied.opportunities,
            sum: addDecimal(applied.sum, notApplied.sum),
          }
        : (applied ?? notApplied);
    const scale = scaleOf(byKey.values());
    return { currency, planned: amountOf(planned, scale), applied: amountOf(applied, scale) };
  });
  return { currencies, withoutAmount: tally.withoutAmount, unreadable: tally.unreadable };
}

export function emptyCounts(): StatusCounts {
  return { applied: 0, 'not-applied': 0, 'changed-elsewhere': 0, missing: 0 };
}

/** The name of the owner a plan's reference (or a record's owner id) names in the snapshot verified. */
function nameOf(owners: OwnerDirectory, id: string | null | undefined): string | null {
  return (id && owners.get(id)?.name) || null;
}

/** A plan's owner reference, resolved against the snapshot verified. */
function planRef(owners: OwnerDirectory, ref: string): OwnerRef {
  const found = owners.find(ref);
  return { id: found.ownerId, raw: ref, empty: found.issue === 'empty' };
}

interface RecordOwner {
  name: string;
  owner: string;
  owner_id: string | null;
  owner_issue: string | null;
  closed: number;
  amount: unknown;
  currency: unknown;
}

/** The record's owner written the way the plan's import file writes owners. */
function inPlanTerms(record: RecordOwner, owners: OwnerDirectory, crm: CrmName): string {
  const owner = record.owner_id ? owners.get(record.owner_id) : undefined;
  return owner ? ownerReference(crm, owner) : (record.owner_id ?? record.owner);
}

const recordKey = (kind: string, id: string) => `${kind}\n${id}`;

/**
 * The snapshot's records the plan names, by kind and id: the plan's keys go into a TEMP table and
 * each kind's records are scanned against it once (the records table has no index by id, and the
 * database is only read).
 */
function plannedRecords(
  db: Db,
  rows: readonly { kind: RecordKind; recordId: string }[],
  snapshot: number,
): Map<string, RecordOwner> {
  db.exec(
    'DROP TABLE IF EXISTS temp.verify_keys; CREATE TEMP TABLE verify_keys (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID',
  );
  const insert = db.prepare('INSERT OR IGNORE INTO temp.verify_keys (kind, id) VALUES (?, ?)');
  db.transaction(() => {
    for (const row of rows) insert.run(row.kind, row.recordId);
  })();
  const ranges = kindRanges(db, snapshot);
  const found = new Map<string, RecordOwner>();
  for (const kind of RECORD_KINDS) {
    const sql = `SELECT r.id, r.name, r.owner, r.owner_id, r.owner_issue, r.closed, json_extract(r.details, '$.amount') AS amount, json_extract(r.details, '$.currency') AS currency FROM records r JOIN temp.verify_keys k ON k.kind = r.kind AND k.id = r.id WHERE ${inKind(ranges, kind)}`;
    for (const row of db.prepare<[], RecordOwner & { id: string }>(sql).iterate())
      found.set(recordKey(kind, row.id), row);
  }
  db.exec('DROP TABLE temp.verify_keys');
  return found;
}

/** A record gone from the snapshot verified is named as the plan's snapshot had it, when the database still has that snapshot. */
function nameMissingRecords(db: Db, planSnapshot: number, rows: VerifyRow[]): void {
  const missing = rows.filter((row) => row.status === 'missing');
  if (missing.length === 0 || !hasSnapshot(db, planSnapshot)) return;
  const before = plannedRecords(db, missing, planSnapshot);
  for (const row of missing) row.recordName = before.get(recordKey(row.kind, row.recordId))?.name ?? null;
}

function hasSnapshot(db: Db, id: number): boolean {
  return db.prepare<[number], { id: number }>('SELECT id FROM snapshots WHERE id = ?').get(id) !== undefined;
}

/**
 * The snapshot's members of the teams the plan changes: by kind, record and user (its resolved id
 * or the value as exported), and by member id (with its user).
 */
function teamMembers(db: Db, plan: PlanFolder, snapshot: number): { byUser: Set<string>; byId: Map<string, string> } {
  const byUser = new Set<string>();
  const byId = new Map<string, string>();
  const ranges = kindRanges(db, snapshot);
  for (const kind of new Set(plan.teams.map((t) => t.kind))) {
    const sql = `SELECT r.id, r.account_id AS parent, r.owner, r.owner_id FROM records r WHERE ${inKind(ranges, kind)}`;
    for (const row of db
      .prepare<[], { id: string; parent: string | null; owner: string; owner_id: string | null }>(sql)
      .iterate()) {
      const user = row.owner_id ?? row.owner;
      byUser.add(`${kind}\n${row.parent}\n${user}`);
      byId.set(`${kind}\n${row.id}`, user);
    }
  }
  return { byUser, byId };
}

/** Checks every row of `plan` against snapshot `snapshotId` (default: the latest). */
export function verifyPlan(db: Db, plan: PlanFolder, snapshotId?: number): VerifyResult {
  const snapshot = getSnapshot(db, snapshotId);
  // Owner references resolve against the snapshot verified: ids may be new, names may have changed.
  const owners = ownerDirectory(snapshotOwners(db, snapshot.id));
  const records = plannedRecords(db, plan.rows, snapshot.id);

  const counts = emptyCounts();
  const perKind = new Map<RecordKind, StatusCounts>();
  const rows: VerifyRow[] = [];
  // Applied amounts under 'applied', the rest of the planned ones under 'planned' (summed up after).
  const amounts = new AmountTally<'planned' | 'applied'>();
  for (const row of plan.rows) {
    const record = records.get(recordKey(row.kind, row.recordId));
    let status: VerifyStatus = 'missing';
    if (record) {
      const actual: OwnerRef = { id: record.owner_id, raw: record.owner, empty: record.owner_issue === 'empty' };
      if (sameOwner(actual, planRef(owners, row.newOwner))) status = 'applied';
      else if (sameOwner(actual, planRef(owners, row.oldOwner))) status = 'not-applied';
      else status = 'changed-elsewhere';
      if (row.kind === PIPELINE_KIND && record.closed === 0)
        amounts.add(status === 'applied' ? 'applied' : 'planned', record.amount, record.currency, 1, row.recordId);
    }
    counts[status]++;
    if (!perKind.has(row.kind)) perKind.set(row.kind, emptyCounts());
    perKind.get(row.kind)![status]++;
    if (status !== 'applied') {
      rows.push({
        kind: row.kind,
        recordId: row.recordId,
        recordName: record ? record.name : null,
        expectedOwner: row.newOwner,
        previousOwner: row.oldOwner,
        actualOwner: record ? inPlanTerms(record, owners, plan.crm) : null,
        expectedName: nameOf(owners, owners.find(row.newOwner).ownerId),
        previousName: nameOf(owners, owners.find(row.oldOwner).ownerId),
        actualName: nameOf(owners, record?.owner_id),
        status,
      });
    }
  }
  // Team changes: an inserted member is applied once the record's team has the new owner, a deleted one once its id is gone.
  const members = teamMembers(db, plan, snapshot.id);
  for (const team of plan.teams) {
    const status: VerifyStatus =
      team.action === 'insert'
        ? members.byUser.has(`${team.kind}\n${team.parentId}\n${team.userId}`)
          ? 'applied'
          : 'not-applied'
        : members.byId.has(`${team.kind}\n${team.memberId}`)
          ? 'not-applied'
          : 'applied';
    counts[status]++;
    if (!perKind.has(team.kind)) perKind.set(team.kind, emptyCounts());
    perKind.get(team.kind)![status]++;
    if (status === 'applied') continue;
    const still = team.action === 'delete' ? members.byId.get(`${team.kind}\n${team.memberId}`) : undefined;
    rows.push({
      kind: team.kind,
      // An insert is about the record whose team it is; a delete about the member.
      recordId: team.action === 'insert' ? team.parentId : team.memberId,
      recordName: null,
      expectedOwner: team.action === 'insert' ? team.userId : '',
      previousOwner: still ?? '',
      actualOwner: team.action === 'insert' ? null : (still ?? null),
      expectedName: team.action === 'insert' ? nameOf(owners, team.userId) : null,
      previousName: nameOf(owners, still),
      actualName: nameOf(owners, still),
      status,
    });
  }
  nameMissingRecords(db, plan.snapshot, rows);
  const byKind = RECORD_KINDS.filter((kind) => perKind.has(kind)).map((kind) => ({ kind, counts: perKind.get(kind)! }));
  return {
    plan,
    snapshot,
    total: plan.rows.length + plan.teams.length,
    counts,
    byKind,
    rows,
    pipeline: verifyPipeline(amounts),
  };
}
