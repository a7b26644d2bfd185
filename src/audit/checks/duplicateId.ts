/**
 * duplicate-id: a row whose id was already seen in the same kind; the first row is the record. The
 * one check that closed records are audited by.
 */
import type { Check, Finding } from '../check.js';

export const duplicateId: Check = {
  id: 'duplicate-id',
  applies: () => true,
  count: (context, kind) =>
    context.db
      .prepare<[number, string], { n: number }>(
        'SELECT count(*) AS n FROM duplicate_rows WHERE snapshot_id = ? AND kind = ?',
      )
      .get(context.snapshot.id, kind)!.n,
  *findings(context, kind): Iterable<Finding> {
    const rows = context.db.prepare<[number, string, number, string], Record<string, string | number | null>>(
      `WITH first AS (
         SELECT r.id, r.line, r.file_id, r.name, r.owner, r.owner_id, r.snapshot_id FROM records r
          WHERE ${context.allOfKind(kind)} AND r.id IN (SELECT id FROM duplicate_rows WHERE snapshot_id = ? AND kind = ?))
       SELECT d.id, d.line, df.path AS path, r.line AS first_line, rf.path AS first_path, r.name, r.owner, r.owner_id, o.name AS owner_name
         FROM duplicate_rows d
         JOIN snapshot_files df ON df.id = d.file_id
         LEFT JOIN first r ON r.id = d.id
         LEFT JOIN snapshot_files rf ON rf.id = r.file_id
         LEFT JOIN owners o ON o.snapshot_id = r.snapshot_id AND o.id = r.owner_id
        WHERE d.snapshot_id = ? AND d.kind = ? ORDER BY d.id, d.file_id, d.line`,
    );
    for (const row of rows.iterate(context.snapshot.id, kind, context.snapshot.id, kind)) {
      yield {
        check: 'duplicate-id',
        kind,
        recordId: String(row.id),
        recordName: String(row.name ?? ''),
        owner: String(row.owner ?? ''),
        ownerId: String(row.owner_id ?? ''),
        ownerName: String(row.owner_name ?? ''),
        detail: `${row.path}:${row.line} repeats the id first seen at ${row.first_path}:${row.first_line}`,
      };
    }
  },
};
