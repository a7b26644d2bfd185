/**
 * Records that name their owner only by a value several owners share (two users called "Chris
 * Lee", as HubSpot exports owners by display name): counted at load by value and kind, so the load
 * can say which names no one can tell apart.
 */
import { nameKey, type OwnerDirectory } from '../../records/directory.js';
import type { FileKind } from '../../records/model.js';
import { detached } from '../../records/detached.js';

export interface AmbiguousOwner {
  /** The owner value as the first record wrote it (trimmed). */
  owner: string;
  /** The owners it fits, by id. */
  matches: { id: string; name: string; email: string }[];
  /** Records naming it, by kind. */
  records: Partial<Record<FileKind, number>>;
}

interface Entry {
  owner: string;
  records: Partial<Record<FileKind, number>>;
}

export class AmbiguousOwners {
  /** By folded value (as names compare). */
  private readonly byKey = new Map<string, Entry>();
  /** By value as written: most records write one, so it is folded once. */
  private readonly byRaw = new Map<string, Entry>();

  constructor(private readonly owners: OwnerDirectory) {}

  add(kind: FileKind, owner: string): void {
    let entry = this.byRaw.get(owner);
    if (!entry) {
      const key = nameKey(owner);
      entry = this.byKey.get(key);
      if (!entry) this.byKey.set(detached(key), (entry = { owner: detached(owner.trim()), records: {} }));
      this.byRaw.set(detached(owner), entry);
    }
    entry.records[kind] = (entry.records[kind] ?? 0) + 1;
  }

  /** Most records first, then by value. */
  list(): AmbiguousOwner[] {
    const total = (entry: Entry) => Object.values(entry.records).reduce((sum, n) => sum + n!, 0);
    return [...this.byKey.values()]
      .map(({ owner, records }) => ({
        owner,
        matches: this.owners.matches(owner).map(({ id, name, email }) => ({ id, name, email })),
        // Files are read kind by kind in the registry's order: so are the counts.
        records,
      }))
      .sort((a, b) => total(b) - total(a) || (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
  }
}
