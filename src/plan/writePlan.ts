/**
 * The plan folder: plan.csv and unplaced.csv for people; import-<kind>.csv and rollback-<kind>.csv
 * exactly as the CRM's importer wants them; summary.json for scripts. Files are written atomically,
 * and nothing in them depends on the clock, so the same snapshot and options give the same bytes.
 */
import { mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { describeFsError, InputError, UsageError } from '../errors.js';
import { RECORD_KINDS, type RecordKind } from '../ingest/model.js';
import { toSalesforceId18 } from '../ingest/salesforceId.js';
import { writeFileAtomic } from '../output/atomicFile.js';
import { CsvWriter, type CsvAudience } from '../output/csvWriter.js';
import { importHeader, ownerReference, type CrmName } from './crmFormat.js';
import { byId, type PlanRecord } from './records.js';
import type { PlanResult } from './runPlan.js';

export const PLAN_SCHEMA = 'crm-owners/plan@1';

const PLAN_FILE = /^(plan\.csv|unplaced\.csv|summary\.json|(import|rollback)-(accounts|contacts|leads)\.csv)$/;

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

export function planSummary(result: PlanResult) {
  const { plan, context } = result;
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
  return {
    schema: PLAN_SCHEMA,
    command: result.command,
    snapshot: context.snapshot.id,
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
    },
    owners: result.owners.map((o) => ({ id: o.owner.id, name: o.owner.name, before: o.before, after: o.after, capacity: o.capacity })),
  };
}

/** Refuses to mix a new plan into an old one unless `force`; with `force`, old plan files go. */
function prepareFolder(dir: string, force: boolean): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new InputError({ file: dir }, `cannot create the plan folder: ${describeFsError(error)}`);
  }
  const existing = readdirSync(dir).filter((name) => PLAN_FILE.test(name));
  if (existing.length === 0) return;
  if (!force) throw new UsageError(`${dir} already holds a plan (${existing.join(', ')})`, 'pass --force to replace it, or choose another --out folder');
  for (const name of existing) unlinkSync(path.join(dir, name));
}

/** Writes the plan folder; `summary` is the plan's `planSummary`, when the caller has it already. */
export function writePlanFiles(dir: string, result: PlanResult, force: boolean, summary = planSummary(result)): string[] {
  prepareFolder(dir, force);
  const { plan, context, crm } = result;
  const ownerName = (id: string | null) => (id === null ? '' : (context.ownersById.get(id)?.name ?? ''));
  const written: string[] = [];
  const writers: CsvWriter[] = [];
  const open = (name: string, audience: CsvAudience, header: string[]) => {
    written.push(name);
    const writer = new CsvWriter(path.join(dir, name), audience, header);
    writers.push(writer);
    return writer;
  };
  try {
    // One pass over the moves writes plan.csv and each kind's import and rollback files.
    const planCsv = open('plan.csv', 'people', ['kind', 'record_id', 'record_name', 'current_owner_id', 'current_owner_name', 'new_owner_id', 'new_owner_name', 'reason', 'territory']);
    for (const [kind, moves] of byKind(plan.moves)) {
      if (moves.length === 0) continue;
      const importCsv = open(`import-${kind}.csv`, 'machines', importHeader(crm, kind));
      const rollbackCsv = open(`rollback-${kind}.csv`, 'machines', importHeader(crm, kind));
      for (const { record, to } of moves) {
        planCsv.write([kind, record.id, record.name, record.ownerId ?? record.owner, ownerName(record.ownerId), to.id, to.name, record.reason, record.territory ?? '']);
        importCsv.write([record.id, ownerReference(crm, to)]);
        rollbackCsv.write([record.id, currentOwnerReference(crm, record, result)]);
      }
    }
    const unplacedCsv = open('unplaced.csv', 'people', ['kind', 'record_id', 'record_name', 'current_owner_id', 'current_owner_name', 'reason', 'territory']);
    for (const [kind, unplaced] of byKind(plan.unplaced)) {
      for (const { record, reason } of unplaced) unplacedCsv.write([kind, record.id, record.name, record.ownerId ?? record.owner, ownerName(record.ownerId), reason, record.territory ?? '']);
    }
    for (const writer of writers) writer.commit();
  } catch (error) {
    for (const writer of writers) writer.abort();
    throw error;
  }
  written.push('summary.json');
  writeFileAtomic(path.join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return written;
}
