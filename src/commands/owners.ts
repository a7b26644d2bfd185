/** `crm-owners owners`: each owner's loads, capacity, headroom and status, kind by kind. */
import type { Command } from 'commander';
import { buildContext } from '../audit/context.js';
import { ownerSummaries, type OwnerSummary } from '../audit/runAudit.js';
import type { RecordKind } from '../records/model.js';
import { storedSystemReason } from '../ingest/values/systemUsers.js';
import { renderTable, tabularReporters, type Column } from '../report/tabular.js';
import { terminalWidth } from '../output/width.js';
import { getSnapshot } from '../store/snapshots.js';
import { addCommandOptions } from '../options/commander.js';
import { declareReporters, report } from '../output/reporters.js';
import { contextOf, withDatabase } from './context.js';

export interface OwnerRow {
  id: string;
  name: string;
  email: string;
  status: string;
  /** Why a system owner is one (empty for the others). */
  reason: string;
  kind: RecordKind;
  load: number;
  /** Of the load, activities past their due date: only for kinds with due dates (tasks). */
  overdue?: number;
  capacity: number | null;
  headroom: number | null;
}

/** One word for what an owner is: the reason it can or cannot take records. */
function statusOf(owner: OwnerSummary, kind: RecordKind): string {
  if (owner.placeholder) return 'placeholder';
  if (!owner.active) return 'inactive';
  if (owner.type !== 'user') return owner.type;
  const capacity = owner.capacity[kind];
  if (capacity !== undefined && (owner.loads[kind] ?? 0) > Math.floor(capacity)) return 'overloaded';
  return 'active';
}

export function ownerRows(
  owners: OwnerSummary[],
  kinds: RecordKind[],
  systemOwners: readonly string[] = [],
): OwnerRow[] {
  const rows: OwnerRow[] = [];
  for (const kind of kinds) {
    for (const owner of owners) {
      const load = owner.loads[kind] ?? 0;
      const capacity = owner.capacity[kind];
      rows.push({
        id: owner.id,
        name: owner.name,
        email: owner.email,
        status: statusOf(owner, kind),
        reason: owner.type === 'system' ? storedSystemReason(owner, systemOwners) : '',
        kind,
        load,
        ...(owner.overdue?.[kind] !== undefined && { overdue: owner.overdue[kind] }),
        capacity: capacity === undefined ? null : Math.floor(capacity),
        // Only owners that can take records have headroom.
        headroom:
          capacity === undefined || !['active', 'overloaded'].includes(statusOf(owner, kind))
            ? null
            : Math.floor(capacity) - load,
      });
    }
  }
  // Kind by kind, busiest first.
  return rows.sort(
    (a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || b.load - a.load || a.id.localeCompare(b.id),
  );
}

const COLUMNS: Column<OwnerRow>[] = [
  { title: 'kind', value: (r) => r.kind },
  { title: 'owner', value: (r) => r.name, role: 'name' },
  { title: 'id', value: (r) => r.id },
  { title: 'status', value: (r) => r.status },
  { title: 'load', value: (r) => r.load, align: 'right' },
  { title: 'capacity', value: (r) => r.capacity ?? '', align: 'right' },
  { title: 'headroom', value: (r) => r.headroom ?? '', align: 'right' },
];

/** Why an owner is a system user: always in the data formats. */
const REASON: Column<OwnerRow> = { title: 'reason', value: (r) => r.reason, role: 'detail' };

const AFTER_STATUS = COLUMNS.findIndex((column) => column.title === 'status') + 1;
const WITH_REASON = [...COLUMNS.slice(0, AFTER_STATUS), REASON, ...COLUMNS.slice(AFTER_STATUS)];

/** Open tasks past due, next to the load: only when the snapshot has tasks with due dates. */
const OVERDUE: Column<OwnerRow> = { title: 'overdue', value: (r) => r.overdue ?? '', align: 'right' };

function withOverdue(columns: Column<OwnerRow>[], rows: OwnerRow[]): Column<OwnerRow>[] {
  if (!rows.some((row) => row.overdue !== undefined)) return columns;
  const at = columns.findIndex((column) => column.title === 'load') + 1;
  return [...columns.slice(0, at), OVERDUE, ...columns.slice(at)];
}

/** The table, with the reason column when an owner listed has one (a detail: the first to give way on a narrow terminal). */
function ownersTable(rows: OwnerRow[], width = terminalWidth()): string {
  return renderTable(rows, withOverdue(rows.some((row) => row.reason) ? WITH_REASON : COLUMNS, rows), width);
}

export function defineOwners(program: Command): void {
  const command = program
    .command('owners')
    .summary("each owner's loads, capacity, headroom and status")
    .description(
      'List owners kind by kind, busiest first: records owned, capacity (their own, config defaultCapacity, or the inferred Tukey fence), headroom and status.',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  crm-owners owners\n  crm-owners owners --snapshot 2 --format csv > owners.csv',
    );
  addCommandOptions(command, 'owners').action(async (_flags: unknown, cmd: Command) => {
    const context = contextOf(cmd);
    const { options } = context;
    await withDatabase(context, 'read', (db) => {
      const snapshot = getSnapshot(db, options.snapshot);
      const audit = buildContext(db, snapshot, {
        placeholderOwners: options.placeholderOwners ?? [],
        defaultCapacity: options.defaultCapacity,
        overdueDays: options.overdueDays,
      });
      report(
        reporters,
        context.format,
        ownerRows(ownerSummaries(audit), audit.kinds, options.systemOwners ?? []),
        context.terminal,
      );
    });
  });
  const reporters = declareReporters(command, {
    ...tabularReporters((rows: OwnerRow[]) => withOverdue(WITH_REASON, rows)),
    table: (rows, terminal) => terminal.out(ownersTable(rows)),
  });
}
