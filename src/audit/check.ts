/** The shape of a check, and the SQL plumbing that most checks share. */
import type { RecordKind } from '../ingest/model.js';
import type { CheckId } from './checkIds.js';
import type { AuditContext } from './context.js';

/** One flagged record: a row of the findings file. */
export interface Finding {
  check: CheckId;
  kind: RecordKind;
  recordId: string;
  recordName: string;
  owner: string;
  ownerId: string;
  ownerName: string;
  detail: string;
}

/** Tables a condition may refer to besides `r` (the record) and `o` (its owner). */
export type Join = 'account' | 'territory';

export interface Check {
  id: CheckId;
  /** Whether the check runs for this kind in this audit (rules given, staleDays set, ...). */
  applies(kind: RecordKind, context: AuditContext): boolean;
  /**
   * A per-record SQL condition over `r`, `o` and the `joins`: such checks are counted together in one
   * pass over the records of a kind.
   */
  condition?: string | ((context: AuditContext) => string);
  joins?: Join[];
  /** SQL for the findings' detail column. */
  detail?: string;
  /** Checks that are not a per-record condition count and list their records themselves. */
  count?(context: AuditContext, kind: RecordKind): number;
  findings?(context: AuditContext, kind: RecordKind): Iterable<Finding>;
}

const JOIN_SQL: Record<Join, string> = {
  account: `LEFT JOIN records a ON r.kind != 'accounts' AND a.snapshot_id = r.snapshot_id AND a.kind = 'accounts' AND a.id = r.account_id`,
  territory: `LEFT JOIN temp.record_territory t ON t.kind = r.kind AND t.id = r.id`,
};

export function fromClause(joins: Iterable<Join>): string {
  const wanted = new Set(joins);
  return [
    'FROM records r',
    'LEFT JOIN owners o ON o.snapshot_id = r.snapshot_id AND o.id = r.owner_id',
    ...(['account', 'territory'] as Join[]).filter((j) => wanted.has(j)).map((j) => JOIN_SQL[j]),
  ].join('\n');
}

export function conditionOf(check: Check, context: AuditContext): string {
  return typeof check.condition === 'function' ? check.condition(context) : check.condition!;
}

/** Counts several condition checks over one kind in a single pass. */
export function countConditions(context: AuditContext, kind: RecordKind, checks: Check[]): Map<CheckId, number> {
  if (checks.length === 0) return new Map();
  const sums = checks.map((check, i) => `sum(CASE WHEN ${conditionOf(check, context)} THEN 1 ELSE 0 END) AS c${i}`).join(',\n');
  const sql = `SELECT ${sums}\n${fromClause(checks.flatMap((c) => c.joins ?? []))}\nWHERE r.snapshot_id = ? AND r.kind = ?`;
  const row = context.db.prepare(sql).get(context.snapshot.id, kind) as Record<string, number | null>;
  return new Map(checks.map((check, i) => [check.id, row[`c${i}`] ?? 0]));
}

interface FindingRow {
  id: string;
  name: string;
  owner: string;
  owner_id: string | null;
  owner_name: string | null;
  detail: string | null;
}

export function toFinding(check: CheckId, kind: RecordKind, row: FindingRow): Finding {
  return {
    check,
    kind,
    recordId: row.id,
    recordName: row.name,
    owner: row.owner,
    ownerId: row.owner_id ?? '',
    ownerName: row.owner_name ?? '',
    detail: row.detail ?? '',
  };
}

/** The records a condition check flags, in id order. */
export function* conditionFindings(context: AuditContext, kind: RecordKind, check: Check): Iterable<Finding> {
  const sql = `SELECT r.id, r.name, r.owner, r.owner_id, o.name AS owner_name, ${check.detail ?? "''"} AS detail
    ${fromClause(check.joins ?? [])}
    WHERE r.snapshot_id = ? AND r.kind = ? AND ${conditionOf(check, context)}
    ORDER BY r.id`;
  for (const row of context.db.prepare(sql).iterate(context.snapshot.id, kind) as IterableIterator<FindingRow>) {
    yield toFinding(check.id, kind, row);
  }
}
