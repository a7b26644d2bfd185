/** `audit --findings FILE`: one row per flagged record, a file for people. */
import type { Finding } from '../audit/check.js';
import { CsvWriter } from '../output/csvWriter.js';

export const FINDINGS_HEADER = ['check', 'kind', 'record_id', 'record_name', 'owner', 'owner_id', 'owner_name', 'detail'];

/** Writes the findings atomically and returns how many there were. */
export function writeFindings(path: string, findings: Iterable<Finding>): number {
  const writer = new CsvWriter(path, 'people', FINDINGS_HEADER);
  try {
    for (const f of findings) writer.write([f.check, f.kind, f.recordId, f.recordName, f.owner, f.ownerId, f.ownerName, f.detail]);
    writer.commit();
  } catch (error) {
    writer.abort();
    throw error;
  }
  return writer.rows;
}
