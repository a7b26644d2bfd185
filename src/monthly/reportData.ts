/**
 * What the monthly report shows, gathered from an audit and the database: the coverage trend over
 * the snapshots up to the audited one, the churn since the snapshot before it, territories × owners
 * with --rules, a plan's before/after loads with --plan, and the first findings. The report's
 * numbers are the audit's own, so they equal `audit --json` for the same snapshot and flags.
 */
import { conditionOf, type Finding } from '../audit/check.js';
import { territoryConflict } from '../audit/checks/territoryConflict.js';
import { coverageCounts, coveragePercent } from '../audit/coverage.js';
import { auditFindings, type AuditResult, type AuditSession } from '../audit/runAudit.js';
import { territoryLookup } from '../audit/territories.js';
import { churn, type ChurnResult } from '../history/churn.js';
import { recordHistories } from '../history/recordHistory.js';
import type { RecordKind } from '../records/model.js';
import type { PlanSummary } from '../plan/planSummary.js';
import { CHURN_ROWS, REPORT_FINDINGS } from '../report/html/limits.js';
import { placeholdersBySnapshot } from '../store/owners.js';
import { snapshotsUpTo, type SnapshotInfo } from '../store/snapshots.js';

export interface TrendPoint {
  snapshot: Pick<SnapshotInfo, 'id' | 'label' | 'loadedAt' | 'asOf'>;
  coverage: { overall: number } & Partial<Record<RecordKind, number>>;
}

export interface MatrixCell {
  territory: string | null;
  ownerId: string | null;
  records: number;
  /** Records counted by territory-conflict. */
  conflicts: number;
}

export interface MonthlyReport {
  audit: AuditResult;
  trend: TrendPoint[];
  /** Owner changes since the snapshot before (none for the first snapshot). */
  churn?: ChurnResult;
  /** The listed records' owner changes over every snapshot up to this one, by kind and id. */
  repeated: Record<string, { changes: number; pingPong: boolean }>;
  matrix?: MatrixCell[];
  plan?: PlanSummary;
  findings: { first: Finding[]; total: number; file?: string };
}

export interface ReportOptions {
  placeholderOwners: string[];
  /** A plan's summary (plan/planSummary.ts), read before the audit runs. */
  plan?: PlanSummary;
  /** The findings CSV written beside the report, named in it. */
  findingsFile?: string;
}

function coverageTrend({ result, context }: AuditSession, placeholderOwners: string[]): TrendPoint[] {
  const { db } = context;
  const placeholders = placeholdersBySnapshot(db, placeholderOwners);
  // The timeline (by as-of date) up to the audited snapshot: back-filled exports take their place in it.
  return snapshotsUpTo(db, result.snapshot.id).map((s) => ({
    snapshot: { id: s.id, label: s.label, loadedAt: s.loadedAt, asOf: s.asOf },
    coverage:
      s.id === result.snapshot.id
        ? result.coverage
        : coveragePercent(coverageCounts(db, s.id, [...placeholders(s.id)])),
  }));
}

/** Records per territory and owner, and how many of them territory-conflict counts. */
function territoryMatrix(context: AuditSession['context']): MatrixCell[] {
  const conflict = conditionOf(territoryConflict, context);
  const cells = new Map<string, MatrixCell>();
  for (const kind of context.kinds) {
    const rows = context.db
      .prepare<[], MatrixCell>(
        `SELECT t.territory AS territory, r.owner_id AS ownerId, count(*) AS records, sum(CASE WHEN ${conflict} THEN 1 ELSE 0 END) AS conflicts
         FROM records r JOIN temp.record_territory t ON t.kind = r.kind AND t.id = r.id
         WHERE ${context.inKind(kind)} GROUP BY t.territory, r.owner_id`,
      )
      .all();
    for (const row of rows) {
      const key = JSON.stringify([row.territory, row.ownerId]);
      const cell = cells.get(key);
      if (cell) {
        cell.records += row.records;
        cell.conflicts += row.conflicts;
      } else cells.set(key, row);
    }
  }
  return [...cells.values()];
}

function firstFindings(session: AuditSession): Finding[] {
  const first: Finding[] = [];
  for (const finding of auditFindings(session)) {
    first.push(finding);
    if (first.length === REPORT_FINDINGS) break;
  }
  return first;
}

export function gatherReport(session: AuditSession, options: ReportOptions): MonthlyReport {
  const { result, context } = session;
  const territoryOf = context.settings.rules ? territoryLookup(context) : undefined;
  const until = result.snapshot.id;
  const changes = result.previous ? churn(context.db, { until, last: 2, minChanges: 1, territoryOf }) : undefined;
  const placeholders = placeholdersBySnapshot(context.db, options.placeholderOwners);
  // Each listed record's changes so far, over every snapshot up to this one: read together.
  const listed = (changes?.records.slice(0, CHURN_ROWS) ?? []).map((r) => ({ kind: r.kind, id: r.recordId }));
  // A record, not a Map: the report is plain data (keys are kind NUL id, never a prototype's name).
  const repeated: MonthlyReport['repeated'] = {};
  for (const [key, history] of recordHistories(context.db, listed, { placeholders, until }))
    repeated[key] = { changes: history.changes, pingPong: history.pingPong };
  return {
    audit: result,
    trend: coverageTrend(session, options.placeholderOwners),
    churn: changes,
    repeated,
    matrix: context.settings.rules ? territoryMatrix(context) : undefined,
    plan: options.plan,
    findings: {
      first: firstFindings(session),
      total: result.checks.reduce((sum, row) => sum + row.count, 0),
      file: options.findingsFile,
    },
  };
}
