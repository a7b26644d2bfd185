/**
 * split-ownership: contacts (or leads) sharing one email address (trimmed, case-insensitive) do not
 * all have the same owner; every record of such a group counts. Owners compare by resolved id, else
 * by the folded raw value; an empty owner is "no owner", unlike any owner.
 */
import type { Check, Finding } from '../check.js';
import { toFinding } from '../check.js';
import type { AuditContext } from '../context.js';
import type { RecordKind } from '../../ingest/model.js';

const SPLIT_GROUPS = `WITH split AS (
  SELECT email_key, count(*) AS records, count(DISTINCT coalesce(owner_id, 'raw:' || fold(owner))) AS owners
    FROM records WHERE snapshot_id = ? AND kind = ? AND email_key != ''
   GROUP BY email_key
  HAVING count(DISTINCT coalesce(owner_id, 'raw:' || fold(owner))) > 1)`;

export const splitOwnership: Check = {
  id: 'split-ownership',
  applies: (kind) => kind !== 'accounts',
  count: (context: AuditContext, kind: RecordKind) =>
    (context.db.prepare(`${SPLIT_GROUPS} SELECT coalesce(sum(records), 0) AS n FROM split`).get(context.snapshot.id, kind) as { n: number }).n,
  *findings(context, kind): Iterable<Finding> {
    const rows = context.db.prepare(
      `${SPLIT_GROUPS}
       SELECT r.id, r.name, r.owner, r.owner_id, o.name AS owner_name,
              'email ' || r.email_key || ' is on ' || s.records || ' records with ' || s.owners || ' owners' AS detail
         FROM split s JOIN records r ON r.snapshot_id = ? AND r.kind = ? AND r.email_key = s.email_key
         LEFT JOIN owners o ON o.snapshot_id = r.snapshot_id AND o.id = r.owner_id
        ORDER BY r.email_key, r.id`,
    );
    for (const row of rows.iterate(context.snapshot.id, kind, context.snapshot.id, kind) as IterableIterator<Parameters<typeof toFinding>[2]>) {
      yield toFinding('split-ownership', kind, row);
    }
  },
};
