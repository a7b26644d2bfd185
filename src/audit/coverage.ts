/**
 * Coverage: records whose owner resolves to an active, non-placeholder owner, as a percentage of
 * all records of the kind. Overall coverage pools every audited kind of records (not activities or team members).
 */
import type { Db } from '../store/database.js';
import type { RecordKind } from '../ingest/model.js';
import { percent } from '../numbers.js';
import { kindRole } from '../kinds/registry.js';

export interface KindCoverage {
  kind: RecordKind;
  total: number;
  covered: number;
}

/**
 * Counts per kind in one pass. `placeholderIds` are owner ids configured as placeholders (already
 * resolved against this snapshot's owners).
 */
export function coverageCounts(db: Db, snapshot: number, placeholderIds: string[]): KindCoverage[] {
  const rows = db
    .prepare<[string, number], { kind: RecordKind; total: number; covered: number | null }>(
      `SELECT kind, sum(records) AS total,
              sum(CASE WHEN owner_active = 1 AND (owner_id IS NULL OR owner_id NOT IN (SELECT value FROM json_each(?))) THEN records ELSE 0 END) AS covered
         FROM owner_groups WHERE snapshot_id = ?
        GROUP BY kind ORDER BY kind`,
    )
    .all(JSON.stringify(placeholderIds), snapshot);
  return rows.map((row) => ({ kind: row.kind, total: row.total, covered: row.covered ?? 0 }));
}

export function coveragePercent(counts: KindCoverage[]): { overall: number } & Partial<Record<RecordKind, number>> {
  // Overall coverage is of the records proper: activities and team seats have their own percentages.
  const pooled = counts.filter((c) => kindRole(c.kind) === 'record');
  const result: { overall: number } & Partial<Record<RecordKind, number>> = {
    overall: percent(
      pooled.reduce((sum, c) => sum + c.covered, 0),
      pooled.reduce((sum, c) => sum + c.total, 0),
    ),
  };
  for (const c of counts) result[c.kind] = percent(c.covered, c.total);
  return result;
}
