/** Plans are stored with the snapshot they were computed from. */
import { BatchInsert } from './batchInsert.js';
import type { Db } from './database.js';

export interface StoredPlanRow {
  kind: string;
  recordId: string;
  oldOwner: string;
  oldOwnerId: string | null;
  newOwnerId: string | null;
  reason: string;
  territory: string | null;
}

export function savePlan(
  db: Db,
  plan: {
    snapshot: number;
    command: string;
    options: unknown;
    outDir: string;
    createdAt: string;
    rows: Iterable<StoredPlanRow>;
  },
): number {
  const id = Number(
    db
      .prepare('INSERT INTO plans (snapshot_id, created_at, command, options, out_dir) VALUES (?, ?, ?, ?, ?)')
      .run(plan.snapshot, plan.createdAt, plan.command, JSON.stringify(plan.options), plan.outDir).lastInsertRowid,
  );
  // A plan may move a hundred thousand records: many rows per statement.
  const insert = new BatchInsert(db, 'plan_rows', { plan_id: id }, [
    'kind',
    'record_id',
    'old_owner',
    'old_owner_id',
    'new_owner_id',
    'reason',
    'territory',
    'placed',
  ]);
  for (const row of plan.rows)
    insert.addRow([
      row.kind,
      row.recordId,
      row.oldOwner,
      row.oldOwnerId,
      row.newOwnerId,
      row.reason,
      row.territory,
      row.newOwnerId === null ? 0 : 1,
    ]);
  insert.flush();
  return id;
}
