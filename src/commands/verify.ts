/** `crm-owners verify DIR [FILE...]`: was a plan applied? Checked against a later snapshot. */
import type { Command } from 'commander';
import { EXIT_VERDICT, UsageError } from '../errors.js';
import { refuseClobbering } from '../output/outputPaths.js';
import { readPlan } from '../plan/planFiles.js';
import { verifyPlan, type VerifyResult } from '../plan/verify.js';
import { formatCount } from '../report/format.js';
import { recordCounts } from '../report/loadSummary.js';
import { verifyCsv, verifyJson, verifyMarkdown, verifyTable, writeVerifyFindings } from '../report/verifyReport.js';
import { openDatabase } from '../store/database.js';
import { parseSnapshotId } from '../store/snapshots.js';
import { contextOf } from './context.js';
import { addLoadOptions, loadOptionsOf, loadPaths, runLoad, type LoadFlags } from './load.js';

interface VerifyFlags extends LoadFlags {
  snapshot?: string;
  findings?: string;
}

/** Verifying against the plan's own snapshot, or an older one, cannot find anything applied. */
function snapshotWarning(result: VerifyResult, dir: string): string | undefined {
  const [verified, planned] = [result.snapshot.id, result.plan.snapshot];
  if (verified === planned) return `snapshot ${verified} is the one the plan was made from: nothing can be applied yet; load an export taken after the import (crm-owners verify ${dir} FILE...)`;
  if (verified < planned) return `snapshot ${verified} is older than the plan's snapshot ${planned}`;
  return undefined;
}

export function defineVerify(program: Command): void {
  const command = program
    .command('verify')
    .summary('check that a plan was applied, against a later snapshot')
    .description(
      'Check each row of a plan folder against a later snapshot (or FILEs, loaded first as a new snapshot): applied, not-applied (still the old owner), changed-elsewhere (someone else) or missing. Exit 1 when any row is not applied.',
    )
    .argument('<dir>', 'the plan folder (written by crm-owners plan or transfer)')
    .argument('[files...]', 'exports taken after the import, to load first as a new snapshot (same flags as load)')
    .option('--snapshot <n>', 'verify against this snapshot (default: the latest)')
    .option('--findings <file>', 'write the rows that are not applied to this CSV file');
  addLoadOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  crm-owners verify plans/2026-11 exports/2026-11-30/ --label after-import
  crm-owners verify plans/2026-11 --findings not-applied.csv
  crm-owners verify plans/2026-11 --snapshot 4 --json`,
    )
    .action(async (dir: string, files: string[], flags: VerifyFlags, cmd: Command) => {
      const context = contextOf(cmd);
      const { terminal } = context;
      const snapshotId = flags.snapshot === undefined ? undefined : parseSnapshotId(flags.snapshot);
      if (files.length > 0 && snapshotId !== undefined) throw new UsageError('--snapshot names an existing snapshot; it cannot go with FILEs to load');
      const load = files.length > 0 ? loadOptionsOf(files, flags, context) : undefined;
      const loadFiles = load ? loadPaths(load) : undefined;
      refuseClobbering(context.dbPath, { files: { '--findings': flags.findings, ...loadFiles?.outputs } }, { DIR: dir, ...loadFiles?.inputs, '--config': context.config.path });
      // Read the plan before loading anything: a wrong DIR must not leave a new snapshot behind.
      const plan = await readPlan(dir);
      const db = openDatabase(context.dbPath, load ? 'create' : 'read');
      try {
        if (load) {
          const loaded = await runLoad(load, context, db);
          terminal.info(`Loaded snapshot ${loaded.snapshot} (${recordCounts(loaded.counts)})`);
          if (loaded.rejectsPath) terminal.warn(`${formatCount(loaded.rejected)} rows skipped → ${loaded.rejectsPath}`);
        }
        const result = verifyPlan(db, plan, snapshotId);
        // A snapshot just loaded is new data whatever its number (with --db :memory: it is 1).
        const warning = files.length === 0 ? snapshotWarning(result, dir) : undefined;
        if (warning) terminal.warn(warning);

        if (context.format === 'json') terminal.out(JSON.stringify(verifyJson(result), null, 2));
        else if (context.format === 'markdown') terminal.out(verifyMarkdown(result));
        else if (context.format === 'csv') terminal.out(verifyCsv(result));
        else terminal.out(verifyTable(result, terminal.color));

        if (flags.findings) {
          writeVerifyFindings(flags.findings, result);
          terminal.info(`Findings: ${formatCount(result.rows.length)} rows not applied → ${flags.findings}`);
        }
        if (result.rows.length > 0) process.exitCode = EXIT_VERDICT;
      } finally {
        db.close();
      }
    });
}
