/**
 * What a plan moves: the records the `--fix` checks flag (the excess of overloaded owners for
 * `overloaded-owner`), minus the records excluded by `--exclude` or locked by the `lockColumn`.
 */
import { CHECKS } from '../audit/checks/index.js';
import type { CheckId } from '../audit/checkIds.js';
import type { AuditContext } from '../audit/context.js';
import { parseCsvText } from '../csv.js';
import { sniffDelimiter } from '../ingest/sources/dialect.js';
import { headerKey } from '../records/model.js';
import { toSalesforceId18 } from '../records/salesforceId.js';
import { readTextFile } from '../ingest/sources/textFile.js';
import { isWorkbook } from '../ingest/sources/table.js';
import { readWorkbookRows } from '../ingest/sources/xlsxFile.js';
import { parseBoolean } from '../ingest/values/values.js';
import { InputError, UsageError } from '../errors.js';
import { decodeCells } from '../store/cells.js';
import { snapshotFiles } from '../store/files.js';
import type { RecordKind } from '../records/model.js';
import { PARENT_KIND } from '../kinds/registry.js';
import { addChildren, byId, type PlanRecord, type RecordLookups, type Selection } from './records.js';

export const DEFAULT_FIX: CheckId[] = ['unowned', 'inactive-owner', 'unknown-owner', 'territory-conflict'];

/**
 * Flagged records in kind order then id order; each with the first check (in report order) that
 * flagged it. Condition checks are read in one pass over the kind; the others list their records.
 * For each of `followKinds`, also its records that follow the flagged accounts (see `Selection`),
 * read in that kind's pass.
 */
export function flaggedRecords(
  context: AuditContext,
  fix: CheckId[],
  lookups: RecordLookups,
  followKinds: RecordKind[],
): Selection {
  const order = (reason: string) => CHECKS.findIndex((c) => c.id === reason);
  const selection: Selection = { records: [], childrenOf: new Map() };
  for (const kind of context.kinds) {
    const checks = CHECKS.filter((check) => fix.includes(check.id) && check.applies(kind, context));
    const accounts = followKinds.includes(kind) ? selection.records.filter((r) => r.kind === PARENT_KIND) : undefined;
    const matched = lookups.matching(
      kind,
      checks.filter((c) => c.condition),
      accounts,
    );
    if (accounts) addChildren(selection.childrenOf, matched.childrenOf);
    let records = matched.records;
    const listed = checks.filter((c) => !c.condition);
    if (listed.length > 0) {
      const flagged = new Map(records.map((record) => [record.id, record]));
      for (const check of listed) {
        const ids = [...check.findings!(context, kind)].map((f) => f.recordId);
        const earlier = ids.filter((id) => !flagged.has(id) || order(check.id) < order(flagged.get(id)!.reason));
        for (const record of lookups.many(kind, earlier, check.id)) flagged.set(record.id, record);
      }
      records = [...flagged.values()];
    }
    // Not push(...sorted): spreading a few hundred thousand records overflows the stack.
    for (const record of records.sort(byId)) selection.records.push(record);
  }
  return selection;
}

/** An exclusion list's rows: a CSV file, or a workbook's sheet. */
async function exclusionRows(path: string): Promise<{ fields: string[] }[]> {
  if (isWorkbook(path)) return readWorkbookRows(path, 'exclusions');
  const text = readTextFile(path, 'exclusions');
  return parseCsvText(text, sniffDelimiter(text));
}

/** Record ids listed in an `--exclude` CSV or XLSX: its `id`/`record_id` column, else its first column. */
export async function readExclusions(path: string): Promise<Set<string>> {
  const rows = await exclusionRows(path);
  if (rows.length === 0) throw new InputError({ file: path }, 'exclusion file is empty');
  const keys = rows[0].fields.map(headerKey);
  const column = Math.max(
    0,
    keys.findIndex((k) => ['id', 'record_id', 'record id', 'recordid'].includes(k)),
  );
  const ids = new Set<string>();
  for (const row of rows.slice(1)) {
    const id = (row.fields[column] ?? '').trim();
    // Salesforce ids may be listed in either form.
    if (id) ids.add(id).add(toSalesforceId18(id));
  }
  return ids;
}

/** Tells whether a record must stay where it is: excluded by id, or locked by the lock column. */
export function keepTest(context: AuditContext, excludedIds: Set<string>, lockColumn: string | undefined) {
  const files = snapshotFiles(context.db, context.snapshot.id);
  const lockIndex = new Map<number, number>();
  if (lockColumn) {
    for (const file of files.values()) {
      const index = file.column.get(headerKey(lockColumn));
      if (index !== undefined) lockIndex.set(file.id, index);
    }
    if (lockIndex.size === 0)
      throw new UsageError(
        `lockColumn "${lockColumn}" names a column that no loaded file has`,
        "check the config's lockColumn against the export headers",
      );
  }
  if (excludedIds.size === 0 && lockIndex.size === 0) return () => false;
  return (record: PlanRecord): boolean => {
    if (excludedIds.has(record.id)) return true;
    // Records are read with their rows when there is a lock column (see `recordLookups`).
    const index = lockIndex.get(record.fileId!);
    if (index === undefined) return false;
    const value = decodeCells(record.raw!)[index] ?? '';
    return parseBoolean(value) === true;
  };
}
