/**
 * The same agreement through the command line a user runs: `crm-owners audit FOLDER --db :memory:
 * --json` with `--rules`, `--stale-days`, `--placeholder`, `--default-capacity`, `--checks` and a config
 * file (`mismatchKinds`), in-process on the built CLI. Fewer runs than the library property: this one
 * checks the options reach the audit, the other the audit itself.
 */
import fc from 'fast-check';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/inProcess.js';
import { sometimes, placeholdersOf, rulesFile, scenarioArb, scratchRoot, writeScenario } from './generate.js';
import { CHECKS, checkCell, referenceAudit, type ReferenceAudit } from './reference.js';

const SEED = Number(process.env.CRM_OWNERS_REFERENCE_SEED ?? 20261207);
const RUNS = Math.max(1, Math.round(Number(process.env.CRM_OWNERS_REFERENCE_RUNS ?? 30) / 5));

const root = scratchRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface AuditJson {
  snapshot: { loadedAt: string; counts: Record<string, number>; open: Record<string, number> };
  coverage: Record<string, number>;
  checks: { check: string; kind: string; count: number; total: number; status: string }[];
  owners: { id: string; loads: Record<string, number> }[];
}

/** Of each kind loaded: the records loaded, and the open ones the checks count. */
const loadedKinds = (json: AuditJson) =>
  Object.keys(json.snapshot.counts).filter((kind) => kind !== 'owners' && json.snapshot.counts[kind]! > 0);

const fromTool = (json: AuditJson) => ({
  loaded: Object.fromEntries(loadedKinds(json).map((kind) => [kind, json.snapshot.counts[kind]])),
  counts: Object.fromEntries(loadedKinds(json).map((kind) => [kind, json.snapshot.open[kind]])),
  coverage: json.coverage,
  loads: Object.fromEntries(json.owners.map((owner) => [owner.id, owner.loads])),
  checks: Object.fromEntries(
    json.checks.map((row) => [
      `${row.check} ${row.kind}`,
      checkCell({ ...row, notChecked: row.status === 'not-checked' || undefined }),
    ]),
  ),
});

const fromReference = (audit: ReferenceAudit) => ({
  loaded: audit.loaded,
  counts: audit.counts,
  coverage: audit.coverage,
  loads: audit.loads,
  checks: Object.fromEntries(audit.checks.map((row) => [`${row.check} ${row.kind}`, checkCell(row)])),
});

describe(`crm-owners audit agrees with the reference (seed ${SEED}, ${RUNS} runs)`, () => {
  it('every count, with the options given as flags and config', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, sometimes(fc.subarray([...CHECKS], { minLength: 1 }), 3), async (s, checks) => {
        const dir = writeScenario(root, s);
        const rules = path.join(root, `${path.basename(dir)}.rules.csv`);
        writeFileSync(rules, rulesFile(s));
        const config = path.join(root, `${path.basename(dir)}.config.json`);
        writeFileSync(
          config,
          JSON.stringify({
            ...(s.mismatchKinds && { mismatchKinds: s.mismatchKinds }),
            ...(s.overdueDays !== undefined && { overdueDays: s.overdueDays }),
          }),
        );
        const args = ['audit', dir, '--db', ':memory:', '--json', '--config', config, '--rules', rules];
        if (s.staleDays !== undefined) args.push('--stale-days', String(s.staleDays));
        if (s.defaultCapacity !== undefined) args.push('--default-capacity', String(s.defaultCapacity));
        for (const placeholder of placeholdersOf(s)) args.push('--placeholder', placeholder);
        if (checks) args.push('--checks', checks.join(','));
        const result = await runInProcess(args);
        expect(result.code, result.stderr).toBe(0);
        const json = JSON.parse(result.stdout) as AuditJson;
        const reference = referenceAudit(dir, {
          rulesCsv: rulesFile(s),
          staleDays: s.staleDays,
          placeholders: placeholdersOf(s),
          defaultCapacity: s.defaultCapacity,
          mismatchKinds: s.mismatchKinds,
          overdueDays: s.overdueDays,
          loadedAt: new Date(json.snapshot.loadedAt),
        });
        if (checks) reference.checks = reference.checks.filter((row) => checks.includes(row.check));
        expect(fromTool(json), dir).toEqual(fromReference(reference));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
