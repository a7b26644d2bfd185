/**
 * A snapshot's overall coverage as computed when it was loaded, with the placeholder owners then in
 * force. Kept in `snapshots.counts` under `loadCoverage`, so the trend (`crm-owners snapshots`) is
 * a property of each snapshot, not of the config in today's working folder.
 */
import type { Db } from '../store/database.js';
import { ownerDirectory, placeholderIds, snapshotOwners } from '../store/owners.js';
import type { LoadCoverage } from '../store/snapshots.js';
import { coverageCounts, coveragePercent } from './coverage.js';

/** Overall coverage of a snapshot with these placeholder owners. */
export function snapshotCoverage(db: Db, snapshot: number, placeholderOwners: string[]): number {
  const ids = placeholderIds(ownerDirectory(snapshotOwners(db, snapshot)), placeholderOwners);
  return coveragePercent(coverageCounts(db, snapshot, ids)).overall;
}

/** Stores the coverage of a snapshot just loaded. */
export function keepLoadCoverage(db: Db, snapshot: number, placeholderOwners: string[]): LoadCoverage {
  const kept: LoadCoverage = { overall: snapshotCoverage(db, snapshot, placeholderOwners), placeholderOwners };
  db.prepare("UPDATE snapshots SET counts = json_set(counts, '$.loadCoverage', json(?)) WHERE id = ?").run(
    JSON.stringify(kept),
    snapshot,
  );
  return kept;
}
