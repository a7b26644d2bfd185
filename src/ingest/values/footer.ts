/**
 * Report footers: after the data, an empty row (or a blank line) followed by rows of at most one
 * non-empty field — `Grand Totals (40 records)`, `Confidential Information - Do Not Distribute`,
 * `Copyright (c) …` or `Copyright © …`, and their translations (`Vertraulich …`, `Confidentiel …`).
 * Told by their shape, not their words, so every language and wording is one. Such rows wait until
 * the file ends (a footer) or a data row follows (then they are read like any row, and rejected).
 */
import type { CsvRow } from '../../csv.js';

const isPrintableAscii = (code: number) => code > 32 && code < 127;

/** Whether a row holds at most one non-empty cell (stops at the second: data rows cost two looks). */
function atMostOneValue(fields: string[]): boolean {
  // Most rows start with two cells that begin with a visible character: values, whatever follows.
  if (fields.length > 1 && isPrintableAscii(fields[0].charCodeAt(0)) && isPrintableAscii(fields[1].charCodeAt(0)))
    return false;
  let values = 0;
  for (const field of fields) if (field.trim() !== '' && ++values > 1) return false;
  return true;
}

/** The physical line a row ends on (its text may hold line breaks inside quotes). */
function lastLineOf(row: CsvRow): number {
  let line = row.line;
  const { raw } = row;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 10 || (code === 13 && raw.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

export class FooterRows {
  private held: CsvRow[] = [];

  /** `header` is the file's header row: a blank line may follow it too. */
  constructor(private previous: CsvRow) {}

  private mayBeFooter(row: CsvRow): boolean {
    if (!atMostOneValue(row.fields)) return false;
    if (this.held.length > 0) return true;
    // The run starts with an empty row, or after a blank line (the CSV reader skips those).
    return row.fields.every((field) => field.trim() === '') || row.line > lastLineOf(this.previous) + 1;
  }

  /** The rows of a batch to read now, in order: rows that may be a footer wait for what follows. */
  take(rows: CsvRow[]): CsvRow[] {
    let now: CsvRow[] | undefined;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (this.mayBeFooter(row)) {
        now ??= rows.slice(0, i);
        this.held.push(row);
      } else if (this.held.length > 0) {
        now ??= rows.slice(0, i);
        now.push(...this.held, row);
        this.held = [];
      } else {
        now?.push(row);
      }
      this.previous = row;
    }
    return now ?? rows;
  }

  /** At the end of the file: the footer rows, dropped. */
  end(): number {
    const footer = this.held.length;
    this.held = [];
    return footer;
  }
}
