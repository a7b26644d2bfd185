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

export class OwnerGroups {
  private readonly groups = new Map<string, OwnerGroup>();

  count(kind: RecordKind, ownerId: string | null, issue: string | null, rawOwner: string, owner: OwnerRecord | undefined, accountOwnerId: string | null): void {
    const folded = ownerId === null ? nameKey(rawOwner) : '';
    const key = `${kind}\u0000${ownerId ?? ''}\u0000${issue ?? ''}\u0000${folded}\u0000${accountOwnerId ?? ''}`;
    const group = this.groups.get(key);
    if (group) group.records++;
    else
      this.groups.set(key, {
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
    return [...this.groups.values()];
  }
}
