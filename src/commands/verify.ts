/** `crm-owners verify DIR [FILE...]`: was a plan applied? Checked against a later snapshot. */
import type { Command } from 'commander';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { giveVerdict } from './verdict.js';
import { refuseClobbering } from '../output/outputPaths.js';
import { readPlan } from '../plan/planFiles.js';
import { verifyPlan, type VerifyResult } from '../plan/verify.js';
import { planFolderCheck } from '../plan/writePlan.js';
import { writeRetryFolder, type RetryWritten } from '../plan/writeRetry.js';
import { addCommandOptions } from '../options/commander.js';
import { declareReporters, report } from '../output/reporters.js';
import { formatCount } from '../report/format.js';
import { verifyCsv, verifyJson, verifyMarkdown, verifyTable, writeVerifyFindings } from '../report/verifyReport.js';
import { listSnapshots } from '../store/snapshots.js';
import { contextOf, withDatabase } from './context.js';
import { loadOptionsOf, loadPaths, snapshotOfOutcome, wantsLoad } from '../load/loadRun.js';
import { reportLoaded, runLoadIfChanged } from './loading.js';

/**
 * Verifying against the plan's own snapshot, or an older one, cannot find anything applied. Older
 * by as-of date (`timeline`: snapshot ids in as-of order): a back-filled export has a higher number.
 */
function snapshotWarning(result: VerifyResult, dir: string, timeline: number[]): string | undefined {
  const [verified, planned] = [result.snapshot.id, result.plan.snapshot];
  if (verified === planned)
    return `snapshot ${verified} is the one the plan was made from: nothing can be applied yet; load an export taken after the import (crm-owners verify ${dir} FILE...)`;
  const [at, plannedAt] = [timeline.indexOf(verified), timeline.indexOf(planned)];
  const older = at >= 0 && plannedAt >= 0 ? at < plannedAt : verified < planned;
  if (older) return `snapshot ${verified} is older than the plan's snapshot ${planned}`;
  return undefined;
}

/** What `--retry` wrote, and what it left out and why: never a silent short file. */
function retryMessages(written: RetryWritten, dir: string): string[] {
  const lines = [
    `Retry: ${formatCount(written.rows)} ${written.rows === 1 ? 'row' : 'rows'} still on the old owner → ${dir} (${written.files.join(', ')})`,
  ];
  const { 'changed-elsewhere': elsewhere, missing } = written.left;
  if (elsewhere)
    lines.push(
      `  left out: ${formatCount(elsewhere)} changed elsewhere since the plan (someone else owns them now; see --findings)`,
    );
  if (missing)
    lines.push(`  left out: ${formatCount(missing)} missing from the snapshot (an import would not find them)`);
  return lines;
}

export function defineVerify(program: Command): void {
  const command = program
    .command('verify')
    .summary('check that a plan was applied, against a later snapshot')
    .description(
      'Check each row of a plan folder against a later snapshot (or FILEs, loaded first as a new snapshot): applied, not-applied (still the old owner), changed-elsewhere (someone else) or missing. Exit 1 when any row is not applied.',
    )
    .argument('<dir>', 'the plan folder (written by crm-owners plan or transfer)')
    .argument('[files...]', 'exports taken after the import, to load first as a new snapshot (same flags as load)');
  addCommandOptions(command, 'verify')
    .addHelpText(
      'after',
      `
Examples:
  crm-owners verify plans/2026-11 exports/2026-11-30/ --label after-import
  crm-owners verify plans/2026-11 --findings not-applied.csv
  crm-owners verify plans/2026-11 --retry plans/2026-11-retry
  crm-owners verify plans/2026-11 --snapshot 4 --json`,
    )
    .action(async (dir: string, files: string[], _flags: unknown, cmd: Command) => {
      const context = contextOf(cmd);
      const { terminal, options } = context;
      const load = wantsLoad(files, options) ? loadOptionsOf(files, context.options, context.dbPath) : undefined;
      if (load && options.snapshot !== undefined)
        throw new UsageError('--snapshot names an existing snapshot; it cannot go with FILEs to load');
      const loadFiles = load ? loadPaths(load) : undefined;
      refuseClobbering(
        context.dbPath,
        { files: { '--findings': options.findings, ...loadFiles?.outputs }, folders: { '--retry': options.retry } },
        { DIR: dir, ...loadFiles?.inputs, '--config': context.config.path },
      );
      // Before anything is loaded: a --retry folder that cannot take the files must not leave a new snapshot behind.
      if (options.retry) planFolderCheck(path.resolve(options.retry), Boolean(options.force));
      // Read the plan before loading anything: a wrong DIR must not leave a new snapshot behind.
      const plan = await readPlan(dir);
      await withDatabase(context, load ? 'create' : 'read', async (db) => {
        const outcome = load ? await runLoadIfChanged(load, context, db) : undefined;
        if (outcome) reportLoaded(outcome, terminal);
        const result = verifyPlan(db, plan, outcome ? snapshotOfOutcome(outcome) : options.snapshot);
        // A snapshot just loaded is new data whatever its number (with --db :memory: it is 1).
        const warning = load
          ? undefined
          : snapshotWarning(
              result,
              dir,
              listSnapshots(db).map((s) => s.id),
            );
        if (warning) terminal.warn(warning);

        report(reporters, context.format, result, terminal);
        if (options.findings) {
          writeVerifyFindings(options.findings, result);
          terminal.info(`Findings: ${formatCount(result.rows.length)} rows not applied → ${options.findings}`);
        }
        if (options.retry)
          retryMessages(writeRetryFolder(options.retry, result, Boolean(options.force)), options.retry).forEach(
            (line) => terminal.info(line),
          );
        giveVerdict(cmd, result.rows.length === 0);
      });
    });
  const reporters = declareReporters<VerifyResult>(command, {
    table: (result, terminal) => terminal.out(verifyTable(result, terminal.color)),
    json: (result, terminal) => terminal.out(JSON.stringify(verifyJson(result), null, 2)),
    markdown: (result, terminal) => terminal.out(verifyMarkdown(result)),
    csv: (result, terminal) => terminal.out(verifyCsv(result)),
  });
}
