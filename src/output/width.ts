import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';

/**
 * How wide text reports may be: a terminal's columns (else env COLUMNS, else 80); on a pipe, env
 * COLUMNS when it is set, else no limit: a pipe is read by programs and by `less -S`, which scrolls,
 * so nothing is cut or folded for it.
 */
export function terminalWidth(
  stdout: { columns?: number; isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const asked = Number(env.COLUMNS);
  const columns = (stdout.isTTY && stdout.columns) || asked;
  if (Number.isSafeInteger(columns) && columns >= 20) return columns;
  return stdout.isTTY ? 80 : Infinity;
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

/** Text folded into lines of at most `width` columns: between words where it can, inside a word too long. */
export function foldText(text: string, width: number): string[] {
  if (columnsOf(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line.trimEnd());
    line = '';
  };
  for (const word of text.split(/(?<= )/)) {
    if (line && columnsOf(line + word.trimEnd()) > width) push();
    if (columnsOf(word.trimEnd()) <= width) {
      line += word;
      continue;
    }
    for (const { segment } of graphemes.segment(word)) {
      if (line && columnsOf(line + segment) > width && segment !== ' ') push();
      line += segment;
    }
  }
  if (line.trimEnd() || lines.length === 0) push();
  return lines;
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

/** A headline (parts joined by ` · `) fitted to `width`: wrapped between parts, a part too long folded, never cut. */
export function fitHeadline(text: string, width = terminalWidth()): string {
  return wrapParts(text.split(' · '), ' · ', width)
    .split('\n')
    .flatMap((line) => foldText(line, width))
    .join('\n');
}

/** Prose fitted to `width`: folded between words. */
export function fitProse(text: string, width = terminalWidth()): string {
  return text
    .split('\n')
    .flatMap((line) => foldText(line, width))
    .join('\n');
}
