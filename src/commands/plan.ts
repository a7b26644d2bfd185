/** `crm-owners plan`: move the records the checks flag to eligible owners, as files the CRM imports. */
import { Command } from 'commander';
import path from 'node:path';
import { refuseClobbering } from '../output/outputPaths.js';
import { addCommandOptions } from '../options/commander.js';
import { StyledText } from '../output/printable.js';
import { declareReporters, report, type Reporters } from '../output/reporters.js';
import type { Progress, Terminal } from '../output/terminal.js';
import { DEFAULT_FIX, readExclusions } from '../plan/candidates.js';
import { runPlan, type CommonPlanOptions, type PlanResult } from '../plan/runPlan.js';
import { namesakeWarnings } from '../plan/namesakes.js';
import { planFolderCheck, planSummary, writePlanFolder } from '../plan/writePlan.js';
import { planHeadline, planLoads } from '../report/planReport.js';
import type { Db } from '../store/database.js';
import { savePlan, type StoredPlanRow } from '../store/plans.js';
import { followableKinds, LEGACY_FOLLOW_KIND, type RecordKind } from '../kinds/registry.js';
import { kindsAmong, loadRules } from './flags.js';
import { contextOf, type Context, withDatabase } from './context.js';

export async function commonPlanOptionsOf(context: Context): Promise<CommonPlanOptions & PlanFolderOptions> {
  const { options, config } = context;
  // Required by commander: it is there.
  const out = options.out!;
  refuseClobbering(
    context.dbPath,
    { folders: { '--out': out } },
    { '--rules': options.rules, '--exclude': options.exclude, '--config': config.path },
  );
  planFolderCheck(path.resolve(out), Boolean(options.force));
  return {
    out,
    force: Boolean(options.force),
    movesByOwner: Boolean(options.movesByOwner),
    snapshot: options.snapshot,
    rules: await loadRules(options.rules),
    placeholderOwners: options.placeholderOwners ?? [],
    defaultCapacity: options.defaultCapacity,
    strategy: options.strategy ?? 'least-loaded',
    followAccounts: followKindsOf(context.options),
    includeClosed: options.includeClosed,
    pool: options.pool,
    excludedIds: options.exclude ? await readExclusions(options.exclude) : new Set(),
    lockColumn: options.lockColumn,
    maxMoves: options.maxMoves,
    crm: options.crm,
  };
}

/**
 * `--follow-accounts KINDS` (or `--no-follow-accounts`, or the config's `followAccounts`), else the
 * older `--contacts-follow-accounts` (`contactsFollowAccounts`) as the kinds it means;
 * undefined for the default.
 */
function followKindsOf(options: Context['options']): RecordKind[] | undefined {
  const { followAccounts, contactsFollowAccounts } = options;
  if (followAccounts !== undefined) return kindsAmong('--follow-accounts', followAccounts, followableKinds());
  if (contactsFollowAccounts !== undefined) return contactsFollowAccounts ? [LEGACY_FOLLOW_KIND] : [];
  return undefined;
}

/** The plan's rows as the database keeps them, one at a time: a plan may have a hundred thousand. */
function* storedRows({ plan }: PlanResult): Iterable<StoredPlanRow> {
  for (const { record, to } of plan.moves)
    yield {
      kind: record.kind,
      recordId: record.id,
      oldOwner: record.owner,
      oldOwnerId: record.ownerId,
      newOwnerId: to.id,
      reason: record.reason,
      territory: record.territory,
    };
  for (const { record, reason } of plan.unplaced)
    yield {
      kind: record.kind,
      recordId: record.id,
      oldOwner: record.owner,
      oldOwnerId: record.ownerId,
      newOwnerId: null,
      reason,
      territory: record.territory,
    };
}

/** A plan written, as its reporters get it. */
export interface WrittenPlan {
  result: PlanResult;
  out: string;
}

/** What `plan` and `transfer` print: the summary in words (stderr), the owners' loads as data (stdout). */
export function planReporters(command: Command): Reporters<WrittenPlan> {
  const inWordsThen =
    (format: 'table' | 'markdown' | 'csv') =>
    ({ result, out }: WrittenPlan, terminal: Terminal) => {
      terminal.info(new StyledText(planHeadline(result, out, terminal.color)));
      const loads = planLoads(result, format);
      if (loads) terminal.out(loads);
    };
  return declareReporters<WrittenPlan>(command, {
    table: inWordsThen('table'),
    json: ({ result }, terminal) => terminal.out(JSON.stringify(planSummary(result), null, 2)),
    markdown: inWordsThen('markdown'),
    csv: inWordsThen('csv'),
  });
}

/** Writes the files, stores the plan, and prints the report; shared by `plan` and `transfer`. */
/** Where and how the plan folder is written. */
export interface PlanFolderOptions {
  out: string;
  force: boolean;
  movesByOwner: boolean;
}

export async function finishPlan(
  db: Db,
  result: PlanResult,
  out: PlanFolderOptions,
  context: Context,
  reporters: Reporters<WrittenPlan>,
  progress?: Progress,
): Promise<void> {
  const outDir = path.resolve(out.out);
  const summary = planSummary(result);
  progress?.update('Writing the plan files…');
  db.exec('BEGIN IMMEDIATE');
  try {
    savePlan(db, {
      snapshot: result.snapshot,
      command: result.command,
      options: result.options,
      outDir,
      createdAt: new Date().toISOString(),
      rows: storedRows(result),
    });
    await writePlanFolder(outDir, result, out.force, summary, out.movesByOwner);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    progress?.stop();
  }
  for (const warning of namesakeWarnings(result)) context.terminal.warn(warning);
  report(reporters, context.format, { result, out: out.out }, context.terminal);
}

export function definePlan(program: Command): void {
  const command = program
    .command('plan')
    .summary('move flagged records to eligible owners, as import and rollback files')
    .description(
      "Compute who should own the records the checks flag (default: unowned, inactive-owner, unknown-owner, territory-conflict), and write the plan: plan.csv to review, import-<kind>.csv for the CRM's importer, rollback-<kind>.csv to undo it, unplaced.csv and summary.json.",
    );
  addCommandOptions(command, 'plan')
    .addHelpText(
      'after',
      `
Examples:
  crm-owners plan --out plans/2026-11
  crm-owners plan --rules territories.csv --strategy round-robin --out plans/territories
  crm-owners plan --fix overloaded-owner --default-capacity 250 --out plans/rebalance --force`,
    )
    .action(async (_flags: unknown, cmd: Command) => {
      const context = contextOf(cmd);
      const common = await commonPlanOptionsOf(context);
      const fix = context.options.fix ?? DEFAULT_FIX;
      await withDatabase(context, 'write', async (db) => {
        const progress = context.terminal.progress('Reading the snapshot…');
        let result: PlanResult;
        try {
          result = runPlan(db, { ...common, fix, phase: (text) => progress.update(text) });
        } catch (error) {
          progress.stop();
          throw error;
        }
        await finishPlan(db, result, common, context, reporters, progress);
      });
    });
  const reporters = planReporters(command);
}
