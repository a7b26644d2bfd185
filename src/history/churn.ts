/**
 * `churn`: records whose owner changed again and again over a run of snapshots. Each pair of
 * consecutive snapshots is compared as `diff` compares them (ownerChanges), and each record's
 * owners are followed through the run. A record that goes back to an owner it had before
 * (A → B → A) ping-pongs.
 */
import { UsageError } from '../errors.js';
import type { RecordKind } from '../records/model.js';
import type { Db } from '../store/database.js';
import { snapshotsUpTo, type SnapshotInfo } from '../store/snapshots.js';
import { byCodePoint, changeOf, ownerChanges, ownerKey } from './diff.js';

export interface ChurnOptions {
  /** The first snapshot of the run (`--since N`). */
  since?: number;
  /** The run is the last K snapshots (`--last K`); all of them by default. */
  last?: number;
  /** The last snapshot of the run (default: the latest). */
  until?: number;
  /** Records listed: those whose owner changed at least this often. */
  minChanges: number;
  /** A record's territory, when territory rules are given. */
  territoryOf?: (kind: RecordKind, id: string) => string | null;
}

export interface ChurnOwner {
  id: string | null;
  /** The owner's name, or the value of an owner that resolves to no one ('' for no owner). */
  name: string;
}

export interface ChurnRecord {
  kind: RecordKind;
  recordId: string;
  recordName: string;
  changes: number;
  /** Its owners in order: the owner at the start of the run, then each new one. */
  owners: ChurnOwner[];
  /** It went back to an owner it had before. */
  pingPong: boolean;
  territory?: string | null;
}

/** Records handed over to and from one owner across the run. */
export interface OwnerHandovers extends ChurnOwner {
  gained: number;
  lost: number;
  /** Listed records it held at some point in the run. */
  churning: number;
}

export interface TerritoryHandovers {
  territory: string | null;
  handovers: number;
  /** Listed records of the territory. */
  churning: number;
}

export interface ChurnResult {
  snapshots: Pick<SnapshotInfo, 'id' | 'label' | 'loadedAt' | 'asOf'>[];
  minChanges: number;
  /** Every owner change in the run, and the records that had at least one. */
  counts: { handovers: number; records: number; churning: number; pingPong: number };
  /** Most changes first, then kind and id. */
  records: ChurnRecord[];
  /** Most handovers first. */
  owners: OwnerHandovers[];
  /** With territory rules: most handovers first. */
  territories?: TerritoryHandovers[];
}

/** The run of snapshots the options name, oldest first. */
export function churnSnapshots(db: Db, options: Pick<ChurnOptions, 'since' | 'last' | 'until'>): SnapshotInfo[] {
  if (options.since !== undefined && options.last !== undefined)
    throw new UsageError('--since and --last both say where to start: give one of them');
  if (options.last !== undefined && options.last < 2)
    throw new UsageError(`--last takes 2 or more snapshots, got ${options.last}`);
  // In timeline order (by as-of date): `--since N` starts the run at snapshot N's place in it.
  const all = snapshotsUpTo(db, options.until);
  const start = options.since === undefined ? 0 : all.findIndex((s) => s.id === options.since);
  if (start < 0) throw new UsageError(`${db.name}: no snapshot ${options.since}`, 'crm-owners snapshots lists them');
  const run =
    options.since !== undefined ? all.slice(start) : options.last !== undefined ? all.slice(-options.last) : all;
  if (run.length < 2) {
    throw new UsageError(
      `${db.name}: churn needs two snapshots or more, and there ${run.length === 1 ? 'is only 1' : 'are none'} in the run`,
      'load a later export first, or start the run earlier (--since N)',
    );
  }
  return run;
}

interface Followed {
  kind: RecordKind;
  recordId: string;
  recordName: string;
  keys: string[];
  owners: ChurnOwner[];
}

function isPingPong(keys: string[]): boolean {
  return new Set(keys).size < keys.length;
}

export function churn(db: Db, options: ChurnOptions): ChurnResult {
  const snapshots = churnSnapshots(db, options);
  const followed = new Map<string, Followed>();
  const owners = new Map<string, OwnerHandovers>();
  const territories = new Map<string | null, TerritoryHandovers>();
  let handovers = 0;
  const ownerEntry = (key: string, owner: ChurnOwner) => {
    let entry = owners.get(key);
    if (!entry) owners.set(key, (entry = { ...owner, gained: 0, lost: 0, churning: 0 }));
    return entry;
  };
  const territoryEntry = (territory: string | null) => {
    let entry = territories.get(territory);
    if (!entry) territories.set(territory, (entry = { territory, handovers: 0, churning: 0 }));
    return entry;
  };

  for (let i = 1; i < snapshots.length; i++) {
    for (const row of ownerChanges(db, snapshots[i - 1].id, snapshots[i].id)) {
      handovers++;
      const change = changeOf(row);
      const oldKey = ownerKey(row.oldOwnerId, row.oldRaw, row.oldIssue);
      const newKey = ownerKey(row.newOwnerId, row.newRaw, row.newIssue);
      const oldOwner = { id: row.oldOwnerId, name: oldKey === 'raw:' ? '' : change.oldOwnerName };
      const newOwner = { id: row.newOwnerId, name: newKey === 'raw:' ? '' : change.newOwnerName };
      ownerEntry(oldKey, oldOwner).lost++;
      ownerEntry(newKey, newOwner).gained++;
      const recordKey = `${row.kind}\u0000${row.recordId}`;
      let record = followed.get(recordKey);
      if (!record)
        followed.set(
          recordKey,
          (record = {
            kind: row.kind,
            recordId: row.recordId,
            recordName: row.recordName,
            keys: [oldKey],
            owners: [oldOwner],
          }),
        );
      record.recordName = row.recordName;
      record.keys.push(newKey);
      record.owners.push(newOwner);
    }
  }

  const records: ChurnRecord[] = [];
  for (const record of followed.values()) {
    const territory = options.territoryOf?.(record.kind, record.recordId);
    const changes = record.keys.length - 1;
    if (options.territoryOf) territoryEntry(territory ?? null).handovers += changes;
    if (changes < options.minChanges) continue;
    records.push({
      kind: record.kind,
      recordId: record.recordId,
      recordName: record.recordName,
      changes,
      owners: record.owners,
      pingPong: isPingPong(record.keys),
      ...(options.territoryOf ? { territory: territory ?? null } : {}),
    });
    for (const key of new Set(record.keys)) owners.get(key)!.churning++;
    if (options.territoryOf) territoryEntry(territory ?? null).churning++;
  }
  records.sort((a, b) => b.changes - a.changes || byCodePoint(a.kind, b.kind) || byCodePoint(a.recordId, b.recordId));
  const busiest = (a: { handovers: number }, b: { handovers: number }) => b.handovers - a.handovers;
  return {
    snapshots: snapshots.map(({ id, label, loadedAt, asOf }) => ({ id, label, loadedAt, asOf })),
    minChanges: options.minChanges,
    counts: {
      handovers,
      records: followed.size,
      churning: records.length,
      pingPong: records.filter((r) => r.pingPong).length,
    },
    records,
    owners: [...owners.values()].sort(
      (a, b) =>
        b.gained + b.lost - (a.gained + a.lost) ||
        b.churning - a.churning ||
        byCodePoint(a.name, b.name) ||
        byCodePoint(a.id ?? '', b.id ?? ''),
    ),
    ...(options.territoryOf
      ? {
          territories: [...territories.values()].sort(
            (a, b) =>
              busiest(a, b) || b.churning - a.churning || byCodePoint(a.territory ?? '\uffff', b.territory ?? '\uffff'),
          ),
        }
      : {}),
  };
}
