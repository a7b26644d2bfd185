/** `crm-owners report --out FILE`: the monthly report, one self-contained HTML file. */
import type { Command } from 'commander';
import { auditFindings, runAudit } from '../audit/runAudit.js';
import { writeFindings } from '../report/findingsCsv.js';
import { formatCount } from '../report/format.js';
import { readPlan } from '../report/html/reportData.js';
import { writeMonthlyReport } from '../report/monthlyReport.js';
import { refuseClobbering } from '../output/outputPaths.js';
import { openDatabase } from '../store/database.js';
import { auditOptionsOf } from './audit.js';
import { contextOf } from './context.js';

interface ReportFlags {
  out: string;
  snapshot?: string;
  rules?: string;
  plan?: string;
  findings?: string;
}

export function defineReport(program: Command): void {
  program
    .command('report')
    .summary('the monthly report: one HTML file for people who do not run the tool')
    .description(
      "Write the monthly ownership report as one self-contained HTML file (no scripts, no network, charts as inline SVG; readable on a phone, in print and in dark mode): coverage and verdict, the coverage trend over all snapshots, findings by check, owners' loads against capacity, territories × owners (with --rules), ownership changes since the snapshot before, a plan's before/after loads (with --plan), and the first findings. Audit settings (placeholders, capacity, gates) come from the config file.",
    )
    .requiredOption('--out <file>', 'the HTML file to write')
    .option('--snapshot <n>', 'report on this snapshot (default: the latest)')
    .option('--rules <file>', 'territory rules (CSV or XLSX): territory checks and the territories × owners table')
    .option('--plan <dir>', "a plan's folder: its owners' loads before and after")
    .option('--findings <file>', 'also write every finding to this CSV file, which the report names')
    .addHelpText('after', '\nExamples:\n  crm-owners report --out 2026-11.html\n  crm-owners report --rules territories.csv --plan plans/2026-11 --findings findings.csv --out 2026-11.html')
    .action(async (flags: ReportFlags, cmd: Command) => {
      const context = contextOf(cmd);
      refuseClobbering(
        context.dbPath,
        { files: { '--out': flags.out, '--findings': flags.findings } },
        { '--rules': flags.rules ?? (context.config.rules as string | undefined), '--plan': flags.plan, '--config': context.config.path },
      );
      const options = await auditOptionsOf({ snapshot: flags.snapshot, rules: flags.rules }, context);
      const plan = flags.plan === undefined ? undefined : readPlan(flags.plan);
      const db = openDatabase(context.dbPath, 'read');
      try {
        const progress = context.terminal.progress('Auditing…');
        try {
          const result = runAudit(db, options);
          if (flags.findings) {
            const count = writeFindings(flags.findings, auditFindings(result));
            context.terminal.info(`Findings: ${formatCount(count)} records → ${flags.findings}`);
          }
          writeMonthlyReport(flags.out, result, { placeholderOwners: options.placeholderOwners, plan, findingsFile: flags.findings });
        } finally {
          progress.stop();
        }
        context.terminal.info(`Report → ${flags.out}`);
      } finally {
        db.close();
      }
    });
}
