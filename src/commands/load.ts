/** `crm-owners load FILE...`: read exports into a new snapshot. */
import { Command } from 'commander';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { parseDelimiter } from '../ingest/dialect.js';
import { normaliseEncoding } from '../ingest/decode.js';
import { FILE_KINDS, isFileKind, type FileKind } from '../ingest/model.js';
import { kindNamed } from '../kinds/registry.js';
import { inputHashes, unchangedSince } from '../ingest/unchanged.js';
import { addCommandOptions } from '../options/commander.js';
import type { OptionValues } from '../options/values.js';
import { declareReporters, report } from '../output/reporters.js';
import type { Terminal } from '../output/terminal.js';
import { LoadProgressText } from '../output/loadProgress.js';
import { lacksOwnersFile, loadSummaryJson, loadSummaryText, loadWarnings, NO_OWNERS_FILE, recordCounts, skippedLine, unreadableLines } from '../report/loadSummary.js';
import { formatCount } from '../report/format.js';
import { explainLines } from '../report/loadExplain.js';
import { refuseClobbering, type PathsByFlag } from '../output/outputPaths.js';
import { discardIfNew, openDatabase, type Db } from '../store/database.js';
import { parseAsOf } from '../store/asOf.js';
import { keepLoadCoverage } from '../audit/loadCoverage.js';
import { loadSnapshot, type LoadOptions, type LoadResult } from '../store/loadSnapshot.js';
import { contextOf, type Context } from './context.js';

/** A load, or none: with --if-changed, exports identical to the latest snapshot's load nothing. */
export type LoadOutcome = { loaded: LoadResult } | { unchanged: number };

interface LoadRun {
  options: LoadOptions;
  ifChanged: boolean;
}

export function defaultRejectsPath(dbPath: string): string {
  if (dbPath === ':memory:') return 'crm-owners.rejects.csv';
  const parsed = path.parse(dbPath);
  return path.join(parsed.dir, `${parsed.name}.rejects.csv`);
}

function parseKinds(values: string[] = []): Record<string, FileKind> {
  const kinds: Record<string, FileKind> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    const kind = value.slice(0, at).trim().toLowerCase();
    const plural = `${kind}s`;
    const resolved = isFileKind(kind) ? kind : isFileKind(plural) ? plural : kindNamed(kind);
    if (at < 0 || !resolved || value.slice(at + 1) === '') {
      throw new UsageError(`--kind takes KIND=FILE with KIND one of ${FILE_KINDS.join(', ')}; got "${value}"`);
    }
    kinds[path.resolve(value.slice(at + 1))] = resolved;
  }
  return kinds;
}

/** Whether a command that may load (audit, verify) has something to load: FILEs or --kind files. */
export function wantsLoad(files: string[], options: OptionValues): boolean {
  return files.length > 0 || (options.kind?.length ?? 0) > 0;
}

/** Load options from the command's options (flags over config). */
export function loadOptionsOf(files: string[], context: Context): LoadRun {
  const { options } = context;
  let delimiter: string | undefined;
  try {
    delimiter = options.delimiter === undefined ? undefined : parseDelimiter(options.delimiter);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // Checked now, against the time of the command: a bad date must not leave a new database behind.
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf, new Date());
  return {
    ifChanged: options.ifChanged ?? false,
    options: {
      files,
      asOf,
      kinds: parseKinds(options.kind),
      label: options.label,
      preset: options.preset,
      encoding: options.encoding === undefined ? undefined : normaliseEncoding(options.encoding),
      delimiter,
      onBadRow: options.onBadRow,
      rejectsPath: options.rejects ?? defaultRejectsPath(context.dbPath),
      columns: options.columns,
      dateOrder: options.dateOrder,
      systemOwners: options.systemOwners,
      placeholderOwners: options.placeholderOwners,
    },
  };
}

/** What a load reads, and the rejects file it may write, by flag: for `refuseClobbering`. */
export function loadPaths({ options }: LoadRun): { inputs: PathsByFlag; outputs: PathsByFlag } {
  return { inputs: { FILE: options.files, '--kind': Object.keys(options.kinds ?? {}) }, outputs: { '--rejects': options.onBadRow === 'skip' ? options.rejectsPath : undefined } };
}

/** Loads with a progress line; shared by `load` and `audit FILE...`. */
async function runLoad(options: LoadOptions, context: Context, db: Db): Promise<LoadResult> {
  const progress = context.terminal.progress('Reading exports…');
  const line = new LoadProgressText();
  let result: LoadResult;
  try {
    result = await loadSnapshot(db, { ...options, progress: (update) => progress.update(line.text(update)) });
  } finally {
    progress.stop();
  }
  if (context.options.explain) for (const line of explainLines(result)) context.terminal.info(line);
  for (const warning of loadWarnings(result)) context.terminal.warn(warning);
  for (const line of unreadableLines(result.skipped)) context.terminal.warn(line);
  const skipped = skippedLine(result.skipped);
  if (skipped) context.terminal.info(skipped);
  if (lacksOwnersFile(result)) context.terminal.warn(NO_OWNERS_FILE);
  return result;
}

const UNCHANGED = 'every file is byte-identical (same SHA-256) to those of snapshot';

/**
 * Loads, unless `--if-changed` and every file is identical to the latest snapshot's. A load of
 * identical files is made, but warned about: it adds a snapshot that says nothing new.
 */
export async function runLoadIfChanged({ options, ifChanged }: LoadRun, context: Context, db: Db): Promise<LoadOutcome> {
  if (ifChanged) {
    const same = unchangedSince(db, await inputHashes(options));
    if (same !== undefined) return { unchanged: same };
  }
  const loaded = await runLoad(options, context, db);
  // The trend's coverage, fixed now with the placeholder owners in force (see store/loadCoverage.ts).
  keepLoadCoverage(db, loaded.snapshot, context.options.placeholderOwners ?? []);
  const same = unchangedSince(db, loaded.files.map((file) => file.sha256), loaded.snapshot);
  if (same !== undefined) context.terminal.warn(`${UNCHANGED} ${same}: snapshot ${loaded.snapshot} repeats it (--if-changed loads nothing in that case)`);
  return { loaded };
}

/**
 * The snapshot a command that loaded FILEs first works on: the one loaded (or the identical one
 * `--if-changed` found), whatever its as-of date: a back-filled export is not the latest.
 */
export function snapshotOfOutcome(outcome: LoadOutcome): number {
  return 'loaded' in outcome ? outcome.loaded.snapshot : outcome.unchanged;
}

/** One line for a load made before another command's work (audit FILE..., verify DIR FILE...). */
export function reportLoaded(outcome: LoadOutcome, terminal: Terminal): void {
  if ('unchanged' in outcome) {
    terminal.info(`Nothing loaded: ${UNCHANGED} ${outcome.unchanged} (--if-changed)`);
    return;
  }
  const { loaded } = outcome;
  terminal.info(`Loaded snapshot ${loaded.snapshot} (${recordCounts(loaded.counts, ', ', loaded.open)})`);
  if (loaded.rejectsPath) terminal.warn(`${formatCount(loaded.rejected)} rows skipped → ${loaded.rejectsPath}`);
}

export function defineLoad(program: Command): void {
  const command = program
    .command('load')
    .summary('load CRM exports into a new snapshot')
    .description('Load CRM exports (CSV or XLSX files, folders of them, or .zip files) into a new, numbered snapshot in the database.')
    .argument('[files...]', 'CSV or XLSX files, folders of them, or .zip files');
  addCommandOptions(command, 'load')
    .addHelpText(
      'after',
      `
Examples:
  crm-owners load User.csv Account.csv Contact.csv --label 2026-11
  crm-owners load WE_00D5e000000HpAB_1/ --label 2026-11
  crm-owners load hubspot-crm-exports-2026-11-01.zip --db hubspot.db
  crm-owners load exports/ --kind owners=exports/reps.csv --on-bad-row skip
  crm-owners load exports/ --if-changed`,
    )
    .action(async (files: string[], _flags: unknown, cmd: Command) => {
      const context = contextOf(cmd);
      if (!wantsLoad(files, context.options)) throw new UsageError('name at least one file, folder or .zip to load', 'crm-owners load --help');
      // Options first: a usage error must not leave a new database behind.
      const load = loadOptionsOf(files, context);
      const { inputs, outputs } = loadPaths(load);
      refuseClobbering(context.dbPath, { files: outputs }, { ...inputs, '--config': context.config.path });
      const db = openDatabase(context.dbPath, 'create');
      try {
        report(reporters, context.format, { outcome: await runLoadIfChanged(load, context, db), dbPath: context.dbPath }, context.terminal);
      } catch (error) {
        discardIfNew(db, context.dbPath);
        throw error;
      } finally {
        if (db.open) db.close();
      }
    });
  const reporters = declareReporters<{ outcome: LoadOutcome; dbPath: string }>(command, {
    // The summary is for people (stderr); the data is the snapshot itself.
    table: ({ outcome, dbPath }, terminal) => ('loaded' in outcome ? terminal.info(loadSummaryText(outcome.loaded, dbPath, terminal.color)) : reportLoaded(outcome, terminal)),
    json: ({ outcome }, terminal) => {
      if ('unchanged' in outcome) reportLoaded(outcome, terminal);
      terminal.out(JSON.stringify('loaded' in outcome ? loadSummaryJson(outcome.loaded) : { snapshot: null, unchanged: outcome.unchanged }, null, 2));
    },
  });
}
