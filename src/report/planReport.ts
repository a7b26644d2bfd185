/** What `plan` and `transfer` print: moves and unplaced records by reason, and loads before and after. */
import type { ChalkInstance } from 'chalk';
import type { PlanResult } from '../plan/runPlan.js';
import { planSummary } from '../plan/writePlan.js';
import { markdownText } from '../output/markdown.js';
import { printable } from '../output/printable.js';
import { formatCount, plural } from './format.js';
import { renderTabular, type Column } from './tabular.js';

interface LoadRow {
  name: string;
  id: string;
  kind: string;
  before: number;
  after: number;
  capacity: number | undefined;
}

const LOAD_COLUMNS: Column<LoadRow>[] = [
  { title: 'owner', value: (r) => r.name || r.id },
  { title: 'id', value: (r) => r.id },
  { title: 'kind', value: (r) => r.kind },
  { title: 'before', value: (r) => r.before, align: 'right' },
  { title: 'after', value: (r) => r.after, align: 'right' },
  { title: 'change', value: (r) => (r.after > r.before ? `+${r.after - r.before}` : String(r.after - r.before)), align: 'right' },
  { title: 'capacity', value: (r) => r.capacity ?? '', align: 'right' },
];

export function loadRows(result: PlanResult): LoadRow[] {
  return result.owners.flatMap((o) =>
    result.context.kinds
      .filter((kind) => o.before[kind] !== o.after[kind])
      .map((kind) => ({ name: o.owner.name, id: o.owner.id, kind, before: o.before[kind] ?? 0, after: o.after[kind] ?? 0, capacity: o.capacity[kind] })),
  );
}

export function planReport(result: PlanResult, outDir: string, format: 'table' | 'markdown' | 'csv', color: ChalkInstance): string {
  const summary = planSummary(result);
  const { counts } = summary;
  const lines: string[] = [];
  const byReason = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([reason, n]) => `${reason} ${formatCount(n)}`)
      .join(', ');
  const shownDir = format === 'markdown' ? markdownText(outDir) : printable(outDir);
  lines.push(color.bold(`${result.command === 'plan' ? 'Plan' : 'Transfer'} on snapshot ${result.context.snapshot.id} → ${shownDir}`));
  lines.push(`  ${formatCount(counts.moves)} ${plural(counts.moves, 'move')}${counts.moves ? ` (${byReason(counts.movesByReason)})` : ''}`);
  if (counts.unplaced) lines.push(color.yellow(`  ${formatCount(counts.unplaced)} unplaced (${byReason(counts.unplacedByReason)}) → unplaced.csv`));
  if (counts.excluded) lines.push(`  ${formatCount(counts.excluded)} excluded or locked`);
  const rows = loadRows(result);
  if (rows.length) lines.push('', renderTabular(rows, LOAD_COLUMNS, format));
  return lines.join('\n');
}
