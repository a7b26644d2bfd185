/** `crm-owners snapshots`: every snapshot with its counts and overall coverage: the trend. */
import type { Command } from 'commander';
import { FILE_KINDS, kindSpec, OWNERS_KIND } from '../kinds/registry.js';
import { addCommandOptions } from '../options/commander.js';
import { declareReporters, report } from '../output/reporters.js';
import { tabularReporters, type Column } from '../report/tabular.js';
import { snapshotCoverage } from '../audit/loadCoverage.js';
import { listSnapshots, type SnapshotInfo } from '../store/snapshots.js';
import { contextOf, withDatabase } from './context.js';

/** A snapshot with its coverage: as computed at load, or (older databases) with today's placeholders. */
type Row = Omit<SnapshotInfo, 'loadCoverage' | 'mangledIds' | 'recasedIds' | 'fields'> & {
  coverage: number;
  coverageAt: 'load' | 'now';
};

/** A column per kind: accounts, contacts and leads always, the others when a snapshot has records of them. */
function columnsFor(rows: Row[]): Column<Row>[] {
  const shown = FILE_KINDS.filter(
    (kind) => kind === OWNERS_KIND || kindSpec(kind).alwaysListed || rows.some((row) => row.counts[kind] > 0),
  );
  return [
    { title: 'snapshot', value: (s) => s.id, align: 'right' },
    { title: 'label', value: (s) => s.label ?? '' },
    // The day the exports were taken (the JSON has the full time), which orders the list: shown when
    // it is not the day of the load for some snapshot (`load --as-of`), so the table fits 80 columns.
    ...(rows.some((row) => row.asOf.slice(0, 10) !== row.loadedAt.slice(0, 10))
      ? [{ title: 'as of', value: (s: Row) => s.asOf.slice(0, 10) }]
      : []),
    // To the minute (the JSON has the full time): the table fits 80 columns.
    { title: 'loaded (UTC)', value: (s) => s.loadedAt.slice(0, 16).replace('T', ' ') },
    ...shown.map((kind): Column<Row> => ({ title: kind, value: (s) => s.counts[kind], align: 'right' })),
    // Marked * when computed now, with today's placeholder owners (a snapshot loaded before it was kept).
    { title: 'coverage', value: (s) => `${s.coverage.toFixed(2)}${s.coverageAt === 'now' ? '*' : ''}`, align: 'right' },
  ];
}

export function defineSnapshots(program: Command): void {
  const command = program
    .command('snapshots')
    .summary('list snapshots with their counts and coverage')
    .description(
      "List every snapshot, in as-of order (when its exports were taken; see load --as-of): its number, label, as-of date, load time, record counts and overall ownership coverage, as computed when it was loaded (with the placeholder owners then in force), so the trend does not move with today's config. A coverage marked * is computed now: the snapshot was loaded by an older crm-owners.",
    )
    .addHelpText('after', "\nExamples:\n  crm-owners snapshots\n  crm-owners snapshots --json | jq '.[-1].coverage'");
  addCommandOptions(command, 'snapshots').action(async (_flags: unknown, cmd: Command) => {
    const context = contextOf(cmd);
    await withDatabase(context, 'read', (db) => {
      const placeholders = context.options.placeholderOwners ?? [];
      const rows: Row[] = listSnapshots(db).map(
        ({ loadCoverage, mangledIds: _mangledIds, recasedIds: _recased, fields: _fields, ...snapshot }) =>
          loadCoverage
            ? { ...snapshot, coverage: loadCoverage.overall, coverageAt: 'load' }
            : { ...snapshot, coverage: snapshotCoverage(db, snapshot.id, placeholders), coverageAt: 'now' },
      );
      if (rows.length === 0 && context.format !== 'json') context.terminal.info(`${context.dbPath}: no snapshots yet`);
      else report(reporters, context.format, rows, context.terminal);
    });
  });
  const reporters = declareReporters(command, tabularReporters(columnsFor));
}
