/**
 * The `owner_groups` summary of a snapshot (see store/schema.ts), counted while records stream past:
 * records of a kind counted by owner, owner state and account owner.
 */
import { nameKey } from './directory.js';
import type { OwnerRecord, RecordKind } from './model.js';

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

/** Called once per record: nested maps keyed by the values themselves, so no key string is built. */
export class OwnerGroups {
  private readonly groups = new Map<string, Map<string, OwnerGroup>>();

  count(kind: RecordKind, ownerId: string | null, issue: string | null, rawOwner: string, owner: OwnerRecord | undefined, accountOwnerId: string | null): void {
    const folded = ownerId === null ? nameKey(rawOwner) : '';
    // Resolved owners are keyed by id; the rare unresolved values by issue and folded value.
    const ownerKey = ownerId ?? `\u0000${kind}\u0000${issue ?? ''}\u0000${folded}`;
    const kindKey = ownerId === null ? '' : kind;
    let byAccountOwner = this.groups.get(ownerKey);
    if (!byAccountOwner) this.groups.set(ownerKey, (byAccountOwner = new Map()));
    const key = kindKey + (accountOwnerId ?? '');
    const group = byAccountOwner.get(key);
    if (group) group.records++;
    else
      byAccountOwner.set(key, {
        kind,
        ownerId,
        issue,
        owner: folded,
        active: owner ? (owner.active ? 1 : 0) : null,
        type: owner?.type ?? null,
        accountOwnerId,
        records: 1,
      });
  }

  list(): OwnerGroup[] {
    return [...this.groups.values()].flatMap((byAccountOwner) => [...byAccountOwner.values()]);
  }
}
