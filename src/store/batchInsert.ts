/**
 * Multi-row INSERTs: one statement binding many rows costs far less per row than a statement per
 * row (one call into SQLite, one step). Values the same for every row (the snapshot, the file, the
 * kind) are written into the statement instead of being bound again for each row.
 */
import type { Statement } from 'better-sqlite3';
import { forEachRow, type PackedRows, type Value } from '../records/packedRows.js';
import type { Db } from './database.js';

/** Fixed values are numbers or known words, never data from a file. */
function literal(value: number | string | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`not an integer: ${value}`);
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

export class BatchInsert {
  private readonly many: Statement;
  private readonly one: Statement;
  private readonly params: Value[];
  private readonly width: number;
  private filled = 0;
  rows = 0;

  constructor(
    db: Db,
    table: string,
    fixed: Record<string, number | string | null>,
    columns: readonly string[],
    rowsPerStatement = 64,
  ) {
    const row = `(${[...Object.values(fixed).map(literal), ...columns.map(() => '?')].join(', ')})`;
    const sql = (n: number) =>
      `INSERT INTO ${table} (${[...Object.keys(fixed), ...columns].join(', ')}) VALUES ${Array(n).fill(row).join(', ')}`;
    this.many = db.prepare(sql(rowsPerStatement));
    this.one = db.prepare(sql(1));
    this.width = columns.length;
    this.params = new Array(columns.length * rowsPerStatement);
  }

  add(rows: PackedRows): void {
    if (rows.width !== this.width) throw new Error(`rows of ${rows.width} values for ${this.width} columns`);
    forEachRow(rows, (values) => this.addRow(values));
  }

  addRow(values: Value[]): void {
    const params = this.params;
    for (let i = 0; i < this.width; i++) params[this.filled++] = values[i];
    this.rows++;
    if (this.filled === params.length) {
      this.many.run(params);
      this.filled = 0;
    }
  }

  /** Writes the rows still waiting. */
  flush(): void {
    for (let start = 0; start < this.filled; start += this.width)
      this.one.run(this.params.slice(start, start + this.width));
    this.filled = 0;
  }
}
