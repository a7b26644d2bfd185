/**
 * Reading a set of export files for a snapshot: each file opened, its kind and preset told, and every
 * row turned into what the database stores — owner and account resolved, duplicates set aside.
 * It touches no database: it yields messages that the writer (store/loadSnapshot.ts) applies, so
 * it can run in a worker thread while the main thread writes.
 *
 * Owners files are read first so every record's owner can be resolved as it streams past; accounts
 * before contacts so a contact's account can be found. The order is planned from each file's
 * header, read with the encoding the file's start suggests; its rows are read with the whole
 * file's (see FingerprintOf).
 */
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { asInputError } from './csvFile.js';
import type { CsvProblem } from './csv.js';
import type { Fingerprint } from './decode.js';
import { AccountDirectory, OwnerDirectory, ParentDirectory, type AccountRef, type OwnerResolution } from './directory.js';
import { FooterRows } from './footer.js';
import { fileIdentity, type FileIdentity } from './explain.js';
import { openPlanned, planSources, type PlannedFile, type SkippedFile } from './filePlan.js';
import { ownFieldsKey, readOwner, readRecord, RowError, type ColumnMapping, type FileLayout } from './layout.js';
import { AmbiguousOwners, type AmbiguousOwner } from './ambiguousOwners.js';
import { FILE_KINDS, type FileKind, type OwnerRecord } from './model.js';
import { hasManyParentKinds, kindList, KINDS, OWNERS_KIND, PARENT_KIND, zeroCounts, type RecordKind } from '../kinds/registry.js';
import { IdIndex } from './idIndex.js';
import { RowPacker, type PackedRows, type Value } from './packedRows.js';
import { RecordBatchBuilder, type OwnerRef, type ReadRecord, type RecordBatch } from './recordBatch.js';
import type { PresetName } from './presets/index.js';
import { expandInputs, type Source } from './sources.js';
import { encodeCells } from '../store/cells.js';
import { systemOwnerMatcher } from './systemUsers.js';
import { isMangledId, type DateOrder } from './values.js';
import { ValueWarnings, type FileWarnings } from './valueWarnings.js';
import type { TableFile } from './table.js';

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
 * reads the files before it (store/loadSnapshot.ts).
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
] as const satisfies readonly (readonly [string, (owner: OwnerRecord, line: number | null, raw: string | null) => Value])[];

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
  | { type: 'file'; path: string; kind: FileKind; preset: PresetName; encoding: string; delimiter: string; size: number; sha256: string; headers: string[]; fields: string[]; identity: FileIdentity }
  /** Records of the current file. */
  | { type: 'records'; batch: RecordBatch }
  /** Owner rows: OWNER_COLUMNS. `ofFile` is false for queues found in records. */
  | { type: 'owners'; rows: PackedRows; ofFile: boolean }
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
const BAD_ROW_HINT = 'fix the file, or pass --on-bad-row skip to load the other rows and write this one to the rejects file';

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
    if (source.skipped !== undefined) return void skipped.push({ path: source.path, object: null, reason: source.skipped });
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
  return { owner, ownerId: ownerId ?? null, issue: issue ?? null, active: resolved ? (resolved.active ? 1 : 0) : null, type: resolved?.type ?? null };
}

export async function* readSnapshotFiles(options: ReadOptions, fingerprintOf: FingerprintOf): AsyncGenerator<LoadMessage> {
  const skip = options.onBadRow === 'skip';
  const planned: PlannedFile[] = [];
  let csv: TableFile | undefined;
  try {
    const { sources, skipped: unread } = await inputFiles(options);
    const { planned: plans, skipped } = await planSources(sources, options);
    skipped.unshift(...unread);
    planned.push(...plans);
    if (planned.length === 0) throw nothingLoads(skipped);
    planned.sort((a, b) => kindOrder(a.layout.kind) - kindOrder(b.layout.kind));
    yield { type: 'plan', reading: planned.map(({ source }) => source.path), skipped };

    const queues = new RowPacker(OWNER_COLUMNS.length);
    const owners = new OwnerDirectory((queue) => packOwner(queues, queue, null, null));
    const seenIds = new Map<FileKind, IdIndex>(FILE_KINDS.map((kind) => [kind, new IdIndex(false)]));
    // Account names are kept only when a file names its account by name (Dynamics, Pipedrive).
    const accounts = new AccountDirectory(planned.some(({ layout }) => layout.kind !== PARENT_KIND && layout.column.account_name !== undefined));
    // Records that activities and team members point at, kept only when such files are loaded.
    const parents = new ParentDirectory(new Set(planned.flatMap(({ layout }) => (layout.kind === OWNERS_KIND ? [] : (KINDS[layout.kind].parentFields ?? []).flatMap((f) => f.kinds)))));
    const asOf = (options.asOf ?? new Date().toISOString()).slice(0, 19);
    // One for all files: the owner refs it numbers hold for the whole load.
    const records = new RecordBatchBuilder((owner, resolution) => ownerRef(owners, owner, resolution));
    const isSystemOwner = systemOwnerMatcher(options.systemOwners ?? []);
    const counts = zeroCounts();
    const ambiguous = new AmbiguousOwners(owners);

    for (const plannedFile of planned) {
      // Syntax problems the CSV reader meets in skip mode, in line order, not yet handed on.
      const problems: CsvProblem[] = [];
      let layout: FileLayout;
      ({ csv, layout } = await openPlanned(plannedFile, options, fingerprintOf, problems));
      const file = csv.source.path;
      const { kind, preset, headers } = layout;
      const { rowFilter } = plannedFile;
      const { delimiter } = csv;
      const print = await fingerprintOf(csv.source);
      const identity = fileIdentity(plannedFile.identification, layout);
      yield { type: 'file', path: file, kind, preset: preset.name, encoding: csv.encoding, delimiter, size: print.size, sha256: print.sha256, headers, fields: Object.keys(layout.column), identity };
      const stats: FileStats = { rows: 0, rejected: 0, duplicates: 0, dropped: 0, repeats: 0 };
      // One row per association: each record's own fields (ownFieldsKey), to tell a repeat from a duplicate.
      const ownFields = layout.rowPerAssociation ? new IdIndex() : undefined;
      const seen = seenIds.get(kind)!;
      const recordKind = kind === OWNERS_KIND ? undefined : (kind as RecordKind);
      const keptAsParent = recordKind !== undefined && parents.keeps(recordKind);
      const parentFields = recordKind && KINDS[recordKind].parentFields;
      const parentKindKept = recordKind !== undefined && hasManyParentKinds(recordKind);
      const checkDecoding = csv.lostBytes;
      const ownerRows = new RowPacker(OWNER_COLUMNS.length);
      const warnings = new ValueWarnings(layout);
      const batchMessage = (): LoadMessage => (kind === OWNERS_KIND ? { type: 'owners', rows: ownerRows.take(), ofFile: true } : { type: 'records', batch: records.take() });
      const reject = (problem: CsvProblem): LoadMessage => {
        if (!skip) throw new InputError(csv!.position(problem.line, problem.column), problem.reason, BAD_ROW_HINT);
        stats.rejected++;
        return { type: 'reject', file, problem };
      };
      // The CSV reader's problems, handed on in line order among the rows' own.
      const problemsBefore = (line: number) => {
        let n = 0;
        while (n < problems.length && problems[n].line < line) n++;
        const before = problems.splice(0, n);
        return rowFilter?.again ? [] : before.map(reject);
      };

      let first = true;
      const footer = new FooterRows(csv.header);
      for await (const batch of withFileErrors(csv)) {
        const rows = footer.take(batch);
        if (first && rows.length > 0) {
          // Room for the file's ids at once, as many as its first rows say it has.
          const chars = rows.reduce((sum, row) => sum + row.raw.length + 1, 0);
          seen.reserve(Math.ceil((rows.length * print.size) / chars));
          first = false;
        }
        for (const { fields, line, raw } of rows) {
          if (problems.length) yield* problemsBefore(line);
          if (rowFilter && !rowFilter.test(fields[rowFilter.index] ?? '')) continue;
          if (fields.length !== headers.length) {
            yield reject({ line, column: Math.min(fields.length, headers.length) + 1, reason: `${fields.length} fields, expected ${headers.length} (as in the header line)`, raw });
            continue;
          }
          if (checkDecoding && raw.includes('\uFFFD')) {
            yield reject({ line, column: fields.findIndex((f) => f.includes('\uFFFD')) + 1, reason: 'bytes that are not valid UTF-8 (pass --encoding if the file is not UTF-8)', raw });
            continue;
          }
          let id: string;
          let isNew: boolean;
          let repeat = false;
          try {
            if (kind === OWNERS_KIND) {
              const owner = readOwner(layout, fields);
              if (owner.type === 'user' && isSystemOwner(owner)) owner.type = 'system';
              id = owner.id;
              isNew = seen.add(id, 0);
              if (isNew) {
                owners.add(owner);
                packOwner(ownerRows, owner, line, encodeCells(fields, raw, delimiter));
              }
            } else {
              const record = readRecord(layout, fields, asOf);
              id = record.id;
              // An id Excel turned into a number no longer tells records apart: each row is its own
              // record (audited as mangled-id), never a repeat or a duplicate of another.
              const mangledId = isMangledId(id);
              isNew = mangledId || seen.add(id, 0);
              if (ownFields && !mangledId) {
                if (isNew) ownFields.add(id, ownFieldsKey(record));
                else repeat = ownFields.get(id) === ownFieldsKey(record);
              }
              if (isNew) {
                const resolution = owners.resolve(record.owner);
                const { ownerId = null, issue = null } = resolution;
                // Open records only, as the audit counts them (closed ones are history).
                if (issue === 'ambiguous' && !record.closed) ambiguous.add(kind, record.owner);
                const emailKey = record.email.trim().toLowerCase();
                let account: AccountRef | undefined;
                let details = record.details;
                if (kind === PARENT_KIND) accounts.add(record.id, record.name, ownerId);
                if (keptAsParent) parents.add(recordKind!, record.id, ownerId);
                if (parentFields) {
                  const parent = parents.resolve(parentFields, record.parentRefs!, layout.preset.salesforceIds === true);
                  account = parent;
                  // The parent's kind, where ids alone may not tell it (the same number a deal's and a company's).
                  if (parent && parentKindKept) details = details ? `${details.slice(0, -1)},"parent_kind":${JSON.stringify(parent.kind)}}` : JSON.stringify({ parent_kind: parent.kind });
                } else if (kind !== PARENT_KIND) account = accounts.resolve(record.accountId, record.accountName);
                // A mangled account reference is kept as it stands, for the mangled-id check to see.
                const mangled = warnings.see(record, line);
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
                  raw: encodeCells(fields, raw, delimiter),
                };
                records.add(stored, record.owner, resolution);
              }
            }
          } catch (error) {
            if (!(error instanceof RowError)) throw error;
            yield reject({ line, column: error.column, reason: error.message, raw });
            continue;
          }
          if (repeat) {
            stats.repeats++;
            continue;
          }
          if (!isNew) {
            stats.duplicates++;
            yield { type: 'duplicate', kind, id, line, raw: encodeCells(fields, raw, delimiter) };
            continue;
          }
          stats.rows++;
          if (stats.rows % BATCH_ROWS === 0) {
            if (queues.rows) yield { type: 'owners', rows: queues.take(), ofFile: false };
            yield batchMessage();
          }
        }
      }
      stats.dropped = footer.end();
      yield* problemsBefore(Infinity);
      if (queues.rows) yield { type: 'owners', rows: queues.take(), ofFile: false };
      if (ownerRows.rows || records.rows) yield batchMessage();
      counts[kind] = (counts[kind] ?? 0) + stats.rows;
      yield { type: 'fileDone', stats, warnings: warnings.take() };
    }
    counts.owners = owners.size;
    yield { type: 'done', counts, ambiguousOwners: ambiguous.list() };
  } finally {
    await csv?.close();
  }
}

/** A folder or zip of which no file loads: what each file was, in short. */
function nothingLoads(skipped: readonly SkippedFile[]): InputError {
  const first = skipped.slice(0, 3).map((file) => `${path.basename(file.path)}: ${file.reason}`);
  const more = skipped.length > 3 ? `; and ${skipped.length - 3} more` : '';
  return new InputError({ file: skipped[0]?.path ?? '' }, `nothing to load: every file was skipped (${first.join('; ')}${more})`, `name a file's kind with --kind KIND=FILE, or load the exports of ${kindList(FILE_KINDS, 'and')}`);
}

/** The file's rows, with CSV syntax errors turned into errors that name the file. */
async function* withFileErrors(csv: TableFile) {
  try {
    yield* csv.rows;
  } catch (error) {
    throw asInputError(error, csv.source.path);
  }
}
