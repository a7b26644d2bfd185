/**
 * Small hand-made snapshots for plan and transfer tests: tiny generic CSV files written to a temp
 * folder, loaded into an in-memory database; plans built with runPlan/runTransfer and written with
 * writePlanFiles; the files read back with csv-parse.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CheckId } from '../../src/audit/checkIds.js';
import { auditFindings, auditSnapshot } from '../../src/audit/runAudit.js';
import type { RecordKind } from '../../src/records/model.js';
import {
  runPlan,
  runTransfer,
  type PlanOptions,
  type PlanResult,
  type TransferOptions,
} from '../../src/plan/runPlan.js';
import { writePlanFiles } from '../../src/plan/writePlan.js';
import { parseRules, type TerritoryRules } from '../../src/rules/rules.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { loadSnapshot } from '../../src/load/loadSnapshot.js';
import { scratchFolder } from '../helpers/scratch.js';

export const LOADED_AT = new Date('2026-11-01T00:00:00Z');

/** A fresh temp folder, removed at the end of the test file that asked for it (test/helpers/scratch.ts). */
export function scratch(prefix = 'x-'): string {
  return scratchFolder(`crm-owners-plan-${prefix}`);
}

/** CSV text from lines (LF, final newline). */
export const csv = (...lines: string[]): string => `${lines.join('\n')}\n`;

export const OWNERS_HEADER = 'id,name,email,active,type,territories,capacity';
export const ACCOUNTS_HEADER = 'id,name,owner,region,created';
export const CONTACTS_HEADER = 'id,name,email,account_id,owner,created';

/** Loads `files` (file name -> CSV text) into a fresh in-memory database as snapshot 1. */
export async function snapshotOf(files: Record<string, string>): Promise<Db> {
  const dir = scratch('load-');
  const paths = Object.entries(files).map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  });
  const db = openDatabase(':memory:');
  await loadSnapshot(db, { files: paths, rejectsPath: path.join(dir, 'rejects.csv'), now: LOADED_AT });
  return db;
}

export const rulesOf = (text: string): TerritoryRules => parseRules('rules.csv', text);

type Common = Omit<PlanOptions, 'fix'>;
const COMMON: Common = { strategy: 'least-loaded', placeholderOwners: [], excludedIds: new Set() };

export const DEFAULT_FIX: CheckId[] = ['unowned', 'inactive-owner', 'unknown-owner', 'territory-conflict'];

export function plan(db: Db, options: Partial<PlanOptions> = {}): PlanResult {
  return runPlan(db, { ...COMMON, fix: DEFAULT_FIX, ...options });
}

export function transfer(db: Db, options: Partial<TransferOptions> & { from: string }): PlanResult {
  return runTransfer(db, { ...COMMON, ...options });
}

/** Moves as `kind:id → owner id`, in plan order. */
export const movesOf = (result: PlanResult): Record<string, string> =>
  Object.fromEntries(result.plan.moves.map((m) => [`${m.record.kind}:${m.record.id}`, m.to.id]));

/** Moved record ids of a kind, sorted. */
export const moved = (result: PlanResult, kind: RecordKind = 'accounts'): string[] =>
  result.plan.moves
    .filter((m) => m.record.kind === kind)
    .map((m) => m.record.id)
    .sort();

/** Unplaced records as `kind:id → reason`. */
export const unplacedOf = (result: PlanResult): Record<string, string> =>
  Object.fromEntries(result.plan.unplaced.map((u) => [`${u.record.kind}:${u.record.id}`, u.reason]));

/** How many records of a kind each owner receives in the plan. */
export function received(result: PlanResult, kind: RecordKind): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of result.plan.moves) if (m.record.kind === kind) counts[m.to.id] = (counts[m.to.id] ?? 0) + 1;
  return counts;
}

/** Writes the plan into a fresh folder; returns the folder. */
export function writeTo(result: PlanResult, dir = scratch('plan-'), force = false): string {
  writePlanFiles(dir, result, force);
  return dir;
}

/** Reads a CSV the tool wrote (a BOM, if any, is dropped) as rows of strings, header first. */
export function readRows(file: string): string[][] {
  return parse(readFileSync(file), { bom: true, relax_column_count: false }) as string[][];
}

/** Reads a CSV as objects keyed by the header. */
export function readObjects(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[];
}

/** Every file of a folder, name -> bytes. */
export function folderBytes(dir: string): Map<string, Buffer> {
  return new Map(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(path.join(dir, name))]),
  );
}

/** Record ids flagged by the given checks, as `kind:id`, from a separate audit with the same settings. */
export function flaggedBy(
  db: Db,
  fix: CheckId[],
  settings: { placeholderOwners: string[]; rules?: TerritoryRules; defaultCapacity?: number },
): Set<string> {
  const session = auditSnapshot(db, { ...settings, failOn: [] });
  const flagged = new Set<string>();
  for (const finding of auditFindings(session))
    if (fix.includes(finding.check)) flagged.add(`${finding.kind}:${finding.recordId}`);
  return flagged;
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
