/**
 * `history --owner OWNER`: what one owner held, gained and lost, snapshot by snapshot. Loads come
 * from the owner groups; gains and losses from the ownership changes between consecutive snapshots,
 * found as `diff` finds them (see handoversOf).
 */
import { UsageError } from '../errors.js';
import { nameKey } from '../records/directory.js';
import type { OwnerRecord, RecordKind } from '../records/model.js';
import type { Db } from '../store/database.js';
import { ownerDirectory, snapshotOwners } from '../store/owners.js';
import { findOwnerArgument } from '../options/ownerArgument.js';
import { listSnapshots, type SnapshotInfo } from '../store/snapshots.js';
import { byCodePoint, changeOf, ownerChanges, rawOwnerKey } from './diff.js';

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
  snapshot: Pick<SnapshotInfo, 'id' | 'label' | 'loadedAt' | 'asOf'>;
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

/**
 * The owner's loads in every snapshot, in one pass over the owner groups (they have no index, and
 * can be a million rows). Unresolved values that may name the owner (a leaver) count too: they are
 * grouped by their name key (see records/ownerGroups.ts).
 */
const GROUPS_SQL = `
SELECT snapshot_id AS snapshot, kind, sum(records) AS n FROM owner_groups
WHERE owner_id = @owner OR (owner_id IS NULL AND owner IN (SELECT value FROM json_each(@names)))
GROUP BY snapshot_id, kind ORDER BY snapshot_id, kind`;

function loadsOf(db: Db, owner: OwnerRecord): Map<number, Partial<Record<RecordKind, number>>> {
  const loads = new Map<number, Partial<Record<RecordKind, number>>>();
  const names = JSON.stringify(ownerReferences(owner).map(nameKey));
  for (const row of db
    .prepare<{ owner: string; names: string }, { snapshot: number; kind: RecordKind; n: number }>(GROUPS_SQL)
    .all({ owner: owner.id, names })) {
    loads.set(row.snapshot, { ...loads.get(row.snapshot), [row.kind]: row.n });
  }
  return loads;
}

const byRecord = (a: Handover, b: Handover) => byCodePoint(a.kind, b.kind) || byCodePoint(a.recordId, b.recordId);

/**
 * The records handed to and from the owner between two snapshots: the ownership changes `diff`
 * finds (ownerChanges), where the owner before or after is this one, by its id or by a value that
 * names it but resolved to no one (a leaver).
 */
function handoversOf(db: Db, owner: OwnerRecord, from: number, to: number): { gained: Handover[]; lost: Handover[] } {
  const keys = new Set(ownerReferences(owner).map(rawOwnerKey));
  const isOwner = (id: string | null, raw: string, issue: string | null) =>
    id ? id === owner.id : issue !== 'empty' && keys.has(rawOwnerKey(raw));
  const gained: Handover[] = [];
  const lost: Handover[] = [];
  for (const row of ownerChanges(db, from, to)) {
    const change = changeOf(row);
    const record = { kind: row.kind, recordId: row.recordId, recordName: row.recordName };
    if (isOwner(row.newOwnerId, row.newRaw, row.newIssue))
      gained.push({ ...record, otherOwnerId: row.oldOwnerId, otherOwnerName: change.oldOwnerName });
    if (isOwner(row.oldOwnerId, row.oldRaw, row.oldIssue))
      lost.push({ ...record, otherOwnerId: row.newOwnerId, otherOwnerName: change.newOwnerName });
  }
  return { gained: gained.sort(byRecord), lost: lost.sort(byRecord) };
}

/** The values a record's owner cell may hold for this owner: its id (and a Salesforce id's 15-character form), email and name. */
function ownerReferences(owner: OwnerRecord): string[] {
  const salesforce15 = /^[a-zA-Z0-9]{18}$/.test(owner.id) ? [owner.id.slice(0, 15)] : [];
  return [owner.id, ...salesforce15, owner.email, owner.name].filter((value) => value !== '');
}

/** The owner a reference names: in the latest snapshot that has it, so a leaver is found too. */
function findOwner(db: Db, ref: string, snapshots: SnapshotInfo[]): OwnerRecord {
  for (const snapshot of [...snapshots].reverse()) {
    const owners = snapshotOwners(db, snapshot.id);
    const found = findOwnerArgument(ownerDirectory(owners), '--owner', ref, ` in snapshot ${snapshot.id}`);
    if (found.ownerId) return owners.find((o) => o.id === found.ownerId)!;
  }
  throw new UsageError(
    `--owner "${ref}": no such owner in any snapshot's users export`,
    'give an owner id, email or name (crm-owners owners lists them)',
  );
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
  const loads = loadsOf(db, owner);
  const entries = snapshots.map((snapshot, i): OwnerSnapshot => {
    const self = snapshotOwners(db, snapshot.id).find((o) => o.id === owner.id);
    const handovers = i === 0 ? { gained: [], lost: [] } : handoversOf(db, owner, snapshots[i - 1].id, snapshot.id);
    return {
      snapshot: { id: snapshot.id, label: snapshot.label, loadedAt: snapshot.loadedAt, asOf: snapshot.asOf },
      state: standingOf(self, options.placeholders(snapshot.id)),
      loads: loads.get(snapshot.id) ?? {},
      ...handovers,
    };
  });
  return { owner: { id: owner.id, name: owner.name, email: owner.email }, snapshots: entries };
}
