/** The audit's verdict in words, one wording for every text format (table, Markdown). */
import type { AuditResult } from '../audit/runAudit.js';

export interface Verdict {
  word: 'PASS' | 'FAIL';
  /** Said after the word: a pass with checks that warned is a pass "with warnings only". */
  note?: 'warnings only';
}

export function auditVerdict(result: AuditResult): Verdict {
  if (!result.gate.passed) return { word: 'FAIL' };
  return result.checks.some((r) => r.status === 'warn') ? { word: 'PASS', note: 'warnings only' } : { word: 'PASS' };
}
