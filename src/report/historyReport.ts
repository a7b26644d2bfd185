/**
 * `history` reporters: one record's owner per snapshot, and one owner's loads, gains and losses per
 * snapshot, as a table, Markdown, CSV, or the `crm-owners/history@1` and
 * `crm-owners/owner-history@1` documents.
 */
import type { ChalkInstance } from 'chalk';
import type { Handover, OwnerHistory, OwnerSnapshot } from '../history/ownerHistory.js';
import type { RecordHistory, RecordSnapshot } from '../history/recordHistory.js';
import { RECORD_KINDS, type RecordKind } from '../records/model.js';
import { markdownText } from '../output/markdown.js';
import { printable } from '../output/printable.js';
import { fitHeadline, fitProse } from '../output/width.js';
import { formatCount, plural, type ShowValue } from './format.js';
import { renderCsv, renderMarkdown, renderTable, type Column } from './tabular.js';

/** Handovers listed in the table and Markdown; all of them are in --json. */
export const SHOWN_HANDOVERS = 20;

type TextFormat = 'table' | 'markdown' | 'csv';

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** "Name (id)", or the value of an owner that resolves to no one, or "(no owner)". */
export function ownerShown(id: string | null, name: string): string {
  if (!id && !name) return '(no owner)';
  return id && name !== id ? `${name} (${id})` : name;
}

const RECORD_COLUMNS: Column<RecordSnapshot>[] = [
  { title: 'snapshot', value: (s) => s.snapshot.id, align: 'right' },
  { title: 'label', value: (s) => s.snapshot.label ?? '' },
  { title: 'date', value: (s) => day(s.snapshot.asOf) },
  {
    title: 'owner',
    value: (s) => (s.present ? ownerShown(s.ownerId, s.ownerName) : '(not in this snapshot)'),
    role: 'name',
  },
  { title: 'owner state', value: (s) => s.ownerState ?? '' },
  { title: 'change', value: (s) => (s.changed ? 'changed' : '') },
];

function recordHeadline(history: RecordHistory, show: ShowValue): string {
  const name = history.snapshots.findLast((s) => s.present)?.recordName;
  const changes =
    history.changes === 0
      ? 'owner never changed'
      : `owner changed ${history.changes} ${plural(history.changes, 'time')}${history.pingPong ? ', back to an earlier owner (ping-pong)' : ''}`;
  return `crm-owners history · ${history.kind} ${show(history.recordId)}${name ? ` "${show(name)}"` : ''} · ${changes}`;
}

export function recordHistoryText(history: RecordHistory, format: TextFormat, color: ChalkInstance): string {
  if (format === 'csv') return renderCsv(history.snapshots, RECORD_COLUMNS);
  if (format === 'markdown')
    return [`### ${recordHeadline(history, markdownText)}`, renderMarkdown(history.snapshots, RECORD_COLUMNS)].join(
      '\n\n',
    );
  return [
    color.bold(fitHeadline(recordHeadline(history, printable))),
    '',
    renderTable(history.snapshots, RECORD_COLUMNS),
  ].join('\n');
}

export function recordHistoryJson(history: RecordHistory) {
  return {
    schema: 'crm-owners/history@1',
    recordId: history.recordId,
    kind: history.kind,
    changes: history.changes,
    pingPong: history.pingPong,
    snapshots: history.snapshots,
  };
}

/** The kinds an owner held records of in any snapshot. */
function heldKinds(history: OwnerHistory): RecordKind[] {
  return RECORD_KINDS.filter((kind) => history.snapshots.some((s) => (s.loads[kind] ?? 0) > 0));
}

function ownerColumns(history: OwnerHistory): Column<OwnerSnapshot>[] {
  const signed = (n: number) => (n > 0 ? `+${formatCount(n)}` : formatCount(n));
  return [
    { title: 'snapshot', value: (s) => s.snapshot.id, align: 'right' },
    { title: 'label', value: (s) => s.snapshot.label ?? '' },
    { title: 'date', value: (s) => day(s.snapshot.asOf) },
    { title: 'state', value: (s) => s.state },
    ...heldKinds(history).map((kind): Column<OwnerSnapshot> => ({
      title: kind,
      value: (s) => s.loads[kind] ?? 0,
      align: 'right',
    })),
    { title: 'gained', value: (s) => s.gained.length, align: 'right' },
    { title: 'lost', value: (s) => s.lost.length, align: 'right' },
    { title: 'net', value: (s) => signed(s.gained.length - s.lost.length), align: 'right' },
  ];
}

interface HandoverRow extends Handover {
  snapshot: OwnerSnapshot['snapshot'];
  direction: 'gained from' | 'lost to';
}

const HANDOVER_COLUMNS: Column<HandoverRow>[] = [
  { title: 'snapshot', value: (h) => h.snapshot.id, align: 'right' },
  { title: 'label', value: (h) => h.snapshot.label ?? '' },
  { title: 'kind', value: (h) => h.kind },
  { title: 'record', value: (h) => h.recordId },
  { title: 'name', value: (h) => h.recordName, role: 'name' },
  { title: 'change', value: (h) => h.direction },
  { title: 'owner', value: (h) => ownerShown(h.otherOwnerId, h.otherOwnerName), role: 'name' },
];

function handoverRows(history: OwnerHistory): HandoverRow[] {
  return history.snapshots.flatMap((s) => [
    ...s.gained.map((h): HandoverRow => ({ ...h, snapshot: s.snapshot, direction: 'gained from' })),
    ...s.lost.map((h): HandoverRow => ({ ...h, snapshot: s.snapshot, direction: 'lost to' })),
  ]);
}

function ownerHeadline(history: OwnerHistory, show: ShowValue): string {
  const { owner } = history;
  return `crm-owners history · owner ${show(`${ownerShown(owner.id, owner.name)}${owner.email ? ` <${owner.email}>` : ''}`)}`;
}

function handoversTitle(count: number): string {
  return count > SHOWN_HANDOVERS
    ? `Records gained and lost (first ${SHOWN_HANDOVERS} of ${formatCount(count)}; all of them: --json)`
    : 'Records gained and lost';
}

export function ownerHistoryText(history: OwnerHistory, format: TextFormat, color: ChalkInstance): string {
  const columns = ownerColumns(history);
  if (format === 'csv') return renderCsv(history.snapshots, columns);
  const handovers = handoverRows(history);
  const shown = handovers.slice(0, SHOWN_HANDOVERS);
  if (format === 'markdown') {
    const parts = [`### ${ownerHeadline(history, markdownText)}`, renderMarkdown(history.snapshots, columns)];
    if (handovers.length > 0)
      parts.push(`**${handoversTitle(handovers.length)}**`, renderMarkdown(shown, HANDOVER_COLUMNS));
    return parts.join('\n\n');
  }
  const lines = [
    color.bold(fitHeadline(ownerHeadline(history, printable))),
    '',
    renderTable(history.snapshots, columns),
  ];
  if (handovers.length > 0)
    lines.push('', color.dim(fitProse(handoversTitle(handovers.length))), renderTable(shown, HANDOVER_COLUMNS));
  return lines.join('\n');
}

export function ownerHistoryJson(history: OwnerHistory) {
  return { schema: 'crm-owners/owner-history@1', owner: history.owner, snapshots: history.snapshots };
}
