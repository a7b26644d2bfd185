/**
 * What the snapshot reader (load/readSnapshot.ts) is told and what it tells: the read options, the
 * owner row, and the messages the writer (load/writeSnapshot.ts) applies. Plain data, so they cross
 * to and from the worker thread.
 */
import type { CsvProblem } from '../csv.js';
import type { Fingerprint } from '../ingest/sources/decode.js';
import { type FileIdentity } from '../ingest/identify/explain.js';
import { type SkippedFile } from './filePlan.js';
import { type ColumnMapping } from '../ingest/identify/layout.js';
import { type AmbiguousOwner } from '../ingest/values/ambiguousOwners.js';
import { type FileKind, type OwnerRecord } from '../records/model.js';
import { RowPacker, type PackedRows, type Value } from '../records/packedRows.js';
import { type RecordBatch } from '../ingest/transport/recordBatch.js';
import type { PresetName } from '../ingest/identify/presets/index.js';
import { type Source } from '../ingest/sources/sources.js';
import { type DateOrder } from '../ingest/values/values.js';
import { type FileWarnings } from '../ingest/values/valueWarnings.js';

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

export function packOwner(rows: RowPacker, owner: OwnerRecord, line: number | null, raw: string | null): void {
  for (const [, value] of OWNER_ROW) rows.push(value(owner, line, raw));
}
