/** What `load` reports: a short summary for people on stderr, or JSON on stdout. */
import type { ChalkInstance } from 'chalk';
import { printable, StyledText } from '../output/printable.js';
import { kindSpec, RECORD_KINDS } from '../kinds/registry.js';
import type { KindCounts, LoadResult } from '../store/loadSnapshot.js';
import { formatCount, plural } from './format.js';

export function loadSummaryJson(result: LoadResult) {
  return {
    snapshot: result.snapshot,
    label: result.label,
    loadedAt: result.loadedAt,
    files: result.files.map((f) => ({
      path: f.path,
      kind: f.kind,
      preset: f.preset,
      encoding: f.encoding,
      delimiter: f.delimiter,
      size: f.size,
      rows: f.rows,
      rejected: f.rejected,
      duplicates: f.duplicates,
      sha256: f.sha256,
    })),
    counts: result.counts,
    rejected: result.rejected,
    rejects: result.rejectsPath ?? null,
  };
}

/**
 * "1,000 accounts, 20,000 contacts, 0 leads": the first edition's kinds always, the others when the
 * snapshot has them (a contacts-only load still says it found no accounts).
 */
export function recordCounts(counts: KindCounts, separator = ', '): string {
  return RECORD_KINDS.filter((kind) => kindSpec(kind).alwaysListed || counts[kind] > 0)
    .map((kind) => `${formatCount(counts[kind])} ${kind}`)
    .join(separator);
}

export function loadSummaryText(result: LoadResult, dbPath: string, color: ChalkInstance): StyledText {
  const label = result.label ? ` "${printable(result.label)}"` : '';
  const lines = [color.bold(`Loaded snapshot ${result.snapshot}${label} into ${printable(dbPath)}`)];
  const paths = result.files.map((f) => printable(f.path));
  const width = Math.max(...paths.map((p) => p.length));
  const kindWidth = Math.max(8, ...result.files.map((f) => f.kind.length));
  for (const [i, file] of result.files.entries()) {
    const notes = [
      file.rejected ? color.red(`${formatCount(file.rejected)} rejected`) : '',
      file.duplicates ? color.yellow(`${formatCount(file.duplicates)} duplicate ${plural(file.duplicates, 'id')}`) : '',
      file.dropped ? `${formatCount(file.dropped)} footer ${plural(file.dropped, 'row')} dropped` : '',
    ].filter(Boolean);
    lines.push(
      `  ${file.kind.padEnd(kindWidth)}  ${paths[i].padEnd(width)}  ${file.preset.padEnd(17)}  ${formatCount(file.rows).padStart(9)} ${plural(file.rows, 'row')}${notes.length ? '  ' + notes.join(', ') : ''}`,
    );
  }
  const { counts } = result;
  lines.push(`  ${formatCount(counts.owners)} owners · ${recordCounts(counts, ' · ')}`);
  for (const [kind, n] of Object.entries(result.unresolvedOwners)) {
    lines.push(color.yellow(`  ${formatCount(n!)} ${n === 1 ? kind.replace(/s$/, '') : kind} ${n === 1 ? 'has' : 'have'} an owner that matches no owner in the snapshot (crm-owners audit lists them)`));
  }
  if (result.rejectsPath) lines.push(color.red(`  ${formatCount(result.rejected)} ${plural(result.rejected, 'row')} skipped → ${printable(result.rejectsPath)}`));
  return new StyledText(lines.join('\n'));
}
