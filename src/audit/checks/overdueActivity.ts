/**
 * overdue-activity: an open activity with a due date (tasks) due before the snapshot's as-of date,
 * less config `overdueDays` of grace. A due date that is no date says nothing: the task is skipped.
 */
import { kindHas, kindRole } from '../../kinds/registry.js';
import type { Check } from '../check.js';
import type { AuditContext } from '../context.js';

/** The day before which an open task is overdue, as an SQL literal: built from a number and a date, never from user text. */
export function overdueCutoff(context: AuditContext): string {
  const asOf = new Date(context.snapshot.asOf);
  const days = context.settings.overdueDays ?? 0;
  return `'${new Date(asOf.getTime() - days * 86_400_000).toISOString().slice(0, 10)}'`;
}

/** The condition over `records r`, shared with the per-owner counts. */
export function overdueCondition(context: AuditContext): string {
  const due = `json_extract(r.details, '$.due_date')`;
  return `(${due} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND ${due} < ${overdueCutoff(context)})`;
}

export const overdueActivity: Check = {
  id: 'overdue-activity',
  applies: (kind) => kindRole(kind) === 'activity' && kindHas(kind, 'due_date'),
  perRecord: true,
  // Without a due-date column no task can be overdue: the check does not run.
  needs: ['due_date'],
  condition: overdueCondition,
  detail: `'due ' || json_extract(r.details, '$.due_date')`,
};
