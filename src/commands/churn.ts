/** `crm-owners churn`: records handed from owner to owner again and again. */
import type { Command } from 'commander';
import { buildContext } from '../audit/context.js';
import { territoryLookup } from '../audit/territories.js';
import { configList } from '../config.js';
import { UsageError } from '../errors.js';
import { churn, churnSnapshots } from '../history/churn.js';
import { churnCsv, churnJson, churnText } from '../report/churnReport.js';
import { COUNT, parseNumber } from '../numbers.js';
import { openDatabase } from '../store/database.js';
import { parseSnapshotId } from '../store/snapshots.js';
import { contextOf } from './context.js';
import { loadRules } from './flags.js';

interface ChurnFlags {
  since?: string;
  last?: string;
  minChanges: string;
  rules?: string;
}

/** A count flag's number (the shared parser), with its least value. */
function countFlag(flag: string, value: string | undefined, least: number): number | undefined {
  if (value === undefined) return undefined;
  const count = parseNumber(value, COUNT);
  if (count === undefined || count < least) throw new UsageError(`${flag} takes a whole number of ${least} or more, got "${value}"`);
  return count;
}

export function defineChurn(program: Command): void {
  program
    .command('churn')
    .summary('records whose owner changed again and again')
    .description(
      'List the records whose owner changed at least --min-changes times across the snapshots (all of them, the last K, or since snapshot N), with their owners in order and ping-pong (back to an earlier owner) marked; and per owner, and per territory with --rules, the records handed over.',
    )
    .option('--since <n>', 'start at snapshot N')
    .option('--last <k>', 'the last K snapshots')
    .option('--min-changes <n>', 'list records whose owner changed at least N times', '2')
    .option('--rules <file>', 'territory rules (CSV or XLSX): handovers per territory (of the last snapshot)')
    .addHelpText('after', '\nExamples:\n  crm-owners churn\n  crm-owners churn --last 6 --min-changes 3\n  crm-owners churn --rules territories.csv --format csv > churn.csv')
    .action(async (flags: ChurnFlags, cmd: Command) => {
      const context = contextOf(cmd);
      const options = {
        since: flags.since === undefined ? undefined : parseSnapshotId(flags.since, '--since'),
        last: countFlag('--last', flags.last, 2),
        minChanges: countFlag('--min-changes', flags.minChanges, 1)!,
      };
      const rules = await loadRules(flags.rules ?? (context.config.rules as string | undefined));
      const db = openDatabase(context.dbPath, 'read');
      try {
        const run = churnSnapshots(db, options);
        let territoryOf;
        if (rules) {
          const placeholderOwners = configList(context.config.placeholderOwners) ?? [];
          territoryOf = territoryLookup(buildContext(db, run[run.length - 1], { placeholderOwners, rules }));
        }
        const result = churn(db, { ...options, territoryOf });
        const { format, terminal } = context;
        if (format === 'json') terminal.out(JSON.stringify(churnJson(result), null, 2));
        else if (format === 'csv') terminal.out(churnCsv(result));
        else terminal.out(churnText(result, format, terminal.color));
      } finally {
        db.close();
      }
    });
}
