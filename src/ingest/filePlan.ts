/**
 * Planning a load's files from their start: what each file holds (its kinds, or why it is skipped),
 * its layout and date order, read from the header and the first rows before any row is read for
 * real; then opening a planned file for its rows.
 */
import path from 'node:path';
import { InputError } from '../errors.js';
import type { CsvProblem, CsvRow } from './csv.js';
import { fingerprint } from './decode.js';
import { identifyFile, IDENTIFYING_ROWS } from './identifyFile.js';
import { fileLayout, type ColumnMapping, type FileLayout } from './layout.js';
import { FILE_KINDS, headerKey, type FileKind } from './model.js';
import { kindList, OWNERS_KIND } from '../kinds/registry.js';
import { detectPreset, presetNamed, type Preset } from './presets/index.js';
import type { Source } from './sources.js';
import { settledDateOrder, type DateOrder } from './values.js';
import { knownHeaderTest } from './knownHeaders.js';
import { atHeader, openTable, type TableFile } from './table.js';
import type { FingerprintOf, ReadOptions } from './snapshotReader.js';

export interface PlannedFile {
  source: Source;
  layout: FileLayout;
  /** In a file of several kinds (see Preset `rowKinds`), the rows of this file's kind. */
  rowFilter?: { index: number; test: (value: string) => boolean; again: boolean };
}

/** Enough of a file's start to read its header line with the encoding the start suggests. */
const HEAD_BYTES = 1024 * 1024;
const KIND_LIST = kindList(FILE_KINDS);

/** How to force a file's kind: `--kind accounts=FILE (or owners=, contacts=, …)`. */
function kindHint(file: string): string {
  const [first, ...others] = FILE_KINDS.filter((k) => k !== OWNERS_KIND);
  return `to load it as one of them anyway, name its kind: --kind ${first}=${file} (or ${[OWNERS_KIND, ...others].map((k) => `${k}=`).join(', ')})`;
}
/** A file of a folder or zip that is not loaded: its object when known, and why. */
export interface SkippedFile {
  path: string;
  object: string | null;
  reason: string;
}

/** Rows of a file's start read for the order of its dates. */
const DATE_SAMPLE_ROWS = 1000;

/** The order the dates of a file's first rows settle, if they do (see values.ts `settledDateOrder`). */
function sampledDateOrder(rows: CsvRow[], columns: (number | undefined)[]): DateOrder | undefined {
  const indexes = columns.filter((i) => i !== undefined);
  if (indexes.length === 0) return undefined;
  return settledDateOrder(rows.flatMap(({ fields }) => indexes.map((i) => fields[i] ?? '')));
}

/**
 * A file's kinds and layouts, from its header and first rows (read as one peek, closed before the
 * rows are read for real): what the order of reading needs. A folder's or zip's file of no loaded
 * kind is skipped; one named on the command line is an error.
 */
export async function planFile(source: Source, options: ReadOptions): Promise<PlannedFile[] | SkippedFile> {
  const forced = options.kinds?.[path.resolve(source.path)];
  if (source.size === 0 && source.member && !forced) return { path: source.path, object: null, reason: 'empty file' };
  // Problems in the first rows are reported when the rows are read, in the load's own mode.
  const head = await openTable(source, () => fingerprint(source, options.encoding, HEAD_BYTES), tableOptions(options, () => {}));
  try {
    return await planFrom(head, source, options, forced);
  } finally {
    await head.close();
  }
}

async function planFrom(head: TableFile, source: Source, options: ReadOptions, forced: FileKind | undefined): Promise<PlannedFile[] | SkippedFile> {
  const headers = head.header.fields;
  const keys = new Set(headers.map(headerKey));
  const preset = options.preset ? presetNamed(options.preset)! : detectPreset(keys);
  const split = forced ? undefined : rowKindsOf(preset, headers, keys);
  const rows = await peekRows(head, Math.max(IDENTIFYING_ROWS, DATE_SAMPLE_ROWS));
  let kinds: FileKind[];
  if (forced) kinds = [forced];
  else if (split) kinds = Object.keys(split.kinds) as FileKind[];
  else {
    const idColumn = headers.findIndex((header) => headerKey(header) === 'id');
    const ids = idColumn < 0 ? undefined : rows.slice(0, IDENTIFYING_ROWS).map((row) => row.fields[idColumn] ?? '');
    const facts = { headers: keys, ids, rows: Math.min(rows.length, IDENTIFYING_ROWS) };
    let identified = identifyFile({ name: source.name, ...facts });
    // A workbook's sheet may be named for what it holds when the file is not.
    if (!identified.kind && head.sheet !== undefined) identified = identifyFile({ name: head.sheet, ...facts });
    if (!identified.kind) {
      if (source.member) return { path: source.path, object: identified.object ?? null, reason: identified.reason };
      const what = identified.object ? `holds ${identified.object} records (${identified.reason}), not ${KIND_LIST}` : `cannot tell whether this file holds ${KIND_LIST} (${identified.reason})`;
      throw new InputError({ file: source.path }, what, kindHint(source.path));
    }
    kinds = [identified.kind];
  }
  const layouts = kinds.map((kind) => layoutAt(head, kind, preset, headers, options.columns));
  const dateOrder = sampledDateOrder(rows, [layouts[0].column.last_activity, layouts[0].column.created]) ?? options.dateOrder ?? 'mdy';
  return layouts.map((layout, i) => {
    layout.dateOrder = dateOrder;
    // A file read again for another kind: its broken rows were reported the first time.
    return { source, layout, rowFilter: split && { index: split.index, test: split.kinds[layout.kind]!, again: i > 0 } };
  });
}

function tableOptions(options: ReadOptions, onBadRow?: (problem: CsvProblem) => void) {
  return { delimiter: options.delimiter, onBadRow, isKnownHeader: knownHeaderTest(options.columns) };
}

/** The file's layout; a problem with its header names where the header is. */
function layoutAt(table: TableFile, kind: FileKind, preset: Preset, headers: string[], columns?: ColumnMapping, dateOrder?: DateOrder): FileLayout {
  try {
    return fileLayout(table.source.path, kind, preset, headers, columns, dateOrder);
  } catch (error) {
    throw atHeader(table, error);
  }
}

/** The column that tells each row's kind in a file of several kinds, if the preset knows one the file has. */
function rowKindsOf(preset: Preset, headers: string[], keys: ReadonlySet<string>) {
  for (const rowKinds of preset.rowKinds ?? []) {
    if (rowKinds.requires && !rowKinds.requires.some((key) => keys.has(key))) continue;
    const index = headers.findIndex((header) => rowKinds.column.includes(headerKey(header)));
    if (index >= 0) return { index, kinds: rowKinds.kinds };
  }
  return undefined;
}

/** Up to `count` data rows from the start of an open file (its start may end inside a row: what came before is enough). */
async function peekRows(csv: TableFile, count: number): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  try {
    for await (const batch of csv.rows) {
      rows.push(...batch.slice(0, count - rows.length));
      if (rows.length >= count) break;
    }
  } catch {
    // The peek reads only the head of the file.
  }
  return rows;
}


/** Opens a planned file for its rows, decoded as its whole fingerprint says. */
export async function openPlanned({ source, layout }: PlannedFile, options: ReadOptions, fingerprintOf: FingerprintOf, problems: CsvProblem[]): Promise<{ csv: TableFile; layout: FileLayout }> {
  const onBadRow = options.onBadRow === 'skip' ? (problem: CsvProblem) => void problems.push(problem) : undefined;
  const csv = await openTable(source, () => fingerprintOf(source), tableOptions(options, onBadRow));
  // A start that looked like UTF-8 in a Windows-1252 file: the header reads the same unless it
  // holds other than ASCII, and then the columns are found again in the header as now decoded.
  const headers = csv.header.fields;
  const same = headers.length === layout.headers.length && headers.every((header, i) => header === layout.headers[i]);
  return { csv, layout: same ? layout : layoutAt(csv, layout.kind, layout.preset, headers, options.columns, layout.dateOrder) };
}
