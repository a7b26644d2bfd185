/** `diff` reporters: the table, Markdown, the `crm-owners/diff@1` document, and the changes CSV. */
import type { ChalkInstance } from 'chalk';
import type { DiffResult, OwnerChange, OwnerDelta } from '../history/diff.js';
import type { TeamChange } from '../history/teamChanges.js';
import { RECORD_KINDS, type RecordKind } from '../records/model.js';
import { writeCsv } from '../output/csvWriter.js';
import { markdownText } from '../output/markdown.js';
import { printable } from '../output/printable.js';
import type { SnapshotInfo } from '../store/snapshots.js';
import { formatCount, type ShowValue } from './format.js';
import { fitHeadline, terminalWidth } from '../output/width.js';
import { renderCsv, renderMarkdown, renderTable, type Column } from './tabular.js';

/** Changes shown in the table and Markdown; all of them are in --json, --format csv and --out. */
export const SHOWN_CHANGES = 20;

export const DIFF_CSV_HEADER = [
  'kind',
  'record_id',
  'record_name',
  'old_owner_id',
  'old_owner_name',
  'new_owner_id',
  'new_owner_name',
];

interface KindRow {
  kind: RecordKind;
  changed: number;
  added: number;
  removed: number;
}

const KIND_COLUMNS: Column<KindRow>[] = [
  { title: 'kind', value: (r) => r.kind },
  { title: 'changed owner', value: (r) => r.changed, align: 'right' },
  { title: 'added', value: (r) => r.added, align: 'right' },
  { title: 'removed', value: (r) => r.removed, align: 'right' },
];

function signed(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : formatCount(n);
}

const OWNER_COLUMNS: Column<OwnerDelta>[] = [
  { title: 'owner', value: (o) => o.name || '(no owner)', role: 'name' },
  { title: 'id', value: (o) => o.id ?? (o.name ? '(unresolved)' : '') },
  { title: 'gained', value: (o) => o.gained, align: 'right' },
  { title: 'lost', value: (o) => o.lost, align: 'right' },
  { title: 'net', value: (o) => signed(o.gained - o.lost), align: 'right' },
];

/** "Name (id)", the raw value of an unresolved owner, or "(no owner)". */
function ownerShown(id: string | null, name: string): string {
  if (!name && !id) return '(no owner)';
  return id && name !== id ? `${name} (${id})` : name;
}

const CHANGE_COLUMNS: Column<OwnerChange>[] = [
  { title: 'kind', value: (c) => c.kind },
  { title: 'record', value: (c) => c.recordId },
  { title: 'name', value: (c) => c.recordName, role: 'name' },
  { title: 'old owner', value: (c) => ownerShown(c.oldOwnerId, c.oldOwnerName), role: 'name' },
  { title: 'new owner', value: (c) => ownerShown(c.newOwnerId, c.newOwnerName), role: 'name' },
];

const TEAM_COLUMNS: Column<TeamChange>[] = [
  { title: 'team', value: (c) => c.kind },
  { title: 'record', value: (c) => c.recordId || '(not in the snapshot)' },
  { title: 'name', value: (c) => c.recordName, role: 'name' },
  { title: 'member', value: (c) => ownerShown(c.memberId, c.memberName), role: 'name' },
  { title: 'role', value: (c) => c.role, role: 'name' },
  { title: 'change', value: (c) => c.change },
];

function teamsTitle(teams: TeamChange[]): string {
  const added = teams.filter((c) => c.change === 'added').length;
  const title = `Team changes: ${formatCount(added)} added, ${formatCount(teams.length - added)} removed`;
  return teams.length > SHOWN_CHANGES ? `${title} (first ${SHOWN_CHANGES}; all of them: --json)` : title;
}

function snapshotName(s: SnapshotInfo, show: ShowValue): string {
  return `snapshot ${s.id}${s.label ? ` "${show(s.label)}"` : ''}`;
}

export function diffHeadline(result: DiffResult, show: ShowValue = printable): string {
  return `crm-owners diff · ${snapshotName(result.from, show)} → ${snapshotName(result.to, show)}`;
}

/** Kinds present in either snapshot. */
function kindRows(result: DiffResult): KindRow[] {
  return RECORD_KINDS.filter((kind) => result.from.counts[kind] > 0 || result.to.counts[kind] > 0).map((kind) => ({
    kind,
    changed: result.changes.filter((c) => c.kind === kind).length,
    added: result.counts.added[kind] ?? 0,
    removed: result.counts.removed[kind] ?? 0,
  }));
}

function changesTitle(result: DiffResult): string {
  const n = result.changes.length;
  return n > SHOWN_CHANGES
    ? `Changes (first ${SHOWN_CHANGES} of ${formatCount(n)}; all of them: --json, --format csv or --out FILE)`
    : 'Changes';
}

function summary(result: DiffResult): string {
  const n = result.counts.changed;
  return n === 0 ? 'No ownership changes.' : `${formatCount(n)} ${n === 1 ? 'record' : 'records'} changed owner.`;
}

export function diffTable(result: DiffResult, color: ChalkInstance, width = terminalWidth()): string {
  const lines = [
    color.bold(fitHeadline(diffHeadline(result), width)),
    '',
    renderTable(kindRows(result), KIND_COLUMNS, width),
    '',
    summary(result),
  ];
  if (result.owners.length > 0) lines.push('', renderTable(result.owners, OWNER_COLUMNS, width));
  if (result.changes.length > 0)
    lines.push(
      '',
      color.dim(changesTitle(result)),
      renderTable(result.changes.slice(0, SHOWN_CHANGES), CHANGE_COLUMNS, width),
    );
  if (result.teams)
    lines.push('', result.teams.length === 0 ? 'No team changes.' : color.dim(teamsTitle(result.teams)));
  if (result.teams?.length) lines.push(renderTable(result.teams.slice(0, SHOWN_CHANGES), TEAM_COLUMNS, width));
  return lines.join('\n');
}

export function diffMarkdown(result: DiffResult): string {
  const parts = [
    `### ${diffHeadline(result, markdownText)}`,
    renderMarkdown(kindRows(result), KIND_COLUMNS),
    summary(result),
  ];
  if (result.owners.length > 0) parts.push(renderMarkdown(result.owners, OWNER_COLUMNS));
  if (result.changes.length > 0)
    parts.push(`**${changesTitle(result)}**`, renderMarkdown(result.changes.slice(0, SHOWN_CHANGES), CHANGE_COLUMNS));
  if (result.teams) parts.push(result.teams.length === 0 ? 'No team changes.' : `**${teamsTitle(result.teams)}**`);
  if (result.teams?.length) parts.push(renderMarkdown(result.teams.slice(0, SHOWN_CHANGES), TEAM_COLUMNS));
  return parts.join('\n\n');
}

export function diffJson(result: DiffResult) {
  return {
    schema: 'crm-owners/diff@1',
    from: { id: result.from.id, label: result.from.label, asOf: result.from.asOf },
    to: { id: result.to.id, label: result.to.label, asOf: result.to.asOf },
    counts: result.counts,
    owners: result.owners.map(({ id, name, gained, lost }) => ({ id, name, gained, lost })),
    changes: result.changes,
    ...(result.teams && { teams: result.teams }),
  };
}

function changeCells(c: OwnerChange): string[] {
  return [c.kind, c.recordId, c.recordName, c.oldOwnerId ?? '', c.oldOwnerName, c.newOwnerId ?? '', c.newOwnerName];
}

/** `--format csv`: every change, for people. */
export function diffCsv(result: DiffResult): string {
  // `--format csv` is for people, like the files: BOM, CRLF, formulas neutralised.
  return renderCsv(
    result.changes,
    DIFF_CSV_HEADER.map((title, i): Column<OwnerChange> => ({ title, value: (c) => changeCells(c)[i] })),
  );
}

/** `--out FILE`: every change, a file for people. */
export function writeDiffCsv(path: string, result: DiffResult): void {
  writeCsv(path, 'people', DIFF_CSV_HEADER, result.changes.map(changeCells));
}
