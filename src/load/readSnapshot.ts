/**
 * Reading a set of export files for a snapshot: each file opened, its kind and preset told, and every
 * row turned into what the database stores — owner and account resolved, duplicates set aside.
 * It touches no database: it yields messages that the writer (load/writeSnapshot.ts) applies, so
 * it can run in a worker thread while the main thread writes.
 *
 * Owners files are read first so every record's owner can be resolved as it streams past; accounts
 * before contacts so a contact's account can be found. The order is planned from each file's
 * header, read with the encoding the file's start suggests; its rows are read with the whole
 * file's (see FingerprintOf).
 */
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { asInputError } from '../ingest/sources/csvFile.js';
import type { CsvProblem } from '../csv.js';
import { FooterRows } from '../ingest/values/footer.js';
import { fileIdentity } from '../ingest/identify/explain.js';
import { openPlanned, planSources, type PlannedFile, type SkippedFile } from './filePlan.js';
import { FILE_KINDS, type FileKind } from '../records/model.js';
import { kindList } from '../kinds/registry.js';
import { expandInputs, type Source } from '../ingest/sources/sources.js';
import type { TableFile } from '../ingest/sources/table.js';

import { FileRead, LoadState } from './fileRead.js';
import type { FingerprintOf, LoadMessage, ReadOptions } from './loadMessages.js';

/** Owners first, then the registry's order (a parent before its children). */
const kindOrder = (kind: FileKind) => FILE_KINDS.indexOf(kind);
/**
 * Every input, with `--kind` files added; a file reached twice (named in a folder given and by
 * `--kind`, or given twice) is read once.
 */
export async function inputSources(options: ReadOptions): Promise<Source[]> {
  return (await inputFiles(options)).sources;
}

/** The inputs to read, and the folders' and zips' files that are not read (with why). */
async function inputFiles(options: ReadOptions): Promise<{ sources: Source[]; skipped: SkippedFile[] }> {
  const all = await expandInputs([...options.files, ...Object.keys(options.kinds ?? {})]);
  const seen = new Set<string>();
  const skipped: SkippedFile[] = [];
  const sources = all.filter((source) => {
    if (source.skipped !== undefined)
      return void skipped.push({ path: source.path, object: null, reason: source.skipped });
    const key = source.file === undefined ? source.path : path.resolve(source.file);
    return !seen.has(key) && Boolean(seen.add(key));
  });
  if (sources.length === 0) throw new UsageError('no files to load');
  return { sources, skipped };
}

export async function* readSnapshotFiles(
  options: ReadOptions,
  fingerprintOf: FingerprintOf,
): AsyncGenerator<LoadMessage> {
  const { planned, skipped } = await planFiles(options);
  yield { type: 'plan', reading: planned.map(({ source }) => source.path), skipped };
  const load = new LoadState(planned, options);
  for (const plannedFile of planned) yield* readFile(load, plannedFile, options, fingerprintOf);
  load.counts.owners = load.owners.size;
  yield { type: 'done', counts: load.counts, ambiguousOwners: load.ambiguous.list() };
}

/** The files to read, in the order they are read (owners first, parents before children), and those skipped. */
async function planFiles(options: ReadOptions): Promise<{ planned: PlannedFile[]; skipped: SkippedFile[] }> {
  const { sources, skipped: unread } = await inputFiles(options);
  const { planned, skipped } = await planSources(sources, options);
  skipped.unshift(...unread);
  if (planned.length === 0) throw nothingLoads(skipped);
  planned.sort((a, b) => kindOrder(a.layout.kind) - kindOrder(b.layout.kind));
  return { planned, skipped };
}

/** One planned file: opened, announced, its rows read, its counts handed on. */
async function* readFile(
  load: LoadState,
  plannedFile: PlannedFile,
  options: ReadOptions,
  fingerprintOf: FingerprintOf,
): AsyncGenerator<LoadMessage> {
  const problems: CsvProblem[] = [];
  const { csv, layout } = await openPlanned(plannedFile, options, fingerprintOf, problems);
  let finished = false;
  try {
    const { kind, preset, headers } = layout;
    const print = await fingerprintOf(csv.source);
    const identity = fileIdentity(plannedFile.identification, layout);
    yield {
      type: 'file',
      path: csv.source.path,
      kind,
      preset: preset.name,
      encoding: csv.encoding,
      delimiter: csv.delimiter,
      size: print.size,
      sha256: print.sha256,
      headers,
      fields: Object.keys(layout.column),
      identity,
    };
    const file = new FileRead(load, csv, layout, plannedFile.rowFilter, problems, options);
    let first = true;
    const footer = new FooterRows(csv.header);
    const out: LoadMessage[] = [];
    for await (const batch of withFileErrors(csv)) {
      file.count(batch);
      const rows = footer.take(batch);
      if (first && rows.length > 0) {
        file.reserve(rows, print.size);
        first = false;
      }
      for (const row of rows) {
        file.row(row, out);
        if (out.length > 0) {
          yield* out;
          out.length = 0;
        }
      }
    }
    finished = true;
    file.stats.dropped = footer.end();
    yield* file.problemsBefore(Infinity);
    yield* load.takeQueues();
    if (file.pending) yield file.batch();
    load.counts[kind] = (load.counts[kind] ?? 0) + file.stats.rows;
    yield { type: 'fileDone', stats: file.stats, warnings: file.warnings.take() };
  } finally {
    // A file read to its end is closed by its reader; one stopped in is closed here.
    if (!finished) await csv.close();
  }
}

/** A folder or zip of which no file loads: what each file was, in short. */
function nothingLoads(skipped: readonly SkippedFile[]): InputError {
  const first = skipped.slice(0, 3).map((file) => `${path.basename(file.path)}: ${file.reason}`);
  const more = skipped.length > 3 ? `; and ${skipped.length - 3} more` : '';
  return new InputError(
    { file: skipped[0]?.path ?? '' },
    `nothing to load: every file was skipped (${first.join('; ')}${more})`,
    `name a file's kind with --kind KIND=FILE, or load the exports of ${kindList(FILE_KINDS, 'and')}`,
  );
}

/** The file's rows, with CSV syntax errors turned into errors that name the file. */
async function* withFileErrors(csv: TableFile) {
  try {
    yield* csv.rows;
  } catch (error) {
    throw asInputError(error, csv.source.path);
  }
}
