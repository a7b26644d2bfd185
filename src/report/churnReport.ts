/** `churn` reporters: the table, Markdown, CSV of the records, and the `crm-owners/churn@1` document. */
import type { ChalkInstance } from 'chalk';
import type { ChurnOwner, ChurnRecord, ChurnResult, OwnerHandovers, TerritoryHandovers } from '../history/churn.js';
import { markdownText } from '../output/markdown.js';
import { printable } from '../output/printable.js';
import { fitHeadline, fitProse } from '../output/width.js';
import { formatCount, plural, type ShowValue } from './format.js';
import { ownerShown } from './historyReport.js';
import { renderCsv, renderMarkdown, renderTable, type Column } from './tabular.js';

export const CHURN_SCHEMA = 'crm-owners/churn@1';

/** Records listed in the table and Markdown; all of them are in --json and --format csv. */
export const SHOWN_RECORDS = 20;

/** A record's owners in order; ids are added where two of them share a name (two Alex Morgans). */
export function ownerChain(owners: ChurnOwner[]): string {
  const idsByName = new Map<string, Set<string | null>>();
  for (const o of owners) idsByName.set(o.name, (idsByName.get(o.name) ?? new Set()).add(o.id));
  return owners
    .map((o) => (!o.name ? '(no owner)' : idsByName.get(o.name)!.size > 1 ? ownerShown(o.id, o.name) : o.name))
    .join(' → ');
}

function recordColumns(result: ChurnResult): Column<ChurnRecord>[] {
  const columns: Column<ChurnRecord>[] = [
    { title: 'kind', value: (r) => r.kind },
    { title: 'record', value: (r) => r.recordId },
    { title: 'name', value: (r) => r.recordName, role: 'name' },
    { title: 'changes', value: (r) => r.changes, align: 'right' },
    { title: 'ping-pong', value: (r) => (r.pingPong ? 'yes' : '') },
  ];
  if (result.territories) columns.push({ title: 'territory', value: (r) => r.territory ?? '' });
  columns.push({ title: 'owners', value: (r) => ownerChain(r.owners), role: 'name' });
  return columns;
}

const OWNER_COLUMNS: Column<OwnerHandovers>[] = [
  { title: 'owner', value: (o) => o.name || '(no owner)', role: 'name' },
  { title: 'id', value: (o) => o.id ?? (o.name ? '(unresolved)' : '') },
  { title: 'gained', value: (o) => o.gained, align: 'right' },
  { title: 'lost', value: (o) => o.lost, align: 'right' },
  { title: 'churning records', value: (o) => o.churning, align: 'right' },
];

const TERRITORY_COLUMNS: Column<TerritoryHandovers>[] = [
  { title: 'territory', value: (t) => t.territory ?? '(no territory)' },
  { title: 'handovers', value: (t) => t.handovers, align: 'right' },
  { title: 'churning records', value: (t) => t.churning, align: 'right' },
];

function snapshotName(s: ChurnResult['snapshots'][number], show: ShowValue): string {
  return `${s.id}${s.label ? ` "${show(s.label)}"` : ''}`;
}

export function churnHeadline(result: ChurnResult, show: ShowValue = printable): string {
  const first = result.snapshots[0];
  const last = result.snapshots[result.snapshots.length - 1];
  return `crm-owners churn · snapshots ${snapshotName(first, show)} → ${snapshotName(last, show)} (${result.snapshots.length}) · owner changed ${result.minChanges} ${plural(result.minChanges, 'time')} or more`;
}

export function churnSummary(result: ChurnResult): string {
  const { handovers, records, churning, pingPong } = result.counts;
  if (handovers === 0) return 'No ownership changes in these snapshots.';
  const changed = `${formatCount(handovers)} owner ${plural(handovers, 'change')} on ${formatCount(records)} ${plural(records, 'record')}`;
  const listed = `${formatCount(churning)} ${plural(churning, 'record')} changed owner ${result.minChanges} ${plural(result.minChanges, 'time')} or more`;
  return `${changed}; ${listed}${churning > 0 ? `, ${formatCount(pingPong)} of them back to an earlier owner (ping-pong)` : ''}.`;
}

function recordsTitle(result: ChurnResult): string {
  const n = result.records.length;
  return n > SHOWN_RECORDS
    ? `Records (first ${SHOWN_RECORDS} of ${formatCount(n)}; all of them: --json or --format csv)`
    : 'Records';
}

export function churnText(result: ChurnResult, format: 'table' | 'markdown', color: ChalkInstance): string {
  const shown = result.records.slice(0, SHOWN_RECORDS);
  if (format === 'markdown') {
    const parts = [`### ${churnHeadline(result, markdownText)}`, churnSummary(result)];
    if (shown.length > 0) parts.push(`**${recordsTitle(result)}**`, renderMarkdown(shown, recordColumns(result)));
    if (result.owners.length > 0) parts.push('**Per owner**', renderMarkdown(result.owners, OWNER_COLUMNS));
    if (result.territories && result.territories.length > 0)
      parts.push('**Per territory**', renderMarkdown(result.territories, TERRITORY_COLUMNS));
    return parts.join('\n\n');
  }
  const lines = [color.bold(fitHeadline(churnHeadline(result))), '', fitProse(churnSummary(result))];
  if (shown.length > 0)
    lines.push('', color.dim(fitProse(recordsTitle(result))), renderTable(shown, recordColumns(result)));
  if (result.owners.length > 0) lines.push('', color.dim('Per owner'), renderTable(result.owners, OWNER_COLUMNS));
  if (result.territories && result.territories.length > 0)
    lines.push('', color.dim('Per territory'), renderTable(result.territories, TERRITORY_COLUMNS));
  return lines.join('\n');
}

/** `--format csv`: every listed record, for people. */
export function churnCsv(result: ChurnResult): string {
  const columns: Column<ChurnRecord>[] = [
    { title: 'kind', value: (r) => r.kind },
    { title: 'record_id', value: (r) => r.recordId },
    { title: 'record_name', value: (r) => r.recordName },
    { title: 'changes', value: (r) => String(r.changes) },
    { title: 'ping_pong', value: (r) => (r.pingPong ? 'yes' : 'no') },
  ];
  if (result.territories) columns.push({ title: 'territory', value: (r) => r.territory ?? '' });
  columns.push(
    { title: 'owners', value: (r) => ownerChain(r.owners) },
    { title: 'owner_ids', value: (r) => r.owners.map((o) => o.id ?? '').join(';') },
  );
  return renderCsv(result.records, columns);
}

export function churnJson(result: ChurnResult) {
  return {
    schema: CHURN_SCHEMA,
    snapshots: result.snapshots,
    minChanges: result.minChanges,
    counts: result.counts,
    records: result.records,
    owners: result.owners,
    ...(result.territories ? { territories: result.territories } : {}),
  };
}
