/**
 * Reading a set of export files for a snapshot: each file opened, its kind and preset told, and every
 * row turned into what the database stores — owner and account resolved, duplicates set aside,
 * owner groups counted. It touches no database: it yields messages that the writer (store/
 * loadSnapshot.ts) applies, so it can run in a worker thread while the main thread writes.
 *
 * Owners files are read first so every record's owner can be resolved as it streams past; accounts
 * before contacts so a contact's account can be found.
 */
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { asInputError, openCsv, type CsvFile } from './csvFile.js';
import type { CsvProblem } from './csv.js';
import { AccountDirectory, OwnerDirectory, type AccountRef } from './directory.js';
import { kindFromHeaders, kindFromName } from './kinds.js';
import { fileLayout, readOwner, readRecord, RowError, type ColumnMapping, type FileLayout } from './layout.js';
import { FILE_KINDS, headerKey, type FileKind, type OwnerRecord } from './model.js';
import { IdSet } from './idSet.js';
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

/** Columns of a record row in a `records` message, in order. */
export const RECORD_COLUMNS = [
  'kind', 'id', 'name', 'email_key', 'owner', 'owner_id', 'owner_issue', 'owner_active', 'owner_type',
  'account_id', 'account_owner_id', 'created', 'last_activity', 'line', 'raw',
] as const;

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
  /** Record rows of the current file, flattened: RECORD_COLUMNS.length values per row. */
  | { type: 'records'; values: unknown[] }
  /** Owner rows, flattened: OWNER_COLUMNS.length values per row. `ofFile` is false for queues found in records. */
  | { type: 'owners'; values: unknown[]; ofFile: boolean }
  | { type: 'duplicate'; kind: FileKind; id: string; line: number; raw: string }
  | { type: 'reject'; file: string; problem: CsvProblem }
  | { type: 'fileDone'; stats: FileStats }
  | { type: 'done'; counts: Record<FileKind, number>; unresolvedOwners: Partial<Record<FileKind, number>> };

interface PlannedFile {
  csv: CsvFile;
  layout: FileLayout;
}

const KIND_ORDER: Record<FileKind, number> = { owners: 0, accounts: 1, contacts: 2, leads: 3 };
const BATCH_ROWS = 2000;
const BAD_ROW_HINT = 'fix the file, or pass --on-bad-row skip to load the other rows and write this one to the rejects file';

/** Every input, with `--kind` files added when they are not named among FILEs. */
export async function inputSources(options: ReadOptions): Promise<Source[]> {
  const explicit = Object.keys(options.kinds ?? {}).filter((file) => !options.files.some((f) => path.resolve(f) === file));
  const sources = await expandInputs([...options.files, ...explicit]);
  if (sources.length === 0) throw new UsageError('no files to load');
  return sources;
}

async function planFile(source: Source, options: ReadOptions, onBadRow: ((problem: CsvProblem) => void) | undefined): Promise<PlannedFile> {
  const csv = await openCsv(source, { encoding: options.encoding, delimiter: options.delimiter, onBadRow });
  const headers = csv.header.fields;
  const keys = new Set(headers.map(headerKey));
  const kind = options.kinds?.[path.resolve(source.path)] ?? kindFromName(source.name) ?? kindFromHeaders(keys);
  if (!kind) {
    throw new InputError({ file: source.path }, 'cannot tell whether this file holds owners, accounts, contacts or leads', `name it with --kind contacts=${source.path} (or owners=, accounts=, leads=)`);
  }
  const preset = options.preset ? presetNamed(options.preset)! : detectPreset(keys);
  return { csv, layout: fileLayout(source.path, kind, preset, headers, options.columns) };
}

function ownerValues(owner: OwnerRecord, line: number | null, raw: string | null): unknown[] {
  return [owner.id, owner.name, owner.email, owner.active ? 1 : 0, owner.type, JSON.stringify(owner.territories), owner.team, JSON.stringify(owner.capacity), line, raw];
}

export async function* readSnapshotFiles(options: ReadOptions): AsyncGenerator<LoadMessage> {
  const skip = options.onBadRow === 'skip';
  // Syntax problems found by the CSV reader while a file is read; handed on between rows.
  const pending: LoadMessage[] = [];
  const rejected = new Map<string, number>();
  const planned: PlannedFile[] = [];
  try {
    for (const source of await inputSources(options)) {
      const onBadRow = skip
        ? (problem: CsvProblem) => {
            pending.push({ type: 'reject', file: source.path, problem });
            rejected.set(source.path, (rejected.get(source.path) ?? 0) + 1);
          }
        : undefined;
      planned.push(await planFile(source, options, onBadRow));
    }
    planned.sort((a, b) => KIND_ORDER[a.layout.kind] - KIND_ORDER[b.layout.kind]);

    const queues: unknown[] = [];
    const owners = new OwnerDirectory((queue) => queues.push(...ownerValues(queue, null, null)));
    const accounts = new AccountDirectory();
    const seenIds = new Map<FileKind, IdSet>(FILE_KINDS.map((kind) => [kind, new IdSet()]));
    const counts: Record<FileKind, number> = { owners: 0, accounts: 0, contacts: 0, leads: 0 };
    const unresolvedOwners: Partial<Record<FileKind, number>> = {};

    for (const { csv, layout } of planned) {
      const file = csv.source.path;
      const { kind, preset, headers } = layout;
      yield { type: 'file', path: file, kind, preset: preset.name, encoding: csv.fingerprint.encoding, delimiter: csv.delimiter, size: csv.fingerprint.size, sha256: csv.fingerprint.sha256, headers };
      const stats: FileStats = { rows: 0, rejected: 0, duplicates: 0, dropped: 0 };
      const seen = seenIds.get(kind)!;
      const checkDecoding = csv.fingerprint.encoding === 'utf8' && !csv.fingerprint.validUtf8;
      let batch: unknown[] = [];
      const badRow = (line: number, column: number, reason: string, raw: string) => {
        if (!skip) throw new InputError({ file, line, column }, reason, BAD_ROW_HINT);
        pending.push({ type: 'reject', file, problem: { line, column, reason, raw } });
        rejected.set(file, (rejected.get(file) ?? 0) + 1);
      };

      for await (const row of withFileErrors(csv)) {
        const { fields, line, raw } = row;
        if (pending.length) yield* pending.splice(0);
        if (preset.isFooter?.(fields)) {
          stats.dropped++;
          continue;
        }
        if (fields.length !== headers.length) {
          badRow(line, Math.min(fields.length, headers.length) + 1, `${fields.length} fields, expected ${headers.length} (as in the header line)`, raw);
          continue;
        }
        if (checkDecoding && raw.includes('\uFFFD')) {
          badRow(line, fields.findIndex((f) => f.includes('\uFFFD')) + 1, 'bytes that are not valid UTF-8 (pass --encoding if the file is not UTF-8)', raw);
          continue;
        }
        let id: string;
        let isNew: boolean;
        try {
          if (kind === 'owners') {
            const owner = readOwner(layout, fields);
            id = owner.id;
            isNew = seen.add(id);
            if (isNew) {
              owners.add(owner);
              batch.push(...ownerValues(owner, line, raw));
            }
          } else {
            const record = readRecord(layout, fields);
            id = record.id;
            isNew = seen.add(id);
            if (isNew) {
              const { ownerId = null, issue = null } = owners.resolve(record.owner);
              if (issue && issue !== 'empty') unresolvedOwners[kind] = (unresolvedOwners[kind] ?? 0) + 1;
              const owner = ownerId === null ? undefined : owners.get(ownerId);
              let account: AccountRef | undefined;
              if (kind === 'accounts') accounts.add(record.id, record.name, ownerId);
              else account = accounts.resolve(record.accountId, record.accountName);
              const accountOwnerId = account?.ownerId ?? null;
              batch.push(
                kind, record.id, record.name, record.email.trim().toLowerCase(), record.owner, ownerId, issue,
                owner ? (owner.active ? 1 : 0) : null, owner?.type ?? null, account?.id ?? null, accountOwnerId,
                record.created, record.lastActivity, line, raw,
              );
            }
          }
        } catch (error) {
          if (!(error instanceof RowError)) throw error;
          badRow(line, error.column, error.message, raw);
          continue;
        }
        if (!isNew) {
          stats.duplicates++;
          yield { type: 'duplicate', kind, id, line, raw };
          continue;
        }
        stats.rows++;
        if (stats.rows % BATCH_ROWS === 0) {
          if (queues.length) yield { type: 'owners', values: queues.splice(0), ofFile: false };
          yield kind === 'owners' ? { type: 'owners', values: batch, ofFile: true } : { type: 'records', values: batch };
          batch = [];
        }
      }
      if (pending.length) yield* pending.splice(0);
      if (queues.length) yield { type: 'owners', values: queues.splice(0), ofFile: false };
      if (batch.length) yield kind === 'owners' ? { type: 'owners', values: batch, ofFile: true } : { type: 'records', values: batch };
      stats.rejected = rejected.get(file) ?? 0;
      counts[kind] += stats.rows;
      yield { type: 'fileDone', stats };
    }
    counts.owners = owners.size;
    yield { type: 'done', counts, unresolvedOwners };
  } finally {
    for (const { csv } of planned) await csv.rows.return(undefined);
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
