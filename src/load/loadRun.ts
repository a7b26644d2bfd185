/**
 * A load as commands ask for it (`load`, `audit FILE...`, `verify DIR FILE...`): its options from
 * the command's flags and config, the paths it reads and writes, and `--if-changed`.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { parseDelimiter } from '../ingest/sources/dialect.js';
import { normaliseEncoding } from '../ingest/sources/decode.js';
import { FILE_KINDS, isFileKind, type FileKind } from '../records/model.js';
import { kindNamed } from '../kinds/registry.js';
import type { OptionValues } from '../options/values.js';
import type { PathsByFlag } from '../output/outputPaths.js';
import { parseAsOf } from '../store/asOf.js';
import type { Db } from '../store/database.js';
import { keepLoadCoverage } from '../audit/loadCoverage.js';
import { loadSnapshot, type LoadOptions, type LoadResult } from './loadSnapshot.js';
import { inputHashes, unchangedSince } from './unchanged.js';

/**
 * A load, or none: with --if-changed, exports identical to the latest snapshot's load nothing.
 * `repeats`: the earlier snapshot whose files a load made anyway are identical to.
 */
export type LoadOutcome = { loaded: LoadResult; repeats?: number } | { unchanged: number };

export interface LoadRun {
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

/** Load options from the command's options (flags over config); `dbPath` places the default rejects file. */
export function loadOptionsOf(files: string[], options: OptionValues, dbPath: string): LoadRun {
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
      rejectsPath: options.rejects ?? defaultRejectsPath(dbPath),
      columns: options.columns,
      dateOrder: options.dateOrder,
      systemOwners: options.systemOwners,
      placeholderOwners: options.placeholderOwners,
    },
  };
}

/** What a load reads, and the rejects file it may write, by flag: for `refuseClobbering`. */
export function loadPaths({ options }: LoadRun): { inputs: PathsByFlag; outputs: PathsByFlag } {
  return {
    inputs: { FILE: options.files, '--kind': Object.keys(options.kinds ?? {}) },
    outputs: { '--rejects': options.onBadRow === 'skip' ? options.rejectsPath : undefined },
  };
}

/**
 * Loads, unless `--if-changed` and every file is identical to the latest snapshot's. A load of
 * identical files is made, but says which snapshot it repeats: it adds a snapshot that says nothing new.
 */
export async function loadIfChanged(
  { options, ifChanged }: LoadRun,
  db: Db,
  progress?: LoadOptions['progress'],
): Promise<LoadOutcome> {
  if (ifChanged) {
    const same = unchangedSince(db, await inputHashes(options));
    if (same !== undefined) return { unchanged: same };
  }
  const loaded = await loadSnapshot(db, { ...options, progress });
  // The trend's coverage, fixed now with the placeholder owners in force (see audit/loadCoverage.ts).
  keepLoadCoverage(db, loaded.snapshot, options.placeholderOwners ?? []);
  const repeats = unchangedSince(
    db,
    loaded.files.map((file) => file.sha256),
    loaded.snapshot,
  );
  return repeats === undefined ? { loaded } : { loaded, repeats };
}

/**
 * The snapshot a command that loaded FILEs first works on: the one loaded (or the identical one
 * `--if-changed` found), whatever its as-of date: a back-filled export is not the latest.
 */
export function snapshotOfOutcome(outcome: LoadOutcome): number {
  return 'loaded' in outcome ? outcome.loaded.snapshot : outcome.unchanged;
}
