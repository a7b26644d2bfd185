/** `crm-owners transfer --from OWNER`: a leaver's records to one owner, a pool, or the territory owners. */
import type { Command } from 'commander';
import { configList } from '../config.js';
import { runTransfer } from '../plan/runPlan.js';
import { openDatabase } from '../store/database.js';
import { contextOf } from './context.js';
import { parseKindList } from './flags.js';
import { addPlanOptions, commonPlanOptionsOf, finishPlan, type CommonPlanFlags } from './plan.js';


export function defineTransfer(program: Command): void {
  const command = program
    .command('transfer')
    .summary("a leaver's records to one owner, a pool or the territory owners")
    .description('Mass transfer: every record owned by --from goes to --to, or is balanced over --pool or over the territory owners (--rules), with the same files as plan.')
    .requiredOption('--from <owner>', 'the owner whose records move (id, email or name)')
    .option('--to <owner>', 'the one owner who takes them all (capacity is not applied: you chose them)')
    .option('--kinds <list>', 'kinds to move, comma-separated (default: all)');
  addPlanOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  crm-owners transfer --from sam.patel@acme.example --to dana.whitfield@acme.example --out plans/sam
  crm-owners transfer --from "Sam Patel" --pool West --kinds accounts,contacts --out plans/sam
  crm-owners transfer --from 0058c00000BhoutAAB --rules territories.csv --out plans/sam`,
    )
    .action(async (flags: CommonPlanFlags & { from: string; to?: string; kinds?: string }, cmd: Command) => {
      const context = contextOf(cmd);
      const common = await commonPlanOptionsOf(flags, context);
      const db = openDatabase(context.dbPath, 'write');
      try {
        const result = runTransfer(db, { ...common, from: flags.from, to: flags.to, kinds: parseKindList('--kinds', configList(flags.kinds)) });
        await finishPlan(db, result, flags, context);
      } finally {
        db.close();
      }
    });
}
