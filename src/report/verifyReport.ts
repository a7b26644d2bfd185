/** `verify` reporters: the table, Markdown, the `crm-owners/verify@1` document, and the findings CSV. */
import type { ChalkInstance } from 'chalk';
import { writeCsv } from '../output/csvWriter.js';
import { markdownText } from '../output/markdown.js';
import { printable } from '../output/printable.js';
import { VERIFY_STATUSES, type StatusCounts, type VerifyResult, type VerifyRow } from '../plan/verify.js';
import { formatCount, type ShowValue } from './format.js';
import { fitHeadline, terminalWidth } from '../output/width.js';
import { renderCsv, renderMarkdown, renderTable, type Column } from './tabular.js';
import { moneyText, opportunities } from './pipelineText.js';

/** Rows not applied shown in the table and Markdown; the rest are in --json and --findings. */
export const SHOWN_ROWS = 20;

export const VERIFY_FINDINGS_HEADER = [
  'kind',
  'record_id',
  'record_name',
  'expected_owner',
  'expected_owner_name',
  'previous_owner',
  'previous_owner_name',
  'actual_owner',
  'actual_owner_name',
  'status',
];

type CountRow = { kind: string; counts: StatusCounts };

const COUNT_COLUMNS: Column<CountRow>[] = [
  { title: 'kind', value: (r) => r.kind },
  ...VERIFY_STATUSES.map((status): Column<CountRow> => ({
    title: status,
    value: (r) => r.counts[status],
    align: 'right',
  })),
];

const ROW_COLUMNS: Column<VerifyRow>[] = [
  { title: 'kind', value: (r) => r.kind },
  { title: 'record', value: (r) => r.recordId },
  { title: 'status', value: (r) => r.status },
  // Owners by name where the snapshot has one (people read names); ids are in --json and the findings.
  { title: 'expected', value: (r) => r.expectedName ?? r.expectedOwner, role: 'name' },
  { title: 'previous', value: (r) => r.previousName ?? r.previousOwner, role: 'name' },
  { title: 'actual', value: (r) => r.actualName ?? r.actualOwner ?? '', role: 'name' },
];

export function verifyHeadline(result: VerifyResult, show: ShowValue = printable): string {
  const label = result.snapshot.label ? ` "${show(result.snapshot.label)}"` : '';
  return `crm-owners verify · plan ${show(result.plan.dir)} (snapshot ${result.plan.snapshot}) · against snapshot ${result.snapshot.id}${label}`;
}

function countRows(result: VerifyResult): CountRow[] {
  return [...result.byKind, ...(result.byKind.length > 1 ? [{ kind: 'total', counts: result.counts }] : [])];
}

/** `Pipeline applied: USD 120,000.00 of 150,000.00 (3 of 4 opportunities)`, per currency. */
export function pipelineApplied(result: VerifyResult, show: ShowValue = printable): string | undefined {
  const { currencies } = result.pipeline;
  if (currencies.length === 0) return undefined;
  const parts = currencies.map(
    (c) =>
      `${moneyText(c.currency, c.applied.amount, show)} of ${moneyText(null, c.planned.amount)} (${formatCount(c.applied.opportunities)} of ${opportunities(c.planned.opportunities)})`,
  );
  return `Open pipeline applied: ${parts.join(', ')}`;
}

function verdict(result: VerifyResult): string {
  const open = result.rows.length;
  if (open === 0) return `all ${formatCount(result.total)} rows applied`;
  return `${formatCount(open)} of ${formatCount(result.total)} rows not applied`;
}

function shownTitle(result: VerifyResult): string {
  const n = result.rows.length;
  return n > SHOWN_ROWS
    ? `Not applied (first ${SHOWN_ROWS} of ${formatCount(n)}; all of them: --json or --findings FILE)`
    : 'Not applied';
}

export function verifyTable(result: VerifyResult, color: ChalkInstance, width = terminalWidth()): string {
  const lines = [color.bold(fitHeadline(verifyHeadline(result), width)), ''];
  if (result.total === 0) lines.push('The plan has no rows.');
  else lines.push(renderTable(countRows(result), COUNT_COLUMNS, width));
  const pipeline = pipelineApplied(result);
  if (pipeline) lines.push('', pipeline);
  if (result.rows.length > 0)
    lines.push('', color.dim(shownTitle(result)), renderTable(result.rows.slice(0, SHOWN_ROWS), ROW_COLUMNS, width));
  lines.push(
    '',
    result.rows.length === 0
      ? `${color.green.bold('PASS')}  ${verdict(result)}`
      : `${color.red.bold('FAIL')}  ${verdict(result)}`,
  );
  return lines.join('\n');
}

export function verifyMarkdown(result: VerifyResult): string {
  const parts = [`### ${result.rows.length === 0 ? '✅' : '❌'} ${verifyHeadline(result, markdownText)}`];
  if (result.total > 0) parts.push(renderMarkdown(countRows(result), COUNT_COLUMNS));
  const pipeline = pipelineApplied(result, markdownText);
  if (pipeline) parts.push(pipeline);
  if (result.rows.length > 0)
    parts.push(`**${shownTitle(result)}**`, renderMarkdown(result.rows.slice(0, SHOWN_ROWS), ROW_COLUMNS));
  parts.push(`**${result.rows.length === 0 ? 'PASS' : 'FAIL'}** ${verdict(result)}`);
  return parts.join('\n\n');
}

export function verifyJson(result: VerifyResult) {
  return {
    schema: 'crm-owners/verify@1',
    plan: result.plan.dir,
    snapshot: { id: result.snapshot.id, label: result.snapshot.label },
    counts: result.counts,
    pipeline: result.pipeline,
    rows: result.rows.map(
      ({
        kind,
        recordId,
        recordName,
        expectedOwner,
        previousOwner,
        actualOwner,
        expectedName,
        previousName,
        actualName,
        status,
      }) => ({
        kind,
        recordId,
        recordName,
        expectedOwner,
        previousOwner,
        actualOwner,
        expectedName,
        previousName,
        actualName,
        status,
      }),
    ),
  };
}

function findingCells(r: VerifyRow): string[] {
  return [
    r.kind,
    r.recordId,
    r.recordName ?? '',
    r.expectedOwner,
    r.expectedName ?? '',
    r.previousOwner,
    r.previousName ?? '',
    r.actualOwner ?? '',
    r.actualName ?? '',
    r.status,
  ];
}

/** `--format csv`: the rows not applied, as the findings file has them. */
export function verifyCsv(result: VerifyResult): string {
  // `--format csv` is for people, like the files: BOM, CRLF, formulas neutralised.
  return renderCsv(
    result.rows,
    VERIFY_FINDINGS_HEADER.map((title, i): Column<VerifyRow> => ({ title, value: (r) => findingCells(r)[i] })),
  );
}

/** `--findings FILE`: the rows not applied, a file for people. */
export function writeVerifyFindings(path: string, result: VerifyResult): void {
  writeCsv(path, 'people', VERIFY_FINDINGS_HEADER, result.rows.map(findingCells));
}
