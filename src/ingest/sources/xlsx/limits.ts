/**
 * What a workbook may hold before it is refused: the bounds that keep a hostile file (a zip bomb,
 * a cell past column XFD, a shared string table of a hundred million entries) from taking the
 * machine's memory and time. Excel's own sheet limits, the CSV row limit for a cell's text, and
 * bounds on what the reader keeps in memory whole (shared strings, cell styles).
 */
import { DEFAULT_MAX_ROW_CHARS } from '../../../csv.js';

export const XLSX_LIMITS = {
  /** A cell's text: the same bound as a CSV row. */
  maxCellChars: DEFAULT_MAX_ROW_CHARS,
  /** Excel's last column, XFD. */
  maxColumns: 16_384,
  /** Excel's last row. */
  maxRows: 1_048_576,
  /** A part may inflate to at most this many times the compressed bytes inflated so far... */
  maxInflateRatio: 250,
  /** ...once past this much (small parts compress unevenly and are harmless). */
  inflateRatioGrace: 1024 * 1024,
  /** A worksheet part, streamed, inflates to at most this many bytes. */
  maxSheetPartBytes: 4 * 1024 * 1024 * 1024,
  /** Parts kept in memory while sheets are read (shared strings, styles, the workbook part): at most this many bytes. */
  maxHeldPartBytes: 1024 * 1024 * 1024,
  /** Entries in the shared string table. */
  maxSharedStrings: 16_777_216,
  /** Cell formats (`xf`) and number formats (`numFmt`) in the styles part, each. */
  maxStyles: 65_536,
};

/**
 * Test-only: runs `body` with some limits lowered (the part caps and the shared string count
 * need gigabytes to reach), then puts them back. The same checks run as with the real limits.
 */
export async function withXlsxLimits<T>(limits: Partial<typeof XLSX_LIMITS>, body: () => Promise<T>): Promise<T> {
  const saved = { ...XLSX_LIMITS };
  Object.assign(XLSX_LIMITS, limits);
  try {
    return await body();
  } finally {
    Object.assign(XLSX_LIMITS, saved);
  }
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
