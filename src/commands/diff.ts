/** `crm-owners diff`: ownership changes between two snapshots, and who gained and lost records. */
import type { Command } from 'commander';
import { diffOwnership } from '../history/diff.js';
import { withTeams } from '../history/teamChanges.js';
import { refuseClobbering } from '../output/outputPaths.js';
import { diffCsv, diffJson, diffMarkdown, diffTable, writeDiffCsv } from '../report/diffReport.js';
import { formatCount } from '../report/format.js';
import type { DiffResult } from '../history/diff.js';
import { addCommandOptions } from '../options/commander.js';
import { declareReporters, report } from '../output/reporters.js';
import { contextOf, withDatabase } from './context.js';

export function defineDiff(program: Command): void {
  const command = program
    .command('diff')
    .summary('ownership changes between two snapshots')
    .description(
      'List the records whose owner changed between two snapshots (default: the last two), records added and removed per kind, and per owner the records gained and lost.',
    )
    .addHelpText(
      'after',
      "\nExamples:\n  crm-owners diff\n  crm-owners diff --from 3 --to 5 --out changes.csv\n  crm-owners diff --json | jq '.owners[0]'",
    );
  addCommandOptions(command, 'diff').action(async (_flags: unknown, cmd: Command) => {
    const context = contextOf(cmd);
    const { changesFile } = context.options;
    refuseClobbering(context.dbPath, { files: { '--out': changesFile } }, { '--config': context.config.path });
    await withDatabase(context, 'read', (db) => {
      const result = withTeams(
        db,
        diffOwnership(db, { from: context.options.fromSnapshot, to: context.options.toSnapshot }),
      );
      report(reporters, context.format, result, context.terminal);
      if (changesFile) {
        writeDiffCsv(changesFile, result);
        context.terminal.info(`Changes: ${formatCount(result.changes.length)} records → ${changesFile}`);
      }
    });
  });
  const reporters = declareReporters<DiffResult>(command, {
    table: (result, terminal) => terminal.out(diffTable(result, terminal.color)),
    json: (result, terminal) => terminal.out(JSON.stringify(diffJson(result), null, 2)),
    markdown: (result, terminal) => terminal.out(diffMarkdown(result)),
    csv: (result, terminal) => terminal.out(diffCsv(result)),
  });
}
