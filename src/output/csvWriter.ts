/**
 * CSV files the tool writes. Two audiences, two dialects (README, "Files for people and files for
 * machines"):
 * - for people (findings, plan.csv, unplaced.csv, diff, rejects): UTF-8 with BOM and CRLF so Excel
 *   opens them right, and cells Excel would evaluate are prefixed with `'`;
 * - for a CRM's importer (import-*.csv, rollback-*.csv): exact values, no BOM, LF.
 */
import { stringify } from 'csv-stringify/sync';
import { openOutputFile, type OutputFile } from './atomicFile.js';

export type CsvAudience = 'people' | 'machines';

const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * A cell as a spreadsheet must show it: text Excel would run as a formula (`= + @`, tab, CR, their
 * full-width forms, or `-` before something that is not a number) gets a leading `'`.
 */
export function neutraliseFormula(value: string): string {
  if (value === '') return value;
  const first = value[0];
  if ('=+@\t\r＝＋＠'.includes(first)) return `'${value}`;
  if ((first === '-' || first === '－') && !PLAIN_NUMBER.test(value)) return `'${value}`;
  return value;
}

const OPTIONS = {
  people: { record_delimiter: 'windows', quote_record_delimiter: true },
  machines: { record_delimiter: 'unix' },
} as const;

const RECORD_DELIMITER = { people: '\r\n', machines: '\n' };

/** What csv-stringify quotes (with the options above); a row without it is its cells joined by commas. */
const NEEDS_QUOTES = /[",\r\n]/;

function cellsOf(row: (string | number)[], audience: CsvAudience): string[] {
  return audience === 'people' ? row.map((value) => neutraliseFormula(String(value))) : row.map(String);
}

export function csvText(rows: (string | number)[][], audience: CsvAudience): string {
  return stringify(
    rows.map((row) => cellsOf(row, audience)),
    OPTIONS[audience],
  );
}

/** Writes rows as they come, atomically: nothing is in place until `commit`. */
export class CsvWriter {
  private readonly file: OutputFile;
  private pending = '';
  rows = 0;

  constructor(
    target: string,
    private readonly audience: CsvAudience,
    header: string[],
    /** How the file is opened: atomically over `target` unless the caller makes the whole folder atomic. */
    open: (target: string) => OutputFile = (file) => openOutputFile(file),
  ) {
    this.file = open(target);
    if (audience === 'people') this.file.write('\uFEFF');
    this.file.write(csvText([header], audience));
  }

  get path(): string {
    return this.file.target;
  }

  write(row: (string | number)[]): void {
    // csv-stringify takes microseconds a row and plans write hundreds of thousands: it only gets the rows that need quotes.
    const cells = cellsOf(row, this.audience);
    this.pending += cells.some((cell) => NEEDS_QUOTES.test(cell))
      ? stringify([cells], OPTIONS[this.audience])
      : cells.join(',') + RECORD_DELIMITER[this.audience];
    this.rows++;
    // One write per 64 KB, not per row.
    if (this.pending.length > 65536) this.flush();
  }

  private flush(): void {
    if (this.pending) this.file.write(this.pending);
    this.pending = '';
  }

  commit(): void {
    this.flush();
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}

/** Writes a whole CSV file atomically. */
export function writeCsv(target: string, audience: CsvAudience, header: string[], rows: (string | number)[][]): void {
  const writer = new CsvWriter(target, audience, header);
  try {
    for (const row of rows) writer.write(row);
    writer.commit();
  } catch (error) {
    writer.abort();
    throw error;
  }
}
