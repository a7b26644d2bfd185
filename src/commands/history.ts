/** `crm-owners history RECORD_ID` and `history --owner OWNER`: ownership over every snapshot. */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { ownerHistory, type OwnerHistory } from '../history/ownerHistory.js';
import { recordHistory, type RecordHistory } from '../history/recordHistory.js';
import { addCommandOptions } from '../options/commander.js';
import { declareReporters, report } from '../output/reporters.js';
import type { Terminal } from '../output/terminal.js';
import { ownerHistoryJson, ownerHistoryText, recordHistoryJson, recordHistoryText } from '../report/historyReport.js';
import { placeholdersBySnapshot } from '../store/owners.js';
import { contextOf, withDatabase } from './context.js';

type History = { owner: OwnerHistory } | { record: RecordHistory };

function historyText(format: 'table' | 'markdown' | 'csv') {
  return (history: History, terminal: Terminal) =>
    terminal.out(
      'owner' in history
        ? ownerHistoryText(history.owner, format, terminal.color)
        : recordHistoryText(history.record, format, terminal.color),
    );
}

export function defineHistory(program: Command): void {
  const command = program
    .command('history')
    .summary("a record's owner, or an owner's records, in every snapshot")
    .description(
      'Show the owner of one record in every snapshot (label, date, owner, owner state, and where it changed), or with --owner what one owner held, gained and lost, snapshot by snapshot.',
    )
    .argument('[record-id]', 'the record id as exported (any kind)')
    .addHelpText(
      'after',
      '\nExamples:\n  crm-owners history 0018c00000UzajBAAR\n  crm-owners history --owner dana.whitfield@lumenridge.io\n  crm-owners history --owner "Dana Whitfield" --json | jq \'.snapshots[-1].gained\'',
    );
  addCommandOptions(command, 'history').action(async (recordId: string | undefined, _flags: unknown, cmd: Command) => {
    const context = contextOf(cmd);
    const { owner, recordKind } = context.options;
    if ((recordId === undefined) === (owner === undefined))
      throw new UsageError(
        'history takes a record id or --owner OWNER (one of them)',
        'crm-owners history --help shows both',
      );
    await withDatabase(context, 'read', (db) => {
      const placeholders = placeholdersBySnapshot(db, context.options.placeholderOwners ?? []);
      const history: History =
        owner !== undefined
          ? { owner: ownerHistory(db, owner, { placeholders }) }
          : { record: recordHistory(db, recordId!, { kind: recordKind, placeholders }) };
      report(reporters, context.format, history, context.terminal);
    });
  });
  const reporters = declareReporters<History>(command, {
    table: historyText('table'),
    json: (history, terminal) =>
      terminal.out(
        JSON.stringify(
          'owner' in history ? ownerHistoryJson(history.owner) : recordHistoryJson(history.record),
          null,
          2,
        ),
      ),
    markdown: historyText('markdown'),
    csv: historyText('csv'),
  });
}
