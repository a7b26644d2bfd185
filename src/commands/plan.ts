/** `crm-owners plan`: move the records the checks flag to eligible owners, as files the CRM imports. */
import { Command, Option } from 'commander';
import path from 'node:path';
import { configList } from '../config.js';
import { UsageError } from '../errors.js';
import { refuseClobbering } from '../output/outputPaths.js';
import { DEFAULT_FIX, readExclusions } from '../plan/candidates.js';
import { CRM_NAMES, type CrmName } from '../plan/crmFormat.js';
import { runPlan, type CommonPlanOptions, type PlanResult } from '../plan/runPlan.js';
import { STRATEGY_NAMES, type StrategyName } from '../plan/strategies/index.js';
import { planFolderCheck, planSummary, writePlanFolder } from '../plan/writePlan.js';
import { planReport } from '../report/planReport.js';
import { openDatabase, type Db } from '../store/database.js';
import { savePlan, type StoredPlanRow } from '../store/plans.js';
import { parseSnapshotId } from '../store/snapshots.js';
import { childKinds, DEFAULT_FOLLOW_KINDS, LEGACY_FOLLOW_KIND, PARENT_KIND, type RecordKind } from '../kinds/registry.js';
import { loadRules, numberOption, parseCheckList, parseKindList } from './flags.js';
import { contextOf, type Context } from './context.js';

export interface CommonPlanFlags {
  snapshot?: string;
  rules?: string;
  strategy?: string;
  /** `--follow-accounts KINDS`, or false for `--no-follow-accounts`. */
  followAccounts?: string | false;
  /** The first edition's flag: an alias of `--follow-accounts contacts` (false: none). */
  contactsFollowAccounts?: boolean;
  includeClosed?: boolean;
  pool?: string;
  exclude?: string;
  maxMoves?: string;
  crm?: string;
  out: string;
  force?: boolean;
  placeholder?: string[];
  defaultCapacity?: string;
}

/** Flags `plan` and `transfer` share. */
export function addPlanOptions(command: Command): Command {
  return command
    .requiredOption('--out <dir>', 'folder for plan.csv, import-*.csv, rollback-*.csv, unplaced.csv and summary.json')
    .option('--force', 'replace a plan already in --out')
    .option('--snapshot <n>', 'plan on this snapshot (default: the latest)')
    .option('--rules <file>', 'territory rules: records go to their territory\'s owners')
    .addOption(new Option('--strategy <name>', 'how records are shared out (default least-loaded)').choices(STRATEGY_NAMES))
    .option('--follow-accounts <kinds>', `kinds whose open records on the account owner's book go with their account, comma-separated (default ${DEFAULT_FOLLOW_KINDS.join(',')} when accounts are loaded)`)
    .option('--no-follow-accounts', 'balance every kind on its own')
    .option('--contacts-follow-accounts', `the same as --follow-accounts ${LEGACY_FOLLOW_KIND}`)
    .option('--no-contacts-follow-accounts', 'the same as --no-follow-accounts')
    .option('--include-closed', 'move closed opportunities and cases too (by default they stay with the owner who worked them)')
    .option('--pool <owners>', 'eligible owners (ids, emails or names) or a territory name, comma-separated')
    .option('--exclude <file>', 'CSV or XLSX of record ids to leave alone')
    .option('--max-moves <n>', 'move at most N records; the rest are unplaced')
    .addOption(new Option('--crm <name>', 'import file format (default: from the snapshot\'s exports)').choices(CRM_NAMES))
    .option('--placeholder <owner>', 'an owner that means "nobody"; repeatable', (v: string, p: string[] = []) => [...p, v])
    .option('--default-capacity <n>', 'capacity of owners without their own');
}

export async function commonPlanOptionsOf(flags: CommonPlanFlags, context: Context): Promise<CommonPlanOptions> {
  const { config } = context;
  const strategy = (flags.strategy ?? config.strategy ?? 'least-loaded') as StrategyName;
  if (!STRATEGY_NAMES.includes(strategy)) throw new UsageError(`unknown strategy "${strategy}"`, `use ${STRATEGY_NAMES.join(', ')}`);
  const crm = (flags.crm ?? config.crm) as CrmName | undefined;
  if (crm !== undefined && !CRM_NAMES.includes(crm)) throw new UsageError(`unknown crm "${crm}"`, `use ${CRM_NAMES.join(', ')}`);
  const exclude = flags.exclude ?? (config.exclude as string | undefined);
  const rules = flags.rules ?? (config.rules as string | undefined);
  refuseClobbering(context.dbPath, { folders: { '--out': flags.out } }, { '--rules': rules, '--exclude': exclude, '--config': config.path });
  planFolderCheck(path.resolve(flags.out), Boolean(flags.force));
  return {
    snapshot: flags.snapshot === undefined ? undefined : parseSnapshotId(flags.snapshot),
    rules: await loadRules(rules),
    placeholderOwners: flags.placeholder ?? configList(config.placeholderOwners) ?? [],
    defaultCapacity: numberOption('defaultCapacity', flags.defaultCapacity, config),
    strategy,
    followAccounts: followKindsOf(flags, config),
    includeClosed: flags.includeClosed ?? (config.includeClosed as boolean | undefined),
    pool: flags.pool ? configList(flags.pool) : configList(config.pool),
    excludedIds: exclude ? await readExclusions(exclude) : new Set(),
    lockColumn: config.lockColumn as string | undefined,
    maxMoves: numberOption('maxMoves', flags.maxMoves, config),
    crm,
  };
}

/** `--follow-accounts`, its old alias, or the config's `followAccounts`/`contactsFollowAccounts`; undefined for the default. */
function followKindsOf(flags: CommonPlanFlags, config: Context['config']): RecordKind[] | undefined {
  const children = childKinds(PARENT_KIND);
  if (flags.followAccounts === false || flags.contactsFollowAccounts === false) return [];
  if (typeof flags.followAccounts === 'string') return parseKindList('--follow-accounts', configList(flags.followAccounts), children);
  if (flags.contactsFollowAccounts) return [LEGACY_FOLLOW_KIND];
  if (config.followAccounts !== undefined) return parseKindList('followAccounts', configList(config.followAccounts), children);
  if (config.contactsFollowAccounts !== undefined) return config.contactsFollowAccounts ? [LEGACY_FOLLOW_KIND] : [];
  return undefined;
}

/** The plan's rows as the database keeps them, one at a time: a plan may have a hundred thousand. */
function* storedRows({ plan }: PlanResult): Iterable<StoredPlanRow> {
  for (const { record, to } of plan.moves) yield { kind: record.kind, recordId: record.id, oldOwner: record.owner, oldOwnerId: record.ownerId, newOwnerId: to.id, reason: record.reason, territory: record.territory };
  for (const { record, reason } of plan.unplaced) yield { kind: record.kind, recordId: record.id, oldOwner: record.owner, oldOwnerId: record.ownerId, newOwnerId: null, reason, territory: record.territory };
}

/** Writes the files, stores the plan, and prints the report; shared by `plan` and `transfer`. */
export async function finishPlan(db: Db, result: PlanResult, flags: CommonPlanFlags, context: Context): Promise<void> {
  const outDir = path.resolve(flags.out);
  const summary = planSummary(result);
  db.exec('BEGIN IMMEDIATE');
  try {
    savePlan(db, {
      snapshot: result.context.snapshot.id,
      command: result.command,
      options: result.options,
      outDir,
      createdAt: new Date().toISOString(),
      rows: storedRows(result),
    });
    await writePlanFolder(outDir, result, Boolean(flags.force), summary);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  const { terminal } = context;
  if (context.format === 'json') terminal.out(JSON.stringify(summary, null, 2));
  else terminal.out(planReport(result, flags.out, context.format, terminal.color));
}

export function definePlan(program: Command): void {
  const command = program
    .command('plan')
    .summary('move flagged records to eligible owners, as import and rollback files')
    .description(
      'Compute who should own the records the checks flag (default: unowned, inactive-owner, unknown-owner, territory-conflict), and write the plan: plan.csv to review, import-<kind>.csv for the CRM\'s importer, rollback-<kind>.csv to undo it, unplaced.csv and summary.json.',
    )
    .option('--fix <list>', `checks whose records move, comma-separated (default ${DEFAULT_FIX.join(',')}; overloaded-owner moves the excess)`);
  addPlanOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  crm-owners plan --out plans/2026-11
  crm-owners plan --rules territories.csv --strategy round-robin --out plans/territories
  crm-owners plan --fix overloaded-owner --default-capacity 250 --out plans/rebalance --force`,
    )
    .action(async (flags: CommonPlanFlags & { fix?: string }, cmd: Command) => {
      const context = contextOf(cmd);
      const common = await commonPlanOptionsOf(flags, context);
      const fix = parseCheckList('--fix', flags.fix ? configList(flags.fix) : configList(context.config.fix)) ?? DEFAULT_FIX;
      const db = openDatabase(context.dbPath, 'write');
      try {
        const progress = context.terminal.progress('Planning…');
        let result: PlanResult;
        try {
          result = runPlan(db, { ...common, fix });
        } finally {
          progress.stop();
        }
        await finishPlan(db, result, flags, context);
      } finally {
        db.close();
      }
    });
}
