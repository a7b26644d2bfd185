/** `audit --format json`: the `crm-owners/audit@1` document scripts and baselines rely on. */
import type { AuditResult } from '../audit/runAudit.js';
import { listedKinds, type RecordKind } from '../kinds/registry.js';
import { notCheckedText } from '../audit/gate.js';
import { NO_OWNERS_FILE } from './loadSummary.js';

/** What the report says above its checks: what makes the checks less than they seem. */
export function auditWarnings(result: AuditResult): string[] {
  return [
    ...(result.ownersFile ? [] : [NO_OWNERS_FILE]),
    ...result.notes,
    ...result.checks.filter((row) => row.status === 'not-checked').map(notCheckedText),
    ...(result.gate.notes ?? []),
  ];
}

/** Open records of every record kind the snapshot counts (0 where it has none). */
function openCounts(result: AuditResult): Partial<Record<RecordKind, number>> {
  return Object.fromEntries(
    listedKinds(result.snapshot.counts)
      .filter((kind) => kind in result.snapshot.counts)
      .map((kind) => [kind, result.open[kind] ?? 0]),
  );
}

export const AUDIT_SCHEMA = 'crm-owners/audit@1';

export function auditJson(result: AuditResult) {
  const { snapshot, gate } = result;
  return {
    schema: AUDIT_SCHEMA,
    // `counts`: records loaded; `open`: those the checks' totals and percentages count (closed and converted ones left out).
    snapshot: {
      id: snapshot.id,
      label: snapshot.label,
      loadedAt: snapshot.loadedAt,
      asOf: snapshot.asOf,
      counts: snapshot.counts,
      open: openCounts(result),
    },
    warnings: auditWarnings(result),
    coverage: result.coverage,
    // `reason` only on rows with status "not-checked" (their count and percent are 0: nothing was looked at).
    checks: result.checks.map(({ check, kind, count, total, percent, status, reason }) => ({
      check,
      kind,
      count,
      total,
      percent,
      status,
      ...(reason !== undefined && { reason }),
    })),
    // Amounts are exact decimal strings ("1250075.10"): JSON numbers would round large sums.
    pipeline: result.pipeline,
    // `overdue`: open tasks past due, by kind, where the snapshot has tasks with due dates.
    owners: result.owners.map(({ id, name, email, active, type, placeholder, loads, capacity, overdue }) => ({
      id,
      name,
      email,
      active,
      type,
      placeholder,
      loads,
      capacity,
      ...(overdue && { overdue }),
    })),
    gate: {
      passed: gate.passed,
      reasons: gate.reasons,
      baseline: gate.baseline
        ? { coverage: gate.baseline.coverage, drop: gate.baseline.drop, source: gate.baseline.source }
        : null,
    },
  };
}
