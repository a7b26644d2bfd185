/**
 * An XLSX export as a table: the worksheet that holds the data, its header row (the first row with
 * a header some preset knows: formatted reports and Excel exports put title rows above it), and its
 * data rows as text cells, streamed. Every message names the sheet and the cell.
 */
import { closeSync } from 'node:fs';
import path from 'node:path';
import { InputError, type FilePosition } from '../../errors.js';
import { kindFromName } from '../identify/kinds.js';
import { headerKey } from '../../records/model.js';
import { openRegularFileSync } from './regularFile.js';
import type { Source } from './sources.js';
import { TEXT_FILE_LIMITS, tooBig, type TextFileKind } from './textFile.js';
import type { TableFile, TableRow } from './table.js';
import { CsvSyntaxError, type CsvProblem } from '../../csv.js';
import { csvLine } from './xlsx/cellText.js';
import { SheetReadError, sheetRows, type SheetRow } from './xlsx/sheetRows.js';
import { openWorkbook, type SheetInfo } from './xlsx/workbook.js';

/** How far down a sheet the header row is looked for. */
export const HEADER_SEARCH_ROWS = 50;
/** Cells of the first rows quoted in a "no known header" message. */
const QUOTED_CELLS = 6;

/** The sheet to read: the first visible one named like a kind of export, else the first visible one. */
export function chooseSheet(sheets: SheetInfo[]): SheetInfo | undefined {
  const visible = sheets.filter((sheet) => !sheet.hidden);
  return visible.find((sheet) => kindFromName(sheet.name)) ?? visible[0];
}

export { csvLine };

function isBlank(row: SheetRow): boolean {
  return row.cells.every((cell) => cell.trim() === '');
}

/** `onBadRow`: skip mode, a bad row (a bad row number or cell reference, a cell too long) is handed here. */
export async function openXlsx(
  source: Source,
  isKnownHeader: (key: string) => boolean,
  onBadRow?: (problem: CsvProblem) => void,
): Promise<TableFile> {
  const workbook = await openWorkbook(source);
  try {
    const sheet = chooseSheet(workbook.sheets);
    if (!sheet)
      throw new InputError(
        { file: source.path },
        'the workbook has no visible worksheet',
        'unhide the sheet that holds the data, or export CSV',
      );
    const position = (line?: number, column?: number | string): FilePosition => ({
      file: source.path,
      sheet: sheet.name,
      line,
      column,
    });
    const rows = sheetRows(workbook, sheet.part, onBadRow);
    const { header, rest } = await findHeader(rows, isKnownHeader, position).catch((error: unknown) => {
      throw asSheetError(error, position);
    });
    const width = header.cells.length;
    return {
      source,
      encoding: 'xlsx',
      delimiter: ',',
      sheet: sheet.name,
      header: tableRow(header),
      // The workbook is closed as its rows end: the reader closes only the file it stopped in.
      rows: closing(dataRows(rest, rows, width, position), () => workbook.close()),
      lostBytes: false,
      position,
      close: async () => {
        await rows.return(undefined);
        await workbook.close();
      },
    };
  } catch (error) {
    await workbook.close();
    throw error;
  }
}

function tableRow(row: SheetRow): TableRow {
  return { fields: row.cells, line: row.line, raw: csvLine(row.cells) };
}

/**
 * The header row: the first row holding a known header, within the first rows. The rows read
 * after it in the same batch are handed on as the first data rows.
 */
async function findHeader(
  rows: AsyncGenerator<SheetRow[]>,
  isKnownHeader: (key: string) => boolean,
  position: (line?: number) => FilePosition,
): Promise<{ header: SheetRow; rest: SheetRow[] }> {
  const seen: SheetRow[] = [];
  // Not `for await`: leaving it would close the rows, which are read on after the header.
  for (let next = await rows.next(); !next.done; next = await rows.next()) {
    const batch = next.value;
    for (let i = 0; i < batch.length; i++) {
      const row = batch[i];
      if (isBlank(row)) continue;
      if (row.cells.some((cell) => isKnownHeader(headerKey(cell)))) {
        // The header ends at its last named column.
        let width = row.cells.length;
        while (width > 0 && row.cells[width - 1].trim() === '') width--;
        return { header: { line: row.line, cells: row.cells.slice(0, width) }, rest: batch.slice(i + 1) };
      }
      seen.push(row);
      if (seen.length >= HEADER_SEARCH_ROWS) break;
    }
    if (seen.length >= HEADER_SEARCH_ROWS) break;
  }
  if (seen.length === 0)
    throw new InputError(
      position(),
      'the sheet is empty (no header row, no data)',
      'export the data again, or pick the sheet that holds it',
    );
  const first = seen[0].cells.filter((cell) => cell.trim() !== '');
  const quoted =
    first
      .slice(0, QUOTED_CELLS)
      .map((cell) => JSON.stringify(cell))
      .join(', ') + (first.length > QUOTED_CELLS ? ', …' : '');
  throw new InputError(
    position(),
    `no row in the first ${Math.min(seen.length, HEADER_SEARCH_ROWS)} rows holds a header crm-owners knows (row ${seen[0].line}: ${quoted})`,
    'keep the export\'s own column headers (Id, Owner, Email, …) in one row above the data, or name the columns in the config ({"columns": {"contacts": {"id": "<header>"}}})',
  );
}

/** Data rows: blank rows skipped (as blank lines in CSV), each padded to the header's width. */
async function* dataRows(
  first: SheetRow[],
  rows: AsyncGenerator<SheetRow[]>,
  width: number,
  position: (line?: number) => FilePosition,
): AsyncGenerator<TableRow[]> {
  const table = (batch: SheetRow[]): TableRow[] => {
    const out: TableRow[] = [];
    for (const row of batch) {
      if (isBlank(row)) continue;
      const cells = row.cells;
      // Excel leaves empty cells out: the row is as wide as the header, unless it holds more.
      while (cells.length < width) cells.push('');
      out.push(tableRow(row));
    }
    return out;
  };
  try {
    if (first.length) yield table(first);
    for await (const batch of rows) yield table(batch);
  } catch (error) {
    throw asSheetError(error, position);
  }
}

async function* closing<T>(rows: AsyncGenerator<T>, close: () => Promise<void>): AsyncGenerator<T> {
  try {
    yield* rows;
  } finally {
    await close();
  }
}

/** A broken part or a bad row met while streaming rows names the sheet (and the row). */
function asSheetError(error: unknown, position: (line?: number) => FilePosition): unknown {
  if (error instanceof InputError) return error;
  if (error instanceof CsvSyntaxError)
    return new InputError(
      position(error.problem.line),
      error.problem.reason,
      'fix the cell in Excel and save the workbook again (a load can pass --on-bad-row skip to write the row to the rejects file)',
    );
  if (error instanceof SheetReadError)
    return new InputError(position(error.line), error.message, 'open it in Excel and save it again, or export CSV');
  return new InputError(
    position(),
    `the sheet cannot be read (${(error as Error).message})`,
    'open it in Excel and save it again, or export CSV',
  );
}

/**
 * A small workbook read whole (territory rules, exclusion lists): the rows of its sheet from the
 * first non-blank one (the header) on, each as wide as the header unless it holds more.
 */
export async function readWorkbookRows(file: string, kind: TextFileKind): Promise<TableRow[]> {
  const { fd, size } = openRegularFileSync(file);
  closeSync(fd);
  if (size > TEXT_FILE_LIMITS[kind].limit) throw tooBig(file, kind, size);
  const workbook = await openWorkbook({
    path: file,
    name: path.basename(file),
    size,
    file,
    open: () => Promise.reject(new Error('read as a workbook')),
  });
  try {
    const sheet = chooseSheet(workbook.sheets);
    if (!sheet)
      throw new InputError({ file }, 'the workbook has no visible worksheet', 'unhide the sheet that holds the data');
    const rows: TableRow[] = [];
    let width = -1;
    try {
      for await (const batch of sheetRows(workbook, sheet.part)) {
        for (const row of batch) {
          if (isBlank(row)) continue;
          if (width < 0) width = row.cells.findLastIndex((cell) => cell.trim() !== '') + 1;
          while (row.cells.length < width) row.cells.push('');
          rows.push(tableRow(row));
        }
      }
    } catch (error) {
      throw asSheetError(error, (line) => ({ file, sheet: sheet.name, line }));
    }
    return rows;
  } finally {
    await workbook.close();
  }
}
