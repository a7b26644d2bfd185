/**
 * Plain tables in the three text formats: aligned columns, Markdown, or CSV. Values are escaped here,
 * for each format, so every reporter's tables are safe: control characters never reach a terminal
 * raw, and no value is read as Markdown or HTML. CSV keeps values as they are (they are data).
 */
import { csvText } from '../output/csvWriter.js';
import { markdownText } from '../output/markdown.js';
import { printable } from '../output/printable.js';
import type { Reporters } from '../output/reporters.js';
import { columnsOf, padEndColumns, padStartColumns, terminalWidth, truncate } from '../output/width.js';

export interface Column<T> {
  title: string;
  value: (row: T) => string | number;
  /** Numbers are right-aligned and shown with thousands separators in a table. */
  align?: 'left' | 'right';
  /** Markdown shows the value as code (an identifier such as a check id). */
  code?: boolean;
  /** A name, cut with `…` when the table is wider than the terminal; ids and numbers never are. */
  shrink?: boolean;
}

function shown(value: string | number): string {
  return typeof value === 'number' ? value.toLocaleString('en-US') : value;
}

/**
 * Column widths that fit `width`: the widest name column (`shrink`) gives up a character at a time
 * (down to its title's width, at least 4) until the line fits.
 */
function fittedWidths<T>(natural: number[], columns: Column<T>[], titles: string[], width: number): number[] {
  const widths = [...natural];
  const total = () => widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
  while (total() > width) {
    const shrinkable = widths.map((w, i) => (columns[i].shrink && w > Math.max(4, columnsOf(titles[i])) ? w : -1));
    const widest = shrinkable.indexOf(Math.max(...shrinkable));
    if (shrinkable[widest] < 0) break;
    widths[widest]--;
  }
  return widths;
}

export function renderTable<T>(rows: T[], columns: Column<T>[], width = terminalWidth()): string {
  // Widths are terminal columns of the escaped text, which is what the terminal shows.
  const titles = columns.map((c) => printable(c.title));
  const natural = titles.map((title) => columnsOf(title));
  const texts = rows.map((row) => columns.map((c) => printable(shown(c.value(row)))));
  texts.forEach((r) => r.forEach((text, i) => (natural[i] = Math.max(natural[i], columnsOf(text)))));
  const widths = fittedWidths(natural, columns, titles, width);
  const cells = texts.map((r) => r.map((text, i) => truncate(text, widths[i])));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i].align === 'right' ? padStartColumns(v, widths[i]) : padEndColumns(v, widths[i])))
      .join('  ')
      .trimEnd();
  return [line(titles), ...cells.map(line)].join('\n');
}

/** A cell as literal text; as code only when it holds nothing Markdown would read. */
function markdownCell(value: string, code = false): string {
  const text = markdownText(value);
  return code && text === value ? `\`${value}\`` : text;
}

export function renderMarkdown<T>(rows: T[], columns: Column<T>[]): string {
  const head = `| ${columns.map((c) => markdownCell(c.title)).join(' | ')} |`;
  const rule = `| ${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`;
  const body = rows.map((row) => `| ${columns.map((c) => markdownCell(shown(c.value(row)), c.code)).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

/** CSV on stdout is for people (it usually lands in a spreadsheet): BOM, CRLF, formulas neutralised. */
export function renderCsv<T>(rows: T[], columns: Column<T>[]): string {
  return '\uFEFF' + csvText([columns.map((c) => c.title), ...rows.map((row) => columns.map((c) => c.value(row)))], 'people');
}

export function renderTabular<T>(rows: T[], columns: Column<T>[], format: 'table' | 'markdown' | 'csv'): string {
  if (format === 'markdown') return renderMarkdown(rows, columns);
  if (format === 'csv') return renderCsv(rows, columns);
  return renderTable(rows, columns);
}

/** The reporters of a command that prints rows: a table in each text format, or the rows as JSON. */
export function tabularReporters<T>(columns: Column<T>[] | ((rows: T[]) => Column<T>[])): Reporters<T[]> {
  // Columns that depend on the rows (a column per kind present) are chosen per run.
  const of = (rows: T[]) => (typeof columns === 'function' ? columns(rows) : columns);
  return {
    table: (rows, terminal) => terminal.out(renderTable(rows, of(rows))),
    json: (rows, terminal) => terminal.out(JSON.stringify(rows, null, 2)),
    markdown: (rows, terminal) => terminal.out(renderMarkdown(rows, of(rows))),
    csv: (rows, terminal) => terminal.out(renderCsv(rows, of(rows))),
  };
}
