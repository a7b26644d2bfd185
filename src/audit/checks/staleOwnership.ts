/**
 * stale-ownership (with staleDays): an owned record (active, non-placeholder owner) whose last
 * activity is older than N days before the snapshot's as-of date (when its exports were taken), or empty. A last activity that is
 * no date (stored behind `?`, see ingest/values/values.ts) says nothing either way: the record is skipped.
 */
import { kindRole } from '../../kinds/registry.js';
import type { Check } from '../check.js';
import type { AuditContext } from '../context.js';

/** The cutoff date as an SQL literal: built from a number and a date, never from user text. */
function cutoff(context: AuditContext): string {
  const asOf = new Date(context.snapshot.asOf);
  const days = context.settings.staleDays ?? 0;
  return `'${new Date(asOf.getTime() - days * 86_400_000).toISOString().slice(0, 10)}'`;
}

export const staleOwnership: Check = {
  id: 'stale-ownership',
  applies: (kind, context) => context.settings.staleDays !== undefined && kindRole(kind) === 'record',
  perRecord: true,
  // Without a last-activity column every record would look stale: the check does not run.
  needs: ['last_activity'],
  condition: (context) =>
    `(${context.sql.covered} AND r.last_activity NOT LIKE '?%' AND (r.last_activity = '' OR r.last_activity < ${cutoff(context)}))`,
  detail: `CASE WHEN r.last_activity = '' THEN 'no activity recorded' ELSE 'last activity ' || r.last_activity END`,
};
