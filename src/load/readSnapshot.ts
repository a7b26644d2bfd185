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
import type { CsvProblem, CsvRow } from '../csv.js';
import type { Fingerprint } from '../ingest/sources/decode.js';
import {
  AccountDirectory,
  OwnerDirectory,
  ParentDirectory,
  type AccountRef,
  type OwnerResolution,
  type ParentRef,
} from '../records/directory.js';
import { FooterRows } from '../ingest/values/footer.js';
import { fileIdentity, type FileIdentity } from '../ingest/identify/explain.js';
import { openPlanned, planSources, type PlannedFile, type SkippedFile } from './filePlan.js';
import {
  ownFieldsKey,
  readOwner,
  readRecord,
  RowError,
  type ColumnMapping,
  type FileLayout,
} from '../ingest/identify/layout.js';
import { AmbiguousOwners, type AmbiguousOwner } from '../ingest/values/ambiguousOwners.js';
import { FILE_KINDS, type FileKind, type OwnerRecord } from '../records/model.js';
import {
  hasManyParentKinds,
  kindList,
  KINDS,
  OWNERS_KIND,
  PARENT_KIND,
  zeroCounts,
  type ParentField,
  type RecordKind,
} from '../kinds/registry.js';
import { IdIndex } from '../records/idIndex.js';
import { RowPacker, type PackedRows, type Value } from '../records/packedRows.js';
import {
  RecordBatchBuilder,
  type OwnerRef,
  type ReadRecord,
  type RecordBatch,
} from '../ingest/transport/recordBatch.js';
import type { PresetName } from '../ingest/identify/presets/index.js';
import { expandInputs, type Source } from '../ingest/sources/sources.js';
import { encodeCells } from '../store/cells.js';
import { systemOwnerMatcher } from '../ingest/values/systemUsers.js';
import { isMangledId, type DateOrder } from '../ingest/values/values.js';
import { ValueWarnings, type FileWarnings } from '../ingest/values/valueWarnings.js';
import type { TableFile } from '../ingest/sources/table.js';

/** What to read: plain data, so it can be handed to a worker thread. */
export interface ReadOptions {
  files: string[];
  /** `--kind KIND=FILE`, by resolved path. */
  kinds?: Partial<Record<string, FileKind>>;
  preset?: PresetName;
  encoding?: string;
  delimiter?: string;
  onBadRow?: 'fail' | 'skip';
  columns?: ColumnMapping;
  /** Config `dateOrder`: how slash dates read when a file does not settle it (default `mdy`). */
  dateOrder?: DateOrder;
  /** Config `systemOwners`: owners that are system users whatever their row says. */
  systemOwners?: string[];
  /** When the exports were taken (ISO timestamp): events that end by then are over. Default: now. */
  asOf?: string;
}

/**
 * A file's whole fingerprint (encoding, hash), taken elsewhere — on the main thread while this one
 * reads the files before it (load/loadSnapshot.ts).
 */
export type FingerprintOf = (source: Source) => Promise<Fingerprint>;

/**
 * The owner row, declared once: each column of `owners` that an `owners` message gives, in order,
 * with how its value comes from the owner and its row (`line` and `raw` are null for a queue found
 * in records). OWNER_COLUMNS and the packing follow this list.
 */
export const OWNER_ROW = [
  ['id', (o) => o.id],
  ['name', (o) => o.name],
  ['email', (o) => o.email],
  ['active', (o) => (o.active ? 1 : 0)],
  ['type', (o) => o.type],
  ['territories', (o) => JSON.stringify(o.territories)],
  ['team', (o) => o.team],
  ['capacity', (o) => JSON.stringify(o.capacity)],
  ['line', (_, line) => line],
  ['raw', (_, _line, raw) => raw],
] as const satisfies readonly (readonly [
  string,
  (owner: OwnerRecord, line: number | null, raw: string | null) => Value,
])[];

/** Columns of an owner row in an `owners` message, in order (see OWNER_ROW). */
export const OWNER_COLUMNS = OWNER_ROW.map(([column]) => column);

export interface FileStats {
  rows: number;
  rejected: number;
  duplicates: number;
  dropped: number;
  /** Rows that repeat a record for another association (HubSpot exports with associations). */
  repeats: number;
}

export type LoadMessage =
  /** First: the files that will be read, in order, and those skipped. */
  | { type: 'plan'; reading: string[]; skipped: SkippedFile[] }
  /** `fields`: the canonical fields the file has a column for (checks that need an absent one do not run). */
  | {
      type: 'file';
      path: string;
      kind: FileKind;
      preset: PresetName;
      encoding: string;
      delimiter: string;
      size: number;
      sha256: string;
      headers: string[];
      fields: string[];
      identity: FileIdentity;
    }
  /** Records of the current file. */
  /** Records of the current file; `read`: about how many of its bytes are read (not for workbooks). */
  | { type: 'records'; batch: RecordBatch; read?: number }
  /** Owner rows: OWNER_COLUMNS. `ofFile` is false for queues found in records. */
  | { type: 'owners'; rows: PackedRows; ofFile: boolean; read?: number }
  /** `raw`: the row's cells as stored (store/cells.ts). */
  | { type: 'duplicate'; kind: FileKind; id: string; line: number; raw: string }
  | { type: 'reject'; file: string; problem: CsvProblem }
  | { type: 'fileDone'; stats: FileStats; warnings: FileWarnings }
  | {
      type: 'done';
      counts: Record<FileKind, number>;
      ambiguousOwners: AmbiguousOwner[];
    };

/** Owners first, then the registry's order (a parent before its children). */
const kindOrder = (kind: FileKind) => FILE_KINDS.indexOf(kind);
/** Rows per message: small enough that a batch's packed text is collected young (see sources.ts). */
const BATCH_ROWS = 500;
const BAD_ROW_HINT =
  'fix the file, or pass --on-bad-row skip to load the other rows and write this one to the rejects file';

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

function packOwner(rows: RowPacker, owner: OwnerRecord, line: number | null, raw: string | null): void {
  for (const [, value] of OWNER_ROW) rows.push(value(owner, line, raw));
}

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

/** What the whole load keeps from file to file: owners, accounts and ids seen, counts. */
class LoadState {
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
class FileRead {
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
