/**
 * Record ids as exported, for the import and rollback files. A load stores an 18-character
 * Salesforce id whose letter case a tool changed as its checksum says (so it matches the other
 * files), and warns; the import files still name the record as the user's export does, so the
 * files can be matched row for row (Salesforce reads either form as the same record).
 */
import type { AuditContext } from '../audit/context.js';
import type { RecordKind } from '../records/model.js';
import { decodeCells } from '../store/cells.js';
import type { PlanRecord } from './records.js';

export function exportedIdOf(context: AuditContext, kind: RecordKind): (record: PlanRecord) => string {
  // Only snapshots whose load found such ids for the kind pay for reading rows.
  if (!context.snapshot.recasedIds?.[kind]) return (record) => record.id;
  const rawOf = context.db.prepare<[number], { raw: string }>('SELECT raw FROM records WHERE key = ?');
  return (record) => {
    const raw = rawOf.get(record.key)?.raw;
    if (raw === undefined) return record.id;
    const folded = record.id.toLowerCase();
    return (
      decodeCells(raw)
        .find((cell) => cell.trim() !== record.id && cell.trim().toLowerCase() === folded)
        ?.trim() ?? record.id
    );
  };
}
