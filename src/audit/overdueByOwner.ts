/**
 * Open activities past their due date, per owner and kind (the overdue-activity check's condition):
 * what `owners` and the report show next to the records each owner holds.
 */
import type { RecordKind } from '../records/model.js';
import { conditionOf, missingField } from './check.js';
import { overdueActivity } from './checks/overdueActivity.js';
import type { AuditContext } from './context.js';

/** The snapshot's kinds that have due dates (tasks), when a file of theirs has the column. */
export function overdueKinds(context: AuditContext): RecordKind[] {
  return context.kinds.filter(
    (kind) => overdueActivity.applies(kind, context) && missingField(overdueActivity, context, kind) === undefined,
  );
}

/** For each kind with due dates: open activities past due, by owner id. */
export function overdueByOwner(context: AuditContext): Map<RecordKind, Map<string, number>> {
  const result = new Map<RecordKind, Map<string, number>>();
  for (const kind of overdueKinds(context)) {
    const condition = conditionOf(overdueActivity, context, kind);
    const rows = context.db
      .prepare<[], { owner_id: string; n: number }>(
        `SELECT r.owner_id, count(*) AS n FROM records r WHERE ${context.inKind(kind)} AND r.owner_id IS NOT NULL AND ${condition} GROUP BY r.owner_id`,
      )
      .all();
    result.set(kind, new Map(rows.map((row) => [row.owner_id, row.n])));
  }
  return result;
}
