/**
 * Each record's territory under the rules, and each territory's owners, as TEMP tables the
 * territory checks and plans join against. Patterns are matched in JavaScript (they are not SQL);
 * a child record whose account is in the snapshot takes its account's territory in SQL.
 */
import type { RecordKind } from '../records/model.js';
import { isChildOf, PARENT_KIND } from '../kinds/registry.js';
import { territoryOf, territoryOwners, validateRules, type TerritoryRules } from '../rules/rules.js';
import type { AuditContext } from './context.js';
import { decodeCells } from '../store/cells.js';
import { snapshotFiles, type SnapshotFile } from '../store/files.js';
import { isRuleField, ruleFieldHeaders } from '../ingest/identify/presets/ruleFields.js';

/** Canonical fields a rule column may name, besides any export header (a Set: a column named "constructor" is no field). */
const CANONICAL = new Set(['id', 'name', 'email', 'owner', 'owner_id', 'account_id', 'last_activity', 'created']);

/**
 * Where a rule column's value is in a file: the column of that header, else, for a canonical rule
 * field (`state`, `country`, …), the first of the file's preset's headers for it.
 */
function columnIndex(file: SnapshotFile, key: string): number | undefined {
  const index = file.column.get(key);
  if (index !== undefined || !isRuleField(key)) return index;
  for (const header of ruleFieldHeaders(key, file.preset)) {
    const found = file.column.get(header);
    if (found !== undefined) return found;
  }
  return undefined;
}

interface RecordRow {
  key: number;
  kind: RecordKind;
  id: string;
  file_id: number;
  raw: string;
  [canonical: string]: unknown;
}

export function assignTerritories(context: AuditContext, rules: TerritoryRules): void {
  const { db } = context;
  const files = snapshotFiles(db, context.snapshot.id);

  validateRules(rules, {
    // A canonical rule field is known whatever the export: where an export has no column for it, it reads as empty.
    column: (kind, key) =>
      CANONICAL.has(key) ||
      isRuleField(key) ||
      [...files.values()].some((f) => (kind === undefined || f.kind === kind) && columnIndex(f, key) !== undefined),
    loaded: (kind) => [...files.values()].some((f) => f.kind === kind),
    owner: (ref) => context.directory.find(ref).ownerId !== undefined,
  });

  db.exec(`
    DROP TABLE IF EXISTS temp.record_territory;
    DROP TABLE IF EXISTS temp.territory_owner;
    CREATE TEMP TABLE record_territory (kind TEXT NOT NULL, id TEXT NOT NULL, territory TEXT, PRIMARY KEY (kind, id)) WITHOUT ROWID;
    CREATE TEMP TABLE territory_owner (territory TEXT NOT NULL, owner_id TEXT NOT NULL, PRIMARY KEY (territory, owner_id)) WITHOUT ROWID;
  `);

  const columns =
    'r.key, r.kind, r.id, r.file_id, r.raw, r.name, r.email_key AS email, r.owner, r.owner_id, r.account_id, r.last_activity, r.created';
  // Rows sharing an id Excel mangled are each a record: the first one's territory stands for them.
  const insert = db.prepare('INSERT OR IGNORE INTO temp.record_territory (kind, id, territory) VALUES (?, ?, ?)');
  // Read in pages: SQLite cannot insert on a connection while a SELECT on it is being stepped.
  const match = (where: string) => {
    const page = db.prepare<[number], RecordRow>(
      `SELECT ${columns} FROM records r WHERE ${where} AND r.key > ? ORDER BY r.key LIMIT 5000`,
    );
    for (let after = 0, rows: RecordRow[]; (rows = page.all(after)).length > 0; after = rows[rows.length - 1].key) {
      for (const row of rows) {
        const file = files.get(row.file_id)!;
        let values: string[] | undefined;
        const field = (key: string): string | undefined => {
          const index = columnIndex(file, key);
          if (index !== undefined) return (values ??= decodeCells(row.raw))[index];
          return CANONICAL.has(key) ? ((row[key] as string | null) ?? '') : undefined;
        };
        insert.run(row.kind, row.id, territoryOf(rules, row.kind, field)?.territory ?? null);
      }
    }
  };
  // Parents first (the registry's order): account-based ownership, a child record (contact,
  // opportunity, case) with its account in the snapshot takes the account's territory.
  for (const kind of context.kinds) {
    if (!isChildOf(kind, PARENT_KIND)) {
      match(context.inKind(kind));
      continue;
    }
    db.prepare(
      `INSERT OR IGNORE INTO temp.record_territory (kind, id, territory)
       SELECT r.kind, r.id, t.territory FROM records r JOIN temp.record_territory t ON t.kind = ? AND t.id = r.account_id
        WHERE ${context.inKind(kind)}`,
    ).run(PARENT_KIND);
    // The others (no account, or an account not in the snapshot, as when only a contacts report was
    // loaded) by their own fields.
    match(
      `${context.inKind(kind)} AND NOT EXISTS (SELECT 1 FROM temp.record_territory t WHERE t.kind = r.kind AND t.id = r.id)`,
    );
  }

  // A territory's owners: the rules' `owners` cells and the owners whose territories name it.
  const addOwner = db.prepare('INSERT OR IGNORE INTO temp.territory_owner VALUES (?, ?)');
  for (const [territory, refs] of territoryOwners(rules)) {
    for (const ref of refs) addOwner.run(territory, context.directory.find(ref).ownerId!);
    const key = territory.trim().toLowerCase();
    for (const owner of context.owners) {
      if (owner.territories.some((t) => t.trim().toLowerCase() === key)) addOwner.run(territory, owner.id);
    }
  }
}

/**
 * A record waiting in a queue (or a Dynamics owner team): owned, but not any rep's, so no territory
 * check applies to it — unless a rule names that queue among a territory's owners.
 */
export const IN_UNNAMED_QUEUE = `(r.owner_type IS 'queue' AND r.owner_id NOT IN (SELECT owner_id FROM temp.territory_owner))`;

/** Each record's territory once assignTerritories() has run on the connection. */
export function territoryLookup(context: AuditContext): (kind: RecordKind, id: string) => string | null {
  const statement = context.db
    .prepare<[RecordKind, string], string | null>(
      'SELECT territory FROM temp.record_territory WHERE kind = ? AND id = ?',
    )
    .pluck();
  return (kind, id) => statement.get(kind, id) ?? null;
}
