/**
 * Schema 4 → 5: records get a real key, and stored rows keep their cells instead of CSV text.
 *
 * - `records` is rebuilt with `key INTEGER PRIMARY KEY`, each record keeping its schema-4 rowid as
 *   its key, so `record_ranges`, `shared_email_records` and everything else pointing at rowids stay
 *   right; `closed` is 0 (schema 4 had no closed records) and `details` NULL.
 * - `raw` of records, owners and duplicate_rows: the row's CSV text, parsed with its file's
 *   delimiter (from snapshot_files), becomes its stored cells (store/cells.ts), as a load of the
 *   same file stores them.
 * - The derived tables' columns are renamed: `first_rowid`/`last_rowid` → `first_key`/`last_key`,
 *   `record_rowid` → `record_key`.
 */
import { parseCsvText } from '../../csv.js';
import { encodeCells } from '../cells.js';
import type { Db } from '../database.js';
import type { Migration } from './index.js';

// Schema 5's records table as this step writes it, spelled out rather than taken from schema.ts: a
// step must keep producing its version's schema whatever later versions change.
const RECORDS_V5 = `CREATE TABLE records_v5 (
  key INTEGER PRIMARY KEY,
  snapshot_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  id TEXT NOT NULL, name TEXT NOT NULL, email_key TEXT NOT NULL,
  owner TEXT NOT NULL, owner_id TEXT, owner_issue TEXT, owner_active INTEGER, owner_type TEXT,
  account_id TEXT, account_owner_id TEXT,
  created TEXT NOT NULL, last_activity TEXT NOT NULL,
  closed INTEGER NOT NULL DEFAULT 0,
  details TEXT,
  file_id INTEGER NOT NULL, line INTEGER NOT NULL,
  raw TEXT NOT NULL
)`;

const COPIED =
  'snapshot_id, kind, id, name, email_key, owner, owner_id, owner_issue, owner_active, owner_type, account_id, account_owner_id, created, last_activity';

/** The cells of a row stored as its CSV text in a file with this delimiter. */
export function cellsOfCsvText(text: string, delimiter: string): string[] {
  const rows = parseCsvText(text, delimiter);
  if (rows.length > 1)
    throw new Error(`a stored row reads as ${rows.length} rows: ${JSON.stringify(text.slice(0, 80))}`);
  // Only a row of one empty cell reads as a blank line (and is skipped by the parser).
  return rows[0]?.fields ?? [''];
}

/** The SQL function's body: a row's stored text as cells, or an error naming the row's file and line. */
function toCells(text: unknown, delimiter: unknown, file: unknown, line: unknown): string | null {
  if (text === null) return null;
  const where = `the row stored from ${String(file)} line ${String(line)}`;
  if (typeof delimiter !== 'string' || delimiter.length !== 1)
    throw new Error(`${where}: its file has no delimiter on record (${JSON.stringify(delimiter)})`);
  try {
    return encodeCells(cellsOfCsvText(String(text), delimiter), String(text), delimiter);
  } catch (error) {
    throw new Error(`${where} cannot be read as CSV: ${(error as Error).message}`, { cause: error });
  }
}

function run(db: Db): void {
  db.function('crm_owners_cells_v5', { deterministic: true }, toCells);
  const file = (table: string, column: string) =>
    `(SELECT f.${column} FROM snapshot_files f WHERE f.id = ${table}.file_id)`;
  const cells = (table: string) =>
    `crm_owners_cells_v5(raw, ${file(table, 'delimiter')}, ${file(table, 'path')}, line)`;
  db.exec(`
    ${RECORDS_V5};
    INSERT INTO records_v5 (key, ${COPIED}, closed, details, file_id, line, raw)
      SELECT r.rowid, ${COPIED.split(', ')
        .map((c) => `r.${c}`)
        .join(', ')}, 0, NULL, r.file_id, r.line, crm_owners_cells_v5(r.raw, f.delimiter, f.path, r.line)
        FROM records r LEFT JOIN snapshot_files f ON f.id = r.file_id ORDER BY r.rowid;
    DROP TABLE records;
    ALTER TABLE records_v5 RENAME TO records;
    UPDATE owners SET raw = ${cells('owners')} WHERE raw IS NOT NULL;
    UPDATE duplicate_rows SET raw = ${cells('duplicate_rows')};
    ALTER TABLE record_ranges RENAME COLUMN first_rowid TO first_key;
    ALTER TABLE record_ranges RENAME COLUMN last_rowid TO last_key;
    ALTER TABLE shared_email_records RENAME COLUMN record_rowid TO record_key;
  `);
}

export const realKeys: Migration = { to: 5, name: 'real record keys and stored cells', run };
