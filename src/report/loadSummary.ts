/** What `load` reports: a short summary for people on stderr, or JSON on stdout. */
import type { ChalkInstance } from 'chalk';
import { example, printable, shortened, StyledText } from '../output/printable.js';
import { kindNoun, kindSpec, listedKinds, RECORD_KINDS } from '../kinds/registry.js';
import type { SkippedFile } from '../load/filePlan.js';
import type { AmbiguousOwner } from '../ingest/values/ambiguousOwners.js';
import type { RecordKind } from '../records/model.js';
import { UNREAD_REASONS } from '../ingest/sources/sources.js';
import type { KindCounts, LoadResult } from '../load/loadSnapshot.js';
import { formatCount, kindCount, plural } from './format.js';

export function loadSummaryJson(result: LoadResult) {
  return {
    snapshot: result.snapshot,
    label: result.label,
    loadedAt: result.loadedAt,
    asOf: result.asOf,
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
      ...(f.warnings.recasedIds ? { recasedIds: f.warnings.recasedIds } : {}),
      object: f.identity.object,
      evidence: f.identity.evidence,
      runnerUp: f.identity.runnerUp,
      columns: f.identity.columns,
      closedRule: f.identity.closedRule,
    })),
    skipped: result.skipped,
    counts: result.counts,
    // Records an audit counts: open ones (closed opportunities and cases, converted leads left out).
    // Activities and team members only when loaded: the kinds every export has are always listed.
    open: Object.fromEntries(listedKinds(result.counts).map((kind) => [kind, result.open[kind] ?? 0])),
    unresolvedOwners: result.unresolvedOwners,
    inactiveOwners: result.inactiveOwners,
    ambiguousOwners: result.ambiguousOwners,
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
    const { recasedIds } = file.warnings;
    if (recasedIds) {
      lines.push(
        `${file.path}:${recasedIds.line}: ${formatCount(recasedIds.count)} ${plural(recasedIds.count, 'id')} in "${shortened(recasedIds.column)}" whose letter case disagrees with the checksum of its last 3 characters (e.g. ${shortened(recasedIds.example)}): ` +
          'a tool changed the case; matched as the checksum says, and written as exported in import files',
      );
    }
    for (const dates of unreadableDates) {
      lines.push(
        `${file.path}:${dates.line}: ${formatCount(dates.count)} ${plural(dates.count, 'value')} in "${shortened(dates.column)}" ${dates.count === 1 ? 'is' : 'are'} not a date (e.g. ${example(dates.example)}): kept as unreadable, not as "no date"`,
      );
    }
  }
  return [...lines, ...result.ambiguousOwners.map(ambiguousOwnerLine)];
}

/**
 * `153 contacts name an owner "Chris Lee" that matches 2 owners (…)`: records no one can tell whose
 * they are (the CRM exported a display name two users share).
 */
export function ambiguousOwnerLine({ owner, matches, records }: AmbiguousOwner): string {
  const counts = Object.entries(records).map(([kind, n]) => `${formatCount(n!)} ${kindNoun(kind as RecordKind, n!)}`);
  const total = Object.values(records).reduce((sum, n) => sum + n!, 0);
  const which = matches.map((o) => [o.id, o.email].filter(Boolean).join(' ')).join(', ');
  return (
    `${joinAnd(counts)} ${total === 1 ? 'names' : 'name'} an owner "${owner}" that matches ${matches.length} owners (${which}): ` +
    'audited as unknown-owner (ambiguous name), and a transfer from either owner leaves them; give each owner a name of their own in the CRM and export again'
  );
}

/** "a", "a and b", "a, b and c". */
function joinAnd(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * "1,000 accounts, 20,000 contacts, 0 leads": accounts, contacts and leads always, the others when the
 * snapshot has them (a contacts-only load still says it found no accounts).
 */
export function recordCounts(counts: KindCounts, separator = ', ', open?: Partial<Record<RecordKind, number>>): string {
  return RECORD_KINDS.filter((kind) => kindSpec(kind).alwaysListed || counts[kind] > 0)
    .map((kind) => kindCount(kind, open ? (open[kind] ?? 0) : counts[kind], counts[kind]))
    .join(separator);
}

export function loadSummaryText(result: LoadResult, dbPath: string, color: ChalkInstance): StyledText {
  const label = result.label ? ` "${printable(result.label)}"` : '';
  // Said only when it is not the load time (`--as-of`): then the snapshot's place in history is not "now".
  const asOf =
    result.asOf === result.loadedAt
      ? ''
      : ` as of ${result.asOf.endsWith('T00:00:00.000Z') ? result.asOf.slice(0, 10) : result.asOf}`;
  const lines = [color.bold(`Loaded snapshot ${result.snapshot}${label}${asOf} into ${printable(dbPath)}`)];
  const paths = result.files.map((f) => printable(f.path));
  const width = Math.max(...paths.map((p) => p.length));
  const kindWidth = Math.max(8, ...result.files.map((f) => f.kind.length));
  for (const [i, file] of result.files.entries()) {
    const notes = [
      file.rejected ? color.red(`${formatCount(file.rejected)} rejected`) : '',
      file.duplicates ? color.yellow(`${formatCount(file.duplicates)} duplicate ${plural(file.duplicates, 'id')}`) : '',
      file.dropped ? `${formatCount(file.dropped)} footer ${plural(file.dropped, 'row')} dropped` : '',
      file.repeats
        ? `${formatCount(file.repeats)} more ${plural(file.repeats, 'row')} for other associated companies`
        : '',
    ].filter(Boolean);
    lines.push(
      `  ${file.kind.padEnd(kindWidth)}  ${paths[i].padEnd(width)}  ${file.preset.padEnd(17)}  ${formatCount(file.rows).padStart(9)} ${plural(file.rows, 'row')}${notes.length ? '  ' + notes.join(', ') : ''}`,
    );
  }
  const { counts } = result;
  lines.push(`  ${formatCount(counts.owners)} owners · ${recordCounts(counts, ' · ', result.open)}`);
  const open = (n: number, kind: RecordKind) =>
    `${formatCount(n)} open ${kindNoun(kind, n)} ${n === 1 ? 'has' : 'have'}`;
  for (const [kind, n] of Object.entries(result.unresolvedOwners)) {
    lines.push(
      color.yellow(
        `  ${open(n!, kind as RecordKind)} an owner that matches no owner in the snapshot (crm-owners audit lists them)`,
      ),
    );
  }
  for (const [kind, n] of Object.entries(result.inactiveOwners)) {
    lines.push(color.yellow(`  ${open(n!, kind as RecordKind)} an inactive owner (crm-owners audit lists them)`));
  }
  if (result.rejectsPath)
    lines.push(
      color.red(
        `  ${formatCount(result.rejected)} ${plural(result.rejected, 'row')} skipped → ${printable(result.rejectsPath)}`,
      ),
    );
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
export function skippedLine(all: readonly SkippedFile[]): string | undefined {
  const skipped = all.filter((file) => file.kind === undefined && file.settle === undefined);
  if (skipped.length === 0) return undefined;
  // Files not read at all (a zip inside, a second entry of one name) are named, each with why.
  const unread = skipped.filter((file) => UNREAD_REASONS.includes(file.reason));
  const others = skipped.filter((file) => !UNREAD_REASONS.includes(file.reason));
  const objects = [...new Set(others.flatMap((file) => (file.object ? [file.object] : [])))].sort();
  const unnamed = others.filter((file) => !file.object).length;
  const names = [
    ...objects.slice(0, SKIPPED_NAMES),
    ...(objects.length > SKIPPED_NAMES ? ['…'] : []),
    ...(unnamed ? [`${formatCount(unnamed)} empty or unknown`] : []),
  ];
  const notRead = unread.slice(0, SKIPPED_NAMES).map((file) => `${file.path} (${file.reason})`);
  if (unread.length > SKIPPED_NAMES) notRead.push('…');
  const parts = [
    ...(others.length
      ? [`${formatCount(others.length)} ${plural(others.length, 'file')} of other objects: ${names.join(', ')}`]
      : []),
    ...(unread.length
      ? [`${formatCount(unread.length)} ${plural(unread.length, 'file')} not read: ${notRead.join(', ')}`]
      : []),
  ];
  return `skipped ${parts.join('; ')} (see --json)`;
}

/**
 * One warning per file that could be one of the kinds but was not loaded: a file of a kind that
 * could not be read as one (an export re-saved without its owner column), or one two readings fit.
 */
export function unreadableLines(skipped: readonly SkippedFile[]): string[] {
  return skipped
    .filter((file) => file.kind !== undefined || file.settle !== undefined)
    .map((file) => `skipped ${file.path}: ${file.reason}${file.settle ? `; say which it is: ${file.settle}` : ''}`);
}
