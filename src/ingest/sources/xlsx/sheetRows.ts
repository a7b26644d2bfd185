/**
 * A worksheet's rows, streamed: each `<row>` becomes its row number and its cells' text from
 * column A on (cells the sheet leaves out are empty). Rows are handed on a batch per chunk of the
 * part, so memory holds one chunk's rows whatever the size of the sheet. Shared-string cells are
 * filled in as a batch is handed on, once the table has been read that far.
 */
import { CsvSyntaxError, type CsvProblem } from '../../../csv.js';
import { booleanText, csvLine, dateText, numberText, ooxmlText } from './cellText.js';
import { count, XLSX_LIMITS } from './limits.js';
import type { Workbook } from './workbook.js';
import { attribute, xmlScanner } from './xml.js';

export interface SheetRow {
  /** The row's number in the sheet, counted from 1 (as Excel shows it). */
  line: number;
  cells: string[];
}

/** A cell reference's column as an index from 0: `C12` → 2. */
export function columnIndex(reference: string): number {
  let index = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i) | 0x20; // lower case
    if (code < 97 || code > 122) break;
    index = index * 26 + (code - 96);
  }
  return index - 1;
}

/** The part cannot be read on (bytes that are not UTF-8, broken XML): near which row. */
export class SheetReadError extends Error {
  constructor(
    readonly line: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** A cell reference: column letters, then a row number (`C12`; not `$C$12`, `12C` or empty). */
const CELL_REFERENCE = /^([A-Za-z]+)([0-9]+)$/;
const ROW_NUMBER = /^[0-9]+$/;

/** A cell reference's problem (past column XFD or row 1,048,576, or no reference at all), or undefined. */
export function cellReferenceProblem(reference: string): string | undefined {
  const match = CELL_REFERENCE.exec(reference);
  if (!match) return `cell reference ${JSON.stringify(reference)} is not column letters followed by a row number`;
  const { maxColumns, maxRows } = XLSX_LIMITS;
  if (match[1].length > 3 || columnIndex(match[1]) >= maxColumns)
    return `cell reference ${JSON.stringify(reference)} is past column XFD (a sheet has at most ${count(maxColumns)} columns)`;
  const row = Number(match[2]);
  if (row < 1 || row > maxRows)
    return `cell reference ${JSON.stringify(reference)} is outside rows 1 to ${count(maxRows)}`;
  return undefined;
}

/** What a cell holds, by its `t` attribute; absent means a number. */
type CellType = 'n' | 's' | 'inlineStr' | 'str' | 'b' | 'e' | 'd';

/**
 * A row with a bad `r` attribute, a bad cell reference or a cell longer than the limit is a bad
 * row: handed to `onBadRow` (skip mode) and left out, or else thrown.
 */
export async function* sheetRows(
  workbook: Workbook,
  part: string,
  onBadRow?: (problem: CsvProblem) => void,
): AsyncGenerator<SheetRow[]> {
  const { sharedStrings, dateStyles, date1904 } = workbook;
  const { maxCellChars, maxRows } = XLSX_LIMITS;
  // The row's first problem, if any: column (from 1) and reason.
  let problem: { column: number; reason: string } | undefined;
  // The cell's text went past the limit: the rest of it is not kept.
  let overflow = false;
  let batch: SheetRow[] = [];
  let line = 0;
  let cells: string[] = [];
  let column = -1;
  let type: CellType = 'n';
  let style = 0;
  let value = '';
  // Text is taken only inside `<v>` and an inline string's `<t>` (not its phonetic `<rPh>` runs).
  let taking = false;
  let inPhonetic = false;
  // Shared-string cells of the batch: row cells, column, index into the table.
  let shared: { cells: string[]; column: number; index: number }[] = [];
  let highest = -1;

  const cellText = (): string => {
    switch (type) {
      case 'inlineStr':
      case 'str':
        return ooxmlText(value);
      case 'b':
        return booleanText(value);
      case 'e':
      case 'd': // ISO 8601 already (strict OOXML)
        return value;
      default: {
        if (value === '') return '';
        const number = Number(value);
        if (Number.isNaN(number)) return value;
        return dateStyles[style] ? dateText(number, date1904) : numberText(number);
      }
    }
  };

  const parser = xmlScanner({
    open(name, attributes) {
      switch (name) {
        case 'row': {
          const r = attribute(attributes, 'r');
          cells = [];
          column = -1;
          problem = undefined;
          // Without `r` (legal), rows are counted; a bad one is placed after the last row for messages.
          if (r !== undefined && ROW_NUMBER.test(r) && Number(r) >= 1 && Number(r) <= maxRows) line = Number(r);
          else {
            line++;
            if (r !== undefined)
              problem = {
                column: 1,
                reason: `row number ${JSON.stringify(r)} is not a whole number from 1 to ${count(maxRows)}`,
              };
          }
          break;
        }
        case 'c': {
          const r = attribute(attributes, 'r');
          const bad = r === undefined ? undefined : cellReferenceProblem(r);
          // A missing `r` is legal: the cell follows the one before it.
          column = r === undefined || bad ? column + 1 : columnIndex(r);
          if (bad) problem ??= { column: column + 1, reason: bad };
          else if (column >= XLSX_LIMITS.maxColumns) {
            // Cells without references, counted past the last column.
            problem ??= {
              column: column + 1,
              reason: `cell ${count(column + 1)} of the row is past column XFD (a sheet has at most ${count(XLSX_LIMITS.maxColumns)} columns)`,
            };
            column = XLSX_LIMITS.maxColumns - 1;
          }
          overflow = false;
          type = (attribute(attributes, 't') as CellType | undefined) ?? 'n';
          const s = attribute(attributes, 's');
          style = s === undefined ? 0 : Number(s);
          value = '';
          break;
        }
        case 'v':
          taking = true;
          break;
        case 't':
          taking = !inPhonetic;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          taking = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c': {
          if (type === 's') {
            const index = Number(value);
            while (cells.length < column) cells.push('');
            cells[column] = '';
            shared.push({ cells, column, index });
            if (index > highest) highest = index;
            break;
          }
          const text = cellText();
          if (text !== '') {
            while (cells.length < column) cells.push('');
            cells[column] = text;
          }
          break;
        }
        case 'row':
          if (!problem) batch.push({ line, cells });
          else {
            const bad = { line, column: problem.column, reason: problem.reason, raw: csvLine(cells) };
            if (!onBadRow) throw new CsvSyntaxError(bad);
            onBadRow(bad);
          }
          break;
      }
    },
    text(text) {
      if (!taking || overflow) return;
      value += text;
      // The same bound as a CSV row, checked as the text grows (the rest is not kept).
      if (value.length > maxCellChars) {
        overflow = true;
        value = '';
        problem ??= { column: column + 1, reason: `cell is longer than ${count(maxCellChars)} characters` };
      }
    },
  });

  const filled = async (rows: SheetRow[]): Promise<SheetRow[]> => {
    if (shared.length) {
      await sharedStrings.through(highest);
      for (const { cells, column, index } of shared) cells[column] = sharedStrings.strings[index] ?? '';
      shared = [];
    }
    return rows;
  };

  // Bytes that are not UTF-8 are an error, as in a CSV file: not U+FFFD in a value.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const write = (chunk?: Buffer): void => {
    try {
      if (chunk) parser.write(decoder.decode(chunk, { stream: true }));
      else {
        parser.write(decoder.decode());
        parser.close();
      }
    } catch (error) {
      if (error instanceof CsvSyntaxError) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
        // The row the bad bytes are in: the chunk's text before them is read first.
        if (chunk) {
          const lossy = new TextDecoder('utf-8').decode(chunk);
          try {
            parser.write(lossy.slice(0, Math.max(0, lossy.indexOf('\uFFFD'))));
          } catch {
            // Only the row number was wanted.
          }
        }
        throw new SheetReadError(
          line > 0 ? line : undefined,
          "bytes that are not valid UTF-8 (the sheet's XML must be UTF-8)",
        );
      }
      throw new SheetReadError(line > 0 ? line : undefined, `the sheet cannot be read (${(error as Error).message})`);
    }
  };
  const stream = await workbook.openPart(part);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      write(chunk);
      if (batch.length) {
        const rows = batch;
        batch = [];
        yield await filled(rows);
      }
    }
    write();
    if (batch.length) yield await filled(batch);
  } finally {
    stream.destroy();
  }
}
