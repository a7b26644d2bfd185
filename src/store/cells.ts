/**
 * A row's cells as stored: independent of the file's format (a CSV dialect, an XLSX sheet), so rules
 * and plans read any original column the same way whatever the source was.
 *
 * Three forms, told apart by the first character:
 * - the cells joined by U+001F (the unit separator);
 * - U+001E, a separator character, then the cells joined by it: a CSV row that quoted no cell is
 *   stored this way as its own text (its cells cannot hold its delimiter), which spares the load a
 *   join per row;
 * - U+001E, then a JSON array of the cells (the separator form's `[`): for a row whose cells hold
 *   U+001F, or whose joined text would start with U+001E.
 * Databases written before the separator form hold only the other two, which read the same.
 */

const SEPARATOR = '\x1f';
const MARK = '\x1e';
const JSON_START = '[';

/**
 * `text`, when given, is the row's text in its file, and `delimiter` the file's CSV delimiter. A
 * row that quoted no cell is its cells joined by the delimiter, and is as long as that; a quoted
 * cell adds at least its two quotes. Else cells read from text that holds neither control
 * character hold neither, so one search of the text replaces one per cell.
 */
export function encodeCells(cells: readonly string[], text?: string, delimiter?: string): string {
  if (
    text !== undefined &&
    delimiter !== undefined &&
    delimiter.length === 1 &&
    delimiter !== JSON_START &&
    joinedLength(cells) === text.length
  ) {
    return MARK + delimiter + text;
  }
  if (text !== undefined && !text.includes(SEPARATOR) && !text.includes(MARK)) return cells.join(SEPARATOR);
  for (const cell of cells) if (cell.includes(SEPARATOR)) return asJson(cells);
  const joined = cells.join(SEPARATOR);
  return joined.startsWith(MARK) ? asJson(cells) : joined;
}

export function decodeCells(stored: string): string[] {
  if (!stored.startsWith(MARK)) return stored.split(SEPARATOR);
  const separator = stored.charAt(1);
  return separator === JSON_START ? (JSON.parse(stored.slice(1)) as string[]) : stored.slice(2).split(separator);
}

const asJson = (cells: readonly string[]) => MARK + JSON.stringify(cells);

/** The length of the cells joined by one character. */
function joinedLength(cells: readonly string[]): number {
  let length = cells.length - 1;
  for (let i = 0; i < cells.length; i++) length += cells[i].length;
  return length;
}
