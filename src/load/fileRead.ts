/**
 * Reading rows: what a load keeps from file to file (owners, accounts, parents, ids seen, counts)
 * and one file's rows turned into what the database stores, with its duplicates and rejects.
 */
import { InputError } from '../errors.js';
import type { CsvProblem, CsvRow } from '../csv.js';
import {
  AccountDirectory,
  OwnerDirectory,
  ParentDirectory,
  type AccountRef,
  type OwnerResolution,
  type ParentRef,
} from '../records/directory.js';
import type { PlannedFile } from './filePlan.js';
import { ownFieldsKey, readOwner, readRecord, RowError, type FileLayout } from '../ingest/identify/layout.js';
import { AmbiguousOwners } from '../ingest/values/ambiguousOwners.js';
import { FILE_KINDS, type FileKind, type OwnerRecord } from '../records/model.js';
import {
  hasManyParentKinds,
  KINDS,
  OWNERS_KIND,
  PARENT_KIND,
  zeroCounts,
  type ParentField,
  type RecordKind,
} from '../kinds/registry.js';
import { IdIndex } from '../records/idIndex.js';
import { RowPacker } from '../records/packedRows.js';
import { RecordBatchBuilder, type OwnerRef, type ReadRecord } from '../ingest/transport/recordBatch.js';
import { encodeCells } from '../store/cells.js';
import { systemOwnerMatcher } from '../ingest/values/systemUsers.js';
import { isMangledId } from '../ingest/values/values.js';
import { ValueWarnings } from '../ingest/values/valueWarnings.js';
import type { TableFile } from '../ingest/sources/table.js';
import { OWNER_COLUMNS, packOwner, type FileStats, type LoadMessage, type ReadOptions } from './loadMessages.js';

/** Rows per message: small enough that a batch's packed text is collected young (see sources.ts). */
const BATCH_ROWS = 500;
const BAD_ROW_HINT =
  'fix the file, or pass --on-bad-row skip to load the other rows and write this one to the rejects file';

function ownerRef(owners: OwnerDirectory, owner: string, { ownerId, issue }: OwnerResolution): OwnerRef {
  const resolved = ownerId === undefined ? undefined : owners.get(ownerId);
  return {
    owner,
    ownerId: ownerId ?? null,
    issue: issue ?? null,
    active: resolved ? (resolved.active ? 1 : 0) : null,
    type: resolved?.type ?? null,
  };
}

/** What the whole load keeps from file to file: owners, accounts and ids seen, counts. */
export class LoadState {
  /** Queues met in records, not yet handed on. */
  readonly queues = new RowPacker(OWNER_COLUMNS.length);
  readonly owners = new OwnerDirectory((queue) => packOwner(this.queues, queue, null, null));
  readonly seenIds = new Map<FileKind, IdIndex>(FILE_KINDS.map((kind) => [kind, new IdIndex(false)]));
  readonly accounts: AccountDirectory;
  /** Records that activities and team members point at, kept only when such files are loaded. */
  readonly parents: ParentDirectory;
  /** The as-of time, to the second: an event that ends by then is over. */
  readonly asOf: string;
  /** One for all files: the owner refs it numbers hold for the whole load. */
  readonly records = new RecordBatchBuilder((owner, resolution) => ownerRef(this.owners, owner, resolution));
  readonly isSystemOwner: (owner: OwnerRecord) => boolean;
  readonly counts = zeroCounts();
  readonly ambiguous = new AmbiguousOwners(this.owners);

  constructor(planned: readonly PlannedFile[], options: ReadOptions) {
    // Account names are kept only when a file names its account by name (Dynamics, Pipedrive).
    this.accounts = new AccountDirectory(
      planned.some(({ layout }) => layout.kind !== PARENT_KIND && layout.column.account_name !== undefined),
    );
    this.isSystemOwner = systemOwnerMatcher(options.systemOwners ?? []);
    this.parents = new ParentDirectory(
      new Set(
        planned.flatMap(({ layout }) =>
          layout.kind === OWNERS_KIND ? [] : (KINDS[layout.kind].parentFields ?? []).flatMap((f) => f.kinds),
        ),
      ),
    );
    this.asOf = (options.asOf ?? new Date().toISOString()).slice(0, 19);
  }

  /** Queues found since the last time, as a message. */
  *takeQueues(): Generator<LoadMessage> {
    if (this.queues.rows) yield { type: 'owners', rows: this.queues.take(), ofFile: false };
  }
}

/** A row read: its id, whether it is the first with that id, whether it repeats a record for another association. */
interface RowRead {
  id: string;
  isNew: boolean;
  repeat: boolean;
}

/** One file being read: its layout, counts, and the rows and problems not yet handed on. */
export class FileRead {
  readonly stats: FileStats = { rows: 0, rejected: 0, duplicates: 0, dropped: 0, repeats: 0 };
  /** One row per association: each record's own fields (ownFieldsKey), to tell a repeat from a duplicate. */
  private readonly ownFields: IdIndex | undefined;
  private readonly seen: IdIndex;
  private readonly ownerRows = new RowPacker(OWNER_COLUMNS.length);
  readonly warnings: ValueWarnings;
  private readonly path: string;
  private readonly skip: boolean;
  /**
   * Bytes read, counted from the rows' text (a line end each) for the progress line: a workbook's
   * rows say nothing of its compressed size.
   */
  private read: number | undefined;
  /** How the file's records find their parent, decided once per file (see parentOf). */
  private readonly parents: {
    keep: boolean;
    fields?: readonly ParentField[];
    tellKind: boolean;
    salesforceIds: boolean;
  };

  constructor(
    private readonly load: LoadState,
    private readonly csv: TableFile,
    readonly layout: FileLayout,
    private readonly rowFilter: PlannedFile['rowFilter'],
    /** Syntax problems the CSV reader meets in skip mode, in line order, not yet handed on. */
    private readonly problems: CsvProblem[],
    options: ReadOptions,
  ) {
    this.path = csv.source.path;
    this.skip = options.onBadRow === 'skip';
    this.ownFields = layout.rowPerAssociation ? new IdIndex() : undefined;
    this.seen = load.seenIds.get(layout.kind)!;
    this.warnings = new ValueWarnings(layout);
    this.read = csv.sheet === undefined ? 0 : undefined;
    const kind = layout.kind as RecordKind;
    this.parents =
      layout.kind === OWNERS_KIND
        ? { keep: false, tellKind: false, salesforceIds: false }
        : {
            keep: load.parents.keeps(kind),
            fields: KINDS[kind].parentFields,
            tellKind: hasManyParentKinds(kind),
            salesforceIds: layout.preset.salesforceIds === true,
          };
  }

  /** Counts a batch's bytes for the progress line. */
  count(rows: readonly CsvRow[]): void {
    if (this.read !== undefined) for (const row of rows) this.read += Buffer.byteLength(row.raw) + 1;
  }

  /** Room for the file's ids at once, as many as its first rows say it has. */
  reserve(rows: readonly CsvRow[], fileSize: number): void {
    const chars = rows.reduce((sum, row) => sum + row.raw.length + 1, 0);
    this.seen.reserve(Math.ceil((rows.length * fileSize) / chars));
  }

  /** The rows read since the last time, as a message. */
  batch(): LoadMessage {
    const { read } = this;
    return this.layout.kind === OWNERS_KIND
      ? { type: 'owners', rows: this.ownerRows.take(), ofFile: true, read }
      : { type: 'records', batch: this.load.records.take(), read };
  }

  get pending(): boolean {
    return this.ownerRows.rows > 0 || this.load.records.rows > 0;
  }

  reject(problem: CsvProblem): LoadMessage {
    if (!this.skip) throw new InputError(this.csv.position(problem.line, problem.column), problem.reason, BAD_ROW_HINT);
    this.stats.rejected++;
    return { type: 'reject', file: this.path, problem };
  }

  /** The CSV reader's problems before `line`, handed on in line order among the rows' own. */
  problemsBefore(line: number): LoadMessage[] {
    let n = 0;
    while (n < this.problems.length && this.problems[n].line < line) n++;
    const before = this.problems.splice(0, n);
    return this.rowFilter?.again ? [] : before.map((problem) => this.reject(problem));
  }

  /**
   * Reads one row into `out`, the messages it gives: none for a row stored (most rows: no
   * allocation per row), or a reject, a duplicate, a batch.
   */
  row({ fields, line, raw }: CsvRow, out: LoadMessage[]): void {
    const { headers } = this.layout;
    if (this.problems.length) out.push(...this.problemsBefore(line));
    if (this.rowFilter && !this.rowFilter.test(fields[this.rowFilter.index] ?? '')) return;
    if (fields.length !== headers.length) {
      out.push(
        this.reject({
          line,
          column: Math.min(fields.length, headers.length) + 1,
          reason: `${fields.length} fields, expected ${headers.length} (as in the header line)`,
          raw,
        }),
      );
      return;
    }
    if (this.csv.lostBytes && raw.includes('\uFFFD')) {
      out.push(
        this.reject({
          line,
          column: fields.findIndex((f) => f.includes('\uFFFD')) + 1,
          reason: 'bytes that are not valid UTF-8 (pass --encoding if the file is not UTF-8)',
          raw,
        }),
      );
      return;
    }
    let read: RowRead;
    try {
      read = this.layout.kind === OWNERS_KIND ? this.ownerRow(fields, line, raw) : this.recordRow(fields, line, raw);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      out.push(this.reject({ line, column: error.column, reason: error.message, raw }));
      return;
    }
    if (read.repeat) {
      this.stats.repeats++;
    } else if (!read.isNew) {
      this.stats.duplicates++;
      out.push({
        type: 'duplicate',
        kind: this.layout.kind,
        id: read.id,
        line,
        raw: encodeCells(fields, raw, this.csv.delimiter),
      });
    } else if (++this.stats.rows % BATCH_ROWS === 0) {
      out.push(...this.load.takeQueues(), this.batch());
    }
  }

  private ownerRow(fields: string[], line: number, raw: string): RowRead {
    const { load } = this;
    const owner = readOwner(this.layout, fields);
    if (owner.type === 'user' && load.isSystemOwner(owner)) owner.type = 'system';
    const isNew = this.seen.add(owner.id, 0);
    if (isNew) {
      load.owners.add(owner);
      packOwner(this.ownerRows, owner, line, encodeCells(fields, raw, this.csv.delimiter));
    }
    return { id: owner.id, isNew, repeat: false };
  }

  /**
   * The record's parent (an account, or for activities and team members the record they point at)
   * and its details with the parent's kind where ids alone may not tell it (the same number a
   * deal's and a company's). Keeps the record itself as a parent where later files may point at it.
   */
  private parentOf(record: ReturnType<typeof readRecord>, ownerId: string | null): AccountRef | ParentRef | undefined {
    const { load, layout, parents } = this;
    const kind = layout.kind as RecordKind;
    if (kind === PARENT_KIND) load.accounts.add(record.id, record.name, ownerId);
    if (parents.keep) load.parents.add(kind, record.id, ownerId);
    if (!parents.fields)
      return kind === PARENT_KIND ? undefined : load.accounts.resolve(record.accountId, record.accountName);
    return load.parents.resolve(parents.fields, record.parentRefs!, parents.salesforceIds);
  }

  /** The record's details, with its parent's kind where ids alone may not tell it. */
  private detailsOf(record: ReturnType<typeof readRecord>, parent: AccountRef | ParentRef | undefined): string | null {
    const { details } = record;
    if (!parent || !('kind' in parent) || !this.parents.tellKind) return details;
    const { kind } = parent;
    return details
      ? `${details.slice(0, -1)},"parent_kind":${JSON.stringify(kind)}}`
      : JSON.stringify({ parent_kind: kind });
  }

  private recordRow(fields: string[], line: number, raw: string): RowRead {
    const { load, layout } = this;
    const { kind } = layout;
    const record = readRecord(layout, fields, load.asOf);
    const { id } = record;
    // An id Excel turned into a number no longer tells records apart: each row is its own
    // record (audited as mangled-id), never a repeat or a duplicate of another.
    const mangledId = isMangledId(id);
    const isNew = mangledId || this.seen.add(id, 0);
    let repeat = false;
    if (this.ownFields && !mangledId) {
      if (isNew) this.ownFields.add(id, ownFieldsKey(record));
      else repeat = this.ownFields.get(id) === ownFieldsKey(record);
    }
    if (!isNew) return { id, isNew, repeat };
    const resolution = load.owners.resolve(record.owner);
    const { ownerId = null, issue = null } = resolution;
    // Open records only, as the audit counts them (closed ones are history).
    if (issue === 'ambiguous' && !record.closed) load.ambiguous.add(kind, record.owner);
    const emailKey = record.email.trim().toLowerCase();
    const account = this.parentOf(record, ownerId);
    const details = this.detailsOf(record, account);
    // A mangled account reference is kept as it stands, for the mangled-id check to see.
    const mangled = this.warnings.see(record, line);
    this.warnings.seeId((fields[layout.column.id!] ?? '').trim(), record.id, line);
    const stored: ReadRecord = {
      id: record.id,
      name: record.name,
      emailKey,
      accountId: account?.id ?? (mangled && isMangledId(record.accountId) ? record.accountId : null),
      accountOwnerId: account?.ownerId ?? null,
      created: record.created,
      lastActivity: record.lastActivity,
      closed: record.closed ? 1 : 0,
      details,
      line,
      raw: encodeCells(fields, raw, this.csv.delimiter),
    };
    load.records.add(stored, record.owner, resolution);
    return { id, isNew, repeat };
  }
}
