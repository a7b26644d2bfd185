/**
 * A streaming RFC 4180 reader that knows where it is: every row carries the physical line it starts
 * on (a CRLF inside a quoted field counts once), every error names the line and column, and in
 * skip mode a broken row costs one line, not the rest of the file.
 *
 * Values are always strings; nothing is cast. Line endings may be LF, CRLF or CR, mixed.
 */

export interface CsvRow {
  fields: string[];
  /** Physical line the row starts on, counted from 1. */
  line: number;
  /** The row's text as it stands in the file, without its line ending. */
  raw: string;
}

export interface CsvProblem {
  line: number;
  /** Field number (from 1) where the problem was found. */
  column: number;
  reason: string;
  raw: string;
}

/** Thrown (or passed to `onBadRow`) when the text is not CSV. */
export class CsvSyntaxError extends Error {
  constructor(readonly problem: CsvProblem) {
    super(problem.reason);
  }
}

export interface CsvReadOptions {
  delimiter: string;
  /** A row longer than this is an error: it is almost always a quote left open. */
  maxRowChars?: number;
  /**
   * Called with a syntax problem instead of throwing. The reader then skips the first physical
   * line of the broken row and carries on from the next line.
   */
  onBadRow?: (problem: CsvProblem) => void;
  /** Problems before the first row (a header) are thrown even with `onBadRow`. */
  firstRowStrict?: boolean;
}

export const DEFAULT_MAX_ROW_CHARS = 16 * 1024 * 1024;

const QUOTE = 34;
const CR = 13;
const LF = 10;

type Parsed =
  | { kind: 'row'; fields: string[]; end: number; next: number; lineBreaks: number }
  | { kind: 'more' }
  | { kind: 'error'; column: number; reason: string };

/**
 * Parses one row of `text` starting at `start`. Returns 'more' when the row may continue past the
 * end of `text` and more text can still come.
 */
function parseRow(text: string, start: number, delimiter: number, final: boolean): Parsed {
  const fields: string[] = [];
  const length = text.length;
  let pos = start;
  let lineBreaks = 0;
  for (;;) {
    if (pos < length && text.charCodeAt(pos) === QUOTE) {
      // Quoted field: runs to the next quote that is not doubled.
      let value = '';
      let from = pos + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) {
          if (!final) return { kind: 'more' };
          return { kind: 'error', column: fields.length + 1, reason: 'quote opened here is never closed' };
        }
        if (quote + 1 >= length && !final) return { kind: 'more' };
        if (text.charCodeAt(quote + 1) === QUOTE) {
          value += text.slice(from, quote + 1);
          from = quote + 2;
          continue;
        }
        value += text.slice(from, quote);
        pos = quote + 1;
        break;
      }
      if (value.includes('\n') || value.includes('\r')) lineBreaks += countLineBreaks(value);
      fields.push(value);
      if (pos >= length) {
        if (!final) return { kind: 'more' };
        return { kind: 'row', fields, end: pos, next: pos, lineBreaks };
      }
      const c = text.charCodeAt(pos);
      if (c === delimiter) {
        pos++;
        continue;
      }
      if (c === LF || c === CR) return rowEnd(text, fields, pos, lineBreaks, final);
      return {
        kind: 'error',
        column: fields.length,
        reason: `unexpected ${JSON.stringify(text[pos])} after a closing quote (a quote inside a quoted field must be doubled)`,
      };
    }
    // Unquoted field: runs to the next delimiter or line break. A stray quote inside is kept as is.
    let end = pos;
    while (end < length) {
      const c = text.charCodeAt(end);
      if (c === delimiter || c === LF || c === CR) break;
      end++;
    }
    fields.push(text.slice(pos, end));
    if (end >= length) {
      if (!final) return { kind: 'more' };
      return { kind: 'row', fields, end, next: end, lineBreaks };
    }
    if (text.charCodeAt(end) === delimiter) {
      pos = end + 1;
      continue;
    }
    return rowEnd(text, fields, end, lineBreaks, final);
  }
}

function rowEnd(text: string, fields: string[], end: number, lineBreaks: number, final: boolean): Parsed {
  if (text.charCodeAt(end) === CR) {
    // A CR at the very end of a chunk may be the first half of a CRLF.
    if (end + 1 >= text.length && !final) return { kind: 'more' };
    const next = text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
    return { kind: 'row', fields, end, next, lineBreaks: lineBreaks + 1 };
  }
  return { kind: 'row', fields, end, next: end + 1, lineBreaks: lineBreaks + 1 };
}

/** Line breaks in a piece of text, counting CRLF once. */
export function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR) {
      count++;
      if (text.charCodeAt(i + 1) === LF) i++;
    }
  }
  return count;
}

/** Offset just past the first line break at or after `from`, or -1. */
function nextLineStart(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) return i + 1;
    if (c === CR) return text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
  }
  return -1;
}

/** A row still unfinished though its line has ended is inside a quoted field: probably one left open. */
function tooLong(maxRowChars: number, lineEnded: boolean): string {
  return `row is longer than ${maxRowChars.toLocaleString('en-US')} characters${lineEnded ? ' (is a quote left open?)' : ''}`;
}

function isBlank(fields: string[]): boolean {
  return fields.length === 1 && fields[0] === '';
}

/**
 * Reads CSV rows from a stream of decoded text, a batch at a time: every row complete in the text
 * read so far. Handing rows over one by one through an async generator would cost more than parsing
 * them. Blank lines are skipped (but counted).
 */
export async function* readCsvBatches(
  chunks: AsyncIterable<string>,
  options: CsvReadOptions,
): AsyncGenerator<CsvRow[]> {
  const delimiter = options.delimiter.charCodeAt(0);
  const maxRowChars = options.maxRowChars ?? DEFAULT_MAX_ROW_CHARS;
  let text = '';
  let pos = 0;
  let line = 1;
  // Text needed before a pending row is tried again; doubling keeps long rows linear.
  let wanted = 0;
  const iterator = chunks[Symbol.asyncIterator]();
  let final = false;
  let batch: CsvRow[] = [];
  let rowsSeen = 0;

  /** Whether the physical line at `pos` ends in the text read so far (a CR at the very end may be half a CRLF). */
  const lineEndRead = (): boolean => {
    if (final) return true;
    const end = nextLineStart(text, pos);
    return end >= 0 && !(end === text.length && text.charCodeAt(end - 1) === CR);
  };

  // Skip mode, after a row over the limit whose line has not ended: the rest of that line is
  // dropped as it arrives, never kept.
  let discarding = false;

  const fail = (column: number, reason: string): boolean => {
    const lineEnd = nextLineStart(text, pos);
    const raw = text.slice(pos, lineEnd < 0 ? Math.min(text.length, pos + 1001) : lineEnd).replace(/\r?\n$|\r$/, '');
    const problem = { line, column, reason, raw: raw.length > 1000 ? raw.slice(0, 1000) + '…' : raw };
    if (!options.onBadRow || (options.firstRowStrict && rowsSeen === 0)) throw new CsvSyntaxError(problem);
    options.onBadRow(problem);
    if (lineEnd >= 0) {
      // Carry on from the next physical line.
      pos = lineEnd;
      line++;
      return true;
    }
    if (final) return false;
    discarding = true;
    text = '';
    pos = 0;
    wanted = 1;
    return true;
  };

  // A reader stopped early (a header read, an error) stops the text too: its file is closed.
  try {
    for (;;) {
      if (!final && text.length - pos < wanted) {
        if (batch.length) {
          yield batch;
          batch = [];
        }
        const { value, done } = await iterator.next();
        if (done) final = true;
        else if (discarding) {
          // Keep from the line break on: parsed as the end of an empty line, it counts the line
          // (and a CRLF split between chunks once).
          const lineBreak = value.search(/[\r\n]/);
          if (lineBreak >= 0) {
            text = value.slice(lineBreak);
            discarding = false;
            wanted = 0;
          }
          continue;
        } else {
          text = text.slice(pos) + value;
          pos = 0;
          continue;
        }
      }
      if (pos >= text.length) {
        if (final) break;
        wanted = 1;
        continue;
      }
      const parsed = parseRow(text, pos, delimiter, final);
      // A broken row waits for the rest of its line (its raw text, and where skip mode resumes), but
      // only up to the limit: past it, the line's rest is not kept (see `discarding`).
      if (parsed.kind === 'more' || (parsed.kind === 'error' && !lineEndRead())) {
        if (text.length - pos <= maxRowChars) {
          wanted = Math.max(2 * (text.length - pos), 64 * 1024);
          continue;
        }
        if (
          !(parsed.kind === 'error' ? fail(parsed.column, parsed.reason) : fail(1, tooLong(maxRowChars, lineEndRead())))
        )
          break;
        continue;
      }
      wanted = 0;
      if (parsed.kind === 'error') {
        if (!fail(parsed.column, parsed.reason)) break;
        continue;
      }
      if (parsed.end - pos > maxRowChars) {
        if (!fail(1, tooLong(maxRowChars, false))) break;
        continue;
      }
      const raw = text.slice(pos, parsed.end);
      // Only an empty line is blank: a line `""` is a row of one empty field (the loader reports its field count).
      if (raw !== '') {
        batch.push({ fields: parsed.fields, line, raw });
        rowsSeen++;
      }
      line += parsed.lineBreaks;
      pos = parsed.next;
    }
    if (batch.length) yield batch;
  } finally {
    if (!final) await iterator.return?.();
  }
}

/** Reads CSV rows one by one (see readCsvBatches). */
export async function* readCsvRows(chunks: AsyncIterable<string>, options: CsvReadOptions): AsyncGenerator<CsvRow> {
  for await (const batch of readCsvBatches(chunks, options)) yield* batch;
}

/** Parses a whole, small text at once (rules files, exclusion lists); blank lines are skipped. */
export function parseCsvText(text: string, delimiter: string): CsvRow[] {
  const rows: CsvRow[] = [];
  const code = delimiter.charCodeAt(0);
  let pos = 0;
  let line = 1;
  while (pos < text.length) {
    const parsed = parseRow(text, pos, code, true);
    if (parsed.kind === 'error')
      throw new CsvSyntaxError({ line, column: parsed.column, reason: parsed.reason, raw: '' });
    if (parsed.kind === 'more') break; // cannot happen with final = true
    if (!isBlank(parsed.fields)) rows.push({ fields: parsed.fields, line, raw: text.slice(pos, parsed.end) });
    line += parsed.lineBreaks;
    pos = parsed.next;
  }
  return rows;
}
