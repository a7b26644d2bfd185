/** `audit --findings FILE`: one row per flagged record, a file for people. */
import { formatCount, plural } from './format.js';
import type { Finding } from '../audit/check.js';
import { CsvWriter } from '../output/csvWriter.js';

export const FINDINGS_HEADER = [
  'check',
  'kind',
  'record_id',
  'record_name',
  'owner',
  'owner_id',
  'owner_name',
  'detail',
];

/** Writes the findings atomically and returns how many there were. */
/** Rows written, and the records they name: one record may be flagged by several checks. */
export interface FindingsCount {
  rows: number;
  records: number;
}

export function writeFindings(path: string, findings: Iterable<Finding>): FindingsCount {
  const writer = new CsvWriter(path, 'people', FINDINGS_HEADER);
  const records = new Set<string>();
  try {
    for (const f of findings) {
      writer.write([f.check, f.kind, f.recordId, f.recordName, f.owner, f.ownerId, f.ownerName, f.detail]);
      records.add(`${f.kind}\t${f.recordId}`);
    }
    writer.commit();
  } catch (error) {
    writer.abort();
    throw error;
  }
  return { rows: writer.rows, records: records.size };
}

/** "Findings: 41 records in 50 rows → findings.csv": a record flagged by two checks has two rows. */
export function findingsLine({ rows, records }: FindingsCount, file: string): string {
  const rowsNote = rows === records ? '' : ` in ${formatCount(rows)} rows`;
  return `Findings: ${formatCount(records)} ${plural(records, 'record')}${rowsNote} → ${file}`;
}
