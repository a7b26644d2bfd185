/**
 * split-ownership: contacts (or leads) sharing one email address (trimmed, case-insensitive) do not
 * all have the same owner; every record of such a group counts. Owners compare by resolved id, else
 * by the folded raw value; an empty owner is "no owner", unlike any owner.
 */
import type { Check, Finding } from '../check.js';
import { toFinding } from '../check.js';
import type { AuditContext } from '../context.js';
import type { RecordKind } from '../../records/model.js';
import { kindHas } from '../../kinds/registry.js';

// Only the records the load noted as possibly sharing their email are read (see ingest/transport/sharedEmails.ts).
const candidates = (context: AuditContext, kind: RecordKind) =>
  `r.key IN (SELECT record_key FROM shared_email_records WHERE snapshot_id = ${context.snapshot.id} AND kind = '${kind}')`;

const splitGroups = (context: AuditContext, kind: RecordKind) => `WITH split AS (
  SELECT r.email_key, count(*) AS records, count(DISTINCT coalesce(r.owner_id, 'raw:' || fold(r.owner))) AS owners
    FROM records r WHERE r.email_key != '' AND ${candidates(context, kind)}
   GROUP BY r.email_key
  HAVING count(DISTINCT coalesce(r.owner_id, 'raw:' || fold(r.owner))) > 1)`;

export const splitOwnership: Check = {
  id: 'split-ownership',
  // Kinds whose records carry an email address (contacts, leads).
  applies: (kind) => kindHas(kind, 'email'),
  count: (context: AuditContext, kind: RecordKind) =>
    context.db
      .prepare<[], { n: number }>(`${splitGroups(context, kind)} SELECT coalesce(sum(records), 0) AS n FROM split`)
      .get()!.n,
  *findings(context, kind): Iterable<Finding> {
    const rows = context.db.prepare<[], Parameters<typeof toFinding>[2]>(
      `${splitGroups(context, kind)}
       SELECT r.id, r.name, r.owner, r.owner_id, o.name AS owner_name,
              'email ' || r.email_key || ' is on ' || s.records || ' records with ' || s.owners || ' owners' AS detail
         FROM records r CROSS JOIN split s ON s.email_key = r.email_key
         LEFT JOIN owners o ON o.snapshot_id = r.snapshot_id AND o.id = r.owner_id
        WHERE ${candidates(context, kind)}
        ORDER BY r.email_key, r.id`,
    );
    for (const row of rows.iterate()) {
      yield toFinding('split-ownership', kind, row);
    }
  },
};
