/**
 * Plain tables in the three text formats: aligned columns, Markdown, or CSV. Values are escaped here,
 * for each format, so every reporter's tables are safe: control characters never reach a terminal
 * raw, and no value is read as Markdown or HTML. CSV keeps values as they are (they are data).
 */
import { csvText } from '../output/csvWriter.js';
import { markdownText } from '../output/markdown.js';
import { printable } from '../output/printable.js';
import type { Reporters } from '../output/reporters.js';
import { columnsOf, foldText, padEndColumns, padStartColumns, terminalWidth } from '../output/width.js';

/**
 * What a column holds, which decides what gives way when a terminal is too narrow for the table:
 * - `key` (the default): ids, labels, dates and counts, always shown whole (a cut id or label could
 *   be read as another);
 * - `name`: names, owner chains and messages, folded onto more lines (between words where it can)
 *   rather than cut;
 * - `detail`: shown when there is room, left out first (the data formats always carry it).
 */
export type ColumnRole = 'key' | 'name' | 'detail';

export interface Column<T> {
  title: string;
  value: (row: T) => string | number;
  /** Numbers are right-aligned and shown with thousands separators in a table. */
  align?: 'left' | 'right';
  /** Markdown shows the value as code (an identifier such as a check id). */
  code?: boolean;
  role?: ColumnRole;
}

function shown(value: string | number): string {
  return typeof value === 'number' ? value.toLocaleString('en-US') : value;
}

function longestWord(texts: string[], title: string): number {
  return Math.max(0, ...[title, ...texts].flatMap((text) => text.split(' ').map((word) => columnsOf(word))));
}

/** A name column is folded no narrower than this at first: its longest word, within reason, or 10. */
function readableWidth(texts: string[], title: string, natural: number): number {
  return Math.min(natural, Math.max(columnsOf(title), 10, Math.min(longestWord(texts, title), 22)));
}

const GAP = 2;
const total = (widths: number[]) => widths.reduce((sum, w) => sum + w, 0) + GAP * Math.max(0, widths.length - 1);

/** Narrows the name columns, widest first, towards their floors until the widths fit `width`. */
function narrowNames(widths: number[], floors: number[], width: number): void {
  while (total(widths) > width) {
    const room = widths.map((w, i) => (w > floors[i] ? w : -1));
    const widest = room.indexOf(Math.max(...room));
    if (room[widest] < 0) return;
    widths[widest]--;
  }
}

interface Layout {
  shown: number[];
  widths: number[];
}

/**
 * Which columns to show and how wide: names folded to a readable width first, then details left out
 * (the rightmost first), then names folded further. `undefined` when even that does not fit.
 */
function layout<T>(columns: Column<T>[], titles: string[], texts: string[][], width: number): Layout | undefined {
  const natural = titles.map((title, i) => Math.max(columnsOf(title), ...texts.map((r) => columnsOf(r[i]))));
  let shown = columns.map((_, i) => i);
  const fit = (floor: (i: number) => number): Layout | undefined => {
    const widths = shown.map((i) => natural[i]);
    const floors = shown.map((i) => (columns[i].role === 'name' ? floor(i) : natural[i]));
    narrowNames(widths, floors, width);
    return total(widths) <= width ? { shown, widths } : undefined;
  };
  const readable = (i: number) =>
    readableWidth(
      texts.map((r) => r[i]),
      titles[i],
      natural[i],
    );
  let fitted = fit(readable);
  while (!fitted) {
    const detail = shown.findLast((i) => columns[i].role === 'detail');
    if (detail === undefined) break;
    shown = shown.filter((i) => i !== detail);
    fitted = fit(readable);
  }
  // Words are broken only past 20 columns: an owner's `(id)` stays whole on its line.
  return (
    fitted ??
    fit((i) =>
      Math.min(
        natural[i],
        Math.max(
          6,
          Math.min(
            longestWord(
              texts.map((r) => r[i]),
              titles[i],
            ),
            20,
          ),
        ),
      ),
    )
  );
}

/** Cells side by side, a row as tall as its most folded cell. */
function tableLines<T>(columns: Column<T>[], cells: string[], { shown, widths }: Layout): string[] {
  const folded = shown.map((i, k) => (columns[i].role === 'name' ? foldText(cells[i], widths[k]) : [cells[i]]));
  const height = Math.max(...folded.map((lines) => lines.length));
  return Array.from({ length: height }, (_, line) =>
    shown
      .map((i, k) => {
        const text = folded[k][line] ?? '';
        return columns[i].align === 'right' ? padStartColumns(text, widths[k]) : padEndColumns(text, widths[k]);
      })
      .join(' '.repeat(GAP))
      .trimEnd(),
  );
}

/**
 * A table too wide for the terminal even folded: each row as a block of `title  value` lines. A value
 * too long to stand beside its title (a long label) goes whole on the line below; only one longer
 * than the whole width is folded.
 */
function blockLines<T>(columns: Column<T>[], titles: string[], texts: string[][], width: number): string[] {
  const titleWidth = Math.max(...titles.map((title) => columnsOf(title)));
  const room = Math.max(1, width - titleWidth - GAP);
  const field = (title: string, text: string): string[] => {
    if (columnsOf(text) > room && columnsOf(text) <= width - GAP) return [title, `${' '.repeat(GAP)}${text}`];
    return foldText(text, room).map((part, line) =>
      `${padEndColumns(line === 0 ? title : '', titleWidth)}${' '.repeat(GAP)}${part}`.trimEnd(),
    );
  };
  return texts.flatMap((cells, r) => [
    ...(r > 0 ? [''] : []),
    ...columns.flatMap((_, i) => field(titles[i], cells[i])),
  ]);
}

/**
 * An aligned table. With a `width` (a terminal's) no line is wider: names fold, details give way, and
 * ids and labels stay whole; with no width (a pipe, read by programs and by `less -S`) nothing is cut.
 */
export function renderTable<T>(rows: T[], columns: Column<T>[], width = terminalWidth()): string {
  // Widths are terminal columns of the escaped text, which is what the terminal shows.
  const titles = columns.map((c) => printable(c.title));
  const texts = rows.map((row) => columns.map((c) => printable(shown(c.value(row)))));
  const fitted = layout(columns, titles, texts, width);
  if (!fitted) return blockLines(columns, titles, texts, width).join('\n');
  return [titles, ...texts].flatMap((cells) => tableLines(columns, cells, fitted)).join('\n');
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
  return (
    '\uFEFF' + csvText([columns.map((c) => c.title), ...rows.map((row) => columns.map((c) => c.value(row)))], 'people')
  );
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
