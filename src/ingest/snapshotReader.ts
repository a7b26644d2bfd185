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
import { asInputError, openCsv, type CsvFile } from './csvFile.js';
import type { CsvProblem } from './csv.js';
import { fingerprint, type Fingerprint } from './decode.js';
import { AccountDirectory, OwnerDirectory, type AccountRef, type OwnerResolution } from './directory.js';
import { kindFromHeaders, kindFromName } from './kinds.js';
import { fileLayout, readOwner, readRecord, RowError, type ColumnMapping, type FileLayout } from './layout.js';
import { FILE_KINDS, headerKey, type FileKind, type OwnerRecord, type RecordKind } from './model.js';
import { IdIndex } from './idIndex.js';
import { RowPacker, type PackedRows } from './packedRows.js';
import { RecordBatchBuilder, type OwnerRef, type RecordBatch } from './recordBatch.js';
import { detectPreset, presetNamed, type PresetName } from './presets/index.js';
import { expandInputs, type Source } from './sources.js';

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
}

/**
 * A file's whole fingerprint (encoding, hash), taken elsewhere — on the main thread while this one
 * reads the files before it (store/loadSnapshot.ts).
 */
export type FingerprintOf = (source: Source) => Promise<Fingerprint>;

/** Columns of an owner row in an `owners` message, in order (`line` and `raw` are null for a queue found in records). */
export const OWNER_COLUMNS = ['id', 'name', 'email', 'active', 'type', 'territories', 'team', 'capacity', 'line', 'raw'] as const;

export interface FileStats {
  rows: number;
  rejected: number;
  duplicates: number;
  dropped: number;
}

export type LoadMessage =
  | { type: 'file'; path: string; kind: FileKind; preset: PresetName; encoding: string; delimiter: string; size: number; sha256: string; headers: string[] }
  /** Records of the current file. */
  | { type: 'records'; batch: RecordBatch }
  /** Owner rows: OWNER_COLUMNS. `ofFile` is false for queues found in records. */
  | { type: 'owners'; rows: PackedRows; ofFile: boolean }
  | { type: 'duplicate'; kind: FileKind; id: string; line: number; raw: string }
  | { type: 'reject'; file: string; problem: CsvProblem }
  | { type: 'fileDone'; stats: FileStats }
  | {
      type: 'done';
      counts: Record<FileKind, number>;
      unresolvedOwners: Partial<Record<FileKind, number>>;
    };

interface PlannedFile {
  source: Source;
  layout: FileLayout;
}

const KIND_ORDER: Record<FileKind, number> = { owners: 0, accounts: 1, contacts: 2, leads: 3 };
/** Rows per message: small enough that a batch's packed text is collected young (see sources.ts). */
const BATCH_ROWS = 500;
/** Enough of a file's start to read its header line with the encoding the start suggests. */
const HEAD_BYTES = 1024 * 1024;
const BAD_ROW_HINT = 'fix the file, or pass --on-bad-row skip to load the other rows and write this one to the rejects file';

/**
 * Every input, with `--kind` files added; a file reached twice (named in a folder given and by
 * `--kind`, or given twice) is read once.
 */
export async function inputSources(options: ReadOptions): Promise<Source[]> {
  const all = await expandInputs([...options.files, ...Object.keys(options.kinds ?? {})]);
  const seen = new Set<string>();
  const sources = all.filter((source) => {
    const key = source.file === undefined ? source.path : path.resolve(source.file);
    return !seen.has(key) && Boolean(seen.add(key));
  });
  if (sources.length === 0) throw new UsageError('no files to load');
  return sources;
}

/** A file's kind and layout, from its header line: what the order of reading needs. */
async function planFile(source: Source, options: ReadOptions): Promise<PlannedFile> {
  const head = await openCsv(source, await fingerprint(source, options.encoding, HEAD_BYTES), { delimiter: options.delimiter });
  await head.close();
  const headers = head.header.fields;
  const keys = new Set(headers.map(headerKey));
  const kind = options.kinds?.[path.resolve(source.path)] ?? kindFromName(source.name) ?? kindFromHeaders(keys);
  if (!kind) {
    throw new InputError({ file: source.path }, 'cannot tell whether this file holds owners, accounts, contacts or leads', `name it with --kind contacts=${source.path} (or owners=, accounts=, leads=)`);
  }
  const preset = options.preset ? presetNamed(options.preset)! : detectPreset(keys);
  return { source, layout: fileLayout(source.path, kind, preset, headers, options.columns) };
}

/** Opens a planned file for its rows, decoded as its whole fingerprint says. */
async function openPlanned({ source, layout }: PlannedFile, options: ReadOptions, fingerprintOf: FingerprintOf, problems: CsvProblem[]): Promise<{ csv: CsvFile; layout: FileLayout }> {
  const onBadRow = options.onBadRow === 'skip' ? (problem: CsvProblem) => void problems.push(problem) : undefined;
  const csv = await openCsv(source, await fingerprintOf(source), { delimiter: options.delimiter, onBadRow });
  // A start that looked like UTF-8 in a Windows-1252 file: the header reads the same unless it
  // holds other than ASCII, and then the columns are found again in the header as now decoded.
  const headers = csv.header.fields;
  const same = headers.length === layout.headers.length && headers.every((header, i) => header === layout.headers[i]);
  return { csv, layout: same ? layout : fileLayout(source.path, layout.kind, layout.preset, headers, options.columns) };
}

function packOwner(rows: RowPacker, owner: OwnerRecord, line: number | null, raw: string | null): void {
  for (const value of [owner.id, owner.name, owner.email, owner.active ? 1 : 0, owner.type, JSON.stringify(owner.territories), owner.team, JSON.stringify(owner.capacity), line, raw]) rows.push(value);
}

function ownerRef(owners: OwnerDirectory, owner: string, { ownerId, issue }: OwnerResolution): OwnerRef {
  const resolved = ownerId === undefined ? undefined : owners.get(ownerId);
  return { owner, ownerId: ownerId ?? null, issue: issue ?? null, active: resolved ? (resolved.active ? 1 : 0) : null, type: resolved?.type ?? null };
}

export async function* readSnapshotFiles(options: ReadOptions, fingerprintOf: FingerprintOf): AsyncGenerator<LoadMessage> {
  const skip = options.onBadRow === 'skip';
  const planned: PlannedFile[] = [];
  let csv: CsvFile | undefined;
  try {
    for (const source of await inputSources(options)) planned.push(await planFile(source, options));
    planned.sort((a, b) => KIND_ORDER[a.layout.kind] - KIND_ORDER[b.layout.kind]);

    const queues = new RowPacker(OWNER_COLUMNS.length);
    const owners = new OwnerDirectory((queue) => packOwner(queues, queue, null, null));
    const seenIds = new Map<FileKind, IdIndex>(FILE_KINDS.map((kind) => [kind, new IdIndex(false)]));
    // Account names are kept only when a file names its account by name (Dynamics, Pipedrive).
    const accounts = new AccountDirectory(planned.some(({ layout }) => layout.kind !== 'accounts' && layout.column.account_name !== undefined));
    // One for all files: the owner refs it numbers hold for the whole load.
    const records = new RecordBatchBuilder((owner, resolution) => ownerRef(owners, owner, resolution));
    const counts: Record<FileKind, number> = { owners: 0, accounts: 0, contacts: 0, leads: 0 };
    const unresolvedOwners: Partial<Record<FileKind, number>> = {};

    for (const plannedFile of planned) {
      // Syntax problems the CSV reader meets in skip mode, in line order, not yet handed on.
      const problems: CsvProblem[] = [];
      let layout: FileLayout;
      ({ csv, layout } = await openPlanned(plannedFile, options, fingerprintOf, problems));
      const file = csv.source.path;
      const { kind, preset, headers } = layout;
      yield { type: 'file', path: file, kind, preset: preset.name, encoding: csv.fingerprint.encoding, delimiter: csv.delimiter, size: csv.fingerprint.size, sha256: csv.fingerprint.sha256, headers };
      const stats: FileStats = { rows: 0, rejected: 0, duplicates: 0, dropped: 0 };
      const seen = seenIds.get(kind)!;
      const checkDecoding = csv.fingerprint.encoding === 'utf8' && !csv.fingerprint.validUtf8;
      const ownerRows = new RowPacker(OWNER_COLUMNS.length);
      const batchMessage = (): LoadMessage => (kind === 'owners' ? { type: 'owners', rows: ownerRows.take(), ofFile: true } : { type: 'records', batch: records.take() });
      const reject = (problem: CsvProblem): LoadMessage => {
        if (!skip) throw new InputError({ file, line: problem.line, column: problem.column }, problem.reason, BAD_ROW_HINT);
        stats.rejected++;
        return { type: 'reject', file, problem };
      };
      // The CSV reader's problems, handed on in line order among the rows' own.
      const problemsBefore = (line: number) => {
        let n = 0;
        while (n < problems.length && problems[n].line < line) n++;
        return problems.splice(0, n).map(reject);
      };

      let first = true;
      for await (const rows of withFileErrors(csv)) {
        if (first && rows.length > 0) {
          // Room for the file's ids at once, as many as its first rows say it has.
          const chars = rows.reduce((sum, row) => sum + row.raw.length + 1, 0);
          seen.reserve(Math.ceil((rows.length * csv.fingerprint.size) / chars));
          first = false;
        }
        for (const { fields, line, raw } of rows) {
          if (problems.length) yield* problemsBefore(line);
          if (preset.isFooter?.(fields)) {
            stats.dropped++;
            continue;
          }
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
          try {
            if (kind === 'owners') {
              const owner = readOwner(layout, fields);
              id = owner.id;
              isNew = seen.add(id, 0);
              if (isNew) {
                owners.add(owner);
                packOwner(ownerRows, owner, line, raw);
              }
            } else {
              const record = readRecord(layout, fields);
              id = record.id;
              isNew = seen.add(id, 0);
              if (isNew) {
                const resolution = owners.resolve(record.owner);
                const { ownerId = null, issue = null } = resolution;
                if (issue && issue !== 'empty') unresolvedOwners[kind] = (unresolvedOwners[kind] ?? 0) + 1;
                const emailKey = record.email.trim().toLowerCase();
                let account: AccountRef | undefined;
                if (kind === 'accounts') accounts.add(record.id, record.name, ownerId);
                else account = accounts.resolve(record.accountId, record.accountName);
                const stored = {
                  id: record.id,
                  name: record.name,
                  emailKey,
                  accountId: account?.id ?? null,
                  accountOwnerId: account?.ownerId ?? null,
                  created: record.created,
                  lastActivity: record.lastActivity,
                  line,
                  raw,
                };
                records.add(stored, record.owner, resolution);
              }
            }
          } catch (error) {
            if (!(error instanceof RowError)) throw error;
            yield reject({ line, column: error.column, reason: error.message, raw });
            continue;
          }
          if (!isNew) {
            stats.duplicates++;
            yield { type: 'duplicate', kind, id, line, raw };
            continue;
          }
          stats.rows++;
          if (stats.rows % BATCH_ROWS === 0) {
            if (queues.rows) yield { type: 'owners', rows: queues.take(), ofFile: false };
            yield batchMessage();
          }
        }
      }
      yield* problemsBefore(Infinity);
      if (queues.rows) yield { type: 'owners', rows: queues.take(), ofFile: false };
      if (ownerRows.rows || records.rows) yield batchMessage();
      counts[kind] += stats.rows;
      yield { type: 'fileDone', stats };
    }
    counts.owners = owners.size;
    yield { type: 'done', counts, unresolvedOwners };
  } finally {
    await csv?.close();
  }
}

/** The file's rows, with CSV syntax errors turned into errors that name the file. */
async function* withFileErrors(csv: CsvFile) {
  try {
    yield* csv.rows;
  } catch (error) {
    throw asInputError(error, csv.source.path);
  }
}
