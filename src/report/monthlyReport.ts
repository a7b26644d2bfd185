/** `report --out FILE` and `audit --report FILE`: the monthly report, rendered from its gathered data and written atomically. */
import type { MonthlyReport } from '../monthly/reportData.js';
import { writeFileAtomic } from '../output/atomicFile.js';
import { reportHtml } from './html/reportHtml.js';

export function writeMonthlyReport(file: string, report: MonthlyReport): void {
  writeFileAtomic(file, reportHtml(report));
}
