/** `crm-owners transfer --from OWNER`: a leaver's records to one owner, a pool, or the territory owners. */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { addCommandOptions } from '../options/commander.js';
import { runTransfer, type PlanOutcome, type PlanResult } from '../plan/runPlan.js';
import { formatCount } from '../report/format.js';
import { kindSpec } from '../kinds/registry.js';
import type { RecordKind } from '../records/model.js';
import { contextOf, withDatabase } from './context.js';
import { commonPlanOptionsOf, finishPlan, planReporters } from './plan.js';

/** `--to` applies no capacity (the user chose the owner): say where the owner ends up above it. */
export function overCapacityWarnings(result: PlanOutcome): string[] {
  const to = result.options.to;
  const target = result.owners.find((change) => change.owner.id === to);
  if (!target) return [];
  return result.kinds.flatMap((kind) => {
    const [after, capacity] = [target.after[kind] ?? 0, target.capacity[kind]];
    if (capacity === undefined || after <= Math.floor(capacity)) return [];
    return [
      `${target.owner.name || target.owner.id} will own ${formatCount(after)} ${kind}, above their capacity of ${formatCount(Math.floor(capacity))} (--to applies no capacity)`,
    ];
  });
}

/** Records left because they name the leaver only by a name other owners share: never a silent 0 moves. */
export function sharedNameWarnings(result: PlanResult): string[] {
  const shared = result.sharedName;
  if (!shared) return [];
  const counts = Object.entries(shared.records).map(
    ([kind, n]) => `${formatCount(n!)} ${n === 1 ? kindSpec(kind as RecordKind).singular : kind}`,
  );
  const total = Object.values(shared.records).reduce((sum, n) => sum + n!, 0);
  return [
    `${counts.join(' and ')} ${total === 1 ? 'names' : 'name'} the owner only as "${shared.name}", which matches ${shared.owners} owners: not moved, as nothing tells whose ${total === 1 ? 'it is' : 'they are'} ` +
      '(listed in unplaced.csv); give each owner a name of their own in the CRM and export again',
  ];
}

export function defineTransfer(program: Command): void {
  const command = program
    .command('transfer')
    .summary("a leaver's records to one owner, a pool or the territory owners")
    .description(
      'Mass transfer: every record owned by --from goes to --to, or is balanced over --pool or over the territory owners (--rules), with the same files as plan. One of --to, --pool or --rules is required.',
    );
  addCommandOptions(command, 'transfer')
    .addHelpText(
      'after',
      `
Examples:
  crm-owners transfer --from sam.patel@acme.example --to dana.whitfield@acme.example --out plans/sam
  crm-owners transfer --from "Sam Patel" --pool West --kinds accounts,contacts --out plans/sam
  crm-owners transfer --from 0058c00000BhoutAAB --rules territories.csv --out plans/sam
  crm-owners transfer --from "Sam Patel" --to 0058c00000NewHrAAB --to-name "Jo Park" --to-email jo.park@acme.example --out plans/sam`,
    )
    .action(async (_flags: unknown, cmd: Command) => {
      const context = contextOf(cmd);
      const { options } = context;
      if (options.to === undefined && (options.toName !== undefined || options.toEmail !== undefined)) {
        throw new UsageError(
          "--to-name and --to-email go with --to: the new hire's user id",
          'crm-owners transfer --from OWNER --to USER_ID --to-name "First Last" --to-email EMAIL --out DIR',
        );
      }
      if (options.to === undefined && options.pool === undefined && options.rules === undefined) {
        throw new UsageError(
          'transfer needs a target: --to OWNER, --pool OWNERS or --rules FILE',
          'crm-owners transfer --help',
        );
      }
      const common = await commonPlanOptionsOf(context);
      await withDatabase(context, 'write', async (db) => {
        // Required by commander: it is there.
        const progress = context.terminal.progress('Reading the snapshot…');
        let result;
        try {
          result = runTransfer(db, {
            ...common,
            from: options.from!,
            to: options.to,
            toName: options.toName,
            toEmail: options.toEmail,
            kinds: options.kinds,
          });
        } finally {
          progress.stop();
        }
        for (const warning of [...sharedNameWarnings(result), ...overCapacityWarnings(result)])
          context.terminal.warn(warning);
        await finishPlan(db, result, common, context, reporters, context.terminal.progress('Writing the plan files…'));
      });
    });
  const reporters = planReporters(command);
}
