/** Records as a plan sees them: who owns them now, their account and territory. */
import { nameKey } from '../ingest/directory.js';
import type { RecordKind } from '../ingest/model.js';
import { toSalesforceId18 } from '../ingest/salesforceId.js';
import { conditionOf, type Check } from '../audit/check.js';
import type { AuditContext } from '../audit/context.js';

export interface PlanRecord {
  kind: RecordKind;
  id: string;
  name: string;
  /** The owner value as exported. */
  owner: string;
  /** The owner it resolves to, if any. */
  ownerId: string | null;
  accountId: string | null;
  /** The owner of that account, as resolved at load. */
  accountOwnerId: string | null;
  territory: string | null;
  fileId: number;
  /** The row as it stands in its file. */
  raw: string;
  /** Why the record is in the plan: the check that flagged it, `transfer`, or `follows account`. */
  reason: string;
}

export function recordKey(kind: string, id: string): string {
  return `${kind}\u0000${id}`;
}

/**
 * Lookups of records by id and of an account's contacts, with their territory when rules are in use.
 * They use the lookup indexes: call `ensureIndexes` first. (`+r.kind` keeps SQLite from picking the
 * id index for an account's contacts: without statistics it would scan the whole kind.)
 */
export function recordLookups(context: AuditContext) {
  const territory = context.settings.rules ? 't.territory' : 'NULL';
  const join = context.settings.rules ? 'LEFT JOIN temp.record_territory t ON t.kind = r.kind AND t.id = r.id' : '';
  const columns = `r.kind, r.id, r.name, r.owner, r.owner_id AS ownerId, r.account_id AS accountId, r.account_owner_id AS accountOwnerId, ${territory} AS territory, r.file_id AS fileId, r.raw`;
  const contactsOf = context.db.prepare(`SELECT ${columns} FROM records r ${join} WHERE r.snapshot_id = ? AND r.account_id = ? AND +r.kind = 'contacts' ORDER BY r.id`);
  const ownedBy = (kind: RecordKind) => context.db.prepare(`SELECT ${columns} FROM records r ${join} WHERE ${context.inKind(kind)} AND r.owner_id = ? ORDER BY r.id`);
  // Records whose owner value resolved to no owner, by that value (folded like names; Salesforce ids in either form).
  const ownedByValue = (kind: RecordKind) =>
    context.db.prepare(`SELECT ${columns} FROM records r ${join} WHERE ${context.inKind(kind)} AND r.owner_id IS NULL AND (fold(r.owner) = ? OR r.owner IN (?, ?)) ORDER BY r.id`);
  const snapshot = context.snapshot.id;
  return {
    /** The records of a kind that condition checks flag, in one pass, each with the first check's id as reason. */
    matching: (kind: RecordKind, checks: Check[]): PlanRecord[] => {
      if (checks.length === 0) return [];
      const reason = `CASE ${checks.map((c) => `WHEN ${conditionOf(c, context)} THEN '${c.id}'`).join(' ')} END`;
      // The territory join, when rules are in use, is the one the territory checks read.
      return context.db
        .prepare(`SELECT ${columns}, ${reason} AS reason FROM records r ${join} WHERE ${context.inKind(kind)} AND ${reason} IS NOT NULL ORDER BY r.id`)
        .all() as PlanRecord[];
    },
    /** Many records of a kind at once, in id order: one pass over the kind instead of a lookup each. */
    many: (kind: RecordKind, ids: string[]): Omit<PlanRecord, 'reason'>[] => {
      context.db.exec('DROP TABLE IF EXISTS temp.wanted; CREATE TEMP TABLE wanted (id TEXT PRIMARY KEY) WITHOUT ROWID');
      const add = context.db.prepare('INSERT OR IGNORE INTO temp.wanted VALUES (?)');
      for (const id of ids) add.run(id);
      return context.db.prepare(`SELECT ${columns} FROM records r ${join} WHERE ${context.inKind(kind)} AND r.id IN temp.wanted ORDER BY r.id`).all() as Omit<PlanRecord, 'reason'>[];
    },
    contactsOf: (accountId: string): PlanRecord[] => (contactsOf.all(snapshot, accountId) as Omit<PlanRecord, 'reason'>[]).map((r) => ({ ...r, reason: '' })),
    ownedByValue: (kind: RecordKind, value: string, reason: string): PlanRecord[] =>
      (ownedByValue(kind).all(nameKey(value), toSalesforceId18(value.trim()), toSalesforceId18(value.trim()).slice(0, 15)) as Omit<PlanRecord, 'reason'>[]).map((r) => ({ ...r, reason })),
    ownedBy: (kind: RecordKind, ownerId: string, reason: string): PlanRecord[] =>
      (ownedBy(kind).all(ownerId) as Omit<PlanRecord, 'reason'>[]).map((r) => ({ ...r, reason })),
  };
}

export type RecordLookups = ReturnType<typeof recordLookups>;
