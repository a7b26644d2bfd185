/**
 * The plan folder: plan.csv and unplaced.csv for people; import-<kind>.csv and rollback-<kind>.csv
 * exactly as the CRM's importer wants them; summary.json for scripts. The folder is replaced whole
 * (written beside it, then swapped in), and nothing in it depends on the clock, so the same snapshot
 * and options give the same bytes.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describeFsError, InputError, UsageError } from '../errors.js';
import { RECORD_KINDS, type RecordKind } from '../records/model.js';
import { importFileName, rollbackFileName } from '../kinds/registry.js';
import { toSalesforceId18 } from '../records/salesforceId.js';
import { DurableFile } from '../output/atomicFile.js';
import { CsvWriter, type CsvAudience } from '../output/csvWriter.js';
import { catchingInterrupts } from '../output/interrupt.js';
import { isFolder, resolvedPath } from '../output/outputPaths.js';
import { OwnerFiles } from '../output/ownerFiles.js';
import { StagedFolder } from '../output/stagedFolder.js';
import { importHeader, ownerReference, type CrmName } from './crmFormat.js';
import { isMembershipKind, teamDeleteFileName, teamInsertFileName, teamRollbackFileName } from './teamFiles.js';
import { NOT_IN_USERS_EXPORT } from './newHire.js';
import { exportedIdOf } from './exportedIds.js';
import { byId, type PlanRecord } from './records.js';
import type { PlanOutcome, PlanResult } from './runPlan.js';

export const PLAN_SCHEMA = 'crm-owners/plan@1';

/** plan.csv's rows split by the owner who receives them, a list to send each rep (with --moves-by-owner). */
export const MOVES_BY_OWNER = 'moves-by-owner';

const PLAN_FILES = new Set([
  'plan.csv',
  'unplaced.csv',
  'summary.json',
  MOVES_BY_OWNER,
  ...RECORD_KINDS.flatMap((kind) => [
    importFileName(kind),
    rollbackFileName(kind),
    teamInsertFileName(kind),
    teamDeleteFileName(kind),
    teamRollbackFileName(kind),
  ]),
]);

const PLAN_HEADER = [
  'kind',
  'record_id',
  'record_name',
  'current_owner_id',
  'current_owner_name',
  'new_owner_id',
  'new_owner_name',
  'reason',
  'territory',
];

/** Rows grouped by kind, each sorted by id (a plan's moves come mostly in that order, which the sort finds in one pass). */
function byKind<T extends { record: PlanRecord }>(items: T[]): Map<RecordKind, T[]> {
  const kinds = new Map(RECORD_KINDS.map((kind) => [kind, [] as T[]]));
  for (const item of items) kinds.get(item.record.kind)!.push(item);
  for (const ofKind of kinds.values()) ofKind.sort((a, b) => byId(a.record, b.record));
  return kinds;
}

/** The current owner as the importer would write it, so importing the rollback restores it. */
function currentOwnerReference(crm: CrmName, record: PlanRecord, result: PlanResult): string {
  const owner = record.ownerId === null ? undefined : result.context.ownersById.get(record.ownerId);
  if (owner) return ownerReference(crm, owner);
  return crm === 'salesforce' ? toSalesforceId18(record.owner) : record.owner;
}

export type PlanSummary = ReturnType<typeof planSummary>;

export function planSummary(result: PlanOutcome) {
  const { plan } = result;
  /** Items counted by kind and by reason (in order of first appearance), in one pass. */
  const count = <T extends { record: PlanRecord }>(items: T[], reasonOf: (item: T) => string) => {
    const byKind: Record<string, number> = {};
    const byReason: Record<string, number> = {};
    for (const item of items) {
      const { kind } = item.record;
      const reason = reasonOf(item);
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      byReason[reason] = (byReason[reason] ?? 0) + 1;
    }
    return { byKind, byReason };
  };
  const moved = count(plan.moves, (m) => m.record.reason);
  const unplaced = count(plan.unplaced, (u) => u.reason);
  const excluded = count(plan.excluded, (k) => k.reason);
  return {
    schema: PLAN_SCHEMA,
    command: result.command,
    snapshot: result.snapshot,
    crm: result.crm,
    options: result.options,
    counts: {
      moves: plan.moves.length,
      unplaced: plan.unplaced.length,
      excluded: plan.excluded.length,
      movesByKind: moved.byKind,
      movesByReason: moved.byReason,
      unplacedByKind: unplaced.byKind,
      unplacedByReason: unplaced.byReason,
      excludedByKind: excluded.byKind,
      excludedByReason: excluded.byReason,
    },
    owners: result.owners.map((o) => ({
      id: o.owner.id,
      name: o.owner.name,
      before: o.before,
      after: o.after,
      capacity: o.capacity,
    })),
    // Only when there are some: `--to` a new hire, given by id, name and email.
    ...(result.notInUsersExport
      ? {
          notInUsersExport: result.notInUsersExport.map((o) => ({
            id: o.id,
            name: o.name,
            email: o.email,
            note: NOT_IN_USERS_EXPORT,
          })),
        }
      : {}),
    // Open opportunities' amounts per new owner and currency, as exact decimal strings.
    pipeline: result.pipeline,
    // Team memberships replaced: per kind, the files written (or none) and how to import and roll them back.
    teams: result.teams.map((t) => ({
      kind: t.kind,
      files: Object.fromEntries(t.files.map((f) => [f.name, f.rows.length])),
      note: t.note,
    })),
  };
}

/** How many rows are written between two looks at Ctrl+C. */
const ROWS_PER_STEP = 5000;

/**
 * Checks that `dir` may take the plan, before any work: it is new, empty, or holds a plan (replaced
 * only with `force`). Returns the other files of an old plan's folder, which the new folder keeps.
 */
export function planFolderCheck(dir: string, force: boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw new InputError({ file: dir }, 'not a folder: --out names the folder the plan is written to');
    throw new InputError({ file: dir }, `cannot read the plan folder: ${describeFsError(error)}`);
  }
  const existing = names.filter((name) => PLAN_FILES.has(name));
  const others = names.filter((name) => !PLAN_FILES.has(name));
  const list = (items: string[]) => items.slice(0, 5).join(', ') + (items.length > 5 ? ', …' : '');
  if (existing.length === 0 && others.length > 0) {
    throw new UsageError(
      `${dir} is not empty and holds no plan (${list(others)})`,
      'a plan gets a folder of its own: choose a new or empty --out folder',
    );
  }
  if (existing.length > 0 && !force)
    throw new UsageError(
      `${dir} already holds a plan (${existing.join(', ')})`,
      'pass --force to replace it, or choose another --out folder',
    );
  const folders = others.filter((name) => isFolder(path.join(dir, name)));
  if (folders.length > 0) {
    throw new UsageError(
      `${dir} holds folders besides the plan (${list(folders)}): --force replaces the plan folder whole and keeps only its other files`,
      'move those folders out of it, or choose another --out folder',
    );
  }
  return others;
}

/** Writes the plan's files into `folder` (shown in messages as `dir`), pausing every few thousand rows. */
function* writeFiles(
  folder: string,
  dir: string,
  result: PlanResult,
  summary: PlanSummary,
  movesByOwner: boolean,
): Generator<void, string[]> {
  const { plan, context, crm } = result;
  const ownerName = (id: string | null) => (id === null ? '' : (context.ownersById.get(id)?.name ?? ''));
  const written: string[] = [];
  const writers: CsvWriter[] = [];
  const openFile = (name: string) => new DurableFile(path.join(folder, name), path.join(dir, name));
  const open = (name: string, audience: CsvAudience, header: string[]) => {
    written.push(name);
    const writer = new CsvWriter(path.join(folder, name), audience, header, () => openFile(name));
    writers.push(writer);
    return writer;
  };
  try {
    // One pass over the moves writes plan.csv and each kind's import and rollback files.
    const planCsv = open('plan.csv', 'people', PLAN_HEADER);
    if (movesByOwner) mkdirSync(path.join(folder, MOVES_BY_OWNER));
    const byOwner = movesByOwner
      ? new OwnerFiles(path.join(folder, MOVES_BY_OWNER), PLAN_HEADER, context.owners, path.join(dir, MOVES_BY_OWNER))
      : undefined;
    for (const [kind, moves] of byKind(plan.moves)) {
      if (moves.length === 0) continue;
      // A team member's user is not changed in place: its changes are the team files below.
      const team = isMembershipKind(kind);
      const importCsv = team ? undefined : open(importFileName(kind), 'machines', importHeader(crm, kind));
      const rollbackCsv = team ? undefined : open(rollbackFileName(kind), 'machines', importHeader(crm, kind));
      const exportedId = exportedIdOf(context, kind);
      for (const [i, { record, to }] of moves.entries()) {
        const row = [
          kind,
          record.id,
          record.name,
          record.ownerId ?? record.owner,
          ownerName(record.ownerId),
          to.id,
          to.name,
          record.reason,
          record.territory ?? '',
        ];
        planCsv.write(row);
        byOwner?.write(to.id, row);
        const id = exportedId(record);
        importCsv?.write([id, ownerReference(crm, to)]);
        rollbackCsv?.write([id, currentOwnerReference(crm, record, result)]);
        if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
      }
    }
    for (const team of result.teams) {
      for (const file of team.files) {
        const csv = open(file.name, 'machines', file.header);
        for (const row of file.rows) csv.write(row);
      }
    }
    const unplacedCsv = open('unplaced.csv', 'people', [
      'kind',
      'record_id',
      'record_name',
      'current_owner_id',
      'current_owner_name',
      'reason',
      'territory',
    ]);
    for (const [kind, unplaced] of byKind(plan.unplaced)) {
      for (const [i, { record, reason }] of unplaced.entries()) {
        unplacedCsv.write([
          kind,
          record.id,
          record.name,
          record.ownerId ?? record.owner,
          ownerName(record.ownerId),
          reason,
          record.territory ?? '',
        ]);
        if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
      }
    }
    if (byOwner) {
      byOwner.finish();
      written.push(`${MOVES_BY_OWNER}/`);
    }
    for (const writer of writers) {
      writer.commit();
      yield;
    }
  } finally {
    // After the commits this does nothing; after a failure or an interrupt it closes and deletes the files.
    for (const writer of writers) writer.abort();
  }
  written.push('summary.json');
  const summaryFile = openFile('summary.json');
  summaryFile.write(`${JSON.stringify(summary, null, 2)}\n`);
  summaryFile.commit();
  return written;
}

/** The whole write: check, write beside the folder, then swap it in; stopping early leaves the folder as it was. */
function* writeSteps(
  dir: string,
  result: PlanResult,
  force: boolean,
  summary: PlanSummary,
  movesByOwner = false,
): Generator<void, string[]> {
  const keep = planFolderCheck(dir, force);
  // Through a symlink: the folder it points to is replaced, the link stays.
  const staged = new StagedFolder(resolvedPath(dir));
  let committed = false;
  try {
    const written = yield* writeFiles(staged.path, dir, result, summary, movesByOwner);
    // The last chance to stop: after this the new plan is in place.
    yield;
    staged.commit(keep);
    committed = true;
    return written;
  } finally {
    if (!committed) staged.abort();
  }
}

/**
 * Writes the plan folder in one piece: `dir` ends up holding the old plan or the complete new one.
 * `summary` is the plan's `planSummary`, when the caller has it already.
 */
export function writePlanFiles(
  dir: string,
  result: PlanResult,
  force: boolean,
  summary = planSummary(result),
): string[] {
  const steps = writeSteps(dir, result, force, summary);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** `writePlanFiles` for the command line: Ctrl+C or SIGTERM while it writes leaves `dir` as it was. */
export async function writePlanFolder(
  dir: string,
  result: PlanResult,
  force: boolean,
  summary = planSummary(result),
  movesByOwner = false,
): Promise<string[]> {
  return catchingInterrupts(`the plan was not written; ${dir} is as it was`, async (checkpoint) => {
    const steps = writeSteps(dir, result, force, summary, movesByOwner);
    try {
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
        await checkpoint();
      }
    } finally {
      // After an interrupt, runs the generator's cleanup (the staged folder goes).
      steps.return([]);
    }
  });
}
