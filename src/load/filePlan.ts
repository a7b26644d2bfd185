/**
 * Planning a load's files from their start: what each file holds (its kinds, or why it is skipped),
 * its layout and date order, read from the header and the first rows before any row is read for
 * real; then opening a planned file for its rows.
 */
import path from 'node:path';
import { InputError } from '../errors.js';
import type { CsvProblem, CsvRow } from '../csv.js';
import { fingerprint } from '../ingest/sources/decode.js';
import {
  exportCrmOf,
  identifyFile,
  IDENTIFYING_ROWS,
  salesforceEvidence,
  type ExportCrm,
  type FileStart,
  type Identification,
} from '../ingest/identify/identifyFile.js';
import { fileLayout, type ColumnMapping, type FileLayout } from '../ingest/identify/layout.js';
import { FILE_KINDS, headerKey, type FileKind } from '../records/model.js';
import { kindList, kindOfSalesforcePrefix, OWNERS_KIND } from '../kinds/registry.js';
import { presetNamed, PRESETS, type Preset, type PresetName } from '../ingest/identify/presets/index.js';
import type { Source } from '../ingest/sources/sources.js';
import { settledDateOrder, type DateOrder } from '../ingest/values/values.js';
import { knownHeaderTest } from '../ingest/identify/knownHeaders.js';
import { atHeader, openTable, type TableFile } from '../ingest/sources/table.js';
import type { FingerprintOf, ReadOptions } from './loadMessages.js';

export interface PlannedFile {
  source: Source;
  layout: FileLayout;
  /** In a file of several kinds (see Preset `rowKinds`), the rows of this file's kind. */
  rowFilter?: { index: number; test: (value: string) => boolean; again: boolean };
  /** What the file was identified as, and why. */
  identification: Identification;
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
  /** A file of a kind that could not be read as one (no owner column): the kind. */
  kind?: FileKind;
  /** Two readings fitted as well: the flags that settle it. */
  settle?: string;
  /** The CRM it was read as, and the evidence, when identification got that far. */
  preset?: PresetName;
  evidence?: string[];
}

/** Rows of a file's start read for the order of its dates. */
const DATE_SAMPLE_ROWS = 1000;

/** The order the dates of a file's first rows settle, if they do (see values.ts `settledDateOrder`). */
function sampledDateOrder(rows: CsvRow[], columns: (number | undefined)[]): DateOrder | undefined {
  const indexes = columns.filter((i) => i !== undefined);
  if (indexes.length === 0) return undefined;
  return settledDateOrder(rows.flatMap(({ fields }) => indexes.map((i) => fields[i] ?? '')));
}

/** A file's start, read once (and closed) before any row is read for real: what identifies it and plans its reading. */
export interface FileHead {
  source: Source;
  /** The header as read (the table itself is closed): where header errors point. */
  table: TableFile;
  headers: string[];
  keys: ReadonlySet<string>;
  rows: CsvRow[];
  /** The file's start, under the file's name and (a workbook) under its sheet's. */
  start: FileStart;
  sheetStart?: FileStart;
}

export async function readHead(source: Source, options: ReadOptions): Promise<FileHead | SkippedFile> {
  const forced = options.kinds?.[path.resolve(source.path)];
  if (source.size === 0 && source.member && !forced) return { path: source.path, object: null, reason: 'empty file' };
  // Problems in the first rows are reported when the rows are read, in the load's own mode.
  const head = await openTable(
    source,
    () => fingerprint(source, options.encoding, HEAD_BYTES),
    tableOptions(options, () => {}),
  );
  try {
    const headers = head.header.fields;
    const keys = new Set(headers.map(headerKey));
    const rows = await peekRows(head, Math.max(IDENTIFYING_ROWS, DATE_SAMPLE_ROWS));
    const idColumn = headers.findIndex((header) => headerKey(header) === 'id');
    const ids = idColumn < 0 ? undefined : rows.slice(0, IDENTIFYING_ROWS).map((row) => row.fields[idColumn] ?? '');
    const facts = { headers: keys, ids, rows: Math.min(rows.length, IDENTIFYING_ROWS) };
    const start = { name: source.name, ...facts };
    // Heads are held until every file of the load is identified: a file of another Salesforce object keeps no rows.
    const object = forced ? undefined : salesforceEvidence(start);
    const kept = object && !kindOfSalesforcePrefix(object.prefix) ? [] : rows;
    return {
      source,
      table: head,
      headers,
      keys,
      rows: kept,
      start,
      sheetStart: head.sheet === undefined ? undefined : { name: head.sheet, ...facts },
    };
  } finally {
    await head.close();
  }
}

/**
 * Every input's plan: each file's head read once, each folder's or zip's CRM decided from its files,
 * then each file identified and planned; the files not loaded, with why.
 */
export async function planSources(
  sources: readonly Source[],
  options: ReadOptions,
): Promise<{ planned: PlannedFile[]; skipped: SkippedFile[] }> {
  const planned: PlannedFile[] = [];
  const skipped: SkippedFile[] = [];
  const heads: FileHead[] = [];
  for (const source of sources) {
    const head = await readHead(source, options);
    if ('reason' in head) skipped.push(head);
    else heads.push(head);
  }
  const crms = exportCrms(heads);
  for (const head of heads) {
    const plan = planHead(
      head,
      options,
      head.source.container === undefined ? undefined : crms.get(head.source.container),
    );
    if (Array.isArray(plan)) planned.push(...plan);
    else skipped.push(plan);
  }
  return { planned, skipped };
}

/** The export CRM of each folder or zip, decided once from its files' starts. */
export function exportCrms(heads: readonly FileHead[]): Map<string, ExportCrm> {
  const byContainer = new Map<string, FileStart[]>();
  for (const { source, start } of heads) {
    if (source.container === undefined) continue;
    const starts = byContainer.get(source.container) ?? [];
    starts.push(start);
    byContainer.set(source.container, starts);
  }
  const crms = new Map<string, ExportCrm>();
  for (const [container, starts] of byContainer) {
    const crm = exportCrmOf(starts);
    if (crm) crms.set(container, crm);
  }
  return crms;
}

/**
 * A file's kinds and layouts, from its head: what the order of reading needs. A folder's or zip's
 * file of no loaded kind, or of a kind it cannot be read as, is skipped; one named on the command
 * line is an error.
 */
export function planHead(head: FileHead, options: ReadOptions, within?: ExportCrm): PlannedFile[] | SkippedFile {
  const { source, headers, keys, rows } = head;
  const forced = options.kinds?.[path.resolve(source.path)];
  const said = { preset: options.preset, kind: forced, columns: options.columns };
  const split =
    forced || salesforceEvidence(head.start) ? undefined : splitOf(headers, keys, said.preset ?? within?.preset);
  let identified: Identification;
  let kinds: FileKind[];
  if (split) {
    identified = {
      kind: split.kinds[0],
      preset: split.preset.name,
      evidence: [
        ...(within ? [within.evidence] : []),
        `headers of a ${split.preset.name} export`,
        `rows told apart by "${headers[split.index].trim()}"`,
      ],
    };
    kinds = split.kinds;
  } else {
    identified = identifyFile(head.start, said, within);
    // A workbook's sheet may be named for what it holds when the file is not.
    if (!identified.kind && head.sheetStart) {
      const bySheet = identifyFile(head.sheetStart, said, within);
      if (bySheet.kind) identified = bySheet;
    }
    if (!identified.kind) return notLoaded(source, identified);
    kinds = [identified.kind];
  }
  const preset = presetNamed(identified.preset)!;
  let layouts: FileLayout[];
  try {
    layouts = kinds.map((kind) => layoutAt(head.table, kind, preset, headers, options.columns));
  } catch (error) {
    // A file of a known kind that cannot be read as one (exports re-saved for BI tools lose the owner column).
    if (!source.member || !(error instanceof InputError)) throw error;
    return {
      path: source.path,
      object: identified.object ?? null,
      reason: error.reason,
      kind: kinds[0],
      preset: identified.preset,
      evidence: identified.evidence,
    };
  }
  const dateOrder =
    sampledDateOrder(rows, [layouts[0].column.last_activity, layouts[0].column.created]) ?? options.dateOrder ?? 'mdy';
  return layouts.map((layout, i) => {
    layout.dateOrder = dateOrder;
    // A file read again for another kind: its broken rows were reported the first time.
    const rowFilter = split && { index: split.index, test: split.rowKinds[layout.kind]!, again: i > 0 };
    return { source, layout, rowFilter, identification: { ...identified, kind: layout.kind } };
  });
}

/** The flags that settle which of two readings a file is. */
function settleFlags(source: Source, [a, b]: NonNullable<Identification['ambiguous']>): string {
  return a.preset !== b.preset
    ? `--preset ${a.preset} or --preset ${b.preset}`
    : `--kind ${a.kind}=${source.path} or --kind ${b.kind}=${source.path}`;
}

/** A file not loaded: skipped in a folder or zip, an error when named. */
function notLoaded(source: Source, identified: Identification): SkippedFile {
  const settle = identified.ambiguous && settleFlags(source, identified.ambiguous);
  if (source.member)
    return {
      path: source.path,
      object: identified.object ?? null,
      reason: identified.reason!,
      preset: identified.preset,
      evidence: identified.evidence,
      ...(settle ? { settle } : {}),
    };
  if (settle) throw new InputError({ file: source.path }, identified.reason!, `say which it is: ${settle}`);
  const what = identified.object
    ? `holds ${identified.object} records (${identified.reason}), not ${KIND_LIST}`
    : `cannot tell whether this file holds ${KIND_LIST} (${identified.reason})`;
  throw new InputError({ file: source.path }, what, kindHint(source.path));
}

function tableOptions(options: ReadOptions, onBadRow?: (problem: CsvProblem) => void) {
  return { delimiter: options.delimiter, onBadRow, isKnownHeader: knownHeaderTest(options.columns) };
}

/** The file's layout; a problem with its header names where the header is. */
function layoutAt(
  table: TableFile,
  kind: FileKind,
  preset: Preset,
  headers: string[],
  columns?: ColumnMapping,
  dateOrder?: DateOrder,
): FileLayout {
  try {
    return fileLayout(table.source.path, kind, preset, headers, columns, dateOrder);
  } catch (error) {
    throw atHeader(table, error);
  }
}

/**
 * A file of several kinds told row by row (Odoo's res.partner): the preset's column that tells each
 * row's kind, when the file's CRM (said or its export's, else any that recognises it) knows one.
 */
function splitOf(headers: string[], keys: ReadonlySet<string>, crm: PresetName | undefined) {
  const presets = crm ? [presetNamed(crm)!] : PRESETS.filter((preset) => preset.rowKinds && preset.recognises(keys));
  for (const preset of presets) {
    for (const rowKinds of preset.rowKinds ?? []) {
      if (rowKinds.requires && !rowKinds.requires.some((key) => keys.has(key))) continue;
      const index = headers.findIndex((header) => rowKinds.column.includes(headerKey(header)));
      if (index >= 0)
        return { preset, index, rowKinds: rowKinds.kinds, kinds: Object.keys(rowKinds.kinds) as FileKind[] };
    }
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
export async function openPlanned(
  { source, layout }: PlannedFile,
  options: ReadOptions,
  fingerprintOf: FingerprintOf,
  problems: CsvProblem[],
): Promise<{ csv: TableFile; layout: FileLayout }> {
  const onBadRow = options.onBadRow === 'skip' ? (problem: CsvProblem) => void problems.push(problem) : undefined;
  const csv = await openTable(source, () => fingerprintOf(source), tableOptions(options, onBadRow));
  // A start that looked like UTF-8 in a Windows-1252 file: the header reads the same unless it
  // holds other than ASCII, and then the columns are found again in the header as now decoded.
  const headers = csv.header.fields;
  const same = headers.length === layout.headers.length && headers.every((header, i) => header === layout.headers[i]);
  return {
    csv,
    layout: same ? layout : layoutAt(csv, layout.kind, layout.preset, headers, options.columns, layout.dateOrder),
  };
}
