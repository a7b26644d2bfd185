/** `crm-owners owners`: each owner's loads, capacity, headroom and status, kind by kind. */
import type { Command } from 'commander';
import { configList } from '../config.js';
import { buildContext } from '../audit/context.js';
import { ownerSummaries, type OwnerSummary } from '../audit/runAudit.js';
import type { RecordKind } from '../ingest/model.js';
import { storedSystemReason } from '../ingest/systemUsers.js';
import { renderTabular, type Column } from '../report/tabular.js';
import { openDatabase } from '../store/database.js';
import { getSnapshot, parseSnapshotId } from '../store/snapshots.js';
import { numberOption } from './flags.js';
import { contextOf } from './context.js';

export interface OwnerRow {
  id: string;
  name: string;
  email: string;
  status: string;
  /** Why a system owner is one (empty for the others). */
  reason: string;
  kind: RecordKind;
  load: number;
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

export function ownerRows(owners: OwnerSummary[], kinds: RecordKind[], systemOwners: readonly string[] = []): OwnerRow[] {
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
        capacity: capacity === undefined ? null : Math.floor(capacity),
        // Only owners that can take records have headroom.
        headroom: capacity === undefined || !['active', 'overloaded'].includes(statusOf(owner, kind)) ? null : Math.floor(capacity) - load,
      });
    }
  }
  // Kind by kind, busiest first.
  return rows.sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || b.load - a.load || a.id.localeCompare(b.id));
}

const COLUMNS: Column<OwnerRow>[] = [
  { title: 'kind', value: (r) => r.kind },
  { title: 'owner', value: (r) => r.name },
  { title: 'id', value: (r) => r.id },
  { title: 'status', value: (r) => r.status },
  { title: 'reason', value: (r) => r.reason },
  { title: 'load', value: (r) => r.load, align: 'right' },
  { title: 'capacity', value: (r) => r.capacity ?? '', align: 'right' },
  { title: 'headroom', value: (r) => r.headroom ?? '', align: 'right' },
];

export function defineOwners(program: Command): void {
  program
    .command('owners')
    .summary("each owner's loads, capacity, headroom and status")
    .description('List owners kind by kind, busiest first: records owned, capacity (their own, config defaultCapacity, or the inferred Tukey fence), headroom and status.')
    .option('--snapshot <n>', 'the snapshot (default: the latest)')
    .option('--default-capacity <n>', 'capacity of owners without their own')
    .addHelpText('after', '\nExamples:\n  crm-owners owners\n  crm-owners owners --snapshot 2 --format csv > owners.csv')
    .action((flags: { snapshot?: string; defaultCapacity?: string }, cmd: Command) => {
      const context = contextOf(cmd);
      const db = openDatabase(context.dbPath, 'read');
      try {
        const snapshot = getSnapshot(db, flags.snapshot === undefined ? undefined : parseSnapshotId(flags.snapshot));
        const audit = buildContext(db, snapshot, {
          placeholderOwners: configList(context.config.placeholderOwners) ?? [],
          defaultCapacity: numberOption('defaultCapacity', flags.defaultCapacity, context.config),
        });
        const rows = ownerRows(ownerSummaries(audit), audit.kinds, configList(context.config.systemOwners) ?? []);
        if (context.format === 'json') context.terminal.out(JSON.stringify(rows, null, 2));
        else context.terminal.out(renderTabular(rows, COLUMNS, context.format));
      } finally {
        db.close();
      }
    });
}
