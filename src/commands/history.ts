/** `crm-owners history RECORD_ID` and `history --owner OWNER`: ownership over every snapshot. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { configList } from '../config.js';
import { UsageError } from '../errors.js';
import { ownerHistory } from '../history/ownerHistory.js';
import { recordHistory } from '../history/recordHistory.js';
import { RECORD_KINDS, type RecordKind } from '../ingest/model.js';
import { ownerHistoryJson, ownerHistoryText, recordHistoryJson, recordHistoryText } from '../report/historyReport.js';
import { openDatabase } from '../store/database.js';
import { placeholdersBySnapshot } from '../store/owners.js';
import { contextOf } from './context.js';

interface HistoryFlags {
  owner?: string;
  kind?: RecordKind;
}

export function defineHistory(program: Command): void {
  program
    .command('history')
    .summary("a record's owner, or an owner's records, in every snapshot")
    .description(
      'Show the owner of one record in every snapshot (label, date, owner, owner state, and where it changed), or with --owner what one owner held, gained and lost, snapshot by snapshot.',
    )
    .argument('[record-id]', 'the record (an account, contact or lead id as exported)')
    .option('--owner <owner>', "an owner's id, email or name: its records gained and lost instead")
    .addOption(new Option('--kind <kind>', 'the record kind, when an id names records of two kinds').choices([...RECORD_KINDS]))
    .addHelpText('after', '\nExamples:\n  crm-owners history 0018c00000UzajBAAR\n  crm-owners history --owner dana.whitfield@lumenridge.io\n  crm-owners history --owner "Dana Whitfield" --json | jq \'.snapshots[-1].gained\'')
    .action((recordId: string | undefined, flags: HistoryFlags, cmd: Command) => {
      if ((recordId === undefined) === (flags.owner === undefined)) throw new UsageError('history takes a record id or --owner OWNER (one of them)', 'crm-owners history --help shows both');
      const context = contextOf(cmd);
      const db = openDatabase(context.dbPath, 'read');
      try {
        const placeholders = placeholdersBySnapshot(db, configList(context.config.placeholderOwners) ?? []);
        const { format, terminal } = context;
        if (flags.owner !== undefined) {
          const history = ownerHistory(db, flags.owner, { placeholders });
          terminal.out(format === 'json' ? JSON.stringify(ownerHistoryJson(history), null, 2) : ownerHistoryText(history, format, terminal.color));
        } else {
          const history = recordHistory(db, recordId!, { kind: flags.kind, placeholders });
          terminal.out(format === 'json' ? JSON.stringify(recordHistoryJson(history), null, 2) : recordHistoryText(history, format, terminal.color));
        }
      } finally {
        db.close();
      }
    });
}
