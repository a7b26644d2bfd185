/**
 * `verify --retry DIR`: a plan folder of just the rows not applied, like Data Loader's error file,
 * in the plan's CRM shape: `import-<kind>.csv` with the planned owners, `rollback-<kind>.csv` with
 * the owners the records have now, and a `summary.json` that `verify` reads, so the retry can be
 * imported and verified in turn. Only rows still on their old owner are retried: a record someone
 * else has reassigned since is theirs to settle, and a missing one cannot be imported (HubSpot would
 * create a new record for an unknown id); both stay in the findings.
 */
import path from 'node:path';
import { RECORD_KINDS, type RecordKind } from '../records/model.js';
import { importFileName, rollbackFileName } from '../kinds/registry.js';
import { DurableFile } from '../output/atomicFile.js';
import { CsvWriter } from '../output/csvWriter.js';
import { resolvedPath } from '../output/outputPaths.js';
import { StagedFolder } from '../output/stagedFolder.js';
import { importHeader } from './crmFormat.js';
import type { VerifyResult, VerifyRow, VerifyStatus } from './verify.js';
import { PLAN_SCHEMA, planFolderCheck } from './writePlan.js';

/** The statuses whose rows a retry imports again. */
export const RETRIED: readonly VerifyStatus[] = ['not-applied'];

export interface RetryWritten {
  /** Rows written to the import files, by kind. */
  byKind: Partial<Record<RecordKind, number>>;
  rows: number;
  /** Rows not applied that the retry leaves out, by status. */
  left: Partial<Record<VerifyStatus, number>>;
  files: string[];
}

export function retrySummary(result: VerifyResult, written: Pick<RetryWritten, 'byKind' | 'rows' | 'left'>) {
  return {
    schema: PLAN_SCHEMA,
    command: 'verify --retry',
    // The state the retry starts from: the snapshot verified.
    snapshot: result.snapshot.id,
    crm: result.plan.crm,
    retryOf: { plan: result.plan.dir, snapshot: result.plan.snapshot },
    counts: { moves: written.rows, movesByKind: written.byKind, left: written.left },
  };
}

/** Writes the retry folder in one piece (written beside `dir`, then swapped in); `force` replaces a plan there. */
export function writeRetryFolder(dir: string, result: VerifyResult, force: boolean): RetryWritten {
  const keep = planFolderCheck(dir, force);
  const retried = new Map<RecordKind, VerifyRow[]>();
  const left: RetryWritten['left'] = {};
  for (const row of result.rows) {
    if (!RETRIED.includes(row.status)) {
      left[row.status] = (left[row.status] ?? 0) + 1;
      continue;
    }
    if (!retried.has(row.kind)) retried.set(row.kind, []);
    retried.get(row.kind)!.push(row);
  }
  const staged = new StagedFolder(resolvedPath(dir));
  const writers: CsvWriter[] = [];
  const files: string[] = [];
  const byKind: RetryWritten['byKind'] = {};
  let rows = 0;
  let committed = false;
  const open = (name: string, header: string[]) => {
    files.push(name);
    const writer = new CsvWriter(
      path.join(staged.path, name),
      'machines',
      header,
      () => new DurableFile(path.join(staged.path, name), path.join(dir, name)),
    );
    writers.push(writer);
    return writer;
  };
  try {
    for (const kind of RECORD_KINDS) {
      const ofKind = retried.get(kind);
      if (!ofKind) continue;
      const importCsv = open(importFileName(kind), importHeader(result.plan.crm, kind));
      const rollbackCsv = open(rollbackFileName(kind), importHeader(result.plan.crm, kind));
      for (const row of ofKind) {
        importCsv.write([row.recordId, row.expectedOwner]);
        // Still on the old owner: the rollback file's cell, exactly as the plan wrote it.
        rollbackCsv.write([row.recordId, row.previousOwner]);
      }
      byKind[kind] = ofKind.length;
      rows += ofKind.length;
    }
    for (const writer of writers) writer.commit();
    files.push('summary.json');
    const summary = new DurableFile(path.join(staged.path, 'summary.json'), path.join(dir, 'summary.json'));
    summary.write(`${JSON.stringify(retrySummary(result, { byKind, rows, left }), null, 2)}\n`);
    summary.commit();
    staged.commit(keep);
    committed = true;
  } finally {
    for (const writer of writers) writer.abort();
    if (!committed) staged.abort();
  }
  return { byKind, rows, left, files };
}
