/**
 * The `owner_groups` summary of a snapshot (see store/schema.ts), counted by the reader while records
 * stream past: records of a kind counted by owner, owner state and account owner.
 */
import { nameKey } from './directory.js';
import { detached } from './detached.js';
import type { RecordKind } from './model.js';

export interface OwnerGroup {
  kind: RecordKind;
  ownerId: string | null;
  issue: string | null;
  /** The folded owner value when it resolves to no owner, else ''. */
  owner: string;
  active: number | null;
  type: string | null;
  accountOwnerId: string | null;
  records: number;
}

/**
 * Called once per record, so keyed by values that already exist — kind, owner id, account owner
 * id, the very strings of the owner directory, whose hashes are known — in nested maps: building a
 * key string per record would cost more than the counting.
 */
export class OwnerGroups {
  private readonly groups = new Map<RecordKind, Map<string, Map<string, OwnerGroup>>>();

  count(
    kind: RecordKind,
    ownerId: string | null,
    issue: string | null,
    rawOwner: string,
    active: number | null,
    type: string | null,
    accountOwnerId: string | null,
    records = 1,
  ): void {
    let byOwner = this.groups.get(kind);
    if (!byOwner) this.groups.set(kind, (byOwner = new Map()));
    // Resolved owners are keyed by id; the rare unresolved values by issue and folded value.
    const folded = ownerId === null ? detached(nameKey(rawOwner)) : '';
    const ownerKey = ownerId ?? `\u0000${issue ?? ''}\u0000${folded}`;
    let byAccountOwner = byOwner.get(ownerKey);
    if (!byAccountOwner) byOwner.set(ownerKey, (byAccountOwner = new Map()));
    const group = byAccountOwner.get(accountOwnerId ?? '');
    if (group) group.records += records;
    else
      byAccountOwner.set(accountOwnerId ?? '', {
        kind,
        ownerId,
        issue,
        owner: folded,
        active,
        type,
        accountOwnerId,
        records,
      });
  }

  list(): OwnerGroup[] {
    return [...this.groups.values()].flatMap((byOwner) =>
      [...byOwner.values()].flatMap((byAccountOwner) => [...byAccountOwner.values()]),
    );
  }
}
