/**
 * Follow-up by owner: the open activities (tasks, events) each owner holds, how many tasks are past
 * due, next to the records they hold — a leaver's open tasks are work nobody will do. Shared by the
 * table, Markdown and HTML reports.
 */
import type { AuditResult, OwnerSummary } from '../audit/runAudit.js';
import { kindRole } from '../kinds/registry.js';
import type { RecordKind } from '../records/model.js';

export interface FollowUpRow {
  owner: OwnerSummary;
  /** What the owner is: active, inactive, system, queue or placeholder. */
  status: string;
  /** Open records proper (accounts, contacts, ...) held. */
  records: number;
  /** Open activities by kind. */
  open: Partial<Record<RecordKind, number>>;
  /** Open tasks past due (all activity kinds with due dates). */
  overdue: number;
}

export interface FollowUp {
  /** The snapshot's activity kinds, in report order. */
  kinds: RecordKind[];
  /** Owners holding an open activity: overdue first, then inactive ones, then by open activities. */
  rows: FollowUpRow[];
}

function statusOf(owner: OwnerSummary): string {
  if (owner.placeholder) return 'placeholder';
  if (!owner.active) return 'inactive';
  return owner.type === 'user' ? 'active' : owner.type;
}

export function followUp(result: AuditResult, limit = 10): FollowUp {
  const kinds = result.kinds.filter((kind) => kindRole(kind) === 'activity');
  const recordKinds = result.kinds.filter((kind) => kindRole(kind) === 'record');
  const rows = result.owners
    .map((owner): FollowUpRow => ({
      owner,
      status: statusOf(owner),
      records: recordKinds.reduce((sum, kind) => sum + (owner.loads[kind] ?? 0), 0),
      open: Object.fromEntries(kinds.map((kind) => [kind, owner.loads[kind] ?? 0])),
      overdue: Object.values(owner.overdue ?? {}).reduce((sum, n) => sum + (n ?? 0), 0),
    }))
    .filter((row) => kinds.some((kind) => (row.open[kind] ?? 0) > 0))
    .map((row) => ({ row, total: kinds.reduce((sum, kind) => sum + (row.open[kind] ?? 0), 0) }))
    .sort(
      (a, b) =>
        b.row.overdue - a.row.overdue ||
        Number(b.row.status !== 'active') - Number(a.row.status !== 'active') ||
        b.total - a.total ||
        a.row.owner.id.localeCompare(b.row.owner.id),
    )
    .slice(0, limit)
    .map(({ row }) => row);
  return { kinds, rows };
}
