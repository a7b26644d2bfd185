/**
 * `load --explain`: how each file was identified and read, for people (stderr, like the load's
 * summary): the CRM and object decided, the evidence, the runner-up, the column of each canonical
 * field and the closed rule; then each file skipped, with its reason.
 */
import type { LoadResult } from '../load/loadSnapshot.js';

export function explainLines(result: Pick<LoadResult, 'files' | 'skipped'>): string[] {
  const lines: string[] = [];
  for (const file of result.files) {
    const { identity } = file;
    lines.push(`${file.path}: ${identity.preset} ${file.kind}${identity.object ? ` (${identity.object})` : ''}`);
    lines.push(`  evidence: ${identity.evidence.join('; ') || 'none needed'}`);
    if (identity.runnerUp) lines.push(`  runner-up: ${identity.runnerUp}`);
    lines.push(
      `  columns: ${Object.entries(identity.columns)
        .map(([field, header]) => `${field} ← ${header}`)
        .join(', ')}`,
    );
    if (identity.closedRule) lines.push(`  closed when: ${identity.closedRule}`);
    if (identity.systemUsers) lines.push(`  system users: ${identity.systemUsers}`);
  }
  for (const file of result.skipped) {
    const read = file.preset ? ` [${file.preset}${file.evidence?.length ? `: ${file.evidence.join('; ')}` : ''}]` : '';
    lines.push(`${file.path}: skipped${file.object ? ` (${file.object})` : ''}: ${file.reason}${read}`);
  }
  return lines;
}
