/** `crm-owners report --out FILE`: the monthly report, one self-contained HTML file. */
import type { Command } from 'commander';
import { auditFindings, auditSnapshot } from '../audit/runAudit.js';
import { findingsLine, writeFindings } from '../report/findingsCsv.js';
import { gatherReport } from '../monthly/reportData.js';
import { readPlanSummary } from '../plan/planSummary.js';
import { writeMonthlyReport } from '../report/monthlyReport.js';
import { addCommandOptions } from '../options/commander.js';
import { refuseClobbering } from '../output/outputPaths.js';
import { declareReporters } from '../output/reporters.js';
import { auditOptionsOf } from './audit.js';
import { contextOf, withDatabase } from './context.js';

export function defineReport(program: Command): void {
  const command = program
    .command('report')
    .summary('the monthly report: one HTML file for people who do not run the tool')
    .description(
      "Write the monthly ownership report as one self-contained HTML file (no scripts, no network, charts as inline SVG; readable on a phone, in print and in dark mode): coverage and verdict, the coverage trend over all snapshots, findings by check, owners' loads against capacity, territories × owners (with --rules), ownership changes since the snapshot before, a plan's before/after loads (with --plan), and the first findings. Audit settings (placeholders, capacity, gates) come from the config file.",
    )
    .addHelpText(
      'after',
      '\nExamples:\n  crm-owners report --out 2026-11.html\n  crm-owners report --rules territories.csv --plan plans/2026-11 --findings findings.csv --out 2026-11.html',
    );
  // It writes a file and prints no data: no format but the default.
  declareReporters(command, { table: () => {} });
  addCommandOptions(command, 'report').action(async (_flags: unknown, cmd: Command) => {
    const context = contextOf(cmd);
    const flags = { out: context.options.reportFile!, findings: context.options.findings, plan: context.options.plan };
    refuseClobbering(
      context.dbPath,
      { files: { '--out': flags.out, '--findings': flags.findings } },
      { '--rules': context.options.rules, '--plan': flags.plan, '--config': context.config.path },
    );
    const options = await auditOptionsOf(context);
    const plan = flags.plan === undefined ? undefined : readPlanSummary(flags.plan);
    await withDatabase(context, 'read', (db) => {
      const progress = context.terminal.progress('Auditing…');
      try {
        const session = auditSnapshot(db, options);
        let written: string | undefined;
        if (flags.findings) {
          progress.update('Writing the findings…');
          written = findingsLine(writeFindings(flags.findings, auditFindings(session)), flags.findings);
        }
        progress.update('Writing the report…');
        writeMonthlyReport(
          flags.out,
          gatherReport(session, { placeholderOwners: options.placeholderOwners, plan, findingsFile: flags.findings }),
        );
        progress.stop();
        if (written) context.terminal.info(written);
      } finally {
        progress.stop();
      }
      context.terminal.info(`Report → ${flags.out}`);
    });
  });
}
