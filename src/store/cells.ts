/**
 * A row's cells as stored: independent of the file's format (a CSV dialect, an XLSX sheet), so rules
 * and plans read any original column the same way whatever the source was.
 *
 * Cells are joined by U+001F (the unit separator), which costs one join per row at load and one split
 * to read them back. A row whose cells hold that character, or whose text would start with the JSON
 * mark U+001E, is stored as the mark followed by a JSON array instead.
 */

const SEPARATOR = '\x1f';
const JSON_MARK = '\x1e';

/**
 * `text`, when given, is the row's text in its file: cells read from text that holds neither
 * control character hold neither, so one search of the text replaces one per cell (the load path).
 */
export function encodeCells(cells: readonly string[], text?: string): string {
  if (text !== undefined && !text.includes(SEPARATOR) && !text.includes(JSON_MARK)) return cells.join(SEPARATOR);
  for (const cell of cells) if (cell.includes(SEPARATOR)) return JSON_MARK + JSON.stringify(cells);
  const joined = cells.join(SEPARATOR);
  return joined.startsWith(JSON_MARK) ? JSON_MARK + JSON.stringify(cells) : joined;
}

export function decodeCells(stored: string): string[] {
  return stored.startsWith(JSON_MARK) ? (JSON.parse(stored.slice(1)) as string[]) : stored.split(SEPARATOR);
}
