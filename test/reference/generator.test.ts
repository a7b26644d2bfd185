/**
 * Keeps the generator and the reference honest: a property that finds nothing proves nothing. Over
 * a seeded sample of the generator the property tests draw from, every shape the generator is meant to make
 * shows up, and the reference counts what it should for it.
 */
import fc from 'fast-check';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LOADED_AT,
  exportFiles,
  placeholdersOf,
  rulesFile,
  scenarioArb,
  scratchRoot,
  writeScenario,
  type Scenario,
} from './generate.js';
import { referenceAudit, type Check, type ReferenceAudit } from './reference.js';

const SAMPLE = 80;
const root = scratchRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Drawn {
  s: Scenario;
  files: Record<string, string>;
  audit: ReferenceAudit;
}

const drawn: Drawn[] = fc.sample(scenarioArb, { seed: 20261207, numRuns: SAMPLE }).map((s) => {
  const dir = writeScenario(root, s);
  writeFileSync(path.join(dir, 'rules.csv'), rulesFile(s));
  const audit = referenceAudit(dir, {
    placeholders: placeholdersOf(s),
    defaultCapacity: s.defaultCapacity,
    loadedAt: LOADED_AT,
    rulesCsv: rulesFile(s),
    staleDays: s.staleDays ?? 30,
  });
  return { s, files: exportFiles(s), audit };
});

const some = (test: (d: Drawn) => boolean) => drawn.filter(test).length;
const counted = (check: Check) => some((d) => d.audit.checks.some((row) => row.check === check && row.count > 0));
const cells = (d: Drawn, file: string) => d.files[file] ?? '';

describe(`the generator makes every shape (${SAMPLE} seeded scenarios)`, () => {
  it('users: inactive, system by UserType and by username, shared names, without a Name column, ALL-CAPS headers, 0/1 booleans', () => {
    expect(some((d) => d.s.users.some((u) => !u.active))).toBeGreaterThan(0);
    expect(some((d) => cells(d, 'User.csv').includes('"AutomatedProcess"'))).toBeGreaterThan(0);
    expect(some((d) => cells(d, 'User.csv').includes('"integration@00d'))).toBeGreaterThan(0);
    expect(some((d) => new Set(d.s.users.map((u) => u.name)).size < d.s.users.length)).toBeGreaterThan(0);
    expect(some((d) => d.s.sharedUserEmail && d.s.users.length > 1)).toBeGreaterThan(0);
    expect(some((d) => !d.s.nameColumn)).toBeGreaterThan(0);
    expect(some((d) => cells(d, 'User.csv').startsWith('"ID","USERNAME"'))).toBeGreaterThan(0);
    expect(some((d) => /"IsActive"|"ISACTIVE"/.test(cells(d, 'User.csv')) && d.s.ones)).toBeGreaterThan(0);
  });

  it('ids in 15 and 18 characters, repeated ids, ids mangled by Excel', () => {
    expect(some((d) => /"003[A-Za-z0-9]{12}"/.test(cells(d, 'Contact.csv')))).toBeGreaterThan(0);
    expect(some((d) => /"003[A-Za-z0-9]{15}"/.test(cells(d, 'Contact.csv')))).toBeGreaterThan(0);
    expect(some((d) => /"005[A-Za-z0-9]{12}"/.test(cells(d, 'Account.csv')))).toBeGreaterThan(0);
    expect(counted('duplicate-id')).toBeGreaterThan(0);
    expect(counted('mangled-id')).toBeGreaterThan(0);
  });

  it('owners by id, email and name, Owner.Name files, empty owners and the empty lookup, unknown and ambiguous owners, placeholders', () => {
    expect(some((d) => /"Owner\.Name"|"OWNER\.NAME"/.test(Object.values(d.files).join('')))).toBeGreaterThan(0);
    expect(
      some((d) => /"[a-z]+\.[a-z]+\.\d+@acme\.example"/.test(cells(d, 'Account.csv') + cells(d, 'Contact.csv'))),
    ).toBeGreaterThan(0);
    expect(some((d) => Object.values(d.files).join('').includes('"000000000000000AAA"'))).toBeGreaterThan(0);
    expect(counted('unowned')).toBeGreaterThan(0);
    expect(counted('inactive-owner')).toBeGreaterThan(0);
    expect(counted('unknown-owner')).toBeGreaterThan(0);
    expect(some((d) => d.s.placeholders.length > 0)).toBeGreaterThan(0);
  });

  it('converted leads and closed opportunities and cases (counted as loaded, not as open)', () => {
    for (const kind of ['leads', 'opportunities', 'cases'] as const) {
      expect(
        some((d) => (d.audit.loaded[kind] ?? 0) > (d.audit.counts[kind] ?? 0)),
        kind,
      ).toBeGreaterThan(0);
    }
    expect(some((d) => d.s.noIsClosed && d.s.opportunities.some((o) => o.closed))).toBeGreaterThan(0);
  });

  it('shared emails, accounts of contacts, territories, capacity and stale activity, each counted by the reference', () => {
    for (const check of [
      'split-ownership',
      'account-owner-mismatch',
      'territory-conflict',
      'no-territory',
      'overloaded-owner',
      'stale-ownership',
    ] as const) {
      expect(counted(check), check).toBeGreaterThan(0);
    }
    expect(some((d) => cells(d, 'Contact.csv').includes('"########"'))).toBeGreaterThan(0);
    // The Tukey fence alone (no capacity anywhere) flags someone.
    const fenceOnly = (d: Drawn) =>
      d.s.defaultCapacity === undefined &&
      d.s.users.every((u) => u.capacity === undefined && u.accountCapacity === undefined);
    expect(
      some((d) => fenceOnly(d) && d.audit.checks.some((row) => row.check === 'overloaded-owner' && row.count > 0)),
    ).toBeGreaterThan(0);
  });

  it('file dialects: BOM, unquoted values, padded headers, US dates; capacities 0 and 3.0; messy owner references', () => {
    const all = (d: Drawn) => Object.values(d.files).join('');
    expect(some((d) => all(d).startsWith('\uFEFF'))).toBeGreaterThan(0);
    expect(some((d) => /\n[^"\n]/.test(cells(d, 'Account.csv')))).toBeGreaterThan(0);
    expect(some((d) => /^\uFEFF?" Id "|^\uFEFF?" ID "/.test(cells(d, 'Account.csv')))).toBeGreaterThan(0);
    expect(some((d) => /\d{1,2}\/\d{1,2}\/2026/.test(all(d)))).toBeGreaterThan(0);
    expect(
      some((d) => d.s.users.some((u) => u.capacity === '0')) &&
        some((d) => d.s.users.some((u) => u.capacity === '3.0')),
    ).toBeGreaterThan(0);
    expect(some((d) => /[A-Z]+\.[A-Z]+\.\d+@ACME\.EXAMPLE /.test(all(d)))).toBeGreaterThan(0);
    expect(some((d) => /[a-z]+ {3}[a-z]+/.test(all(d)))).toBeGreaterThan(0);
    expect(some((d) => d.s.mismatchKinds !== undefined)).toBeGreaterThan(0);
    // An export without its users file: every user owner unknown.
    expect(
      some(
        (d) => !('User.csv' in d.files) && d.audit.checks.some((row) => row.check === 'unknown-owner' && row.count > 0),
      ),
    ).toBeGreaterThan(0);
  });

  it('tasks open and closed, overdue or not, and account and opportunity teams with members inactive, unknown or system users', () => {
    expect(some((d) => 'Task.csv' in d.files)).toBeGreaterThan(0);
    expect(some((d) => !('Task.csv' in d.files))).toBeGreaterThan(0);
    expect(some((d) => (d.audit.loaded.tasks ?? 0) > (d.audit.counts.tasks ?? 0))).toBeGreaterThan(0);
    expect(counted('overdue-activity')).toBeGreaterThan(0);
    // Open tasks that are not overdue: due later, or undated.
    expect(
      some((d) => d.audit.checks.some((row) => row.check === 'overdue-activity' && row.count < row.total)),
    ).toBeGreaterThan(0);
    expect(some((d) => cells(d, 'Task.csv').includes('"########"'))).toBeGreaterThan(0);
    for (const kind of ['account-team', 'opportunity-team'] as const) {
      expect(
        some((d) =>
          d.audit.checks.some((row) => row.check === 'inactive-team-member' && row.kind === kind && row.count > 0),
        ),
        kind,
      ).toBeGreaterThan(0);
      expect(
        some((d) =>
          d.audit.checks.some(
            (row) => row.check === 'inactive-team-member' && row.kind === kind && row.count < row.total,
          ),
        ),
        kind,
      ).toBeGreaterThan(0);
    }
    // Team members are not counted by the owner checks.
    expect(
      drawn.every((d) =>
        d.audit.checks.every(
          (row) =>
            !row.kind.endsWith('-team') || ['inactive-team-member', 'duplicate-id', 'mangled-id'].includes(row.check),
        ),
      ),
    ).toBe(true);
  });

  it('queues own records; record files come without LastActivityDate', () => {
    expect(some((d) => /"00G[A-Za-z0-9]{12,15}"/.test(Object.values(d.files).join('')))).toBeGreaterThan(0);
    expect(some((d) => !/LastActivityDate/i.test(cells(d, 'Case.csv')))).toBeGreaterThan(0);
  });
});
