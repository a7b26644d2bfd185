/**
 * `load`: a set of export files becomes one new snapshot, written in one transaction. The files are
 * read by the snapshot reader (ingest/snapshotReader.ts) — in a worker thread when they are big, so
 * parsing and writing overlap — and this module writes what it yields.
 */
import type { AmbiguousOwner } from '../ingest/ambiguousOwners.js';
import { InputError } from '../errors.js';
import { inputSources, OWNER_COLUMNS, readSnapshotFiles, type LoadMessage, type ReadOptions } from '../ingest/snapshotReader.js';
import type { SkippedFile } from '../ingest/filePlan.js';
import { fingerprint, type Fingerprint } from '../ingest/decode.js';
import type { Source } from '../ingest/sources.js';
import { recordColumns, RecordBatchExpander } from '../ingest/recordBatch.js';
import { readInWorker, workerAvailable } from '../ingest/workerMessages.js';
import type { ColumnMapping } from '../ingest/layout.js';
import type { FileKind, RecordKind } from '../ingest/model.js';
import type { KindCounts } from './snapshots.js';
import type { PresetName } from '../ingest/presets/index.js';
import type { DateOrder } from '../ingest/values.js';
import type { FileWarnings } from '../ingest/valueWarnings.js';
import type { FileIdentity } from '../ingest/explain.js';
import { CsvWriter } from '../output/csvWriter.js';
import { ownerStateCounts } from '../audit/ownerStates.js';
import { BatchInsert } from './batchInsert.js';
import { databaseError, type Db } from './database.js';

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
  /** Told of progress every few thousand rows. */
  progress?: (file: string, rows: number) => void;
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
export type { KindCounts } from './snapshots.js';

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
  for (const [path, print] of fingerprints.take(sources.filter((source) => !source.member))) worker?.fingerprint(path, print);
  const messages = worker ?? readSnapshotFiles(read, (source) => fingerprints.of(source));
  const loadedAt = (options.now ?? new Date()).toISOString();
  const writer = new SnapshotWriter(db, options, loadedAt);
  try {
    return await inTransaction(db, async () => {
      writer.begin();
      for await (const message of messages) {
        if (message.type === 'plan') {
          const reading = new Set(message.reading);
          for (const [path, print] of fingerprints.take(sources.filter((source) => reading.has(source.path)))) worker?.fingerprint(path, print);
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

/** Applies the reader's messages to the database, inside the load's transaction. */
class SnapshotWriter {
  private snapshot = 0;
  private fileId = 0;
  private current?: Extract<LoadMessage, { type: 'file' }>;
  private readonly files: LoadedFile[] = [];
  private skipped: SkippedFile[] = [];
  private records?: BatchInsert;
  private owners?: BatchInsert;
  /** Queues met in records but in no owners file. */
  private queues!: BatchInsert;
  /** Where each kind's records start and end (files come kind by kind, so each is one run of keys). */
  private readonly ranges = new Map<FileKind, { first: number; last: number }>();
  private kindStart = 0;
  private rejects?: CsvWriter;
  private readonly expander = new RecordBatchExpander();
  /** Canonical fields each records file has a column for, by file id (kept with the snapshot, see store/snapshots.ts). */
  private readonly fields: Record<string, string[]> = {};
  private result?: LoadResult;

  constructor(
    private readonly db: Db,
    private readonly options: LoadOptions,
    private readonly loadedAt: string,
  ) {}

  begin(): void {
    const { db } = this;
    this.snapshot = Number(
      db.prepare('INSERT INTO snapshots (label, loaded_at, counts, as_of) VALUES (?, ?, ?, ?)').run(this.options.label ?? null, this.loadedAt, '{}', this.options.asOf ?? this.loadedAt).lastInsertRowid,
    );
    this.queues = new BatchInsert(db, 'owners', { snapshot_id: this.snapshot, file_id: null }, OWNER_COLUMNS, 16);
  }

  /** Writes the rows still waiting in the statements' batches. */
  private flush(): void {
    this.records?.flush();
    this.owners?.flush();
    this.queues.flush();
  }

  /** Records with an id in scientific notation, per kind, as the load counted them (see audit/checks/mangledId.ts). */
  private mangledIds(): Partial<Record<string, number>> {
    const counts: Partial<Record<string, number>> = {};
    for (const file of this.files) if (file.warnings.mangledIds) counts[file.kind] = (counts[file.kind] ?? 0) + file.warnings.mangledIds.count;
    return counts;
  }

  apply(message: LoadMessage): void {
    const { db, snapshot } = this;
    switch (message.type) {
      case 'plan':
        this.skipped = message.skipped;
        break;
      case 'file':
        if (!this.ranges.has(message.kind)) this.kindStart = this.maxKey() + 1;
        this.current = message;
        this.fileId = Number(
          db
            .prepare(
              `INSERT INTO snapshot_files (snapshot_id, path, kind, preset, encoding, delimiter, size, sha256, rows, rejected, duplicates, dropped, headers)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)`,
            )
            .run(snapshot, message.path, message.kind, message.preset, message.encoding, message.delimiter, message.size, message.sha256, JSON.stringify(message.headers)).lastInsertRowid,
        );
        if (message.kind !== 'owners') this.fields[this.fileId] = message.fields;
        if (message.kind === 'owners') this.owners = new BatchInsert(db, 'owners', { snapshot_id: snapshot, file_id: this.fileId }, OWNER_COLUMNS, 16);
        else this.records = new BatchInsert(db, 'records', { snapshot_id: snapshot, file_id: this.fileId, kind: message.kind }, recordColumns(message.kind));
        this.options.progress?.(message.path, 0);
        break;
      case 'records':
        this.expander.expand(this.current!.kind as RecordKind, message.batch, (values) => this.records!.addRow(values));
        this.options.progress?.(this.current!.path, this.records!.rows);
        break;
      case 'owners':
        (message.ofFile ? this.owners! : this.queues).add(message.rows);
        break;
      case 'duplicate':
        db.prepare('INSERT INTO duplicate_rows (snapshot_id, kind, id, file_id, line, raw) VALUES (?, ?, ?, ?, ?, ?)').run(snapshot, message.kind, message.id, this.fileId, message.line, message.raw);
        break;
      case 'reject':
        this.rejects ??= new CsvWriter(this.options.rejectsPath, 'people', ['file', 'line', 'column', 'reason', 'raw']);
        this.rejects.write([message.file, message.problem.line, message.problem.column, message.problem.reason, message.problem.raw]);
        break;
      case 'fileDone': {
        const file = this.current!;
        const { stats, warnings } = message;
        this.flush();
        if (file.kind !== 'owners') {
          const last = this.maxKey();
          const range = this.ranges.get(file.kind);
          if (range) range.last = last;
          else this.ranges.set(file.kind, { first: this.kindStart, last });
        }
        db.prepare('UPDATE snapshot_files SET rows = ?, rejected = ?, duplicates = ?, dropped = ? WHERE id = ?').run(stats.rows, stats.rejected, stats.duplicates, stats.dropped, this.fileId);
        this.files.push({ path: file.path, kind: file.kind, preset: file.preset, encoding: file.encoding, delimiter: file.delimiter, size: file.size, sha256: file.sha256, ...stats, warnings, identity: file.identity });
        break;
      }
      case 'done': {
        this.flush();
        // Tens of thousands of groups when owners and account owners mix freely.
        const groups = new BatchInsert(db, 'owner_groups', { snapshot_id: snapshot }, ['kind', 'owner_id', 'owner_issue', 'owner', 'owner_active', 'owner_type', 'account_owner_id', 'records']);
        // The load's summary counts what an audit counts: open records (the owner groups hold only those).
        const open: Partial<Record<RecordKind, number>> = {};
        for (const g of this.expander.groups()) {
          groups.addRow([g.kind, g.ownerId, g.issue, g.owner, g.active, g.type, g.accountOwnerId, g.records]);
          open[g.kind] = (open[g.kind] ?? 0) + g.records;
        }
        groups.flush();
        // A kind's records are one run of keys, stored in the order the reader numbered them.
        const shared = new BatchInsert(db, 'shared_email_records', { snapshot_id: snapshot }, ['kind', 'record_key']);
        for (const { kind, records } of this.expander.sharedEmails()) {
          for (const record of records) shared.addRow([kind, this.ranges.get(kind)!.first + record]);
        }
        shared.flush();
        const insertRange = db.prepare('INSERT INTO record_ranges (snapshot_id, kind, first_key, last_key) VALUES (?, ?, ?, ?)');
        for (const [kind, range] of this.ranges) if (range.last >= range.first) insertRange.run(snapshot, kind, range.first, range.last);
        db.prepare('UPDATE snapshots SET counts = ? WHERE id = ?').run(JSON.stringify({ ...message.counts, mangledIds: this.mangledIds(), fields: this.fields }), snapshot);
        this.result = {
          snapshot,
          label: this.options.label ?? null,
          loadedAt: this.loadedAt,
          asOf: this.options.asOf ?? this.loadedAt,
          files: this.files,
          skipped: this.skipped,
          counts: message.counts,
          open,
          rejected: this.files.reduce((sum, f) => sum + f.rejected, 0),
          // Counted once the snapshot is written, by the audit's checks (see loadSnapshot).
          unresolvedOwners: {},
          inactiveOwners: {},
          ambiguousOwners: message.ambiguousOwners,
        };
        break;
      }
    }
  }

  private maxKey(): number {
    return this.db.prepare<[], { n: number }>('SELECT coalesce(max(key), 0) AS n FROM records').get()!.n;
  }

  finish(): LoadResult {
    if (!this.result) throw new InputError({ file: this.options.files.join(', ') }, 'reading stopped before the end of the files');
    return this.result;
  }

  commitRejects(): void {
    if (!this.rejects || !this.result) return;
    this.rejects.commit();
    this.result.rejectsPath = this.rejects.path;
  }

  abortRejects(): void {
    this.rejects?.abort();
  }
}
