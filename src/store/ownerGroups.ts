/**
 * The `owner_groups` summary of a snapshot (see schema.ts), counted while records stream past.
 */
import { nameKey } from '../ingest/directory.js';
import type { OwnerRecord, RecordKind } from '../ingest/model.js';
import type { Db } from './database.js';

interface Group {
  kind: RecordKind;
  ownerId: string | null;
  issue: string | null;
  owner: string;
  active: number | null;
  type: string | null;
  accountOwnerId: string | null;
  records: number;
}

export class OwnerGroups {
  private readonly groups = new Map<string, Group>();

  /** Counts one record. `rawOwner` is the owner value when it resolved to no owner, else ''. */
  count(kind: RecordKind, ownerId: string | null, issue: string | null, rawOwner: string, owner: OwnerRecord | undefined, accountOwnerId: string | null): void {
    const folded = rawOwner === '' ? '' : nameKey(rawOwner);
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

  save(db: Db, snapshot: number): void {
    const insert = db.prepare(
      'INSERT INTO owner_groups (snapshot_id, kind, owner_id, owner_issue, owner, owner_active, owner_type, account_owner_id, records) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const g of this.groups.values()) insert.run(snapshot, g.kind, g.ownerId, g.issue, g.owner, g.active, g.type, g.accountOwnerId, g.records);
  }
}
