/** `crm-owners load FILE...`: read exports into a new snapshot. */
import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { addCommandOptions } from '../options/commander.js';
import { declareReporters, report } from '../output/reporters.js';
import { loadSummaryJson, loadSummaryText } from '../report/loadSummary.js';
import { refuseClobbering } from '../output/outputPaths.js';
import { discardIfNew, openDatabase } from '../store/database.js';
import { loadOptionsOf, loadPaths, wantsLoad, type LoadOutcome } from '../load/loadRun.js';
import { contextOf } from './context.js';
import { reportLoaded, runLoadIfChanged } from './loading.js';

export function defineLoad(program: Command): void {
  const command = program
    .command('load')
    .summary('load CRM exports into a new snapshot')
    .description(
      'Load CRM exports (CSV or XLSX files, folders of them, or .zip files) into a new, numbered snapshot in the database.',
    )
    .argument('[files...]', 'CSV or XLSX files, folders of them, or .zip files');
  addCommandOptions(command, 'load')
    .addHelpText(
      'after',
      `
Examples:
  crm-owners load User.csv Account.csv Contact.csv --label 2026-11
  crm-owners load WE_00D5e000000HpAB_1/ --label 2026-11
  crm-owners load hubspot-crm-exports-2026-11-01.zip --db hubspot.db
  crm-owners load exports/ --kind owners=exports/reps.csv --on-bad-row skip
  crm-owners load exports/ --if-changed`,
    )
    .action(async (files: string[], _flags: unknown, cmd: Command) => {
      const context = contextOf(cmd);
      if (!wantsLoad(files, context.options))
        throw new UsageError('name at least one file, folder or .zip to load', 'crm-owners load --help');
      // Options first: a usage error must not leave a new database behind.
      const load = loadOptionsOf(files, context.options, context.dbPath);
      const { inputs, outputs } = loadPaths(load);
      refuseClobbering(context.dbPath, { files: outputs }, { ...inputs, '--config': context.config.path });
      const db = openDatabase(context.dbPath, 'create');
      try {
        report(
          reporters,
          context.format,
          { outcome: await runLoadIfChanged(load, context, db), dbPath: context.dbPath },
          context.terminal,
        );
      } catch (error) {
        discardIfNew(db, context.dbPath);
        throw error;
      } finally {
        if (db.open) db.close();
      }
    });
  const reporters = declareReporters<{ outcome: LoadOutcome; dbPath: string }>(command, {
    // The summary is for people (stderr); the data is the snapshot itself.
    table: ({ outcome, dbPath }, terminal) =>
      'loaded' in outcome
        ? terminal.info(loadSummaryText(outcome.loaded, dbPath, terminal.color))
        : reportLoaded(outcome, terminal),
    json: ({ outcome }, terminal) => {
      if ('unchanged' in outcome) reportLoaded(outcome, terminal);
      terminal.out(
        JSON.stringify(
          'loaded' in outcome ? loadSummaryJson(outcome.loaded) : { snapshot: null, unchanged: outcome.unchanged },
          null,
          2,
        ),
      );
    },
  });
}
