/** `report --out FILE` and `audit --report FILE`: the monthly report, written atomically. */
import type { AuditResult } from '../audit/runAudit.js';
import { writeFileAtomic } from '../output/atomicFile.js';
import { gatherReport, type ReportOptions } from './html/reportData.js';
import { reportHtml } from './html/reportHtml.js';

export function writeMonthlyReport(file: string, result: AuditResult, options: ReportOptions): void {
  writeFileAtomic(file, reportHtml(gatherReport(result, options)));
}
