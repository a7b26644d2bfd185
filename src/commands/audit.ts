/** `crm-owners audit [FILE...]`: checks, coverage and the CI gate on a snapshot. */
import { Command } from 'commander';
import { configList } from '../config.js';
import { UsageError, EXIT_VERDICT } from '../errors.js';
import { CHECK_IDS } from '../audit/checkIds.js';
import { parseThreshold } from '../audit/gate.js';
import { auditFindings, runAudit, type AuditOptions } from '../audit/runAudit.js';
import { writeFileAtomic } from '../output/atomicFile.js';
import { refuseClobbering } from '../output/outputPaths.js';
import { auditJson } from '../report/auditJson.js';
import { auditMarkdown } from '../report/auditMarkdown.js';
import { auditTable } from '../report/auditTable.js';
import { writeFindings } from '../report/findingsCsv.js';
import { formatCount } from '../report/format.js';
import { recordCounts } from '../report/loadSummary.js';
import { openDatabase } from '../store/database.js';
import { parseSnapshotId } from '../store/snapshots.js';
import { collect, contextOf, type Context } from './context.js';
import { childKinds, PARENT_KIND } from '../kinds/registry.js';
import { loadRules, numberOption, parseCheckList, parseKindList } from './flags.js';
import type { LoadResult } from '../store/loadSnapshot.js';
import { addLoadOptions, loadOptionsOf, loadPaths, runLoad, type LoadFlags } from './load.js';

export interface AuditFlags extends LoadFlags {
  snapshot?: string;
  rules?: string;
  checks?: string;
  minCoverage?: string;
  maxDrop?: string;
  baseline?: string;
  failOn?: string[];
  findings?: string;
  report?: string;
  writeBaseline?: string;
  staleDays?: string;
  defaultCapacity?: string;
  placeholder?: string[];
}

export async function auditOptionsOf(flags: AuditFlags, context: Context): Promise<AuditOptions> {
  const { config } = context;
  const failOn = flags.failOn ?? configList(config.failOn) ?? [];
  return {
    snapshot: flags.snapshot === undefined ? undefined : parseSnapshotId(flags.snapshot),
    rules: await loadRules(flags.rules ?? (config.rules as string | undefined)),
    checks: parseCheckList('--checks', flags.checks ? configList(flags.checks) : configList(config.checks)),
    minCoverage: numberOption('minCoverage', flags.minCoverage, config),
    maxDrop: numberOption('maxDrop', flags.maxDrop, config),
    baseline: flags.baseline ?? (config.baseline as string | undefined),
    failOn: failOn.map(parseThreshold),
    staleDays: numberOption('staleDays', flags.staleDays, config),
    defaultCapacity: numberOption('defaultCapacity', flags.defaultCapacity, config),
    placeholderOwners: flags.placeholder ?? configList(config.placeholderOwners) ?? [],
    mismatchKinds: parseKindList('mismatchKinds', configList(config.mismatchKinds), childKinds(PARENT_KIND)),
  };
}

export function defineAudit(program: Command): void {
  const command = program
    .command('audit')
    .summary('check ownership: coverage, every problem, and a CI gate')
    .description('Audit record ownership in a snapshot (or in FILEs, loaded first as a new snapshot): coverage, every check, the busiest owners, and a pass/fail verdict for CI.')
    .argument('[files...]', 'exports to load first as a new snapshot (same flags as load)')
    .option('--snapshot <n>', 'audit this snapshot (default: the latest)')
    .option('--rules <file>', 'territory rules (CSV or XLSX) for territory-conflict and no-territory')
    .option('--checks <list>', `checks to run, comma-separated (default: all): ${CHECK_IDS.join(', ')}`)
    .option('--placeholder <owner>', 'an owner id, email or name that means "nobody" (integration user, default queue); repeatable', collect)
    .option('--default-capacity <n>', 'capacity of owners without their own')
    .option('--stale-days <n>', 'enable stale-ownership: owned records with no activity for N days')
    .option('--fail-on <rule>', 'fail when a check exceeds N records or N% (e.g. unowned>1%, inactive-owner:contacts>0); repeatable', collect)
    .option('--min-coverage <pct>', 'fail when overall coverage is below PCT')
    .option('--max-drop <pts>', 'fail when coverage fell by more than PTS points against the baseline')
    .option('--baseline <file|previous>', 'what --max-drop compares with: "previous" (default) or an earlier audit --json file')
    .option('--write-baseline <file>', 'write this run\'s JSON there for the next run')
    .option('--findings <file>', 'write every flagged record to this CSV file')
    .option('--report <file>', 'write the monthly report: one HTML file (see crm-owners report)');
  addLoadOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  crm-owners audit --rules territories.csv --findings findings.csv
  crm-owners audit exports/*.csv --db :memory: --min-coverage 98 --fail-on unowned>1% --format markdown
  crm-owners audit --max-drop 0.5 --baseline previous --json`,
    )
    .action(async (files: string[], flags: AuditFlags, cmd: Command) => {
      const context = contextOf(cmd);
      const { terminal, config } = context;
      // Options first: a usage error must not leave a new database behind.
      const load = files.length > 0 ? loadOptionsOf(files, flags, context) : undefined;
      const loadFiles = load ? loadPaths(load) : undefined;
      const baseline = flags.baseline ?? (config.baseline as string | undefined);
      refuseClobbering(
        context.dbPath,
        { files: { '--findings': flags.findings, '--write-baseline': flags.writeBaseline, '--report': flags.report, ...loadFiles?.outputs } },
        { ...loadFiles?.inputs, '--rules': flags.rules ?? (config.rules as string | undefined), '--baseline': baseline === 'previous' ? undefined : baseline, '--config': config.path },
        { '--write-baseline': '--baseline' },
      );
      const options = await auditOptionsOf(flags, context);
      if (load && options.snapshot !== undefined) throw new UsageError('--snapshot names an existing snapshot; it cannot go with FILEs to load');
      const db = openDatabase(context.dbPath, load ? 'create' : 'read');
      try {
        let loaded: LoadResult | undefined;
        if (load) {
          loaded = await runLoad(load, context, db);
          terminal.info(`Loaded snapshot ${loaded.snapshot} (${recordCounts(loaded.counts)})`);
          if (loaded.rejectsPath) terminal.warn(`${formatCount(loaded.rejected)} rows skipped → ${loaded.rejectsPath}`);
        }
        const progress = terminal.progress('Auditing…');
        let result;
        try {
          result = runAudit(db, options);
        } finally {
          progress.stop();
        }
        if (options.maxDrop !== undefined && !result.gate.baseline) terminal.warn('no baseline to compare with (no earlier snapshot): --max-drop was not checked');

        const json = auditJson(result);
        // The files the load skipped, which its stderr line points to.
        if (context.format === 'json') terminal.out(JSON.stringify(loaded ? { ...json, skipped: loaded.skipped } : json, null, 2));
        else if (context.format === 'markdown') terminal.out(auditMarkdown(result));
        else if (context.format === 'csv') throw new UsageError('audit prints table, json or markdown; for CSV use --findings FILE');
        else terminal.out(auditTable(result, terminal.color));

        if (flags.writeBaseline) writeFileAtomic(flags.writeBaseline, `${JSON.stringify(json, null, 2)}\n`);
        if (flags.findings) {
          const count = writeFindings(flags.findings, auditFindings(result));
          terminal.info(`Findings: ${formatCount(count)} records → ${flags.findings}`);
        }
        if (flags.report) {
          // Loaded only here: an audit without a report does not load the report's code.
          const { writeMonthlyReport } = await import('../report/monthlyReport.js');
          writeMonthlyReport(flags.report, result, { placeholderOwners: options.placeholderOwners, findingsFile: flags.findings });
          terminal.info(`Report → ${flags.report}`);
        }
        if (!result.gate.passed) process.exitCode = EXIT_VERDICT;
      } finally {
        db.close();
      }
    });
}
