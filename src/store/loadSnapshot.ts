/**
 * `load`: reads a set of export files into one new snapshot, in one transaction. Owners files are
 * read first so every record's owner can be resolved as it streams past; accounts before contacts
 * so a contact's account can be found.
 */
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { asInputError, openCsv, type CsvFile } from '../ingest/csvFile.js';
import type { CsvProblem } from '../ingest/csv.js';
import { AccountDirectory, OwnerDirectory, type AccountRef } from '../ingest/directory.js';
import { kindFromHeaders, kindFromName } from '../ingest/kinds.js';
import { fileLayout, readOwner, readRecord, RowError, type ColumnMapping, type FileLayout } from '../ingest/layout.js';
import { FILE_KINDS, headerKey, type FileKind, type OwnerRecord } from '../ingest/model.js';
import { detectPreset, presetNamed, type PresetName } from '../ingest/presets/index.js';
import { expandInputs, type Source } from '../ingest/sources.js';
import { CsvWriter } from '../output/csvWriter.js';
import { BatchInsert } from './batchInsert.js';
import { OwnerGroups } from './ownerGroups.js';
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
  /** Told of progress every few thousand rows. */
  progress?: (file: string, rows: number) => void;
  now?: Date;
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
}

export type KindCounts = Record<FileKind, number>;

export interface LoadResult {
  snapshot: number;
  label: string | null;
  loadedAt: string;
  files: LoadedFile[];
  counts: KindCounts;
  rejected: number;
  /** Set when rows were skipped and written there. */
  rejectsPath?: string;
  /** Records whose owner value resolved to no owner, by kind (empty values are not counted). */
  unresolvedOwners: Partial<Record<FileKind, number>>;
}

interface PlannedFile {
  csv: CsvFile;
  layout: FileLayout;
}

const KIND_ORDER: Record<FileKind, number> = { owners: 0, accounts: 1, contacts: 2, leads: 3 };

type Reject = (file: string, problem: CsvProblem) => void;

async function planFile(source: Source, options: LoadOptions, reject: Reject | undefined): Promise<PlannedFile> {
  const onBadRow = reject && ((problem: CsvProblem) => reject(source.path, problem));
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

export async function loadSnapshot(db: Db, options: LoadOptions): Promise<LoadResult> {
  const skip = options.onBadRow === 'skip';
  const explicit = Object.keys(options.kinds ?? {});
  const sources = await expandInputs([...options.files, ...explicit.filter((file) => !options.files.some((f) => path.resolve(f) === file))]);
  if (sources.length === 0) throw new UsageError('no files to load');

  let rejects: CsvWriter | undefined;
  // Rejected rows per file: syntax problems are found by the CSV reader, the rest by the loader.
  const rejectedRows = new Map<string, number>();
  const reject: Reject = (file, problem) => {
    rejects ??= new CsvWriter(options.rejectsPath, 'people', ['file', 'line', 'column', 'reason', 'raw']);
    rejects.write([file, problem.line, problem.column, problem.reason, problem.raw]);
    rejectedRows.set(file, (rejectedRows.get(file) ?? 0) + 1);
  };

  const planned: PlannedFile[] = [];
  try {
    for (const source of sources) planned.push(await planFile(source, options, skip ? reject : undefined));
    planned.sort((a, b) => KIND_ORDER[a.layout.kind] - KIND_ORDER[b.layout.kind]);

    const loadedAt = (options.now ?? new Date()).toISOString();
    const result = await inTransaction(db, () => writeSnapshot(db, planned, options, loadedAt, reject, rejectedRows));
    if (rejects) {
      (rejects as CsvWriter).commit();
      result.rejectsPath = (rejects as CsvWriter).path;
    }
    return result;
  } catch (error) {
    rejects?.abort();
    throw error;
  } finally {
    for (const { csv } of planned) await csv.rows.return(undefined);
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

async function writeSnapshot(
  db: Db,
  planned: PlannedFile[],
  options: LoadOptions,
  loadedAt: string,
  reject: Reject,
  rejectedRows: Map<string, number>,
): Promise<LoadResult> {
  const skip = options.onBadRow === 'skip';
  const snapshot = Number(db.prepare('INSERT INTO snapshots (label, loaded_at, counts) VALUES (?, ?, ?)').run(options.label ?? null, loadedAt, '{}').lastInsertRowid);
  const insertFile = db.prepare(
    `INSERT INTO snapshot_files (snapshot_id, path, kind, preset, encoding, delimiter, size, sha256, rows, rejected, duplicates, dropped, headers)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)`,
  );
  const finishFile = db.prepare('UPDATE snapshot_files SET rows = ?, rejected = ?, duplicates = ?, dropped = ? WHERE id = ?');
  const ownerRows = new BatchInsert(db, 'owners', ['snapshot_id', 'id', 'name', 'email', 'active', 'type', 'territories', 'team', 'capacity', 'file_id', 'line', 'raw'], 16);
  const records = new BatchInsert(db, 'records', [
    'snapshot_id', 'kind', 'id', 'name', 'email_key', 'owner', 'owner_id', 'owner_issue', 'owner_active', 'owner_type',
    'account_id', 'account_owner_id', 'created', 'last_activity', 'file_id', 'line', 'raw',
  ]);
  const groups = new OwnerGroups();
  const duplicates = new BatchInsert(db, 'duplicate_rows', ['snapshot_id', 'kind', 'id', 'file_id', 'line', 'raw'], 1);

  const saveOwner = (owner: OwnerRecord, fileId: number | null, line: number | null, raw: string | null) =>
    ownerRows.add(snapshot, owner.id, owner.name, owner.email, owner.active ? 1 : 0, owner.type, JSON.stringify(owner.territories), owner.team, JSON.stringify(owner.capacity), fileId, line, raw);
  const owners = new OwnerDirectory((queue) => saveOwner(queue, null, null, null));
  const accounts = new AccountDirectory();
  const seenIds = new Map<FileKind, Set<string>>(FILE_KINDS.map((kind) => [kind, new Set<string>()]));
  const counts: KindCounts = { owners: 0, accounts: 0, contacts: 0, leads: 0 };
  const unresolvedOwners: LoadResult['unresolvedOwners'] = {};
  const files: LoadedFile[] = [];

  const rowidBefore = (db.prepare('SELECT coalesce(max(rowid), 0) AS n FROM records').get() as { n: number }).n;
  for (const { csv, layout } of planned) {
    const file = csv.source.path;
    const { kind, preset, headers } = layout;
    const fileId = Number(
      insertFile.run(snapshot, file, kind, preset.name, csv.fingerprint.encoding, csv.delimiter, csv.fingerprint.size, csv.fingerprint.sha256, JSON.stringify(headers)).lastInsertRowid,
    );
    const stats = { rows: 0, rejected: 0, duplicates: 0, dropped: 0 };
    const seen = seenIds.get(kind)!;
    const badRow = (line: number, column: number, reason: string, raw: string) => {
      if (!skip) throw new InputError({ file, line, column }, reason, 'fix the file, or pass --on-bad-row skip to load the other rows and write this one to the rejects file');
      reject(file, { line, column, reason, raw });
    };
    const checkDecoding = csv.fingerprint.encoding === 'utf8' && !csv.fingerprint.validUtf8;

    const rows = withFileErrors(csv);
    for await (const row of rows) {
      const { fields, line } = row;
      if (preset.isFooter?.(fields)) {
        stats.dropped++;
        continue;
      }
      if (fields.length !== headers.length) {
        badRow(line, Math.min(fields.length, headers.length) + 1, `${fields.length} fields, expected ${headers.length} (as in the header line)`, row.raw);
        continue;
      }
      if (checkDecoding && row.raw.includes('\uFFFD')) {
        badRow(line, fields.findIndex((f) => f.includes('\uFFFD')) + 1, 'bytes that are not valid UTF-8 (pass --encoding if the file is not UTF-8)', row.raw);
        continue;
      }
      try {
        if (kind === 'owners') {
          const owner = readOwner(layout, fields);
          if (seen.has(owner.id)) {
            stats.duplicates++;
            duplicates.add(snapshot, kind, owner.id, fileId, line, row.raw);
            continue;
          }
          seen.add(owner.id);
          owners.add(owner);
          saveOwner(owner, fileId, line, row.raw);
        } else {
          const record = readRecord(layout, fields);
          if (seen.has(record.id)) {
            stats.duplicates++;
            duplicates.add(snapshot, kind, record.id, fileId, line, row.raw);
            continue;
          }
          seen.add(record.id);
          const { ownerId = null, issue = null } = owners.resolve(record.owner);
          if (issue && issue !== 'empty') unresolvedOwners[kind] = (unresolvedOwners[kind] ?? 0) + 1;
          const owner = ownerId === null ? undefined : owners.get(ownerId);
          let account: AccountRef | undefined;
          if (kind === 'accounts') accounts.add(record.id, record.name, ownerId);
          else account = accounts.resolve(record.accountId, record.accountName);
          groups.count(kind, ownerId, issue, ownerId === null ? record.owner : '', owner, account?.ownerId ?? null);
          records.add(
            snapshot,
            kind,
            record.id,
            record.name,
            record.email.trim().toLowerCase(),
            record.owner,
            ownerId,
            issue,
            owner ? (owner.active ? 1 : 0) : null,
            owner?.type ?? null,
            account?.id ?? null,
            account?.ownerId ?? null,
            record.created,
            record.lastActivity,
            fileId,
            line,
            row.raw,
          );
        }
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        badRow(line, error.column, error.message, row.raw);
        continue;
      }
      stats.rows++;
      if (stats.rows % 10_000 === 0) options.progress?.(file, stats.rows);
    }
    records.flush();
    ownerRows.flush();
    duplicates.flush();
    stats.rejected = rejectedRows.get(file) ?? 0;
    finishFile.run(stats.rows, stats.rejected, stats.duplicates, stats.dropped, fileId);
    counts[kind] += stats.rows;
    files.push({
      path: file,
      kind,
      preset: preset.name,
      encoding: csv.fingerprint.encoding,
      delimiter: csv.delimiter,
      size: csv.fingerprint.size,
      sha256: csv.fingerprint.sha256,
      ...stats,
    });
  }
  counts.owners = owners.size;
  groups.save(db, snapshot);
  // Each kind's records were written in one run of rowids (files are read kind by kind).
  db.prepare(
    `INSERT INTO record_ranges (snapshot_id, kind, first_rowid, last_rowid)
     SELECT snapshot_id, kind, min(rowid), max(rowid) FROM records WHERE rowid > ? GROUP BY kind`,
  ).run(rowidBefore);
  db.prepare('UPDATE snapshots SET counts = ? WHERE id = ?').run(JSON.stringify(counts), snapshot);
  const rejected = files.reduce((sum, f) => sum + f.rejected, 0);
  return { snapshot, label: options.label ?? null, loadedAt, files, counts, rejected, unresolvedOwners };
}

/** The file's rows, with CSV syntax errors turned into errors that name the file. */
async function* withFileErrors(csv: CsvFile) {
  try {
    yield* csv.rows;
  } catch (error) {
    throw asInputError(error, csv.source.path);
  }
}
