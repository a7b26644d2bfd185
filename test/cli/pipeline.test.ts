/**
 * The open pipeline end to end on fixtures/salesforce/pipeline (README, "The open pipeline"): a
 * Data Loader export with `CurrencyIsoCode`, a leaver (Ben Kline, inactive), an owner id no user
 * has, a queue, the Automated Process user, an empty owner and a closed-won deal. `audit` leads with
 * what inactive and unknown owners hold; `transfer --from` says what the new owner receives; after
 * the import (a later export with the new owners), `verify` says how much was applied.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/salesforce/pipeline');
const ANA = '0058c00000Pp1AaAAJ';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'crm-owners-pipeline-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const none = { opportunities: 0, amount: '0.00' };

describe('audit: the open pipeline by owner state', () => {
  it('--json: per currency, each state, at risk and total, exactly (0.10 + 0.20 is 0.30); closed deals left out', async () => {
    const { code, json } = await runJsonInProcess(['audit', FIXTURE, '--db', ':memory:', '--json']);
    expect(code).toBe(0);
    expect(json.pipeline).toEqual({
      opportunities: 9,
      currencies: [
        {
          currency: 'USD',
          states: {
            active: { opportunities: 1, amount: '250000.00' },
            inactive: { opportunities: 2, amount: '0.30' },
            unknown: { opportunities: 1, amount: '1000.05' },
            unowned: { opportunities: 1, amount: '300.00' },
            queue: none,
            system: { opportunities: 1, amount: '99.99' },
          },
          atRisk: { opportunities: 3, amount: '1000.35' },
          total: { opportunities: 6, amount: '251400.34' },
        },
        {
          currency: 'EUR',
          states: {
            active: none,
            inactive: { opportunities: 1, amount: '120000.70' },
            unknown: none,
            unowned: none,
            queue: { opportunities: 1, amount: '7500.00' },
            system: none,
          },
          atRisk: { opportunities: 1, amount: '120000.70' },
          total: { opportunities: 2, amount: '127500.70' },
        },
      ],
      // Op010 has no amount: counted, in no sum.
      withoutAmount: 1,
      unreadable: { count: 0 },
    });
  });

  it('the table and Markdown lead with the amount held by inactive or unknown owners', async () => {
    const table = await runInProcess(['audit', FIXTURE, '--db', ':memory:']);
    const lines = table.stdout.split('\n');
    const lead = lines.findIndex((line) =>
      line.startsWith(
        'Pipeline held by inactive or unknown owners: USD 1,000.35 (3 opportunities), EUR 120,000.70 (1 opportunity)',
      ),
    );
    expect(lead).toBeGreaterThan(0);
    expect(lead).toBeLessThan(lines.findIndex((line) => line.startsWith('Coverage')));
    expect(table.stdout).toContain('inactive EUR 120,000.70 (1) · queue EUR 7,500.00 (1)');
    expect(table.stdout).toContain('1 opportunity without an amount');

    const markdown = (await runInProcess(['audit', FIXTURE, '--db', ':memory:', '--format', 'markdown'])).stdout;
    const parts = markdown.split('\n\n');
    expect(parts[1]).toBe(
      '**Pipeline held by inactive or unknown owners: USD 1,000.35 (3 opportunities), EUR 120,000.70 (1 opportunity) · of USD 251,400.34 (6 opportunities), EUR 127,500.70 (2 opportunities) open**',
    );
    expect(parts[2]).toContain(
      '| USD | 250,000.00 (1) | 0.30 (2) | 1,000.05 (1) | 300.00 (1) |  | 99.99 (1) | 251,400.34 (6) |',
    );
  });

  it('the HTML report shows it first in its headline, and by state in a table', async () => {
    const db = path.join(scratch, 'report.db');
    expect((await runInProcess(['load', FIXTURE, '--db', db])).code).toBe(0);
    const out = path.join(scratch, 'report.html');
    expect((await runInProcess(['report', '--db', db, '--out', out])).code).toBe(0);
    const page = readFileSync(out, 'utf8');
    const headline = page.slice(page.indexOf('<div class="headline">'));
    expect(headline.indexOf('data-stat="pipeline-at-risk"')).toBeLessThan(
      headline.indexOf('data-stat="coverage-overall"'),
    );
    expect(page).toContain(
      '<span class="value" data-value="USD 1000.35;EUR 120000.70">USD 1,000.35 · EUR 120,000.70</span>',
    );
    expect(page).toMatch(
      /<tr data-currency="EUR"><th scope="row">EUR<\/th><td class="num" data-value="0.00" data-opportunities="0"><\/td><td class="num" data-value="120000.70" data-opportunities="1">120,000.70 \(1\)<\/td>/,
    );
  });
});

/** The export after the import: each record of the import files with its new owner. */
function importedCopy(plan: string, into: string): void {
  cpSync(FIXTURE, into, { recursive: true });
  const owners = new Map<string, string>();
  for (const file of ['import-accounts.csv', 'import-opportunities.csv']) {
    const [, ...rows] = parse(readFileSync(path.join(plan, file)), { bom: true }) as string[][];
    for (const [id, owner] of rows) owners.set(id!, owner!);
  }
  for (const file of ['Account.csv', 'Opportunity.csv']) {
    const [header, ...rows] = parse(readFileSync(path.join(into, file)), { bom: true }) as string[][];
    const at = header!.indexOf('OwnerId');
    const updated = rows.map((row) =>
      row.map((cell, i) => (i === at && owners.has(row[0]!) ? owners.get(row[0]!)! : cell)),
    );
    writeFileSync(
      path.join(into, file),
      [header!, ...updated].map((row) => row.map((cell) => `"${cell}"`).join(',')).join('\r\n') + '\r\n',
    );
  }
}

describe('transfer --from the leaver, then verify', () => {
  it('says what the new owner receives, and after the import how much of it was applied', async () => {
    const db = path.join(scratch, 'transfer.db');
    const plan = path.join(scratch, 'plan');
    expect((await runInProcess(['load', FIXTURE, '--db', db])).code).toBe(0);
    const transfer = await runInProcess([
      'transfer',
      '--from',
      'Ben Kline',
      '--to',
      'ana.ortiz@northwind-trading.test',
      '--out',
      plan,
      '--db',
      db,
    ]);
    expect(transfer.code).toBe(0);
    expect(transfer.stderr).toContain(
      'Ana Ortiz receives EUR 120,000.70 (1 opportunity), USD 0.30 (2 opportunities) of open pipeline',
    );
    const summary = JSON.parse(readFileSync(path.join(plan, 'summary.json'), 'utf8'));
    expect(summary.pipeline).toEqual({
      owners: [
        {
          id: ANA,
          name: 'Ana Ortiz',
          currencies: [
            { currency: 'EUR', opportunities: 1, amount: '120000.70' },
            { currency: 'USD', opportunities: 2, amount: '0.30' },
          ],
        },
      ],
      withoutAmount: 0,
      unreadable: { count: 0 },
    });
    // The closed-won deal stays with the leaver.
    expect(readFileSync(path.join(plan, 'import-opportunities.csv'), 'utf8')).not.toContain('0068c00000Op004AAB');

    const after = path.join(scratch, 'after');
    importedCopy(plan, after);
    const verify = await runJsonInProcess(['verify', plan, after, '--db', db, '--json']);
    expect(verify.code).toBe(0);
    expect(verify.json.counts).toEqual({ applied: 4, 'not-applied': 0, 'changed-elsewhere': 0, missing: 0 });
    expect(verify.json.pipeline).toEqual({
      currencies: [
        {
          currency: 'EUR',
          planned: { opportunities: 1, amount: '120000.70' },
          applied: { opportunities: 1, amount: '120000.70' },
        },
        {
          currency: 'USD',
          planned: { opportunities: 2, amount: '0.30' },
          applied: { opportunities: 2, amount: '0.30' },
        },
      ],
      withoutAmount: 0,
      unreadable: { count: 0 },
    });
    const table = await runInProcess(['verify', plan, '--db', db]);
    expect(table.stdout).toContain(
      'Open pipeline applied: EUR 120,000.70 of 120,000.70 (1 of 1 opportunity), USD 0.30 of 0.30 (2 of 2 opportunities)',
    );
  });

  it('verify against the plan snapshot itself: nothing applied, the amounts still planned', async () => {
    const db = path.join(scratch, 'not-yet.db');
    const plan = path.join(scratch, 'plan-not-yet');
    await runInProcess(['load', FIXTURE, '--db', db]);
    await runInProcess([
      'transfer',
      '--from',
      'Ben Kline',
      '--to',
      'ana.ortiz@northwind-trading.test',
      '--out',
      plan,
      '--db',
      db,
    ]);
    const verify = await runJsonInProcess(['verify', plan, '--db', db, '--json']);
    expect(verify.code).toBe(1);
    expect(verify.json.pipeline.currencies).toEqual([
      {
        currency: 'EUR',
        planned: { opportunities: 1, amount: '120000.70' },
        applied: { opportunities: 0, amount: '0.00' },
      },
      { currency: 'USD', planned: { opportunities: 2, amount: '0.30' }, applied: { opportunities: 0, amount: '0.00' } },
    ]);
  });
});
