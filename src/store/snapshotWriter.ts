/**
 * Writing one snapshot's rows: the snapshot, its files, records, owners, duplicates and the summary
 * tables. Storage only, inside the load's transaction; what is written and when is the load's
 * (load/loadSnapshot.ts).
 */
import { OWNERS_KIND, type FileKind } from '../kinds/registry.js';
import type { OwnerGroup } from '../records/ownerGroups.js';
import type { PackedRows, Value } from '../records/packedRows.js';
import { BatchInsert } from './batchInsert.js';
import type { Db } from './database.js';

/** A file of the snapshot, as `snapshot_files` keeps it. */
export interface StoredFile {
  path: string;
  kind: FileKind;
  preset: string;
  encoding: string;
  delimiter: string;
  size: number;
  sha256: string;
  headers: string[];
}

export interface StoredFileStats {
  rows: number;
  rejected: number;
  duplicates: number;
  dropped: number;
}

/** What the load counted once every file is read. */
export interface SnapshotSummary {
  groups: readonly OwnerGroup[];
  /** Records possibly sharing an email, numbered from the start of their kind's run of keys. */
  sharedEmails: readonly { kind: FileKind; records: number[] }[];
  /** Kept as the snapshot's `counts` (see store/snapshots.ts). */
  counts: object;
}

export class SnapshotWriter {
  private snapshotId = 0;
  private fileId = 0;
  private records?: BatchInsert;
  private owners?: BatchInsert;
  /** Queues met in records but in no owners file. */
  private queues!: BatchInsert;
  /** Where each kind's records start and end (files come kind by kind, so each is one run of keys). */
  private readonly ranges = new Map<FileKind, { first: number; last: number }>();
  private kindStart = 0;

  constructor(
    private readonly db: Db,
    /** The columns of an owner row, in order. */
    private readonly ownerColumns: readonly string[],
  ) {}

  get snapshot(): number {
    return this.snapshotId;
  }

  /** Rows written to the current records file so far. */
  get recordRows(): number {
    return this.records?.rows ?? 0;
  }

  /** Rows written to the current owners file so far. */
  get ownerRows(): number {
    return this.owners?.rows ?? 0;
  }

  begin(label: string | null, loadedAt: string, asOf: string): number {
    const { db } = this;
    this.snapshotId = Number(
      db
        .prepare('INSERT INTO snapshots (label, loaded_at, counts, as_of) VALUES (?, ?, ?, ?)')
        .run(label, loadedAt, '{}', asOf).lastInsertRowid,
    );
    this.queues = new BatchInsert(db, 'owners', { snapshot_id: this.snapshotId, file_id: null }, this.ownerColumns, 16);
    return this.snapshotId;
  }

  /** Starts a file; a records file's rows have `recordColumns`. Returns the file's id. */
  startFile(file: StoredFile, recordColumns: readonly string[]): number {
    const { db, snapshotId } = this;
    if (!this.ranges.has(file.kind)) this.kindStart = this.maxKey() + 1;
    this.fileId = Number(
      db
        .prepare(
          `INSERT INTO snapshot_files (snapshot_id, path, kind, preset, encoding, delimiter, size, sha256, rows, rejected, duplicates, dropped, headers)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)`,
        )
        .run(
          snapshotId,
          file.path,
          file.kind,
          file.preset,
          file.encoding,
          file.delimiter,
          file.size,
          file.sha256,
          JSON.stringify(file.headers),
        ).lastInsertRowid,
    );
    if (file.kind === OWNERS_KIND)
      this.owners = new BatchInsert(
        db,
        'owners',
        { snapshot_id: snapshotId, file_id: this.fileId },
        this.ownerColumns,
        16,
      );
    else
      this.records = new BatchInsert(
        db,
        'records',
        { snapshot_id: snapshotId, file_id: this.fileId, kind: file.kind },
        recordColumns,
      );
    return this.fileId;
  }

  addRecord(values: Value[]): void {
    this.records!.addRow(values);
  }

  /** Owner rows of the current owners file, or (`ofFile` false) queues found in records. */
  addOwners(rows: PackedRows, ofFile: boolean): void {
    (ofFile ? this.owners! : this.queues).add(rows);
  }

  addDuplicate(kind: FileKind, id: string, line: number, raw: string): void {
    this.db
      .prepare('INSERT INTO duplicate_rows (snapshot_id, kind, id, file_id, line, raw) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.snapshotId, kind, id, this.fileId, line, raw);
  }

  endFile(kind: FileKind, stats: StoredFileStats): void {
    this.flush();
    if (kind !== OWNERS_KIND) {
      const last = this.maxKey();
      const range = this.ranges.get(kind);
      if (range) range.last = last;
      else this.ranges.set(kind, { first: this.kindStart, last });
    }
    this.db
      .prepare('UPDATE snapshot_files SET rows = ?, rejected = ?, duplicates = ?, dropped = ? WHERE id = ?')
      .run(stats.rows, stats.rejected, stats.duplicates, stats.dropped, this.fileId);
  }

  /** The summary tables, once every file is written. */
  finish({ groups, sharedEmails, counts }: SnapshotSummary): void {
    const { db, snapshotId: snapshot } = this;
    this.flush();
    // Tens of thousands of groups when owners and account owners mix freely.
    const groupRows = new BatchInsert(db, 'owner_groups', { snapshot_id: snapshot }, [
      'kind',
      'owner_id',
      'owner_issue',
      'owner',
      'owner_active',
      'owner_type',
      'account_owner_id',
      'records',
    ]);
    for (const g of groups)
      groupRows.addRow([g.kind, g.ownerId, g.issue, g.owner, g.active, g.type, g.accountOwnerId, g.records]);
    groupRows.flush();
    // A kind's records are one run of keys, stored in the order the reader numbered them.
    const shared = new BatchInsert(db, 'shared_email_records', { snapshot_id: snapshot }, ['kind', 'record_key']);
    for (const { kind, records } of sharedEmails) {
      for (const record of records) shared.addRow([kind, this.ranges.get(kind)!.first + record]);
    }
    shared.flush();
    const insertRange = db.prepare(
      'INSERT INTO record_ranges (snapshot_id, kind, first_key, last_key) VALUES (?, ?, ?, ?)',
    );
    for (const [kind, range] of this.ranges)
      if (range.last >= range.first) insertRange.run(snapshot, kind, range.first, range.last);
    db.prepare('UPDATE snapshots SET counts = ? WHERE id = ?').run(JSON.stringify(counts), snapshot);
  }

  /** Writes the rows still waiting in the statements' batches. */
  private flush(): void {
    this.records?.flush();
    this.owners?.flush();
    this.queues.flush();
  }

  private maxKey(): number {
    return this.db.prepare<[], { n: number }>('SELECT coalesce(max(key), 0) AS n FROM records').get()!.n;
  }
}
