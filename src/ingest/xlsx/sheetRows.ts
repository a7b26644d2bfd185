/**
 * A worksheet's rows, streamed: each `<row>` becomes its row number and its cells' text from
 * column A on (cells the sheet leaves out are empty). Rows are handed on a batch per chunk of the
 * part, so memory holds one chunk's rows whatever the size of the sheet. Shared-string cells are
 * filled in as a batch is handed on, once the table has been read that far.
 */
import { booleanText, dateText, numberText, ooxmlText } from './cellText.js';
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

/** What a cell holds, by its `t` attribute; absent means a number. */
type CellType = 'n' | 's' | 'inlineStr' | 'str' | 'b' | 'e' | 'd';

export async function* sheetRows(workbook: Workbook, part: string): AsyncGenerator<SheetRow[]> {
  const { sharedStrings, dateStyles, date1904 } = workbook;
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
          line = r === undefined ? line + 1 : Number(r);
          cells = [];
          column = -1;
          break;
        }
        case 'c': {
          const r = attribute(attributes, 'r');
          column = r === undefined ? column + 1 : columnIndex(r);
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
          batch.push({ line, cells });
          break;
      }
    },
    text(text) {
      if (taking) value += text;
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

  const stream = await workbook.openPart(part);
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parser.write(decoder.decode(chunk, { stream: true }));
      if (batch.length) {
        const rows = batch;
        batch = [];
        yield await filled(rows);
      }
    }
    parser.write(decoder.decode());
    parser.close();
    if (batch.length) yield await filled(batch);
  } finally {
    stream.destroy();
  }
}
