/**
 * `history --owner OWNER`: what one owner held, gained and lost, snapshot by snapshot. Loads come
 * from the owner groups; gains and losses from the owner's records in each snapshot (see Holdings).
 */
import { UsageError } from '../errors.js';
import { nameKey } from '../ingest/directory.js';
import type { OwnerRecord, RecordKind } from '../ingest/model.js';
import { ensureIndexes, type Db } from '../store/database.js';
import { ownerDirectory, snapshotOwners } from '../store/owners.js';
import { listSnapshots, type SnapshotInfo } from '../store/snapshots.js';
import { byCodePoint, rawOwnerKey, sameOwner, storedOwner } from './diff.js';

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

/** How a snapshot's record is held by the owner: by resolving to it, or by a raw value naming it. */
type Holding = { kind: RecordKind; id: string; via: string };

interface RecordRow {
  name: string;
  owner: string;
  ownerId: string | null;
  issue: string | null;
}

// The owner's records of a snapshot come from the (snapshot, owner, kind, id) index alone.
const HELD_SQL = 'SELECT kind, id FROM records WHERE snapshot_id = ? AND owner_id = ?';
const UNRESOLVED_SQL = 'SELECT kind, id, owner FROM records WHERE snapshot_id = ? AND owner_id IS NULL';
const RECORD_SQL = 'SELECT name, owner, owner_id AS ownerId, owner_issue AS issue FROM records WHERE snapshot_id = ? AND kind = ? AND id = ?';
const OWNER_NAME_SQL = 'SELECT name FROM owners WHERE snapshot_id = ? AND id = ?';

/**
 * The owner's loads in every snapshot, and whether unresolved owner values may name it, in one pass
 * over the owner groups (they have no index, and can be a million rows). Unresolved values are
 * grouped by their name key (see ingest/ownerGroups.ts).
 */
const GROUPS_SQL = `
SELECT snapshot_id AS snapshot, kind, owner_id IS NULL AS unresolved, sum(records) AS n FROM owner_groups
WHERE owner_id = @owner OR (owner_id IS NULL AND owner IN (SELECT value FROM json_each(@names)))
GROUP BY snapshot_id, kind, owner_id IS NULL ORDER BY snapshot_id, kind`;

interface GroupSums {
  loads: Map<number, Partial<Record<RecordKind, number>>>;
  /** Snapshots where a value that resolved to no owner may name this one. */
  named: Set<number>;
}

function groupSums(db: Db, owner: OwnerRecord): GroupSums {
  const sums: GroupSums = { loads: new Map(), named: new Set() };
  const names = JSON.stringify(ownerReferences(owner).map(nameKey));
  for (const row of db.prepare(GROUPS_SQL).all({ owner: owner.id, names }) as { snapshot: number; kind: RecordKind; unresolved: number; n: number }[]) {
    const loads = sums.loads.get(row.snapshot) ?? {};
    loads[row.kind] = (loads[row.kind] ?? 0) + row.n;
    sums.loads.set(row.snapshot, loads);
    if (row.unresolved) sums.named.add(row.snapshot);
  }
  return sums;
}

const byRecord = (a: Handover, b: Handover) => byCodePoint(a.kind, b.kind) || byCodePoint(a.recordId, b.recordId);

/**
 * Gains and losses by comparing the records the owner held in two snapshots: only a record held in
 * one and not the other (or held through another value) can have changed hands, and only those
 * are read, to be judged by sameOwner() as `diff` judges them. The owner's records come from an
 * index; the records whose owner resolved to no one are read only in snapshots where one of their
 * values may name the owner (a leaver), which the owner groups tell.
 */
class Holdings {
  private readonly held;
  private readonly unresolved;
  private readonly record;
  private readonly ownerName;
  private readonly keys: Set<string>;

  constructor(db: Db, private readonly owner: OwnerRecord, private readonly named: Set<number>) {
    this.held = db.prepare(HELD_SQL);
    this.unresolved = db.prepare(UNRESOLVED_SQL);
    this.record = db.prepare(RECORD_SQL);
    this.ownerName = db.prepare(OWNER_NAME_SQL).pluck();
    this.keys = new Set(ownerReferences(owner).map(rawOwnerKey));
  }

  /** The records the owner holds in a snapshot, by kind and id. */
  of(snapshot: number): Map<string, Holding> {
    const holdings = new Map<string, Holding>();
    for (const row of this.held.all(snapshot, this.owner.id) as { kind: RecordKind; id: string }[]) holdings.set(`${row.kind}\u0000${row.id}`, { ...row, via: 'id' });
    if (this.named.has(snapshot)) {
      for (const row of this.unresolved.iterate(snapshot) as IterableIterator<{ kind: RecordKind; id: string; owner: string }>) {
        const key = rawOwnerKey(row.owner);
        if (this.keys.has(key)) holdings.set(`${row.kind}\u0000${row.id}`, { kind: row.kind, id: row.id, via: `raw:${key}` });
      }
    }
    return holdings;
  }

  /** Records held in `mine` that had (or got) another owner in `other`; `current` names them. */
  handovers(mine: { id: number; holdings: Map<string, Holding> }, other: { id: number; holdings: Map<string, Holding> }, current: number): Handover[] {
    const handovers: Handover[] = [];
    for (const [key, holding] of mine.holdings) {
      if (other.holdings.get(key)?.via === holding.via) continue;
      const theirs = this.record.get(other.id, holding.kind, holding.id) as RecordRow | undefined;
      if (!theirs) continue;
      const ours = this.record.get(mine.id, holding.kind, holding.id) as RecordRow;
      if (sameOwner(storedOwner(ours), storedOwner(theirs))) continue;
      const otherName = theirs.ownerId ? (this.ownerName.get(other.id, theirs.ownerId) as string | undefined) : undefined;
      handovers.push({
        kind: holding.kind,
        recordId: holding.id,
        recordName: (current === mine.id ? ours : theirs).name,
        otherOwnerId: theirs.ownerId,
        otherOwnerName: theirs.ownerId ? otherName || theirs.ownerId : theirs.owner.trim(),
      });
    }
    return handovers.sort(byRecord);
  }
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
  const sums = groupSums(db, owner);
  const holdings = new Holdings(db, owner, sums.named);

  let before: { id: number; holdings: Map<string, Holding> } | undefined;
  const entries = snapshots.map((snapshot): OwnerSnapshot => {
    const now = { id: snapshot.id, holdings: holdings.of(snapshot.id) };
    const self = snapshotOwners(db, snapshot.id).find((o) => o.id === owner.id);
    const entry: OwnerSnapshot = {
      snapshot: { id: snapshot.id, label: snapshot.label, loadedAt: snapshot.loadedAt },
      state: standingOf(self, options.placeholders(snapshot.id)),
      loads: sums.loads.get(snapshot.id) ?? {},
      gained: before ? holdings.handovers(now, before, now.id) : [],
      lost: before ? holdings.handovers(before, now, now.id) : [],
    };
    before = now;
    return entry;
  });
  return { owner: { id: owner.id, name: owner.name, email: owner.email }, snapshots: entries };
}
