/** Plain tables in the three text formats: aligned columns, Markdown, or CSV. */
import { csvText } from '../output/csvWriter.js';

export interface Column<T> {
  title: string;
  value: (row: T) => string | number;
  /** Numbers are right-aligned and shown with thousands separators in a table. */
  align?: 'left' | 'right';
}

function shown(value: string | number): string {
  return typeof value === 'number' ? value.toLocaleString('en-US') : value;
}

export function renderTable<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => shown(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i].align === 'right' ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), ...cells.map(line)].join('\n');
}

function markdownCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderMarkdown<T>(rows: T[], columns: Column<T>[]): string {
  const head = `| ${columns.map((c) => markdownCell(c.title)).join(' | ')} |`;
  const rule = `| ${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`;
  const body = rows.map((row) => `| ${columns.map((c) => markdownCell(shown(c.value(row)))).join(' | ')} |`);
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
