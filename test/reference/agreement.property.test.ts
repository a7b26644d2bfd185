/**
 * The tool's audit against the reference (a second, naive implementation of every check in this
 * folder) on generated Salesforce exports: every count must agree — per check and kind, totals,
 * coverage and the snapshot's counts. Seeded: set CRM_OWNERS_REFERENCE_SEED (and
 * CRM_OWNERS_REFERENCE_RUNS) to explore further; a failure prints the seed and the scenario.
 */
import fc from 'fast-check';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAudit, type AuditOptions } from '../../src/audit/runAudit.js';
import { auditJson } from '../../src/report/auditJson.js';
import { parseRules } from '../../src/rules/rules.js';
import { openDatabase } from '../../src/store/database.js';
import { loadSnapshot } from '../../src/load/loadSnapshot.js';
import {
  LOADED_AT,
  placeholdersOf,
  rulesFile,
  scenarioArb,
  scratchRoot,
  writeScenario,
  type Scenario,
} from './generate.js';
import { checkCell, referenceAudit, type ReferenceAudit } from './reference.js';

const SEED = Number(process.env.CRM_OWNERS_REFERENCE_SEED ?? 20261207);
const RUNS = Number(process.env.CRM_OWNERS_REFERENCE_RUNS ?? 30);

const root = scratchRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What the comparison looks at, the same shape from both sides. */
function view(audit: ReferenceAudit) {
  return {
    loaded: audit.loaded,
    counts: audit.counts,
    coverage: audit.coverage,
    loads: audit.loads,
    checks: Object.fromEntries(audit.checks.map((row) => [`${row.check} ${row.kind}`, checkCell(row)])),
  };
}

async function toolAudits(dir: string, s: Scenario): Promise<{ bare: ReferenceAudit; full: ReferenceAudit }> {
  const db = openDatabase(':memory:');
  try {
    await loadSnapshot(db, {
      files: [dir],
      rejectsPath: path.join(dir, '..', `${path.basename(dir)}.rejects.csv`),
      now: LOADED_AT,
    });
    const audit = (options: Partial<AuditOptions>): ReferenceAudit => {
      const json = auditJson(
        runAudit(db, {
          placeholderOwners: placeholdersOf(s),
          failOn: [],
          defaultCapacity: s.defaultCapacity,
          mismatchKinds: s.mismatchKinds,
          overdueDays: s.overdueDays,
          ...options,
        }),
      );
      const { owners: _owners, ...loaded } = json.snapshot.counts as Record<string, number>;
      const kinds = Object.keys(loaded).filter((kind) => loaded[kind]! > 0);
      const open = json.snapshot.open as Record<string, number>;
      return {
        loaded: Object.fromEntries(kinds.map((kind) => [kind, loaded[kind]])),
        counts: Object.fromEntries(kinds.map((kind) => [kind, open[kind]])),
        coverage: json.coverage as Record<string, number>,
        loads: Object.fromEntries(json.owners.map((owner) => [owner.id, owner.loads])),
        checks: json.checks.map(({ check, kind, count, total, status }) => ({
          check,
          kind,
          count,
          total,
          ...(status === 'not-checked' ? { notChecked: true } : {}),
        })) as ReferenceAudit['checks'],
      };
    };
    const rulesPath = path.join(dir, 'rules.csv');
    return {
      bare: audit({}),
      full: audit({ rules: parseRules(rulesPath, readFileSync(rulesPath, 'utf8')), staleDays: s.staleDays }),
    };
  } finally {
    db.close();
  }
}

describe(`the tool agrees with the reference on generated Salesforce exports (seed ${SEED}, ${RUNS} runs)`, () => {
  it('every count: per check and kind, totals, coverage, the snapshot counts', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const dir = writeScenario(root, s);
        writeFileSync(path.join(dir, 'rules.csv'), rulesFile(s));
        const tool = await toolAudits(dir, s);
        const settings = {
          placeholders: placeholdersOf(s),
          defaultCapacity: s.defaultCapacity,
          mismatchKinds: s.mismatchKinds,
          overdueDays: s.overdueDays,
          loadedAt: LOADED_AT,
        };
        const bare = referenceAudit(dir, settings);
        const full = referenceAudit(dir, { ...settings, rulesCsv: rulesFile(s), staleDays: s.staleDays });
        expect(view(tool.bare), `without rules (${dir})`).toEqual(view(bare));
        expect(view(tool.full), `with rules${s.staleDays ? ` and --stale-days ${s.staleDays}` : ''} (${dir})`).toEqual(
          view(full),
        );
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
  });
});
