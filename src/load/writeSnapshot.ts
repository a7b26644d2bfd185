/**
 * Writing what the snapshot reader yields: each message applied to the snapshot's tables
 * (store/snapshotWriter.ts), record batches expanded to rows, skipped rows to the rejects file, and
 * the load's result put together. Runs inside the load's transaction (load/loadSnapshot.ts).
 */
import { InputError } from '../errors.js';
import { recordColumns, RecordBatchExpander } from '../ingest/transport/recordBatch.js';
import type { SkippedFile } from './filePlan.js';
import type { RecordKind } from '../records/model.js';
import { OWNERS_KIND } from '../kinds/registry.js';
import { CsvWriter } from '../output/csvWriter.js';
import type { Db } from '../store/database.js';
import { SnapshotWriter } from '../store/snapshotWriter.js';
import type { LoadedFile, LoadOptions, LoadResult } from './loadSnapshot.js';
import { OWNER_COLUMNS, type LoadMessage } from './loadMessages.js';

export class LoadWriter {
  private readonly writer: SnapshotWriter;
  private current?: Extract<LoadMessage, { type: 'file' }>;
  private readonly files: LoadedFile[] = [];
  private skipped: SkippedFile[] = [];
  private reading: string[] = [];
  private rejects?: CsvWriter;
  private readonly expander = new RecordBatchExpander();
  /** Canonical fields each records file has a column for, by file id (kept with the snapshot, see store/snapshots.ts). */
  private readonly fields: Record<string, string[]> = {};
  private result?: LoadResult;

  constructor(
    db: Db,
    private readonly options: LoadOptions,
    private readonly loadedAt: string,
  ) {
    this.writer = new SnapshotWriter(db, OWNER_COLUMNS);
  }

  begin(): void {
    this.writer.begin(this.options.label ?? null, this.loadedAt, this.options.asOf ?? this.loadedAt);
  }

  /** Records with an id in scientific notation, per kind, as the load counted them (see audit/checks/mangledId.ts). */
  private mangledIds(): Partial<Record<string, number>> {
    const counts: Partial<Record<string, number>> = {};
    for (const file of this.files)
      if (file.warnings.mangledIds) counts[file.kind] = (counts[file.kind] ?? 0) + file.warnings.mangledIds.count;
    return counts;
  }

  /** Records whose id was exported in another letter case than its checksum says, per kind: the plan writes those as exported. */
  private recasedIds(): Partial<Record<string, number>> {
    const counts: Partial<Record<string, number>> = {};
    for (const file of this.files)
      if (file.warnings.recasedIds) counts[file.kind] = (counts[file.kind] ?? 0) + file.warnings.recasedIds.count;
    return counts;
  }

  private tell(rows: number, read: number | undefined): void {
    const { path, size } = this.current!;
    this.options.progress?.({
      file: path,
      index: this.reading.indexOf(path) + 1,
      count: this.reading.length,
      rows,
      read,
      size,
    });
  }

  apply(message: LoadMessage): void {
    const { writer } = this;
    switch (message.type) {
      case 'plan':
        this.skipped = message.skipped;
        this.reading = message.reading;
        break;
      case 'file': {
        this.current = message;
        const isOwners = message.kind === OWNERS_KIND;
        const fileId = writer.startFile(message, isOwners ? [] : recordColumns(message.kind as RecordKind));
        if (!isOwners) this.fields[fileId] = message.fields;
        this.tell(0, 0);
        break;
      }
      case 'records':
        this.expander.expand(this.current!.kind as RecordKind, message.batch, (values) => writer.addRecord(values));
        this.tell(writer.recordRows, message.read);
        break;
      case 'owners':
        writer.addOwners(message.rows, message.ofFile);
        if (message.ofFile) this.tell(writer.ownerRows, message.read);
        break;
      case 'duplicate':
        writer.addDuplicate(message.kind, message.id, message.line, message.raw);
        break;
      case 'reject':
        this.rejects ??= new CsvWriter(this.options.rejectsPath, 'people', ['file', 'line', 'column', 'reason', 'raw']);
        this.rejects.write([
          message.file,
          message.problem.line,
          message.problem.column,
          message.problem.reason,
          message.problem.raw,
        ]);
        break;
      case 'fileDone': {
        const file = this.current!;
        const { stats, warnings } = message;
        writer.endFile(file.kind, stats);
        this.files.push({
          path: file.path,
          kind: file.kind,
          preset: file.preset,
          encoding: file.encoding,
          delimiter: file.delimiter,
          size: file.size,
          sha256: file.sha256,
          ...stats,
          warnings,
          identity: file.identity,
        });
        break;
      }
      case 'done': {
        const groups = this.expander.groups();
        // The load's summary counts what an audit counts: open records (the owner groups hold only those).
        const open: Partial<Record<RecordKind, number>> = {};
        for (const g of groups) open[g.kind] = (open[g.kind] ?? 0) + g.records;
        writer.finish({
          groups,
          sharedEmails: this.expander.sharedEmails(),
          counts: {
            ...message.counts,
            mangledIds: this.mangledIds(),
            recasedIds: this.recasedIds(),
            fields: this.fields,
          },
        });
        this.result = {
          snapshot: writer.snapshot,
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

  finish(): LoadResult {
    if (!this.result)
      throw new InputError({ file: this.options.files.join(', ') }, 'reading stopped before the end of the files');
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
