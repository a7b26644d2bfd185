/** What `plan` and `transfer` print: moves and unplaced records by reason, and loads before and after. */
import type { ChalkInstance } from 'chalk';
import type { PlanOutcome } from '../plan/runPlan.js';
import { planSummary } from '../plan/writePlan.js';
import { NOT_IN_USERS_EXPORT } from '../plan/newHire.js';
import { ownerLabel } from '../options/ownerArgument.js';
import { printable } from '../output/printable.js';
import { formatCount, plural } from './format.js';
import { renderTabular, type Column } from './tabular.js';
import { moneyText, opportunities } from './pipelineText.js';

/** The open pipeline each new owner receives: `Ana Lee receives USD 120,000.00 (3 opportunities)`. */
export function pipelineLines(result: PlanOutcome): string[] {
  const { pipeline } = result;
  const lines = pipeline.owners.map(
    (o) =>
      `  ${printable(o.name || o.id)} receives ${o.currencies.map((c) => `${moneyText(c.currency, c.amount)} (${opportunities(c.opportunities)})`).join(', ')} of open pipeline`,
  );
  if (pipeline.withoutAmount > 0) lines.push(`  ${opportunities(pipeline.withoutAmount)} moved without an amount`);
  if (pipeline.unreadable.count > 0)
    lines.push(`  ${opportunities(pipeline.unreadable.count)} moved whose amount is no number (not added)`);
  return lines;
}

interface LoadRow {
  name: string;
  id: string;
  kind: string;
  before: number;
  after: number;
  capacity: number | undefined;
}

const LOAD_COLUMNS: Column<LoadRow>[] = [
  { title: 'owner', value: (r) => r.name || '(no name)', role: 'name' },
  { title: 'id', value: (r) => r.id },
  { title: 'kind', value: (r) => r.kind },
  { title: 'before', value: (r) => r.before, align: 'right' },
  { title: 'after', value: (r) => r.after, align: 'right' },
  {
    title: 'change',
    value: (r) => (r.after > r.before ? `+${r.after - r.before}` : String(r.after - r.before)),
    align: 'right',
  },
  { title: 'capacity', value: (r) => r.capacity ?? '', align: 'right' },
];

/** Owners by name (case-insensitive, so namesakes sit together), then id; each owner's kinds in order. */
export function loadRows(result: PlanOutcome): LoadRow[] {
  const owners = [...result.owners].sort(
    (a, b) => byName(a.owner.name || a.owner.id, b.owner.name || b.owner.id) || a.owner.id.localeCompare(b.owner.id),
  );
  return owners.flatMap((o) =>
    result.kinds
      .filter((kind) => o.before[kind] !== o.after[kind])
      .map((kind) => ({
        name: o.owner.name,
        id: o.owner.id,
        kind,
        before: o.before[kind] ?? 0,
        after: o.after[kind] ?? 0,
        capacity: o.capacity[kind],
      })),
  );
}

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true }).compare;

/** The plan in words: where it went, moves and unplaced records by reason. For people (stderr). */
export function planHeadline(result: PlanOutcome, outDir: string, color: ChalkInstance): string {
  const { counts } = planSummary(result);
  // The largest first, so the reason that matters most is read first.
  const byReason = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a, n], [b, m]) => m - n || byName(a, b))
      .map(([reason, n]) => `${reason} ${formatCount(n)}`)
      .join(', ');
  const lines = [
    color.bold(
      `${result.command === 'plan' ? 'Plan' : 'Transfer'} on snapshot ${result.snapshot} → ${printable(outDir)}`,
    ),
  ];
  lines.push(
    `  ${formatCount(counts.moves)} ${plural(counts.moves, 'move')}${counts.moves ? ` (${byReason(counts.movesByReason)})` : ''}`,
  );
  if (counts.unplaced)
    lines.push(
      color.yellow(`  ${formatCount(counts.unplaced)} unplaced (${byReason(counts.unplacedByReason)}) → unplaced.csv`),
    );
  if (counts.excluded)
    lines.push(`  ${formatCount(counts.excluded)} left where they are (${byReason(counts.excludedByReason)})`);
  for (const owner of result.notInUsersExport ?? [])
    lines.push(
      color.yellow(
        `  ${printable(ownerLabel(owner))} is ${NOT_IN_USERS_EXPORT}: given by --to with --to-name/--to-email`,
      ),
    );
  lines.push(...pipelineLines(result));
  for (const team of result.teams) lines.push(`  ${team.kind}: ${team.note}`);
  return lines.join('\n');
}

/** The owners whose loads change, before and after: the plan's data (stdout). */
export function planLoads(result: PlanOutcome, format: 'table' | 'markdown' | 'csv'): string {
  const rows = loadRows(result);
  // A CSV with its header alone is still data; an empty table is nothing to show.
  return rows.length === 0 && format !== 'csv' ? '' : renderTabular(rows, LOAD_COLUMNS, format);
}
