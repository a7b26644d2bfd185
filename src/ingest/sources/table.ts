/**
 * An export file as a table, whatever its format: a header and rows of cells, each row with its
 * position (a CSV line; an XLSX sheet row), so kind and preset detection, owner resolution,
 * bad-row handling, rejects and messages are the same for every format. The format is told by the
 * file's name: `.xlsx` is a workbook, `.xls`/`.xlsm`/`.xlsb` are refused by name, anything else is
 * CSV text.
 */
import { InputError, type FilePosition } from '../../errors.js';
import type { CsvProblem, CsvRow } from '../../csv.js';
import { openCsv } from './csvFile.js';
import type { Fingerprint } from './decode.js';
import type { Source } from './sources.js';
import { openXlsx } from './xlsxFile.js';

/** A row: its cells, its position (line or sheet row) and its text for the rejects file. */
export type TableRow = CsvRow;

export interface TableFile {
  source: Source;
  /** What load reports and stores for the file. */
  encoding: string;
  /** The delimiter of the rows' `raw` text (fields are read back from it with it). */
  delimiter: string;
  /** The worksheet read, for a workbook. */
  sheet?: string;
  header: TableRow;
  /** Data rows, in batches (the header is already read). */
  rows: AsyncGenerator<TableRow[]>;
  /** Whether decoding lost bytes (U+FFFD where the UTF-8 was invalid): rows holding U+FFFD are then rejected. */
  lostBytes: boolean;
  /** How messages name a row (`line`) and a column (from 1) of this file. */
  position(line?: number, column?: number | string): FilePosition;
  /** Stops reading and closes the file, whether or not any rows were taken. */
  close(): Promise<void>;
}

export interface OpenTableOptions {
  /** CSV: the delimiter (sniffed from the header line when not given). */
  delimiter?: string;
  /** Skip mode: CSV syntax problems are handed here instead of failing the file. */
  onBadRow?: (problem: CsvProblem) => void;
  /** A header cell (as a header key) that some preset or the config knows: how a workbook's header row is found. */
  isKnownHeader: (key: string) => boolean;
}

/** Workbook formats that are not read, with why and what to do instead. */
const REFUSED: [RegExp, string][] = [
  [/\.xls$/i, 'old binary Excel workbook (.xls, Excel 97-2003), not XLSX'],
  [/\.xlsm$/i, 'macro-enabled workbook (.xlsm): crm-owners reads .xlsx workbooks, which hold no macros'],
  [/\.xlsb$/i, 'binary Excel workbook (.xlsb), not XLSX'],
];

export function isWorkbook(name: string): boolean {
  return /\.xlsx$/i.test(name);
}

/**
 * Whether a folder or zip entry of this name is read as a table: CSV, Excel's "Unicode text"
 * (`.txt`, tab-delimited UTF-16) or XLSX (not Excel's `~$` lock files).
 */
export function isTableName(name: string): boolean {
  return /\.(csv|txt|xlsx)$/i.test(name) && !name.startsWith('~$');
}

/**
 * Opens a file for its rows. `fingerprintOf` takes the file's fingerprint (CSV needs its encoding;
 * a workbook's is not needed to read it).
 */
export async function openTable(
  source: Source,
  fingerprintOf: () => Promise<Fingerprint>,
  options: OpenTableOptions,
): Promise<TableFile> {
  const refused = REFUSED.find(([pattern]) => pattern.test(source.name));
  if (refused)
    throw new InputError(
      { file: source.path },
      refused[1],
      'open it in Excel and save it as an Excel Workbook (.xlsx), or export CSV',
    );
  if (isWorkbook(source.name)) return openXlsx(source, options.isKnownHeader, options.onBadRow);
  const print = await fingerprintOf();
  const csv = await openCsv(source, print, options);
  return {
    ...csv,
    encoding: print.encoding,
    lostBytes: print.encoding === 'utf8' && !print.validUtf8,
    position: (line, column) => ({ file: source.path, line, column }),
  };
}

/**
 * An error about the header (thrown on the header's position as a CSV's line 1) placed where the
 * header is in this file: a workbook's header may be below title rows.
 */
export function atHeader(table: TableFile, error: unknown): unknown {
  if (
    !(error instanceof InputError) ||
    error.position.file !== table.source.path ||
    error.position.line !== 1 ||
    table.sheet === undefined
  )
    return error;
  return new InputError(table.position(table.header.line, error.position.column), error.reason, error.hint);
}
