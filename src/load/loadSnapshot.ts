/**
 * `load`: a set of export files becomes one new snapshot, written in one transaction. The files are
 * planned and read by the snapshot reader (load/readSnapshot.ts) — in a worker thread when they are
 * big, so parsing and writing overlap — and what it yields is written (load/writeSnapshot.ts) and
 * committed here.
 */
import type { AmbiguousOwner } from '../ingest/values/ambiguousOwners.js';
import { inputSources, readSnapshotFiles } from './readSnapshot.js';
import type { ReadOptions } from './loadMessages.js';
import type { SkippedFile } from './filePlan.js';
import { fingerprint, type Fingerprint } from '../ingest/sources/decode.js';
import type { Source } from '../ingest/sources/sources.js';
import { readInWorker, workerAvailable } from './workerMessages.js';
import type { ColumnMapping } from '../ingest/identify/layout.js';
import type { FileKind, RecordKind } from '../records/model.js';
import type { KindCounts } from '../store/snapshots.js';
import type { PresetName } from '../ingest/identify/presets/index.js';
import type { DateOrder } from '../ingest/values/values.js';
import type { FileWarnings } from '../ingest/values/valueWarnings.js';
import type { FileIdentity } from '../ingest/identify/explain.js';
import { ownerStateCounts } from '../audit/ownerStates.js';
import { databaseError, type Db } from '../store/database.js';
import { LoadWriter } from './writeSnapshot.js';

/** How far a load is: the file being read (the `index`th of `count`), its rows so far and, for CSV, its bytes read of `size`. */
export interface LoadProgressUpdate {
  file: string;
  index: number;
  count: number;
  rows: number;
  read?: number;
  size: number;
}

export interface LoadOptions {
  files: string[];
  /** `--kind KIND=FILE`: the kind of a file, when neither its name nor its headers tell. */
  kinds?: Partial<Record<string, FileKind>>;
  label?: string;
  preset?: PresetName;
  encoding?: string;
  delimiter?: string;
  onBadRow?: 'fail' | 'skip';
  /** Where skipped rows are written (skip mode). */
  rejectsPath: string;
  /** Config `columns`. */
  columns?: ColumnMapping;
  /** Config `dateOrder`. */
  dateOrder?: DateOrder;
  /** Config `systemOwners`. */
  systemOwners?: string[];
  /** Config `placeholderOwners`: the summary's owner states are counted as an audit with them counts them. */
  placeholderOwners?: string[];
  /** Told of progress every few hundred rows. */
  progress?: (update: LoadProgressUpdate) => void;
  now?: Date;
  /** When the exports were taken (`--as-of`, see store/asOf.ts), an ISO timestamp; default: the load time. */
  asOf?: string;
}

export interface LoadedFile {
  path: string;
  kind: FileKind;
  preset: PresetName;
  encoding: string;
  delimiter: string;
  size: number;
  sha256: string;
  rows: number;
  rejected: number;
  duplicates: number;
  dropped: number;
  /** Rows repeating a record for another association (not stored: the records are what counts). */
  repeats: number;
  /** Ids mangled by Excel, dates that are no date. */
  warnings: FileWarnings;
  /** How the file was identified and read. */
  identity: FileIdentity;
}

// Declared with the snapshots that keep them; the load reports them too.
export type { KindCounts } from '../store/snapshots.js';

export interface LoadResult {
  snapshot: number;
  label: string | null;
  loadedAt: string;
  asOf: string;
  files: LoadedFile[];
  /** Files of a folder or zip that hold no loaded kind. */
  skipped: SkippedFile[];
  counts: KindCounts;
  rejected: number;
  /** Set when rows were skipped and written there. */
  rejectsPath?: string;
  /** Open records per kind (closed and converted ones are history): what an audit counts. */
  open: Partial<Record<RecordKind, number>>;
  /** Open records whose owner value resolved to no owner, by kind (empty values are not counted). */
  unresolvedOwners: Partial<Record<FileKind, number>>;
  /** Open records whose owner is inactive (HubSpot's `Deactivated User` included), by kind. */
  inactiveOwners: Partial<Record<FileKind, number>>;
  /** Owner values that fit several owners (a display name two users share), with the records naming them. */
  ambiguousOwners: AmbiguousOwner[];
}

/** Inputs above this size are read in a worker thread; below it, starting one costs more than it saves. */
const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

export async function loadSnapshot(db: Db, options: LoadOptions): Promise<LoadResult> {
  const read: ReadOptions = {
    files: options.files,
    kinds: options.kinds,
    preset: options.preset,
    encoding: options.encoding,
    delimiter: options.delimiter,
    onBadRow: options.onBadRow,
    columns: options.columns,
    dateOrder: options.dateOrder,
    systemOwners: options.systemOwners,
    asOf: options.asOf ?? (options.now ?? new Date()).toISOString(),
  };
  const sources = await inputSources(read);
  const size = sources.reduce((sum, source) => sum + source.size, 0);
  const worker = size > WORKER_THRESHOLD_BYTES && workerAvailable() ? readInWorker(read) : undefined;
  const fingerprints = new Fingerprints(options.encoding);
  // Files named by the user are read whatever they hold (or fail the load): started at once. A
  // folder's or zip's files wait for the reader's plan, so files of other objects are never read whole.
  for (const [path, print] of fingerprints.take(sources.filter((source) => !source.member)))
    worker?.fingerprint(path, print);
  const messages = worker ?? readSnapshotFiles(read, (source) => fingerprints.of(source));
  const loadedAt = (options.now ?? new Date()).toISOString();
  const writer = new LoadWriter(db, options, loadedAt);
  try {
    return await inTransaction(db, async () => {
      writer.begin();
      for await (const message of messages) {
        if (message.type === 'plan') {
          const reading = new Set(message.reading);
          for (const [path, print] of fingerprints.take(sources.filter((source) => reading.has(source.path))))
            worker?.fingerprint(path, print);
        }
        writer.apply(message);
        worker?.ack();
      }
      // The rejects file is put in place before the snapshot commits: if it cannot be, nothing is.
      writer.commitRejects();
      const result = writer.finish();
      return { ...result, ...ownerStateCounts(db, result.snapshot, options.placeholderOwners ?? []) };
    });
  } catch (error) {
    writer.abortRejects();
    throw error;
  } finally {
    await worker?.stop();
  }
}

/**
 * Each file read once for its encoding and hash — on this thread, smallest file first, while the
 * worker boots and then reads the files before it: the reader waits for a file's fingerprint only
 * when it comes to the file.
 */
class Fingerprints {
  private readonly prints = new Map<string, Promise<Fingerprint>>();
  private previous: Promise<unknown> = Promise.resolve();

  constructor(private readonly encoding: string | undefined) {}

  /** Queues the sources not yet queued, smallest first; returns those it queued. */
  take(sources: Source[]): [string, Promise<Fingerprint>][] {
    const taken: [string, Promise<Fingerprint>][] = [];
    for (const source of [...sources].sort((a, b) => a.size - b.size)) {
      if (this.prints.has(source.path)) continue;
      const print = this.previous.then(() => fingerprint(source, this.encoding));
      this.prints.set(source.path, print);
      taken.push([source.path, print]);
      // Handled here too: the reader meets the error only if it comes to the file.
      this.previous = print.catch(() => {});
    }
    return taken;
  }

  of(source: Source): Promise<Fingerprint> {
    return this.prints.get(source.path)!;
  }
}

/** Runs `work` in one write transaction; any failure rolls everything back. */
async function inTransaction<T>(db: Db, work: () => Promise<T>): Promise<T> {
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    throw databaseError(error, db.name);
  }
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw databaseError(error, db.name);
  }
}
