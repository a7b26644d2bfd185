/**
 * The tool's open pipeline (audit --json `pipeline`) against the naive one of pipeline.ts, on
 * generated Salesforce exports: per currency and owner state, the opportunities and the amount
 * must agree to the ten-thousandth, and so must the amounts left out. Seeded like the other
 * properties here (CRM_OWNERS_REFERENCE_SEED, CRM_OWNERS_REFERENCE_RUNS).
 */
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/runAudit.js';
import { auditJson } from '../../src/report/auditJson.js';
import { openDatabase } from '../../src/store/database.js';
import { loadSnapshot } from '../../src/load/loadSnapshot.js';
import { LOADED_AT, placeholdersOf, scenarioArb, scratchRoot, writeScenario } from './generate.js';
import { referencePipeline, STATES, tenThousandths, type ReferencePipeline } from './pipeline.js';

const SEED = Number(process.env.CRM_OWNERS_REFERENCE_SEED ?? 20261207);
const RUNS = Number(process.env.CRM_OWNERS_REFERENCE_RUNS ?? 30);

const root = scratchRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Cell = { opportunities: number; amount: string };

/** What is compared, the same shape from both sides: amounts as ten-thousandths, currencies by name. */
function view(p: ReferencePipeline) {
  return {
    opportunities: p.opportunities,
    withoutAmount: p.withoutAmount,
    unreadable: p.unreadable,
    currencies: Object.fromEntries(
      Object.entries(p.currencies)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([currency, cells]) => [
          currency,
          Object.fromEntries(Object.entries(cells).map(([key, c]) => [key, `${c.opportunities}: ${c.amount}`])),
        ]),
    ),
  };
}

/** The tool's `pipeline` in the reference's terms. */
function fromTool(json: {
  opportunities: number;
  withoutAmount: number;
  unreadable: { count: number };
  currencies: { currency: string | null; states: Record<string, Cell>; atRisk: Cell; total: Cell }[];
}): ReferencePipeline {
  const big = (cell: Cell) => ({ opportunities: cell.opportunities, amount: tenThousandths(cell.amount)! });
  return {
    opportunities: json.opportunities,
    withoutAmount: json.withoutAmount,
    unreadable: json.unreadable.count,
    currencies: Object.fromEntries(
      json.currencies.map((c) => [
        c.currency ?? '',
        {
          ...Object.fromEntries(STATES.map((state) => [state, big(c.states[state]!)])),
          atRisk: big(c.atRisk),
          total: big(c.total),
        },
      ]),
    ) as ReferencePipeline['currencies'],
  };
}

describe(`the open pipeline agrees with the reference on generated Salesforce exports (seed ${SEED}, ${RUNS} runs)`, () => {
  it('per currency and owner state: opportunities and amounts, exactly; empty and unreadable amounts', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const dir = writeScenario(root, s);
        const db = openDatabase(':memory:');
        try {
          await loadSnapshot(db, {
            files: [dir],
            rejectsPath: path.join(dir, '..', `${path.basename(dir)}.rejects.csv`),
            now: LOADED_AT,
          });
          const json = auditJson(runAudit(db, { placeholderOwners: placeholdersOf(s), failOn: [] }));
          expect(view(fromTool(json.pipeline)), dir).toEqual(view(referencePipeline(dir, placeholdersOf(s))));
        } finally {
          db.close();
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
  });

  it('the reference reads amounts as the contract says (worked by hand)', () => {
    expect(tenThousandths('1,250.00')).toBe(12_500_000n);
    expect(tenThousandths('1.5E+3')).toBe(15_000_000n);
    expect(tenThousandths('-50')).toBe(-500_000n);
    expect(tenThousandths('0.10')! + tenThousandths('0.20')!).toBe(3_000n);
    expect(tenThousandths('')).toBeNull();
    expect(tenThousandths('TBD')).toBeUndefined();
  });
});
