/** `crm-owners audit [FILE...]`: checks, coverage and the CI gate on a snapshot. */
import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { giveVerdict } from './verdict.js';
import { parseThreshold, refuseGatesOnChecksNotRun } from '../audit/gate.js';
import { auditFindings, auditSnapshot, type AuditOptions, type AuditResult } from '../audit/runAudit.js';
import { addCommandOptions } from '../options/commander.js';
import { writeFileAtomic } from '../output/atomicFile.js';
import { refuseClobbering } from '../output/outputPaths.js';
import { declareReporters, report } from '../output/reporters.js';
import { auditJson } from '../report/auditJson.js';
import { auditMarkdown } from '../report/auditMarkdown.js';
import { auditTable } from '../report/auditTable.js';
import { findingsLine, writeFindings } from '../report/findingsCsv.js';
import { findingsByOwnerLine, writeFindingsByOwner } from '../report/findingsByOwner.js';
import { recordChildKinds, PARENT_KIND } from '../kinds/registry.js';
import type { SkippedFile } from '../load/filePlan.js';
import { discardIfNew, openDatabase } from '../store/database.js';
import { contextOf, type Context } from './context.js';
import { kindsAmong, loadRules } from './flags.js';
import { loadOptionsOf, loadPaths, snapshotOfOutcome, wantsLoad } from '../load/loadRun.js';
import { reportLoaded, runLoadIfChanged } from './loading.js';

export async function auditOptionsOf({ options }: Context): Promise<AuditOptions> {
  const audit: AuditOptions = {
    snapshot: options.snapshot,
    rules: await loadRules(options.rules),
    checks: options.checks,
    minCoverage: options.minCoverage,
    maxDrop: options.maxDrop,
    baseline: options.baseline,
    failOn: (options.failOn ?? []).map(parseThreshold),
    staleDays: options.staleDays,
    overdueDays: options.overdueDays,
    defaultCapacity: options.defaultCapacity,
    placeholderOwners: options.placeholderOwners ?? [],
    mismatchKinds:
      options.mismatchKinds && kindsAmong('mismatchKinds', options.mismatchKinds, recordChildKinds(PARENT_KIND)),
  };
  refuseGatesOnChecksNotRun(audit);
  return audit;
}

/** An audit, and the files skipped when it loaded FILEs first. */
interface AuditRun {
  result: AuditResult;
  skipped?: readonly SkippedFile[];
}

export function defineAudit(program: Command): void {
  const command = program
    .command('audit')
    .summary('check ownership: coverage, every problem, and a CI gate')
    .description(
      'Audit record ownership in a snapshot (or in FILEs, loaded first as a new snapshot): coverage, every check, the busiest owners, and a pass/fail verdict for CI.',
    )
    .argument('[files...]', 'exports to load first as a new snapshot (same flags as load)');
  addCommandOptions(command, 'audit')
    .addHelpText(
      'after',
      `
Examples:
  crm-owners audit --rules territories.csv --findings findings.csv
  crm-owners audit exports/*.csv --db :memory: --min-coverage 98 --fail-on 'unowned>1%' --format markdown
  crm-owners audit --max-drop 0.5 --baseline previous --json`,
    )
    .action(async (files: string[], _flags: unknown, cmd: Command) => {
      const context = contextOf(cmd);
      const { terminal, options: flags } = context;
      // Options first: a usage error must not leave a new database behind.
      const load = wantsLoad(files, flags) ? loadOptionsOf(files, context.options, context.dbPath) : undefined;
      const loadFiles = load ? loadPaths(load) : undefined;
      refuseClobbering(
        context.dbPath,
        {
          files: {
            '--findings': flags.findings,
            '--write-baseline': flags.writeBaseline,
            '--report': flags.report,
            ...loadFiles?.outputs,
          },
          folders: { '--findings-by-owner': flags.findingsByOwner },
        },
        {
          ...loadFiles?.inputs,
          '--rules': flags.rules,
          '--baseline': flags.baseline === 'previous' ? undefined : flags.baseline,
          '--config': context.config.path,
        },
        { '--write-baseline': '--baseline' },
      );
      const options = await auditOptionsOf(context);
      if (load && options.snapshot !== undefined)
        throw new UsageError('--snapshot names an existing snapshot; it cannot go with FILEs to load');
      const db = openDatabase(context.dbPath, load ? 'create' : 'read');
      try {
        const outcome = load ? await runLoadIfChanged(load, context, db) : undefined;
        if (outcome) reportLoaded(outcome, terminal);
        const progress = terminal.progress('Auditing…');
        let session;
        try {
          session = auditSnapshot(db, outcome ? { ...options, snapshot: snapshotOfOutcome(outcome) } : options);
        } finally {
          progress.stop();
        }
        const { result } = session;
        if (options.maxDrop !== undefined && !result.gate.baseline)
          terminal.warn('no baseline to compare with (no earlier snapshot): --max-drop was not checked');

        // The files a load skipped, which its stderr line points to.
        const skipped = outcome && 'loaded' in outcome ? outcome.loaded.skipped : undefined;
        report(reporters, context.format, { result, skipped }, terminal);
        if (flags.writeBaseline)
          writeFileAtomic(flags.writeBaseline, `${JSON.stringify(auditJson(result), null, 2)}\n`);
        if (flags.findings)
          terminal.info(findingsLine(writeFindings(flags.findings, auditFindings(session)), flags.findings));
        if (flags.findingsByOwner) {
          const written = writeFindingsByOwner(flags.findingsByOwner, auditFindings(session), result.owners);
          terminal.info(findingsByOwnerLine(written, flags.findingsByOwner));
        }
        if (flags.report) {
          // Loaded only here: an audit without a report does not load the report's code.
          const [{ gatherReport }, { writeMonthlyReport }] = await Promise.all([
            import('../monthly/reportData.js'),
            import('../report/monthlyReport.js'),
          ]);
          writeMonthlyReport(
            flags.report,
            gatherReport(session, { placeholderOwners: options.placeholderOwners, findingsFile: flags.findings }),
          );
          terminal.info(`Report → ${flags.report}`);
        }
        giveVerdict(cmd, result.gate.passed);
      } catch (error) {
        discardIfNew(db, context.dbPath);
        throw error;
      } finally {
        if (db.open) db.close();
      }
    });
  const reporters = declareReporters<AuditRun>(
    command,
    {
      table: ({ result }, terminal) => terminal.out(auditTable(result, terminal.color)),
      json: ({ result, skipped }, terminal) =>
        terminal.out(JSON.stringify(skipped ? { ...auditJson(result), skipped } : auditJson(result), null, 2)),
      markdown: ({ result }, terminal) => terminal.out(auditMarkdown(result)),
    },
    'for CSV, write the findings with --findings FILE',
  );
}
