/** `audit --findings-by-owner DIR`: the findings CSV split into a list per owner, the folder replaced whole. */
import type { Finding } from '../audit/check.js';
import { formatCount, plural } from './format.js';
import { FINDINGS_HEADER } from './findingsCsv.js';
import { ownerFolderCheck, OwnerFiles, type ListedOwner } from '../output/ownerFiles.js';
import { resolvedPath } from '../output/outputPaths.js';
import { StagedFolder } from '../output/stagedFolder.js';

export interface FindingsByOwner {
  owners: number;
  rows: number;
  withoutOwner: number;
}

/** Writes the lists beside `dir`, then swaps them in: `dir` holds the old lists or all the new ones. */
export function writeFindingsByOwner(
  dir: string,
  findings: Iterable<Finding>,
  owners: readonly ListedOwner[],
): FindingsByOwner {
  ownerFolderCheck(dir, '--findings-by-owner');
  // Through a symlink: the folder it points to is replaced, the link stays.
  const staged = new StagedFolder(resolvedPath(dir));
  try {
    const files = new OwnerFiles(staged.path, FINDINGS_HEADER, owners, dir);
    for (const f of findings)
      files.write(f.ownerId, [f.check, f.kind, f.recordId, f.recordName, f.owner, f.ownerId, f.ownerName, f.detail]);
    const counts = files.finish();
    staged.commit();
    return counts;
  } catch (error) {
    staged.abort();
    throw error;
  }
}

/** "Findings by owner: 50 rows for 12 owners, 4 without a valid owner → lists/". */
export function findingsByOwnerLine({ owners, rows, withoutOwner }: FindingsByOwner, dir: string): string {
  const without = withoutOwner > 0 ? `, ${formatCount(withoutOwner)} without a valid owner` : '';
  return `Findings by owner: ${formatCount(rows)} ${plural(rows, 'row')} for ${formatCount(owners)} ${plural(owners, 'owner')}${without} → ${dir}`;
}
