/** `crm-owners snapshots`: every snapshot with its counts and overall coverage: the trend. */
import type { Command } from 'commander';
import { coverageCounts, coveragePercent } from '../audit/coverage.js';
import { configList } from '../config.js';
import { FILE_KINDS, kindSpec, OWNERS_KIND } from '../kinds/registry.js';
import { renderTabular, type Column } from '../report/tabular.js';
import { openDatabase } from '../store/database.js';
import { ownerDirectory, placeholderIds, snapshotOwners } from '../store/owners.js';
import { listSnapshots, type SnapshotInfo } from '../store/snapshots.js';
import { contextOf } from './context.js';

type Row = SnapshotInfo & { coverage: number };

/** A column per kind: the first edition's always, the others when a snapshot has records of them. */
function columnsFor(rows: Row[]): Column<Row>[] {
  const shown = FILE_KINDS.filter((kind) => kind === OWNERS_KIND || kindSpec(kind).alwaysListed || rows.some((row) => row.counts[kind] > 0));
  return [
    { title: 'snapshot', value: (s) => s.id, align: 'right' },
    { title: 'label', value: (s) => s.label ?? '' },
    { title: 'loaded at', value: (s) => s.loadedAt },
    ...shown.map((kind): Column<Row> => ({ title: kind, value: (s) => s.counts[kind], align: 'right' })),
    { title: 'coverage %', value: (s) => s.coverage.toFixed(2), align: 'right' },
  ];
}

export function defineSnapshots(program: Command): void {
  program
    .command('snapshots')
    .summary('list snapshots with their counts and coverage')
    .description('List every snapshot: its number, label, load time, record counts and overall ownership coverage.')
    .addHelpText('after', '\nExamples:\n  crm-owners snapshots\n  crm-owners snapshots --json | jq \'.[-1].coverage\'')
    .action((_flags: unknown, cmd: Command) => {
      const context = contextOf(cmd);
      const db = openDatabase(context.dbPath, 'read');
      try {
        const placeholders = configList(context.config.placeholderOwners) ?? [];
        const rows: Row[] = listSnapshots(db).map((snapshot) => {
          const ids = placeholderIds(ownerDirectory(snapshotOwners(db, snapshot.id)), placeholders);
          return { ...snapshot, coverage: coveragePercent(coverageCounts(db, snapshot.id, ids)).overall };
        });
        if (context.format === 'json') context.terminal.out(JSON.stringify(rows, null, 2));
        else if (rows.length === 0) context.terminal.info(`${context.dbPath}: no snapshots yet`);
        else context.terminal.out(renderTabular(rows, columnsFor(rows), context.format));
      } finally {
        db.close();
      }
    });
}
