/** `crm-owners churn`: records handed from owner to owner again and again. */
import type { Command } from 'commander';
import { buildContext } from '../audit/context.js';
import { territoryLookup } from '../audit/territories.js';
import { churn, churnSnapshots, type ChurnResult } from '../history/churn.js';
import { addCommandOptions } from '../options/commander.js';
import { declareReporters, report } from '../output/reporters.js';
import { churnCsv, churnJson, churnText } from '../report/churnReport.js';
import { contextOf, withDatabase } from './context.js';
import { loadRules } from './flags.js';

export function defineChurn(program: Command): void {
  const command = program
    .command('churn')
    .summary('records whose owner changed again and again')
    .description(
      'List the records whose owner changed at least --min-changes times across the snapshots (all of them, the last K, or since snapshot N), with their owners in order and ping-pong (back to an earlier owner) marked; and per owner, and per territory with --rules, the records handed over.',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  crm-owners churn\n  crm-owners churn --last 6 --min-changes 3\n  crm-owners churn --rules territories.csv --format csv > churn.csv',
    );
  addCommandOptions(command, 'churn').action(async (_flags: unknown, cmd: Command) => {
    const context = contextOf(cmd);
    const { options: flags } = context;
    const options = { since: flags.since, last: flags.last, minChanges: flags.minChanges ?? 2 };
    const rules = await loadRules(flags.rules);
    await withDatabase(context, 'read', (db) => {
      const run = churnSnapshots(db, options);
      let territoryOf;
      if (rules)
        territoryOf = territoryLookup(
          buildContext(db, run[run.length - 1], { placeholderOwners: flags.placeholderOwners ?? [], rules }),
        );
      report(reporters, context.format, churn(db, { ...options, territoryOf }), context.terminal);
    });
  });
  const reporters = declareReporters<ChurnResult>(command, {
    table: (result, terminal) => terminal.out(churnText(result, 'table', terminal.color)),
    json: (result, terminal) => terminal.out(JSON.stringify(churnJson(result), null, 2)),
    markdown: (result, terminal) => terminal.out(churnText(result, 'markdown', terminal.color)),
    csv: (result, terminal) => terminal.out(churnCsv(result)),
  });
}
