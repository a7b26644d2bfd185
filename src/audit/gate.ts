/**
 * The CI gate: `--fail-on CHECK>N` / `CHECK>N%` (optionally `CHECK:KIND>N`), `--min-coverage`,
 * `--max-drop` against a baseline. Any crossed threshold fails the audit (exit 1).
 */
import { UsageError } from '../errors.js';
import type { RecordKind } from '../records/model.js';
import { isRecordKind, kindList } from '../kinds/registry.js';
import { COUNT, formatPercent, parseNumber, PERCENT } from '../numbers.js';
import { CHECK_IDS, isCheckId, type CheckId } from './checkIds.js';

export interface Threshold {
  check: CheckId;
  kind?: RecordKind;
  limit: number;
  percent: boolean;
  text: string;
}

export function parseThreshold(text: string): Threshold {
  const match = /^\s*([a-z-]+)(?::([a-z]+))?\s*>\s*(\d[^\s%]*)\s*(%?)\s*$/.exec(text);
  if (!match) throw new UsageError(`--fail-on takes CHECK>N or CHECK>N% (e.g. unowned>1%), got "${text}"`);
  const [, check, kind, limit, percent] = match;
  if (!isCheckId(check)) throw new UsageError(`--fail-on: unknown check "${check}"`, `checks: ${CHECK_IDS.join(', ')}`);
  if (kind !== undefined && !isRecordKind(kind))
    throw new UsageError(`--fail-on: unknown kind "${kind}" (${kindList()})`);
  // N% is a share of the records, N a number of them: the same numbers as --min-coverage and --max-moves take.
  const value = parseNumber(limit, percent === '%' ? PERCENT : COUNT);
  if (value === undefined) {
    const takes =
      percent === '%' ? PERCENT.what : `${COUNT.what} of records, or a percentage with % (e.g. ${check}>1%)`;
    throw new UsageError(`--fail-on "${text.trim()}": the limit takes ${takes}`);
  }
  return { check, kind: kind as RecordKind | undefined, limit: value, percent: percent === '%', text: text.trim() };
}

export interface CheckRow {
  check: CheckId;
  kind: RecordKind;
  count: number;
  total: number;
  percent: number;
  /** `not-checked`: the check could not run for the kind (its input column is absent); `reason` says why. */
  status: 'pass' | 'warn' | 'fail' | 'not-checked';
  /** The threshold it crossed, for people: "> 1%". */
  crossed?: string;
  /** Why a check was not run: "no last-activity column". */
  reason?: string;
}

/** "stale-ownership: not checked for cases — no last-activity column". */
export function notCheckedText(row: CheckRow): string {
  return `${row.check}: not checked for ${row.kind} — ${row.reason ?? 'its data is missing'}`;
}

export interface Baseline {
  coverage: number;
  /** Where it came from: "snapshot 2" or a file path. */
  source: string;
}

export interface GateSettings {
  failOn: Threshold[];
  minCoverage?: number;
  maxDrop?: number;
}

export interface GateResult {
  passed: boolean;
  reasons: string[];
  /** Gates that looked at fewer kinds than they name: some of their checks were not run (absent when none). */
  notes?: string[];
  baseline?: { coverage: number; drop: number; source: string };
}

/** Marks crossed thresholds on the check rows (in place) and gives the verdict. */
export function evaluateGate(
  rows: CheckRow[],
  coverage: number,
  baseline: Baseline | undefined,
  settings: GateSettings,
): GateResult {
  const reasons: string[] = [];
  const notes: string[] = [];
  // A gate over a check that did not run must not pass as if nothing was found.
  for (const t of settings.failOn) {
    const covered = rows.filter((row) => row.check === t.check && (!t.kind || t.kind === row.kind));
    const unchecked = covered.filter((row) => row.status === 'not-checked');
    if (unchecked.length === 0) continue;
    const why = unchecked.map((row) => `${row.kind} (${row.reason})`).join(', ');
    if (unchecked.length === covered.length)
      reasons.push(`--fail-on "${t.text}" cannot be evaluated: ${t.check} was not checked for ${why}`);
    else notes.push(`--fail-on "${t.text}" did not cover ${why}: ${t.check} was not checked there`);
  }
  for (const row of rows) {
    if (row.status === 'not-checked') continue;
    for (const t of settings.failOn) {
      if (t.check !== row.check || (t.kind && t.kind !== row.kind)) continue;
      const value = t.percent ? row.percent : row.count;
      if (value > t.limit) {
        row.status = 'fail';
        row.crossed = `> ${t.limit}${t.percent ? '%' : ''}`;
        reasons.push(
          `${row.check} ${row.kind} ${t.percent ? `${formatPercent(row.percent)}%` : row.count} > ${t.limit}${t.percent ? '%' : ''}`,
        );
        break;
      }
    }
  }
  if (settings.minCoverage !== undefined && coverage < settings.minCoverage) {
    reasons.push(`coverage ${formatPercent(coverage)}% is below the minimum ${settings.minCoverage}%`);
  }
  let drop: GateResult['baseline'];
  if (baseline) {
    drop = {
      coverage: baseline.coverage,
      drop: Math.round((baseline.coverage - coverage) * 100) / 100,
      source: baseline.source,
    };
    if (settings.maxDrop !== undefined && drop.drop > settings.maxDrop) {
      reasons.push(
        `coverage fell ${formatPercent(drop.drop)} pts since ${baseline.source} (at most ${settings.maxDrop} allowed)`,
      );
    }
  }
  return { passed: reasons.length === 0, reasons, ...(notes.length > 0 && { notes }), baseline: drop };
}

/** The setting without which a check does not run (the checks' `applies`), and the flag that gives it. */
const NEEDS: Partial<Record<CheckId, { setting: 'rules' | 'staleDays'; flag: string }>> = {
  'territory-conflict': { setting: 'rules', flag: '--rules FILE' },
  'no-territory': { setting: 'rules', flag: '--rules FILE' },
  'stale-ownership': { setting: 'staleDays', flag: '--stale-days N' },
};

/** A gate on a check that does not run could never fail: a CI job would pass whatever the data. */
export function refuseGatesOnChecksNotRun(options: {
  failOn: Threshold[];
  checks?: CheckId[];
  rules?: unknown;
  staleDays?: number;
}): void {
  for (const threshold of options.failOn) {
    if (options.checks && !options.checks.includes(threshold.check)) {
      throw new UsageError(
        `--fail-on "${threshold.text}": ${threshold.check} is not among --checks, so this gate could never fail`,
        `add it to --checks (${options.checks.join(',')},${threshold.check})`,
      );
    }
    const needs = NEEDS[threshold.check];
    if (needs && options[needs.setting] === undefined) {
      throw new UsageError(
        `--fail-on "${threshold.text}": ${threshold.check} runs only with ${needs.flag}, so this gate could never fail`,
        `give ${needs.flag} (or its config key ${needs.setting})`,
      );
    }
  }
}
