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
    private readonly db: Db,
    table: string,
    private readonly columns: readonly string[],
    private readonly rowsPerStatement = 64,
  ) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    const sql = (n: number) => `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(row).join(', ')}`;
    this.many = db.prepare(sql(rowsPerStatement));
    this.one = db.prepare(sql(1));
    this.params = new Array(columns.length * rowsPerStatement);
  }

  add(...values: unknown[]): void {
    for (let i = 0; i < values.length; i++) this.params[this.filled++] = values[i];
    if (this.filled === this.params.length) {
      this.many.run(this.params);
      this.filled = 0;
    }
  }

  /** Writes the rows still waiting. */
  flush(): void {
    const width = this.columns.length;
    for (let start = 0; start < this.filled; start += width) this.one.run(this.params.slice(start, start + width));
    this.filled = 0;
  }
}
