/** The audit's open pipeline (src/audit/pipeline.ts): owner states as the checks count them, currencies, what the sums leave out. */
import { Chalk } from 'chalk';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/runAudit.js';
import { auditMarkdown } from '../../src/report/auditMarkdown.js';
import { auditTable } from '../../src/report/auditTable.js';
import { openDatabase } from '../../src/store/database.js';
import { loadSnapshot } from '../../src/load/loadSnapshot.js';
import { expectLiteralMarkdown, RAW_CONTROL } from '../helpers/shownText.js';
import { auditOptions, csv, loadInto, OWNERS_HEADER, scratchDir } from './helpers.js';

const OPPORTUNITIES_HEADER = 'id,name,owner,stage,amount,currency';
const owners = csv(
  OWNERS_HEADER,
  'u1,Ann,ann@x.test,true,user,,',
  'u2,Ben,ben@x.test,false,user,,',
  'q1,Inbound,q@x.test,true,queue,,',
  'u6,Integration,int@x.test,true,user,,',
);

async function pipelineOf(files: Record<string, string>, placeholderOwners: string[] = []) {
  const db = openDatabase(':memory:');
  await loadInto(db, files);
  return runAudit(db, auditOptions({ placeholderOwners }));
}

describe('pipeline', () => {
  it('counts a placeholder owner as unowned, a queue as queue, and adds amounts of one currency however it is written', async () => {
    const result = await pipelineOf(
      {
        'owners.csv': owners,
        'opportunities.csv': csv(
          OPPORTUNITIES_HEADER,
          'o1,A,u1,Prospecting,"1,000.10",usd',
          'o2,B,u1,Prospecting,$2000.20, USD ',
          'o3,C,u6,Prospecting,5,USD',
          'o4,D,q1,Prospecting,7,USD',
          'o5,E,u2,Closed Won,999,USD',
          'o6,F,nobody,Prospecting,1.5,USD',
        ),
      },
      ['Integration'],
    );
    const [usd] = result.pipeline.currencies;
    expect(result.pipeline.currencies).toHaveLength(1);
    expect(usd!.currency).toBe('USD');
    expect(usd!.states.active).toEqual({ opportunities: 2, amount: '3000.30' });
    expect(usd!.states.unowned).toEqual({ opportunities: 1, amount: '5.00' });
    expect(usd!.states.queue).toEqual({ opportunities: 1, amount: '7.00' });
    expect(usd!.states.unknown).toEqual({ opportunities: 1, amount: '1.50' });
    // o5 is closed: history, not pipeline.
    expect(usd!.states.inactive).toEqual({ opportunities: 0, amount: '0.00' });
    expect(usd!.atRisk).toEqual({ opportunities: 1, amount: '1.50' });
    expect(result.pipeline.opportunities).toBe(5);
  });

  it('keeps amounts without a currency column apart from none, and reports unreadable ones with an example', async () => {
    const result = await pipelineOf({
      'owners.csv': owners,
      'opportunities.csv': csv(
        'id,name,owner,stage,amount',
        'o1,A,u2,Prospecting,10',
        'o2,B,u2,Prospecting,TBD',
        'o3,C,u2,Prospecting,',
        'o4,D,u2,Prospecting,0.5',
      ),
    });
    expect(result.pipeline).toEqual({
      opportunities: 4,
      currencies: [
        expect.objectContaining({
          currency: null,
          atRisk: { opportunities: 2, amount: '10.50' },
          total: { opportunities: 2, amount: '10.50' },
        }),
      ],
      withoutAmount: 1,
      unreadable: { count: 1, example: { id: 'o2', value: 'TBD' } },
    });
    const table = auditTable(result, new Chalk({ level: 0 }), 200);
    expect(table).toContain(
      'Pipeline held by inactive or unknown owners: 10.50 (2 opportunities) · of 10.50 (2 opportunities) open',
    );
    expect(table).toContain('1 opportunity whose amount is no number, left out, e.g. o2 "TBD"');
  });

  it('says nothing of a pipeline when no opportunity is loaded', async () => {
    const result = await pipelineOf({ 'owners.csv': owners, 'accounts.csv': csv('id,name,owner', 'a1,A,u1') });
    expect(result.pipeline).toEqual({ opportunities: 0, currencies: [], withoutAmount: 0, unreadable: { count: 0 } });
    expect(auditTable(result, new Chalk({ level: 0 }), 200)).not.toContain('Pipeline');
  });

  it('shows a hostile currency or amount escaped at a terminal and literal in Markdown', async () => {
    const result = await pipelineOf({
      'owners.csv': owners,
      'opportunities.csv': csv(
        OPPORTUNITIES_HEADER,
        'o1,A,u2,Prospecting,5,"\x1b[31m*EUR*\u202e"',
        'o2,B,u2,Prospecting,"\x1b]0;x\x07",EUR',
      ),
    });
    const table = auditTable(result, new Chalk({ level: 0 }), 300);
    expect(table).not.toMatch(RAW_CONTROL);
    expect(table).toContain('\\x1b[31m*EUR*\\u202e 5 (1 opportunity)');
    expect(table).toContain('e.g. o2 "\\x1b]0;x\\x07"');
    const markdown = auditMarkdown(result);
    expect(markdown).not.toMatch(RAW_CONTROL);
    expectLiteralMarkdown(markdown);
  });

  it('reads the currency of HubSpot and Pipedrive deal exports', async () => {
    const db = openDatabase(':memory:');
    const fixtures = path.resolve(import.meta.dirname, '../../fixtures');
    await loadSnapshot(db, {
      files: [path.join(fixtures, 'pipedrive'), path.join(fixtures, 'pipedrive/sales')],
      rejectsPath: path.join(scratchDir(), 'r.csv'),
    });
    const pipedrive = runAudit(db, auditOptions()).pipeline;
    // Drew Castillo (inactive) holds the open Cobblestone deal; the won and lost deals are history.
    expect(pipedrive.currencies.map((c) => [c.currency, c.atRisk.amount, c.total.amount])).toEqual([
      ['USD', '57000', '286000'],
    ]);

    const hubspot = await pipelineOf({
      'hubspot-owners.csv': csv(
        'Owner ID,User ID,First Name,Last Name,Email,Archived',
        '61204511,9120031,Hannah,Brooks,hannah@x.test,false',
        '61204512,9120032,Marcus,Lee,marcus@x.test,true',
      ),
      'hubspot-crm-exports-all-deals.csv': csv(
        'Record ID,Deal Name,Pipeline,Deal Stage,Close Date,Deal owner,Amount,Currency,Create Date',
        '9311840201,Fernhill,Sales Pipeline,Contract Sent,2026-12-12,Hannah Brooks,18500.25,GBP,2026-09-02 10:14',
        '9311840202,Quarry Lane,Sales Pipeline,Appointment Scheduled,2027-01-28,Marcus Lee,42000,EUR,2026-05-19 09:40',
      ),
    });
    expect(hubspot.pipeline.currencies.map((c) => [c.currency, c.states.active.amount, c.atRisk.amount])).toEqual([
      ['EUR', '0', '42000'],
      ['GBP', '18500.25', '0.00'],
    ]);
  });
});
