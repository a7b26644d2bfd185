/** Records as a plan sees them: who owns them now, their account and territory. */
import { nameKey } from '../ingest/directory.js';
import type { RecordKind } from '../ingest/model.js';
import { toSalesforceId18 } from '../ingest/salesforceId.js';
import { conditionOf, type Check } from '../audit/check.js';
import type { AuditContext } from '../audit/context.js';

export interface PlanRecord {
  kind: RecordKind;
  /** The record's row in the database: the same record, whichever query read it. */
  rowid: number;
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
  /** The record's file and its row as it stands there: read only for a lock column (see `keepTest`). */
  fileId?: number;
  raw?: string;
  /** Why the record is in the plan: the check that flagged it, `transfer`, or `follows account`. */
  reason: string;
}

/** Why a contact moves when it moves only because its account does. */
export const FOLLOWS_ACCOUNT = 'follows account';

/** Records a pass selected, and the contacts of the accounts it was asked about. */
export interface Selection {
  /** In id order, each with its reason. */
  records: PlanRecord[];
  /**
   * By account, in id order, the contacts on the account owner's book: whose resolved owner is the
   * account's (both may be unresolved). Those not selected have the reason `follows account`.
   */
  contactsOf: Map<string, PlanRecord[]>;
}

/** Rows fresh from a query as records of the kind (they are not shared, so no copy is needed). */
function asRecords(rows: unknown[], kind: RecordKind, reason: string): PlanRecord[] {
  for (const record of rows as PlanRecord[]) {
    record.kind = kind;
    record.reason = reason;
  }
  return rows as PlanRecord[];
}

/**
 * Lookups of the records a plan moves, with their territory when rules are in use, and their rows
 * `withRows`. They scan the kind's rowid range (see store/ranges.ts) and need no lookup index:
 * building those takes longer than the plan. Ids to look for go into a TEMP table that the scan
 * probes. Plans may read a hundred thousand records: each column read costs, so a row's kind is
 * set here rather than read, and its text only read when asked for.
 */
export function recordLookups(context: AuditContext, withRows: boolean) {
  const territory = context.settings.rules ? 't.territory' : 'NULL';
  const join = context.settings.rules ? 'LEFT JOIN temp.record_territory t ON t.kind = r.kind AND t.id = r.id' : '';
  const columns = `r.rowid, r.id, r.name, r.owner, r.owner_id AS ownerId, r.account_id AS accountId, r.account_owner_id AS accountOwnerId, ${territory} AS territory${withRows ? ', r.file_id AS fileId, r.raw' : ''}`;
  const ownedBy = (kind: RecordKind) => context.db.prepare(`SELECT ${columns} FROM records r ${join} WHERE ${context.inKind(kind)} AND r.owner_id = ? ORDER BY r.id`);
  // Records whose owner value resolved to no owner, by that value (folded like names; Salesforce ids in either form).
  const ownedByValue = (kind: RecordKind) =>
    context.db.prepare(`SELECT ${columns} FROM records r ${join} WHERE ${context.inKind(kind)} AND r.owner_id IS NULL AND (fold(r.owner) = ? OR r.owner IN (?, ?)) ORDER BY r.id`);
  /** The ids in TEMP table `table`. */
  const want = (ids: Iterable<string>, table = 'wanted') => {
    context.db.exec(`DROP TABLE IF EXISTS temp.${table}; CREATE TEMP TABLE ${table} (id TEXT PRIMARY KEY) WITHOUT ROWID`);
    const add = context.db.prepare(`INSERT OR IGNORE INTO temp.${table} VALUES (?)`);
    for (const id of ids) add.run(id);
  };

  /**
   * One pass over a kind: the records that condition checks flag, each with the first check's id as
   * reason, and, when `accounts` are given, the contacts on their owners' books (see `Selection`).
   * Flagged contacts are mostly those of flagged accounts, so one pass reads both and builds each
   * record once.
   */
  const select = (kind: RecordKind, checks: Check[], accounts: PlanRecord[] = []): Selection => {
    const selection: Selection = { records: [], contactsOf: new Map() };
    // The first check that flags the record, by its index: the reason is then one shared string.
    // (The territory join, when rules are in use, is the one the territory checks read.)
    const flagging = checks.length > 0 ? `CASE ${checks.map((c, i) => `WHEN ${conditionOf(c, context)} THEN ${i}`).join(' ')} END` : 'NULL';
    const wheres = [];
    if (checks.length > 0) wheres.push(`${flagging} IS NOT NULL`);
    if (accounts.length > 0) {
      want(accounts.map((a) => a.id));
      want(accounts.flatMap((a) => (a.ownerId === null ? [] : [a.ownerId])), 'wanted_owners');
      // On the account owner's book: owner_id IS account_owner_id (the account's owner_id). That owner
      // is then one of the accounts' few owners: checked first, it spares most contacts the look-up
      // of their account.
      wheres.push('(r.owner_id IS r.account_owner_id AND (r.owner_id IS NULL OR r.owner_id IN temp.wanted_owners) AND r.account_id IN temp.wanted)');
    }
    if (wheres.length === 0) return selection;
    const sql = `SELECT ${columns}, ${flagging} AS reason FROM records r ${join} WHERE ${context.inKind(kind)} AND (${wheres.join(' OR ')}) ORDER BY r.id`;
    const rows = context.db.prepare(sql).all() as PlanRecord[];
    const wanted = new Set(accounts.map((a) => a.id));
    for (const row of rows) {
      row.kind = kind;
      // Until here, `reason` is the index of the flagging check.
      const flaggedBy = row.reason as unknown as number | null;
      row.reason = flaggedBy === null ? FOLLOWS_ACCOUNT : checks[flaggedBy].id;
      if (flaggedBy !== null) selection.records.push(row);
      if (row.accountId === null || !wanted.has(row.accountId) || row.ownerId !== row.accountOwnerId) continue;
      const ofAccount = selection.contactsOf.get(row.accountId);
      if (ofAccount) ofAccount.push(row);
      else selection.contactsOf.set(row.accountId, [row]);
    }
    return selection;
  };

  return {
    /**
     * The records of a kind that condition checks flag, each with the first check's id as reason;
     * with `accounts`, also the contacts on their owners' books (see `Selection`).
     */
    matching: select,
    /** Many records of a kind at once, in id order: one pass over the kind instead of a lookup each. */
    many: (kind: RecordKind, ids: string[], reason: string): PlanRecord[] => {
      want(ids);
      return asRecords(context.db.prepare(`SELECT ${columns} FROM records r ${join} WHERE ${context.inKind(kind)} AND r.id IN temp.wanted ORDER BY r.id`).all(), kind, reason);
    },
    /** The contacts on each of these accounts' owner's book (see `Selection`), in one pass over the contacts. */
    contactsOf: (accounts: PlanRecord[]): Map<string, PlanRecord[]> => select('contacts', [], accounts).contactsOf,
    ownedByValue: (kind: RecordKind, value: string, reason: string): PlanRecord[] =>
      asRecords(ownedByValue(kind).all(nameKey(value), toSalesforceId18(value.trim()), toSalesforceId18(value.trim()).slice(0, 15)), kind, reason),
    ownedBy: (kind: RecordKind, ownerId: string, reason: string): PlanRecord[] => asRecords(ownedBy(kind).all(ownerId), kind, reason),
  };
}

export type RecordLookups = ReturnType<typeof recordLookups>;
