/**
 * Multi-row INSERTs: one statement binding many rows costs far less per row than a statement per
 * row (one call into SQLite, one step).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

export class BatchInsert {
  private readonly many: Statement;
  private readonly one: Statement;
  private readonly params: unknown[];
  private filled = 0;

  constructor(
    db: Db,
    table: string,
    private readonly columns: readonly string[],
    rowsPerStatement = 64,
  ) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    const sql = (n: number) => `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(row).join(', ')}`;
    this.many = db.prepare(sql(rowsPerStatement));
    this.one = db.prepare(sql(1));
    this.params = new Array(columns.length * rowsPerStatement);
  }

  rows = 0;

  /** Adds rows given flat: `width` values per row, each row after the `prefix` values. */
  addRows(prefix: unknown[], values: unknown[], width: number): void {
    const params = this.params;
    for (let start = 0; start < values.length; start += width) {
      for (let i = 0; i < prefix.length; i++) params[this.filled++] = prefix[i];
      for (let i = 0; i < width; i++) params[this.filled++] = values[start + i];
      this.rows++;
      if (this.filled === params.length) {
        this.many.run(params);
        this.filled = 0;
      }
    }
  }

  /** Writes the rows still waiting. */
  flush(): void {
    const width = this.columns.length;
    for (let start = 0; start < this.filled; start += width) this.one.run(this.params.slice(start, start + width));
    this.filled = 0;
  }
}
