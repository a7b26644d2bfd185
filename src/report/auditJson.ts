/** `audit --format json`: the `crm-owners/audit@1` document scripts and baselines rely on. */
import type { AuditResult } from '../audit/runAudit.js';
import { NO_OWNERS_FILE } from './loadSummary.js';

/** What the report says above its checks: what makes the checks less than they seem. */
export function auditWarnings(result: AuditResult): string[] {
  return result.ownersFile ? [] : [NO_OWNERS_FILE];
}

export const AUDIT_SCHEMA = 'crm-owners/audit@1';

export function auditJson(result: AuditResult) {
  const { snapshot, gate } = result;
  return {
    schema: AUDIT_SCHEMA,
    snapshot: { id: snapshot.id, label: snapshot.label, loadedAt: snapshot.loadedAt, asOf: snapshot.asOf, counts: snapshot.counts },
    warnings: auditWarnings(result),
    coverage: result.coverage,
    checks: result.checks.map(({ check, kind, count, total, percent, status }) => ({ check, kind, count, total, percent, status })),
    owners: result.owners.map(({ id, name, email, active, type, placeholder, loads, capacity }) => ({ id, name, email, active, type, placeholder, loads, capacity })),
    gate: {
      passed: gate.passed,
      reasons: gate.reasons,
      baseline: gate.baseline ? { coverage: gate.baseline.coverage, drop: gate.baseline.drop, source: gate.baseline.source } : null,
    },
  };
}
