/** What `load` reports: a short summary for people on stderr, or JSON on stdout. */
import type { ChalkInstance } from 'chalk';
import { example, printable, shortened, StyledText } from '../output/printable.js';
import { kindSpec, RECORD_KINDS } from '../kinds/registry.js';
import type { SkippedFile } from '../ingest/filePlan.js';
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
      ...(f.repeats ? { repeats: f.repeats } : {}),
      sha256: f.sha256,
      ...(f.warnings.mangledIds ? { mangledIds: f.warnings.mangledIds } : {}),
      ...(f.warnings.unreadableDates.length ? { unreadableDates: f.warnings.unreadableDates } : {}),
    })),
    skipped: result.skipped,
    counts: result.counts,
    rejected: result.rejected,
    rejects: result.rejectsPath ?? null,
  };
}

/** What a load read that was damaged on the way (Excel's re-saving): one line per file and problem. */
export function loadWarnings(result: LoadResult): string[] {
  const lines: string[] = [];
  for (const file of result.files) {
    const { mangledIds, unreadableDates } = file.warnings;
    if (mangledIds) {
      lines.push(
        `${file.path}:${mangledIds.line}: ${formatCount(mangledIds.count)} ${plural(mangledIds.count, 'record')} with an id in scientific notation (${shortened(mangledIds.example)} in "${shortened(mangledIds.column)}"): Excel dropped its digits. ` +
          'They are flagged as mangled-id and kept out of plans; re-export the file, or open it in Excel as text, not by double-click',
      );
    }
    for (const dates of unreadableDates) {
      lines.push(`${file.path}:${dates.line}: ${formatCount(dates.count)} ${plural(dates.count, 'value')} in "${shortened(dates.column)}" ${dates.count === 1 ? 'is' : 'are'} not a date (e.g. ${example(dates.example)}): kept as unreadable, not as "no date"`);
    }
  }
  return lines;
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
      file.repeats ? `${formatCount(file.repeats)} more ${plural(file.repeats, 'row')} for other associated companies` : '',
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

/** Said after a load and above an audit's checks when no file of the snapshot holds owners. */
export const NO_OWNERS_FILE = 'no users/owners file: every owner will be unknown — load the users export too';

export function lacksOwnersFile(result: LoadResult): boolean {
  return !result.files.some((file) => file.kind === 'owners') && result.files.length > 0;
}

/** Objects named in the skipped line before it ends in `…`. */
const SKIPPED_NAMES = 8;

/**
 * One line for a folder's or zip's files that were not loaded:
 * `skipped 24 files of other objects: AccountContactRole, Asset, Campaign, … (see --json)`.
 */
export function skippedLine(skipped: readonly SkippedFile[]): string | undefined {
  if (skipped.length === 0) return undefined;
  const objects = [...new Set(skipped.flatMap((file) => (file.object ? [file.object] : [])))].sort();
  const unnamed = skipped.filter((file) => !file.object).length;
  const names = [...objects.slice(0, SKIPPED_NAMES), ...(objects.length > SKIPPED_NAMES ? ['…'] : []), ...(unnamed ? [`${formatCount(unnamed)} empty or unknown`] : [])];
  return `skipped ${formatCount(skipped.length)} ${plural(skipped.length, 'file')} of other objects: ${names.join(', ')} (see --json)`;
}
