/**
 * Opens one input file as CSV, decoded as its fingerprint (decode.ts) says: delimiter sniffing, and
 * rows with physical line numbers.
 */
import { InputError } from '../../errors.js';
import { CsvSyntaxError, readCsvBatches, type CsvProblem, type CsvRow } from '../../csv.js';
import { decodedText, type Fingerprint } from './decode.js';
import { sniffDelimiter } from './dialect.js';
import type { Source } from './sources.js';
import { testMaxRowChars } from '../../testKnobs.js';

export interface CsvFile {
  source: Source;
  fingerprint: Fingerprint;
  delimiter: string;
  header: CsvRow;
  /** Data rows, in batches (the header is already read). */
  rows: AsyncGenerator<CsvRow[]>;
  /** Stops reading and closes the file, whether or not any rows were taken. */
  close(): Promise<void>;
}

export interface OpenCsvOptions {
  delimiter?: string;
  /** Skip mode: syntax problems are handed here instead of failing the file. */
  onBadRow?: (problem: CsvProblem) => void;
  /** The longest row, in characters (default DEFAULT_MAX_ROW_CHARS). */
  maxRowChars?: number;
}

/** Reads text until the first line is complete, so the delimiter can be sniffed from it. */
async function* withPeek(text: AsyncGenerator<string>, peeked: string[]): AsyncGenerator<string> {
  try {
    yield* peeked;
    yield* text;
  } finally {
    // Stopped while still in the peeked text: the file is closed all the same.
    await text.return(undefined);
  }
}

export async function openCsv(source: Source, print: Fingerprint, options: OpenCsvOptions = {}): Promise<CsvFile> {
  if (print.size === 0) throw new InputError({ file: source.path }, 'file is empty (no header line)');
  if (print.binary)
    throw new InputError(
      { file: source.path },
      'file holds NUL bytes: it is a binary file, not CSV text',
      'export the data as CSV; for UTF-16 text without a BOM pass --encoding utf-16le',
    );

  const text = decodedText(source, print.encoding);
  const peeked: string[] = [];
  let head = '';
  while (!/[\r\n]/.test(head) && head.length < 1024 * 1024) {
    const next = await text.next();
    if (next.done) break;
    peeked.push(next.value);
    head += next.value;
  }
  const delimiter = options.delimiter ?? sniffDelimiter(head);
  // A broken header cannot be skipped: every row is read against it.
  const batches = readCsvBatches(withPeek(text, peeked), {
    delimiter,
    onBadRow: options.onBadRow,
    maxRowChars: options.maxRowChars ?? testMaxRowChars(),
    firstRowStrict: true,
  });
  let first: IteratorResult<CsvRow[]>;
  try {
    first = await batches.next();
  } catch (error) {
    throw asInputError(error, source.path);
  }
  if (first.done) throw new InputError({ file: source.path }, 'file holds no header line (only blank lines)');
  const [header, ...rest] = first.value;
  return {
    source,
    fingerprint: print,
    delimiter,
    header,
    rows: withFirst(rest, batches),
    close: async () => void (await batches.return(undefined)),
  };
}

async function* withFirst(first: CsvRow[], rest: AsyncGenerator<CsvRow[]>): AsyncGenerator<CsvRow[]> {
  if (first.length) yield first;
  yield* rest;
}

export function asInputError(error: unknown, file: string): unknown {
  if (error instanceof CsvSyntaxError) {
    return new InputError(
      { file, line: error.problem.line, column: error.problem.column },
      error.problem.reason,
      'fix the file, or pass --on-bad-row skip to load the other rows and write this one to the rejects file',
    );
  }
  return error;
}
