/** Records as a plan sees them: who owns them now, their account and territory. */
import { nameKey } from '../records/directory.js';
import type { RecordKind } from '../records/model.js';
import { toSalesforceId18 } from '../records/salesforceId.js';
import { isMangledId } from '../ingest/values/values.js';
import { hasClosed, hasManyParentKinds, kindSpec, PARENT_KIND } from '../kinds/registry.js';
import type { RecordColumn } from '../ingest/transport/recordBatch.js';
import { conditionOf, type Check } from '../audit/check.js';
import type { Statement } from 'better-sqlite3';
import type { AuditContext } from '../audit/context.js';
import { splitScanner, SPLIT_ABOVE } from './splitScan.js';

export interface PlanRecord {
  kind: RecordKind;
  /** The record's key in the database (`records.key`): the same record, whichever query read it. */
  key: number;
  id: string;
  name: string;
  /** The owner value as exported. */
  owner: string;
  /** The owner it resolves to, if any. */
  ownerId: string | null;
  accountId: string | null;
  /** The owner of that account, as resolved at load. */
  accountOwnerId: string | null;
  /**
   * For kinds with more than one parent kind (activities): the kind of the record `accountId` points
   * to (see `parentKindOf`); null for the others.
   */
  parentKind: RecordKind | null;
  territory: string | null;
  /** A closed opportunity or case (moved only with `--include-closed`; it takes no capacity). */
  closed: boolean;
  /** The record's file and its row as it stands there: read only for a lock column (see `keepTest`). */
  fileId?: number;
  raw?: string;
  /** Why the record is in the plan: the check that flagged it, `transfer`, or `follows account`. */
  reason: string;
}

/** Marks the territory in PLAN_ROW: read from the join with the rules' territories, NULL without rules. */
const TERRITORY = 'territory';
/** Marks the parent's kind in PLAN_ROW: kept in the details of kinds with several parent kinds. */
const PARENT_KIND_OF_ROW = 'parent_kind';

/**
 * The row a plan reads of a record, declared once: each field of a PlanRecord with the column of
 * `records` it is read from (or the territory), in the order of the query's columns. `flag`: an
 * INTEGER 0/1 read as a boolean. `kind` and `reason` are not read: the lookup knows them.
 */
const PLAN_ROW = [
  ['key', 'key'],
  ['id', 'id'],
  ['name', 'name'],
  ['owner', 'owner'],
  ['ownerId', 'owner_id'],
  ['accountId', 'account_id'],
  ['accountOwnerId', 'account_owner_id'],
  ['parentKind', PARENT_KIND_OF_ROW],
  ['territory', TERRITORY],
  ['closed', 'closed', 'flag'],
] as const satisfies readonly (readonly [
  keyof PlanRecord,
  RecordColumn | 'key' | typeof TERRITORY | typeof PARENT_KIND_OF_ROW,
  'flag'?,
])[];

/** Read after PLAN_ROW when the lookups are asked for the records' rows (`withRows`); undefined otherwise. */
const ROW_TEXT = [
  ['fileId', 'file_id'],
  ['raw', 'raw'],
] as const satisfies readonly (readonly [keyof PlanRecord, RecordColumn | 'file_id'])[];

type RecordOf = (values: unknown[], kind: RecordKind, reason: string) => PlanRecord;

/**
 * A record from its row's values, read with `withRows` or not. Built from the lists, so that it
 * makes every record with one object literal, as hand-written code would (a loop over the fields
 * sets properties by name: slower on the hundred thousand records a plan may read). The names are
 * this module's own identifiers.
 */
function recordReader(withRows: boolean): RecordOf {
  const fields = PLAN_ROW.map(([field, , read], i) => `${field}: ${read === 'flag' ? `v[${i}] === 1` : `v[${i}]`}`);
  for (const [i, [field]] of ROW_TEXT.entries())
    fields.push(`${field}: ${withRows ? `v[${PLAN_ROW.length + i}]` : 'undefined'}`);
  return new Function('v', 'kind', 'reason', `return { kind, ${fields.join(', ')}, reason };`) as RecordOf;
}
const READERS = { plain: recordReader(false), withRows: recordReader(true) };

/** The record's id, or its owner or account reference, lost its digits to Excel (see the mangled-id check). */
export function isMangledRecord(record: PlanRecord): boolean {
  return (
    isMangledId(record.id) || isMangledId(record.owner) || (record.accountId !== null && isMangledId(record.accountId))
  );
}

/** Why a child record (contact, opportunity...) moves when it moves only because its account does. */
export const FOLLOWS_ACCOUNT = 'follows account';

/** The kind of the record a record's `accountId` points to: its account, or an activity's parent. */
export function parentKindOf(record: PlanRecord): RecordKind | undefined {
  return record.parentKind ?? kindSpec(record.kind).parents?.[0];
}

/** Records a pass selected, and the children of the accounts it was asked about. */
export interface Selection {
  /** In id order, each with its reason. */
  records: PlanRecord[];
  /**
   * By account, kind by kind and in id order, the open children on the account owner's book: whose
   * resolved owner is the account's (both may be unresolved). Those not selected have the reason
   * `follows account`.
   */
  childrenOf: Map<string, PlanRecord[]>;
}

/** Adds a pass's children to those of earlier passes (kinds in registry order). */
export function addChildren(into: Map<string, PlanRecord[]>, children: Map<string, PlanRecord[]>): void {
  for (const [account, records] of children) {
    const earlier = into.get(account);
    if (earlier) for (const record of records) earlier.push(record);
    else into.set(account, records);
  }
}

/** Records (or anything with an id) in id order, as plans sort them. */
export const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Lookups of the records a plan moves, with their territory when rules are in use, and their rows
 * `withRows`. They scan the kind's rowid range (see store/ranges.ts) and need no lookup index:
 * building those takes longer than the plan. Ids to look for go into a TEMP table that the scan
 * probes. Plans may read a hundred thousand records: each column read costs, so a row's kind is
 * set here rather than read, and its text only read when asked for. The pass for flagged records
 * reads a large kind in two parts at once (see splitScan.ts); `splitAbove` is its threshold.
 */
export function recordLookups(context: AuditContext, withRows: boolean, splitAbove = SPLIT_ABOVE) {
  const scanner = splitScanner(context, splitAbove);
  const territory = context.settings.rules ? 't.territory' : 'NULL';
  const join = context.settings.rules ? 'LEFT JOIN temp.record_territory t ON t.kind = r.kind AND t.id = r.id' : '';
  // Read as arrays of values (see splitScan.ts), which `recordOf` turns into records.
  const columnList = [...PLAN_ROW, ...(withRows ? ROW_TEXT : [])].map(([, column]) =>
    column === TERRITORY
      ? territory
      : column === PARENT_KIND_OF_ROW
        ? "json_extract(r.details, '$.parent_kind')"
        : `r.${column}`,
  );
  const columns = columnList.join(', ');
  const recordOf = withRows ? READERS.withRows : READERS.plain;
  const recordsOf = (
    statement: Statement<unknown[], unknown[]>,
    kind: RecordKind,
    reason: string,
    ...params: unknown[]
  ) =>
    statement
      .raw()
      .all(...params)
      .map((values) => recordOf(values, kind, reason));
  const ownedBy = (kind: RecordKind) =>
    context.db.prepare<unknown[], unknown[]>(
      `SELECT ${columns} FROM records r ${join} WHERE ${context.inKind(kind)} AND r.owner_id = ? ORDER BY r.id`,
    );
  // Records whose owner value resolved to no owner, by that value (folded like names; Salesforce ids in either form).
  const ownedByValue = (kind: RecordKind) =>
    context.db.prepare<unknown[], unknown[]>(
      `SELECT ${columns} FROM records r ${join} WHERE ${context.inKind(kind)} AND r.owner_id IS NULL AND (fold(r.owner) = ? OR r.owner IN (?, ?)) ORDER BY r.id`,
    );
  /** The ids in TEMP table `table`. */
  const want = (ids: Iterable<string>, table = 'wanted') => {
    context.db.exec(
      `DROP TABLE IF EXISTS temp.${table}; CREATE TEMP TABLE ${table} (id TEXT PRIMARY KEY) WITHOUT ROWID`,
    );
    // One statement for all of them: a plan may look for thousands.
    context.db
      .prepare(`INSERT OR IGNORE INTO temp.${table} SELECT value FROM json_each(?)`)
      .run(JSON.stringify([...ids]));
  };

  /**
   * One pass over a kind: the records that condition checks flag, each with the first check's id as
   * reason, and, when `accounts` are given, the kind's open records on their owners' books (see
   * `Selection`). Flagged contacts are mostly those of flagged accounts, so one pass reads both and
   * builds each record once.
   */
  const select = (
    kind: RecordKind,
    checks: Check[],
    accounts: PlanRecord[] = [],
    parentKind: RecordKind = PARENT_KIND,
  ): Selection => {
    const selection: Selection = { records: [], childrenOf: new Map() };
    // The first check that flags the record, by its index: the reason is then one shared string.
    // (The territory join, when rules are in use, is the one the territory checks read.)
    const flagging =
      checks.length > 0
        ? `CASE ${checks.map((c, i) => `WHEN ${conditionOf(c, context, kind)} THEN ${i}`).join(' ')} END`
        : 'NULL';
    const wheres: string[] = [];
    if (checks.length > 0) wheres.push(`${flagging} IS NOT NULL`);
    if (accounts.length > 0) {
      want(accounts.map((a) => a.id));
      want(
        accounts.flatMap((a) => (a.ownerId === null ? [] : [a.ownerId])),
        'wanted_owners',
      );
      // On the account owner's book: owner_id IS account_owner_id (the account's owner_id). That owner
      // is then one of the accounts' few owners: checked first, it spares most contacts the look-up
      // of their account.
      // Closed children stay with the owner who worked them, even with --include-closed.
      // A record with several parent kinds (an activity) follows only a parent of the kind asked about.
      const ofParentKind = hasManyParentKinds(kind)
        ? ` AND json_extract(r.details, '$.parent_kind') = '${parentKind}'`
        : '';
      wheres.push(
        `(r.owner_id IS r.account_owner_id AND (r.owner_id IS NULL OR r.owner_id IN temp.wanted_owners) AND r.account_id IN temp.wanted${ofParentKind}${hasClosed(kind) ? ' AND r.closed = 0' : ''})`,
      );
    }
    if (wheres.length === 0) return selection;
    const sqlOver = (inKind: string) =>
      `SELECT ${columns}, ${flagging} FROM records r ${join} WHERE ${inKind} AND (${wheres.join(' OR ')}) ORDER BY r.id`;
    const rows = scanner.scan(kind, sqlOver, (values) => {
      const check = values[columnList.length] as number | null;
      return recordOf(values, kind, check === null ? FOLLOWS_ACCOUNT : checks[check].id);
    });
    // The scan's rows come in one or two runs in id order: the sort merges them.
    rows.sort(byId);
    const wanted = new Set(accounts.map((a) => a.id));
    for (const row of rows) {
      if (row.reason !== FOLLOWS_ACCOUNT) selection.records.push(row); // flagged
      if (
        row.accountId === null ||
        !wanted.has(row.accountId) ||
        row.ownerId !== row.accountOwnerId ||
        row.closed ||
        parentKindOf(row) !== parentKind
      )
        continue;
      const ofAccount = selection.childrenOf.get(row.accountId);
      if (ofAccount) ofAccount.push(row);
      else selection.childrenOf.set(row.accountId, [row]);
    }
    return selection;
  };

  return {
    /**
     * The records of a kind that condition checks flag, each with the first check's id as reason;
     * with `accounts`, also the kind's records on their owners' books (see `Selection`).
     */
    matching: select,
    /** Many records of a kind at once, in id order: one pass over the kind instead of a lookup each. */
    many: (kind: RecordKind, ids: string[], reason: string): PlanRecord[] => {
      want(ids);
      return recordsOf(
        context.db.prepare<unknown[], unknown[]>(
          `SELECT ${columns} FROM records r ${join} WHERE ${context.inKind(kind)} AND r.id IN temp.wanted ORDER BY r.id`,
        ),
        kind,
        reason,
      );
    },
    /** The children of these kinds on each of these accounts' owner's book (see `Selection`), one pass per kind. */
    childrenOf: (accounts: PlanRecord[], kinds: RecordKind[]): Map<string, PlanRecord[]> => {
      const children = new Map<string, PlanRecord[]>();
      for (const kind of kinds) addChildren(children, select(kind, [], accounts).childrenOf);
      return children;
    },
    /** The children of these kinds on the book of each of these parents (of one kind, any), one pass per kind. */
    childrenOfParents: (
      parents: PlanRecord[],
      parentKind: RecordKind,
      kinds: RecordKind[],
    ): Map<string, PlanRecord[]> => {
      const children = new Map<string, PlanRecord[]>();
      for (const kind of kinds) addChildren(children, select(kind, [], parents, parentKind).childrenOf);
      return children;
    },
    ownedByValue: (kind: RecordKind, value: string, reason: string): PlanRecord[] =>
      recordsOf(
        ownedByValue(kind),
        kind,
        reason,
        nameKey(value),
        toSalesforceId18(value.trim()),
        toSalesforceId18(value.trim()).slice(0, 15),
      ),
    ownedBy: (kind: RecordKind, ownerId: string, reason: string): PlanRecord[] =>
      recordsOf(ownedBy(kind), kind, reason, ownerId),
    /** How many parts of passes the worker has read (see splitScan.ts). */
    workerParts: () => scanner.workerParts,
    /** Done with the lookups: stops the worker that reads part of large passes. */
    close: scanner.close,
  };
}

export type RecordLookups = ReturnType<typeof recordLookups>;
