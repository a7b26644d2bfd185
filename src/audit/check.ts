/** The shape of a check, and the SQL plumbing that most checks share. */
import type { Field, RecordKind } from '../records/model.js';
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

/** Tables a condition may refer to besides `r` (the record). */
export type Join = 'territory';

export interface Check {
  id: CheckId;
  /** Whether the check runs for this kind in this audit (rules given, staleDays set, ...). */
  applies(kind: RecordKind, context: AuditContext): boolean;
  /**
   * A per-record SQL condition over `r` and the `joins`. Such checks are counted together: over the
   * snapshot's owner groups (a few hundred rows) when the condition reads only owner columns, else
   * in one pass over the records of a kind (`perRecord`).
   */
  condition?: string | ((context: AuditContext) => string);
  /** The condition reads a record's own fields (dates, territory), not only its owner's. */
  perRecord?: boolean;
  joins?: Join[];
  /** The snapshot is known to hold none of what the check flags in this kind: it counts 0 without reading the records. */
  flagsNone?(kind: RecordKind, context: AuditContext): boolean;
  /**
   * Canonical fields the check reads from the records. Where no file of a kind has a column for one,
   * the check does not run for the kind (reported as not checked); records of the files that lack it
   * are left out (by `r.file_id`: only per-record checks may declare needs).
   */
  needs?: Field[];
  /** SQL for the findings' detail column. */
  detail?: string | ((context: AuditContext) => string);
  /** Checks that are not a per-record condition count and list their records themselves. */
  count?(context: AuditContext, kind: RecordKind): number;
  findings?(context: AuditContext, kind: RecordKind): Iterable<Finding>;
}

const JOIN_SQL: Record<Join, string> = {
  territory: `LEFT JOIN temp.record_territory t ON t.kind = r.kind AND t.id = r.id`,
};

/** Counting needs only the records; listing findings also joins the owner `o` for its name. */
export function fromClause(joins: Iterable<Join>, withOwner = false): string {
  return [
    'FROM records r',
    ...(withOwner ? ['LEFT JOIN owners o ON o.snapshot_id = r.snapshot_id AND o.id = r.owner_id'] : []),
    ...[...new Set(joins)].map((j) => JOIN_SQL[j]),
  ].join('\n');
}

/**
 * The check's condition; for a kind, without the records of files that lack a column the check
 * needs (FALSE when no file has it).
 */
export function conditionOf(check: Check, context: AuditContext, kind?: RecordKind): string {
  const condition = typeof check.condition === 'function' ? check.condition(context) : check.condition!;
  if (kind === undefined || !check.needs) return condition;
  const lacking = new Set<number>();
  for (const field of check.needs) {
    const absence = context.absent(kind, field);
    if (absence.all) return 'FALSE';
    for (const id of absence.files) lacking.add(id);
  }
  return lacking.size === 0 ? condition : `(${condition} AND r.file_id NOT IN (${[...lacking].join(', ')}))`;
}

/** The first field a check needs that no file of the kind has a column for. */
export function missingField(check: Check, context: AuditContext, kind: RecordKind): Field | undefined {
  return check.needs?.find((field) => context.absent(kind, field).all);
}

function detailOf(check: Check, context: AuditContext): string {
  return (typeof check.detail === 'function' ? check.detail(context) : check.detail) ?? "''";
}

/** Counts condition checks over one kind: owner-level ones over the owner groups, the rest in one pass over the records. */
export function countConditions(context: AuditContext, kind: RecordKind, checks: Check[]): Map<CheckId, number> {
  const counts = new Map<CheckId, number>();
  const sum = (selected: Check[], weight: string, from: string, where: string, params: unknown[]) => {
    if (selected.length === 0) return;
    const sums = selected
      .map((check, i) => `sum(CASE WHEN ${conditionOf(check, context, kind)} THEN ${weight} ELSE 0 END) AS c${i}`)
      .join(',\n');
    const row = context.db
      .prepare<unknown[], Record<string, number | null>>(`SELECT ${sums}\n${from}\nWHERE ${where}`)
      .get(...params)!;
    selected.forEach((check, i) => counts.set(check.id, row[`c${i}`] ?? 0));
  };
  sum(
    checks.filter((c) => !c.perRecord),
    'r.records',
    'FROM owner_groups r',
    'r.snapshot_id = ? AND r.kind = ?',
    [context.snapshot.id, kind],
  );
  const perRecord = checks.filter((c) => c.perRecord && !c.flagsNone?.(kind, context));
  for (const check of checks) if (check.perRecord && check.flagsNone?.(kind, context)) counts.set(check.id, 0);
  sum(perRecord, '1', fromClause(perRecord.flatMap((c) => c.joins ?? [])), context.inKind(kind), []);
  return counts;
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
  if (check.flagsNone?.(kind, context)) return;
  const sql = `SELECT r.id, r.name, r.owner, r.owner_id, o.name AS owner_name, ${detailOf(check, context)} AS detail
    ${fromClause(check.joins ?? [], true)}
    WHERE ${context.inKind(kind)} AND ${conditionOf(check, context, kind)}
    ORDER BY r.id`;
  for (const row of context.db.prepare<[], FindingRow>(sql).iterate()) {
    yield toFinding(check.id, kind, row);
  }
}
