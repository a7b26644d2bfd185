/**
 * `audit`: every enabled check for every kind in a snapshot, coverage, owner loads and the gate
 * verdict, as one plain result object the reporters render.
 */
import { InputError } from '../errors.js';
import { readTextFile } from '../ingest/sources/textFile.js';
import { fitsRule, formatCount, percent, PERCENT } from '../numbers.js';
import type { RecordKind } from '../records/model.js';
import type { Db } from '../store/database.js';
import { getSnapshot, hasOwnersFile, previousSnapshot, type SnapshotInfo } from '../store/snapshots.js';
import { countConditions, conditionFindings, missingField, type Check, type Finding } from './check.js';
import { fieldLabel } from './neededFields.js';
import type { CheckId } from './checkIds.js';
import { CHECKS } from './checks/index.js';
import { buildContext, type AuditContext, type AuditSettings } from './context.js';
import { coverageCounts, coveragePercent } from './coverage.js';
import { evaluateGate, type Baseline, type CheckRow, type GateResult, type GateSettings } from './gate.js';
import { capacityOf, isAssignable, loadsOf, recordsAllowed } from './loads.js';
import { pipelineOf, type Pipeline } from './pipeline.js';
import { overdueByOwner } from './overdueByOwner.js';

export interface AuditOptions extends AuditSettings, GateSettings {
  snapshot?: number;
  /** Enabled checks; all by default. */
  checks?: CheckId[];
  /** `previous`, or the path of an earlier `audit --json` output. */
  baseline?: string;
}

export interface OwnerSummary {
  id: string;
  name: string;
  email: string;
  active: boolean;
  type: string;
  placeholder: boolean;
  loads: Partial<Record<RecordKind, number>>;
  capacity: Partial<Record<RecordKind, number>>;
  /** Open activities past their due date, by kind: only when the snapshot has activities with due dates. */
  overdue?: Partial<Record<RecordKind, number>>;
}

/**
 * What an audit found, as plain data (no database, no working state): reporters render it, and it
 * survives JSON unchanged.
 */
export interface AuditResult {
  snapshot: SnapshotInfo;
  /** Kinds with at least one record, in report order. */
  kinds: RecordKind[];
  coverage: { overall: number } & Partial<Record<RecordKind, number>>;
  checks: CheckRow[];
  owners: OwnerSummary[];
  gate: GateResult;
  /** Whether the snapshot was loaded with a users/owners file. */
  ownersFile: boolean;
  /** Open records per kind: those the checks and percentages count (closed and converted ones are history). */
  open: Partial<Record<RecordKind, number>>;
  /** What else makes the checks less than they seem (said above them, and in JSON `warnings`). */
  notes: string[];
  /** The snapshot before this one, for the trend line. */
  previous?: { id: number; coverage: number };
  /** Open opportunities' amounts by owner state and currency. */
  pipeline: Pipeline;
}

/**
 * An audit's result and the working state it was computed with (the database, owners, SQL
 * conditions): what the findings files and the monthly report go on to query. Not for reporters.
 */
export interface AuditSession {
  result: AuditResult;
  context: AuditContext;
}

function readBaselineFile(file: string): Baseline {
  let data: { coverage?: { overall?: unknown }; snapshot?: { id?: unknown } };
  try {
    data = JSON.parse(readTextFile(file, 'baseline'));
  } catch (error) {
    const reason = error instanceof InputError ? error.reason : `not valid JSON (${(error as Error).message})`;
    throw new InputError(
      { file },
      `cannot read baseline: ${reason}`,
      'write one with crm-owners audit --write-baseline FILE',
    );
  }
  const coverage = data?.coverage?.overall;
  if (typeof coverage !== 'number')
    throw new InputError({ file }, 'baseline has no coverage.overall: is it the output of crm-owners audit --json?');
  if (!fitsRule(coverage, PERCENT))
    throw new InputError({ file }, `baseline coverage.overall is ${coverage}, not ${PERCENT.what}`);
  return {
    coverage,
    source:
      typeof data.snapshot?.id === 'number' ? `baseline ${file} (snapshot ${data.snapshot.id})` : `baseline ${file}`,
  };
}

function overallCoverage(db: Db, snapshot: number, context: AuditContext): number {
  return coveragePercent(coverageCounts(db, snapshot, [...context.placeholderIds])).overall;
}

export function runAudit(db: Db, options: AuditOptions): AuditResult {
  return auditSnapshot(db, options).result;
}

export function auditSnapshot(db: Db, options: AuditOptions): AuditSession {
  const snapshot = getSnapshot(db, options.snapshot);
  const context = buildContext(db, snapshot, options);
  const enabled = new Set<CheckId>(options.checks ?? CHECKS.map((c) => c.id));
  const checks = CHECKS.filter((c) => enabled.has(c.id));

  const coverageByKind = coverageCounts(db, snapshot.id, [...context.placeholderIds]);
  const rows: CheckRow[] = [];
  for (const kind of context.kinds) {
    const applicable = checks.filter((c) => c.applies(kind, context));
    // A check whose input column no file of the kind has is not run: it would flag every record.
    const missing = new Map(
      applicable.flatMap((c) => {
        const field = missingField(c, context, kind);
        return field === undefined ? [] : [[c.id, field] as const];
      }),
    );
    const counted = countConditions(
      context,
      kind,
      applicable.filter((c) => c.condition && !missing.has(c.id)),
    );
    // The records audited: closed ones are history.
    const total = coverageByKind.find((c) => c.kind === kind)?.total ?? 0;
    for (const check of applicable) {
      const field = missing.get(check.id);
      if (field !== undefined) {
        const inferred = context.absent(kind, field).inferred;
        const reason = inferred
          ? `no ${fieldLabel(field)} values (snapshot loaded by an earlier release)`
          : `no ${fieldLabel(field)} column`;
        rows.push({ check: check.id, kind, count: 0, total, percent: 0, status: 'not-checked', reason });
        continue;
      }
      const count = counted.get(check.id) ?? check.count!(context, kind);
      rows.push({
        check: check.id,
        kind,
        count,
        total,
        percent: percent(count, total),
        status: count > 0 ? 'warn' : 'pass',
      });
    }
  }
  // Checks first, kinds within a check: the order of the README's table of checks.
  rows.sort(
    (a, b) =>
      CHECKS.findIndex((c) => c.id === a.check) - CHECKS.findIndex((c) => c.id === b.check) ||
      context.kinds.indexOf(a.kind) - context.kinds.indexOf(b.kind),
  );

  const coverage = coveragePercent(coverageByKind);
  const before = previousSnapshot(db, snapshot.id);
  const previous = before && { id: before.id, coverage: overallCoverage(db, before.id, context) };
  let baseline: Baseline | undefined;
  const baselineOption = options.baseline ?? (options.maxDrop !== undefined ? 'previous' : undefined);
  if (baselineOption === 'previous')
    baseline = previous && { coverage: previous.coverage, source: `snapshot ${previous.id}` };
  else if (baselineOption) baseline = readBaselineFile(baselineOption);
  const gate = evaluateGate(rows, coverage.overall, baseline, options);
  const notes: string[] = [];
  const teamsFiles = context.filesNeedingTeams();
  if (teamsFiles.length > 0 && rows.some((row) => row.check === 'unknown-owner' && row.count > 0)) {
    const n = db
      .prepare<[number], number>(
        `SELECT count(*) FROM records r WHERE r.snapshot_id = ? AND r.closed = 0 AND r.file_id IN (${teamsFiles.join(', ')}) AND ${context.sql.unknown}`,
      )
      .pluck()
      .get(snapshot.id)!;
    if (n > 0)
      notes.push(
        `${formatCount(n)} Dynamics ${n === 1 ? 'record names an owner' : 'records name owners'} that no user matches: if ${n === 1 ? 'it is a team' : 'they are teams'}, load the Dynamics Teams export too (it resolves team names)`,
      );
  }

  const result: AuditResult = {
    snapshot,
    kinds: [...context.kinds],
    coverage,
    checks: rows,
    owners: ownerSummaries(context),
    gate,
    ownersFile: hasOwnersFile(db, snapshot.id),
    notes,
    open: Object.fromEntries(coverageByKind.map((c) => [c.kind, c.total])),
    previous,
    pipeline: pipelineOf(context),
  };
  return { result, context };
}

export function ownerSummaries(context: AuditContext): OwnerSummary[] {
  const overdue = overdueByOwner(context);
  return context.owners.map((owner) => {
    const loads: OwnerSummary['loads'] = {};
    const capacity: OwnerSummary['capacity'] = {};
    for (const kind of context.kinds) {
      const { loads: byOwner, fence } = loadsOf(context, kind);
      loads[kind] = byOwner.get(owner.id) ?? 0;
      const cap = isAssignable(owner, context) ? capacityOf(owner, kind, context, fence) : owner.capacity[kind];
      if (cap !== undefined) capacity[kind] = recordsAllowed(cap);
    }
    return {
      id: owner.id,
      name: owner.name,
      email: owner.email,
      active: owner.active,
      type: owner.type,
      placeholder: context.placeholderIds.has(owner.id),
      loads,
      capacity,
      ...(overdue.size > 0 && {
        overdue: Object.fromEntries([...overdue].map(([kind, byOwner]) => [kind, byOwner.get(owner.id) ?? 0])),
      }),
    };
  });
}

/** Every flagged record, check by check and kind by kind, for the findings file. */
export function* auditFindings({ result, context }: AuditSession): Iterable<Finding> {
  for (const row of result.checks) {
    if (row.count === 0 || row.status === 'not-checked') continue;
    const check = CHECKS.find((c) => c.id === row.check) as Check;
    yield* check.condition ? conditionFindings(context, row.kind, check) : check.findings!(context, row.kind);
  }
}
