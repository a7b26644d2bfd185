/** `crm-owners diff`: ownership changes between two snapshots, and who gained and lost records. */
import type { Command } from 'commander';
import { diffOwnership } from '../history/diff.js';
import { refuseClobbering } from '../output/outputPaths.js';
import { diffCsv, diffJson, diffMarkdown, diffTable, writeDiffCsv } from '../report/diffReport.js';
import { formatCount } from '../report/format.js';
import { openDatabase } from '../store/database.js';
import { parseSnapshotId } from '../store/snapshots.js';
import { contextOf } from './context.js';

interface DiffFlags {
  from?: string;
  to?: string;
  out?: string;
}

export function defineDiff(program: Command): void {
  program
    .command('diff')
    .summary('ownership changes between two snapshots')
    .description('List the records whose owner changed between two snapshots (default: the last two), records added and removed per kind, and per owner the records gained and lost.')
    .option('--from <n>', 'the earlier snapshot (default: the one before --to)')
    .option('--to <m>', 'the later snapshot (default: the latest)')
    .option('--out <file>', 'write every change to this CSV file')
    .addHelpText('after', '\nExamples:\n  crm-owners diff\n  crm-owners diff --from 3 --to 5 --out changes.csv\n  crm-owners diff --json | jq \'.owners[0]\'')
    .action((flags: DiffFlags, cmd: Command) => {
      const context = contextOf(cmd);
      const options = { from: flags.from === undefined ? undefined : parseSnapshotId(flags.from, '--from'), to: flags.to === undefined ? undefined : parseSnapshotId(flags.to, '--to') };
      refuseClobbering(context.dbPath, { files: { '--out': flags.out } }, { '--config': context.config.path });
      const db = openDatabase(context.dbPath, 'read');
      try {
        const result = diffOwnership(db, options);
        if (context.format === 'json') context.terminal.out(JSON.stringify(diffJson(result), null, 2));
        else if (context.format === 'markdown') context.terminal.out(diffMarkdown(result));
        else if (context.format === 'csv') context.terminal.out(diffCsv(result));
        else context.terminal.out(diffTable(result, context.terminal.color));
        if (flags.out) {
          writeDiffCsv(flags.out, result);
          context.terminal.info(`Changes: ${formatCount(result.changes.length)} records → ${flags.out}`);
        }
      } finally {
        db.close();
      }
    });
}
