/** A snapshot's owners, read back for resolving references (placeholders, rules, --to). */
import { OwnerDirectory } from '../records/directory.js';
import type { OwnerRecord, RecordKind } from '../records/model.js';
import type { Db } from './database.js';
import { readStoredJson } from './storedJson.js';

interface OwnerRow {
  id: string;
  name: string;
  email: string;
  active: number;
  type: OwnerRecord['type'];
  territories: string;
  team: string;
  capacity: string;
}

export function snapshotOwners(db: Db, snapshot: number): OwnerRecord[] {
  const rows = db
    .prepare<[number], OwnerRow>(
      'SELECT id, name, email, active, type, territories, team, capacity FROM owners WHERE snapshot_id = ? ORDER BY id',
    )
    .all(snapshot);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    active: row.active === 1,
    type: row.type,
    territories: readStoredJson<string[]>(db, 'owners.territories', snapshot, row.territories),
    team: row.team,
    capacity: readStoredJson<Partial<Record<RecordKind, number>>>(db, 'owners.capacity', snapshot, row.capacity),
  }));
}

export function ownerDirectory(owners: OwnerRecord[]): OwnerDirectory {
  const directory = new OwnerDirectory();
  for (const owner of owners) directory.add(owner);
  return directory;
}

/** The owner ids that configured placeholder references (ids, emails or names) resolve to. */
export function placeholderIds(directory: OwnerDirectory, refs: string[]): string[] {
  return refs.map((ref) => directory.find(ref).ownerId).filter((id): id is string => id !== undefined);
}

/** The placeholder owner ids of each snapshot, each snapshot's owners read once. */
export function placeholdersBySnapshot(db: Db, refs: string[]): (snapshot: number) => Set<string> {
  const cache = new Map<number, Set<string>>();
  return (snapshot) => {
    let ids = cache.get(snapshot);
    if (!ids)
      cache.set(
        snapshot,
        (ids = new Set(refs.length === 0 ? [] : placeholderIds(ownerDirectory(snapshotOwners(db, snapshot)), refs))),
      );
    return ids;
  };
}
