/**
 * Columns that hold JSON, and reading them back. A value that is not the JSON crm-owners wrote (the
 * database was edited or damaged) is a DatabaseError that points at `doctor`, which lists them all.
 */
import { DatabaseError } from '../errors.js';
import type { Db } from './database.js';

export interface JsonColumn {
  table: string;
  column: string;
  /** The JSON type every value has: what `json_type()` says of it. */
  type: 'object' | 'array';
  /** The column that names the row's snapshot. */
  snapshot: string;
}

export const JSON_COLUMNS = {
  'snapshots.counts': { table: 'snapshots', column: 'counts', type: 'object', snapshot: 'id' },
  'snapshot_files.headers': { table: 'snapshot_files', column: 'headers', type: 'array', snapshot: 'snapshot_id' },
  'owners.territories': { table: 'owners', column: 'territories', type: 'array', snapshot: 'snapshot_id' },
  'owners.capacity': { table: 'owners', column: 'capacity', type: 'object', snapshot: 'snapshot_id' },
} as const satisfies Record<string, JsonColumn>;

export type JsonColumnName = keyof typeof JSON_COLUMNS;

function hasType(value: unknown, type: JsonColumn['type']): boolean {
  return type === 'array' ? Array.isArray(value) : typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stored JSON value of a snapshot's row, parsed; a damaged one is an error naming the snapshot and column. */
export function readStoredJson<T>(db: Db, name: JsonColumnName, snapshot: number, text: unknown): T {
  const { type } = JSON_COLUMNS[name];
  let value: unknown;
  try {
    value = JSON.parse(String(text));
  } catch {
    value = undefined;
  }
  if (!hasType(value, type)) {
    throw new DatabaseError(
      `${db.name}: the database is damaged: snapshot ${snapshot} has a ${name} value that is not a JSON ${type} (${JSON.stringify(String(text).slice(0, 40))})`,
      `run crm-owners doctor --db ${db.name}`,
    );
  }
  return value as T;
}

/** SQL counting, per snapshot, the rows of a JSON column whose value is damaged. */
export function damagedJsonSql({ table, column, type, snapshot }: JsonColumn): string {
  return `SELECT ${snapshot} AS snapshot, count(*) AS n FROM ${table}
          WHERE coalesce(CASE WHEN json_valid(${column}) THEN json_type(${column}) END, '') <> '${type}'
          GROUP BY ${snapshot} ORDER BY ${snapshot}`;
}
