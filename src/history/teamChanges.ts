/**
 * Team changes between two snapshots: members added to and removed from each record's team (account
 * and opportunity teams). A seat is a record and a member; the membership row's own id says nothing
 * (a member removed and added again gets a new one), so seats are compared by record and member.
 * Team files are small beside records: each side's seats are read into memory.
 */
import type { RecordKind } from '../records/model.js';
import { kindSpec, kindsOfRole } from '../kinds/registry.js';
import type { Db } from '../store/database.js';
import { inKind, kindRanges } from '../store/ranges.js';
import type { SnapshotInfo } from '../store/snapshots.js';
import { byCodePoint, ownerKey, type DiffResult } from './diff.js';

export interface TeamChange {
  kind: RecordKind;
  change: 'added' | 'removed';
  /** The record whose team it is (empty when the team file named a record not in the snapshot). */
  recordId: string;
  recordName: string;
  /** The member: a resolved user by id and name, else the value as exported. */
  memberId: string | null;
  memberName: string;
  role: string;
}

interface Seat {
  recordId: string;
  memberId: string | null;
  memberName: string;
  role: string;
}

function seats(db: Db, snapshot: SnapshotInfo, kind: RecordKind): Map<string, Seat> {
  const rows = db
    .prepare<
      [number],
      {
        account_id: string | null;
        owner_id: string | null;
        owner: string;
        owner_issue: string | null;
        member_name: string | null;
        role: string | null;
      }
    >(
      `SELECT r.account_id, r.owner_id, r.owner, r.owner_issue, o.name AS member_name, json_extract(r.details, '$.role') AS role
         FROM records r LEFT JOIN owners o ON o.snapshot_id = ? AND o.id = r.owner_id
        WHERE ${inKind(kindRanges(db, snapshot.id), kind)}`,
    )
    .all(snapshot.id);
  const byKey = new Map<string, Seat>();
  for (const row of rows) {
    const recordId = row.account_id ?? '';
    const key = `${recordId}\u0000${ownerKey(row.owner_id, row.owner, row.owner_issue)}`;
    if (!byKey.has(key))
      byKey.set(key, {
        recordId,
        memberId: row.owner_id,
        memberName: row.owner_id ? row.member_name || row.owner_id : row.owner.trim(),
        role: row.role ?? '',
      });
  }
  return byKey;
}

/** The names of the records of `kind` among `ids`, in one pass over the snapshot's range of the kind. */
function recordNames(db: Db, snapshot: SnapshotInfo, kind: RecordKind, ids: ReadonlySet<string>): Map<string, string> {
  const names = new Map<string, string>();
  if (ids.size === 0) return names;
  for (const row of db
    .prepare<[], { id: string; name: string }>(
      `SELECT r.id, r.name FROM records r WHERE ${inKind(kindRanges(db, snapshot.id), kind)}`,
    )
    .iterate()) {
    if (ids.has(row.id)) names.set(row.id, row.name);
  }
  return names;
}

/** Whether either snapshot holds team members: only then does a diff speak of teams. */
export function hasTeams(from: SnapshotInfo, to: SnapshotInfo): boolean {
  return kindsOfRole('membership').some((kind) => (from.counts[kind] ?? 0) + (to.counts[kind] ?? 0) > 0);
}

/** Seats added and removed, by kind, record and member. */
export function teamChanges(db: Db, from: SnapshotInfo, to: SnapshotInfo): TeamChange[] {
  const changes: TeamChange[] = [];
  for (const kind of kindsOfRole('membership')) {
    if ((from.counts[kind] ?? 0) + (to.counts[kind] ?? 0) === 0) continue;
    const before = seats(db, from, kind);
    const after = seats(db, to, kind);
    const found: [TeamChange['change'], Seat][] = [
      ...[...after]
        .filter(([key]) => !before.has(key))
        .map(([, seat]) => ['added', seat] as [TeamChange['change'], Seat]),
      ...[...before]
        .filter(([key]) => !after.has(key))
        .map(([, seat]) => ['removed', seat] as [TeamChange['change'], Seat]),
    ];
    const parent = kindSpec(kind).parents![0]!;
    const ids = new Set(found.map(([, seat]) => seat.recordId).filter(Boolean));
    const names = new Map([...recordNames(db, from, parent, ids), ...recordNames(db, to, parent, ids)]);
    for (const [change, seat] of found)
      changes.push({ kind, change, ...seat, recordName: names.get(seat.recordId) ?? '' });
  }
  const order = (c: TeamChange) =>
    [c.kind, c.recordId, c.change === 'removed' ? '0' : '1', c.memberName, c.memberId ?? ''].join('\u0000');
  return changes.sort((a, b) => byCodePoint(order(a), order(b)));
}

/** A diff with its team changes, when either snapshot has team members. */
export function withTeams(db: Db, result: DiffResult): DiffResult {
  return hasTeams(result.from, result.to) ? { ...result, teams: teamChanges(db, result.from, result.to) } : result;
}
