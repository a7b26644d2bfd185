/** The CI gate (README, `audit` → "In CI"): thresholds, minimum coverage, maximum drop. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateGate, parseThreshold, type CheckRow } from '../../src/audit/gate.js';
import { runAudit } from '../../src/audit/runAudit.js';
import { InputError, UsageError } from '../../src/errors.js';
import { auditJson } from '../../src/report/auditJson.js';
import { openDatabase } from '../../src/store/database.js';
import { ACCOUNTS_HEADER, OWNERS_HEADER, auditOf, auditOptions, csv, loadInto, scratchDir } from './helpers.js';

describe('parseThreshold', () => {
  it('reads a percent threshold', () => {
    expect(parseThreshold('unowned>1%')).toEqual({
      check: 'unowned',
      kind: undefined,
      limit: 1,
      percent: true,
      text: 'unowned>1%',
    });
  });

  it('reads a count threshold', () => {
    expect(parseThreshold('unowned>10')).toEqual({
      check: 'unowned',
      kind: undefined,
      limit: 10,
      percent: false,
      text: 'unowned>10',
    });
  });

  it('reads a kind-specific threshold', () => {
    expect(parseThreshold('inactive-owner:contacts>0')).toEqual({
      check: 'inactive-owner',
      kind: 'contacts',
      limit: 0,
      percent: false,
      text: 'inactive-owner:contacts>0',
    });
  });

  it('takes decimals and spaces around the parts', () => {
    expect(parseThreshold(' split-ownership > 2.5 % ')).toMatchObject({
      check: 'split-ownership',
      limit: 2.5,
      percent: true,
      text: 'split-ownership > 2.5 %',
    });
  });

  it('rejects an unknown check, naming it and listing the known ones', () => {
    let error: unknown;
    try {
      parseThreshold('bogus>1');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('unknown check "bogus"');
    expect((error as UsageError).hint).toContain('unowned, inactive-owner, unknown-owner');
  });

  it('rejects an unknown kind', () => {
    expect(() => parseThreshold('unowned:owners>1')).toThrow(UsageError);
    expect(() => parseThreshold('unowned:deals>1')).toThrow(/unknown kind "deals"/);
    expect(parseThreshold('unowned:opportunities>1')).toMatchObject({ check: 'unowned', kind: 'opportunities' });
  });

  it.each([
    'unowned',
    'unowned>',
    'unowned>=1',
    'unowned<1',
    '>1',
    'unowned>1%%',
    'unowned>-1',
    'unowned>x',
    'unowned 1',
  ])('rejects bad syntax: %s', (text) => {
    expect(() => parseThreshold(text)).toThrow(UsageError);
    expect(() => parseThreshold(text)).toThrow(/CHECK>N or CHECK>N%/);
  });
});

/** Check rows as runAudit makes them (status pass/warn from the count). */
function rows(): CheckRow[] {
  const row = (
    check: CheckRow['check'],
    kind: CheckRow['kind'],
    count: number,
    total: number,
    percent: number,
  ): CheckRow => ({
    check,
    kind,
    count,
    total,
    percent,
    status: count > 0 ? 'warn' : 'pass',
  });
  return [
    row('unowned', 'accounts', 3, 200, 1.5),
    row('unowned', 'contacts', 12, 2000, 0.6),
    row('inactive-owner', 'accounts', 0, 200, 0),
    row('inactive-owner', 'contacts', 2, 2000, 0.1),
  ];
}

const none = { failOn: [] };

describe('evaluateGate', () => {
  it('passes with warnings only', () => {
    const checks = rows();
    const gate = evaluateGate(checks, 97, undefined, none);
    expect(gate).toEqual({ passed: true, reasons: [], baseline: undefined });
    expect(checks.map((r) => r.status)).toEqual(['warn', 'warn', 'pass', 'warn']);
  });

  it('fails a count threshold on every kind that crosses it', () => {
    // unowned>10: accounts 3 (no), contacts 12 (yes).
    const checks = rows();
    const gate = evaluateGate(checks, 97, undefined, { failOn: [parseThreshold('unowned>10')] });
    expect(gate.passed).toBe(false);
    expect(gate.reasons).toEqual(['unowned contacts 12 > 10']);
    expect(checks.map((r) => r.status)).toEqual(['warn', 'fail', 'pass', 'warn']);
    expect(checks[1].crossed).toBe('> 10');
    // The limit itself is not crossed.
    expect(evaluateGate(rows(), 97, undefined, { failOn: [parseThreshold('unowned>12')] }).passed).toBe(true);
  });

  it('fails a percent threshold against the percent of the kind’s records', () => {
    // unowned>1%: accounts 1.5% (yes), contacts 0.6% (no).
    const checks = rows();
    const gate = evaluateGate(checks, 97, undefined, { failOn: [parseThreshold('unowned>1%')] });
    expect(gate.passed).toBe(false);
    expect(gate.reasons).toEqual(['unowned accounts 1.50% > 1%']);
    expect(checks[0]).toMatchObject({ status: 'fail', crossed: '> 1%' });
    expect(checks[1].status).toBe('warn');
  });

  it('a kind-specific threshold looks at that kind only', () => {
    // inactive-owner:accounts>0 → accounts has 0: passes. inactive-owner:contacts>0 → 2: fails.
    expect(evaluateGate(rows(), 97, undefined, { failOn: [parseThreshold('inactive-owner:accounts>0')] }).passed).toBe(
      true,
    );
    const checks = rows();
    const gate = evaluateGate(checks, 97, undefined, { failOn: [parseThreshold('inactive-owner:contacts>0')] });
    expect(gate.reasons).toEqual(['inactive-owner contacts 2 > 0']);
    expect(checks.map((r) => r.status)).toEqual(['warn', 'warn', 'pass', 'fail']);
  });

  it('fails when overall coverage is below the minimum (not when equal)', () => {
    const gate = evaluateGate(rows(), 97.21, undefined, { failOn: [], minCoverage: 98 });
    expect(gate).toMatchObject({ passed: false, reasons: ['coverage 97.21% is below the minimum 98%'] });
    expect(evaluateGate(rows(), 98, undefined, { failOn: [], minCoverage: 98 }).passed).toBe(true);
  });

  it('fails when coverage fell by more than the maximum drop against the baseline', () => {
    // 97.9 → 97.21: a drop of 0.69 points.
    const baseline = { coverage: 97.9, source: 'snapshot 2' };
    const failing = evaluateGate(rows(), 97.21, baseline, { failOn: [], maxDrop: 0.5 });
    expect(failing.passed).toBe(false);
    expect(failing.reasons).toEqual(['coverage fell 0.69 pts since snapshot 2 (at most 0.5 allowed)']);
    expect(failing.baseline).toEqual({ coverage: 97.9, drop: 0.69, source: 'snapshot 2' });
    expect(evaluateGate(rows(), 97.21, baseline, { failOn: [], maxDrop: 0.69 }).passed).toBe(true);
    expect(evaluateGate(rows(), 97.21, baseline, { failOn: [], maxDrop: 1 }).passed).toBe(true);
    // A rise is a negative drop.
    expect(evaluateGate(rows(), 99, baseline, { failOn: [], maxDrop: 0 }).baseline).toMatchObject({ drop: -1.1 });
  });

  it('gives every reason when several things fail', () => {
    const gate = evaluateGate(
      rows(),
      90,
      { coverage: 95, source: 'snapshot 1' },
      { failOn: [parseThreshold('unowned>1%'), parseThreshold('inactive-owner>1')], minCoverage: 92, maxDrop: 2 },
    );
    expect(gate.passed).toBe(false);
    expect(gate.reasons).toEqual([
      'unowned accounts 1.50% > 1%',
      'inactive-owner contacts 2 > 1',
      'coverage 90.00% is below the minimum 92%',
      'coverage fell 5.00 pts since snapshot 1 (at most 2 allowed)',
    ]);
  });
});

describe('runAudit gate against a baseline', () => {
  const owners = csv(OWNERS_HEADER, 'u1,Ann,ann@x.test,true,user,,', 'u2,Ben,ben@x.test,false,user,,');
  // Snapshot 1: 4 accounts, 3 covered → 75%. Snapshot 2: 4 accounts, 2 covered → 50%. Drop 25 points.
  const first = {
    'owners.csv': owners,
    'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,A,u1,,', 'a2,B,u1,,', 'a3,C,u1,,', 'a4,D,u2,,'),
  };
  const second = {
    'owners.csv': owners,
    'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,A,u1,,', 'a2,B,u1,,', 'a3,C,,,', 'a4,D,u2,,'),
  };

  async function twoSnapshots() {
    const db = openDatabase(':memory:');
    await loadInto(db, first, { now: new Date('2026-10-01T00:00:00Z') });
    await loadInto(db, second, { now: new Date('2026-11-01T00:00:00Z') });
    return db;
  }

  it("baseline 'previous' compares with the snapshot before", async () => {
    const db = await twoSnapshots();
    const failing = runAudit(db, auditOptions({ baseline: 'previous', maxDrop: 10 }));
    expect(failing.snapshot.id).toBe(2);
    expect(failing.coverage.overall).toBe(50);
    expect(failing.previous).toEqual({ id: 1, coverage: 75 });
    expect(failing.gate).toEqual({
      passed: false,
      reasons: ['coverage fell 25.00 pts since snapshot 1 (at most 10 allowed)'],
      baseline: { coverage: 75, drop: 25, source: 'snapshot 1' },
    });
    expect(runAudit(db, auditOptions({ baseline: 'previous', maxDrop: 30 })).gate.passed).toBe(true);
    // --max-drop alone means the previous snapshot.
    expect(runAudit(db, auditOptions({ maxDrop: 10 })).gate.reasons).toEqual([
      'coverage fell 25.00 pts since snapshot 1 (at most 10 allowed)',
    ]);
    // Auditing snapshot 1 there is nothing before it: no baseline, nothing to fail.
    const firstAudit = runAudit(db, auditOptions({ snapshot: 1, baseline: 'previous', maxDrop: 0 }));
    expect(firstAudit.gate).toEqual({ passed: true, reasons: [], baseline: undefined });
  });

  it('a baseline file is the JSON a previous run wrote', async () => {
    const dir = scratchDir();
    const baselineFile = path.join(dir, 'baseline.json');
    const db = openDatabase(':memory:');
    await loadInto(db, first);
    writeFileSync(baselineFile, JSON.stringify(auditJson(runAudit(db, auditOptions()))));
    // A separate database, as in CI: the only history is the file.
    const later = openDatabase(':memory:');
    await loadInto(later, second);
    const result = runAudit(later, auditOptions({ baseline: baselineFile, maxDrop: 5 }));
    expect(result.gate.passed).toBe(false);
    expect(result.gate.baseline).toMatchObject({ coverage: 75, drop: 25 });
    expect(result.gate.baseline!.source).toContain(baselineFile);
    expect(result.gate.reasons[0]).toMatch(/^coverage fell 25\.00 pts since .*baseline\.json/);
    expect(runAudit(later, auditOptions({ baseline: baselineFile, maxDrop: 25 })).gate.passed).toBe(true);
  });

  it('a baseline file that is not an audit is an input error naming it', async () => {
    const dir = scratchDir();
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    const audit = await auditOf(first);
    expect(() => runAudit(audit.db, auditOptions({ baseline: bad, maxDrop: 1 }))).toThrow(InputError);
    expect(() => runAudit(audit.db, auditOptions({ baseline: bad, maxDrop: 1 }))).toThrow(bad);
    expect(() => runAudit(audit.db, auditOptions({ baseline: path.join(dir, 'missing.json'), maxDrop: 1 }))).toThrow(
      /missing\.json/,
    );
  });

  it('thresholds mark the failing rows of a real audit', async () => {
    // Snapshot `second`: unowned accounts 1 of 4 (25%), inactive-owner accounts 1.
    const audit = await auditOf(second, { failOn: [parseThreshold('unowned>20%')], minCoverage: 40 });
    expect(audit.row('unowned', 'accounts')).toMatchObject({ count: 1, percent: 25, status: 'fail' });
    expect(audit.row('inactive-owner', 'accounts')).toMatchObject({ count: 1, status: 'warn' });
    expect(audit.result.gate).toEqual({
      passed: false,
      reasons: ['unowned accounts 25.00% > 20%'],
      baseline: undefined,
    });
  });
});
