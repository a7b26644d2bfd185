import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';

/** How wide text reports may be: the terminal's columns, else env COLUMNS, else 80. */
export function terminalWidth(stdout: { columns?: number } = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  const columns = stdout.columns || Number(env.COLUMNS);
  return Number.isSafeInteger(columns) && columns >= 20 ? columns : 80;
}

/**
 * The terminal columns `text` takes: CJK and most emoji take two, combining marks and zero-width
 * characters none, and colour sequences none.
 */
export function columnsOf(text: string): number {
  return stringWidth(stripVTControlCharacters(text));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A value cut to `width` terminal columns, its end replaced by `…` when it is cut. It is cut between
 * graphemes, so an accent stays on its letter and a joined emoji stays whole.
 */
export function truncate(text: string, width: number): string {
  if (columnsOf(text) <= width) return text;
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const columns = columnsOf(segment);
    if (used + columns > width - 1) break;
    kept += segment;
    used += columns;
  }
  return `${kept}…`;
}

/** `text` padded with spaces at the end to `width` terminal columns. */
export function padEndColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - columnsOf(text)));
}

/** `text` padded with spaces at the start to `width` terminal columns. */
export function padStartColumns(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - columnsOf(text))) + text;
}

/**
 * Joins parts with `separator`, starting a new line where the next part would pass `width`; a line
 * that ends early keeps its separator, so the parts still read as one list.
 */
export function wrapParts(parts: string[], separator: string, width = terminalWidth()): string {
  const lines: string[] = [];
  const trailing = separator.trimEnd();
  let line = '';
  for (const [i, part] of parts.entries()) {
    // A line a part follows keeps room for its trailing separator.
    const after = i < parts.length - 1 ? trailing : '';
    if (line && columnsOf(line + separator + part + after) > width) {
      lines.push(line + trailing);
      line = part;
    } else line = line ? line + separator + part : part;
  }
  return [...lines, line].join('\n');
}

/** A headline (parts joined by ` · `) fitted to `width`: wrapped between parts, a part too long cut with `…`. */
export function fitHeadline(text: string, width = terminalWidth()): string {
  return wrapParts(text.split(' · '), ' · ', width)
    .split('\n')
    .map((line) => truncate(line, width))
    .join('\n');
}
