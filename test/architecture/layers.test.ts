/**
 * The import graph of src/: no runtime import cycles, and the layer rules of docs/design.md
 * ("Layers"). dependency-cruiser reads the TypeScript sources (type-only imports included) in a
 * few seconds; a failure lists each offending import.
 */
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IForbiddenRuleType, type IViolation } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Each rule says which imports are forbidden: `from` the importing module, `to` the imported one. */
const RULES: IForbiddenRuleType[] = [
  {
    // A type-only cycle is erased when compiled, so harmless at run time; some remain (see the design notes).
    name: 'no-runtime-cycle',
    from: {},
    to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
  },
  {
    // The store keeps and reads snapshots; what is computed from them and how it is shown come later.
    name: 'store-below-audit-and-presentation',
    from: { path: '^src/store/' },
    to: { path: '^src/(audit|report|commands|plan|history)/' },
  },
  {
    // The store is storage: reading exports (ingest/) and running a load (load/) sit above it.
    name: 'store-below-ingest-and-load',
    from: { path: '^src/store/' },
    to: { path: '^src/(ingest|load)/' },
  },
  {
    // The record model (records/) and the CSV parser (csv.ts) are shared by reading, storing, the
    // audit and plans: they build on the leaves only.
    name: 'records-and-csv-are-leaves',
    from: { path: ['^src/records/', '^src/csv\\.ts$'] },
    to: { path: '^src/', pathNot: ['^src/records/', '^src/kinds/', '^src/(errors|numbers|printable)\\.ts$'] },
  },
  {
    // Reading exports knows nothing of the database nor of the load that drives it.
    name: 'ingest-below-store-and-load',
    from: { path: '^src/ingest/' },
    to: { path: '^src/(store|load|audit|report|commands|plan|history|output)/' },
  },
  {
    // A load plans, reads, writes and commits; what is computed from snapshots afterwards is not its
    // concern, except the owner states and coverage it counts in the load's transaction.
    name: 'load-below-presentation',
    from: { path: '^src/load/' },
    to: {
      path: [
        '^src/(report|commands|plan|history)/',
        '^src/audit/(?!(ownerStates|loadCoverage)\\.ts$)',
        '^src/output/(?!(atomicFile|csvWriter|outputPaths)\\.ts$)',
      ],
    },
  },
  {
    // Of output/, the store (the rejects file, the migration backups) uses only the safe file writers.
    name: 'store-writes-files-only',
    from: { path: '^src/store/' },
    to: { path: '^src/output/', pathNot: '^src/output/(atomicFile|csvWriter)\\.ts$' },
  },
  {
    // The audit returns plain results; reporters render them and commands run them.
    name: 'audit-below-presentation',
    from: { path: '^src/audit/' },
    to: { path: '^src/(report|commands|plan|history|output)/' },
  },
  {
    // Reporters render plain data: the monthly report's numbers are gathered (SQL, the plan's summary)
    // in monthly/ before they come here. Types of results (a load's, a snapshot's) are fine.
    name: 'report-renders-plain-data',
    from: { path: '^src/report/' },
    to: { path: '^src/(store|load|monthly)/', dependencyTypesNot: ['type-only'] },
  },
  {
    // An audit's result is plain data (audit/runAudit.ts `AuditResult`): reporters never see the
    // audit's working state (the database, SQL conditions, caches), nor the modules that query it.
    name: 'report-sees-no-audit-state',
    from: { path: '^src/report/' },
    to: {
      path: ['^src/audit/(check|loads|territories|overdueByOwner|coverage|runAudit)\\.ts$'],
      dependencyTypesNot: ['type-only'],
    },
  },
  {
    // Not even the type: a reporter that takes an AuditContext would reach the database through it.
    name: 'report-takes-no-audit-context',
    from: { path: '^src/report/' },
    to: { path: '^src/audit/context\\.ts$' },
  },
  {
    name: 'commands-only-from-cli',
    from: { path: '^src/', pathNot: ['^src/commands/', '^src/cli\\.ts$'] },
    to: { path: '^src/commands/' },
  },
];

let result: ICruiseResult;

beforeAll(async () => {
  const previous = process.cwd();
  // dependency-cruiser names modules relative to the working folder.
  process.chdir(ROOT);
  try {
    const cruised = await cruise(['src'], {
      validate: true,
      ruleSet: { forbidden: RULES.map((rule) => ({ severity: 'error', ...rule })) },
      tsPreCompilationDeps: true,
      tsConfig: { fileName: 'tsconfig.json' },
    });
    result = cruised.output as ICruiseResult;
  } finally {
    process.chdir(previous);
  }
});

function violations(rule: string): string[] {
  return result.summary.violations
    .filter((violation: IViolation) => violation.rule.name === rule)
    .map((violation) => [violation.from, ...(violation.cycle?.map((step) => step.name) ?? [violation.to])].join(' → '));
}

describe('import graph of src/', () => {
  it('cruises the sources', () => {
    // A wrong path or config would pass every rule below by finding nothing.
    expect(result.modules.filter((module) => module.source.startsWith('src/')).length).toBeGreaterThan(150);
    expect(result.modules.some((module) => module.source === 'src/load/loadSnapshot.ts')).toBe(true);
  });

  it.each(RULES.map((rule) => rule.name!))('%s', (rule) => {
    expect(violations(rule)).toEqual([]);
  });
});
