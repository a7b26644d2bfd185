/**
 * Converted leads are history: no plan or transfer writes them into an import file, even with
 * `--include-closed` (which moves closed opportunities and cases only). Salesforce rejects an owner
 * change on a converted lead. The exports are Salesforce-shaped: a Data Loader `Lead.csv`
 * (`IsConverted` `true`/`false`) and a Weekly Export `Lead.csv` (`1`/`0`), each in its own folder.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toSalesforceId18 } from '../../src/records/salesforceId.js';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

const dir = tempDir('crm-owners-converted-');
const id = (prefix: string, n: number) => toSalesforceId18(`${prefix}8c00000Cv${String(n).padStart(3, '0')}`);
const quoted = (cells: string[]) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',');
const file = (lines: string[][]) => `${lines.map(quoted).join('\n')}\n`;

// Sam is leaving (inactive); Omar takes his book.
const SAM = id('005', 1);
const OMAR = id('005', 2);
const ACCOUNT = id('001', 1);

interface Export {
  /** IsConverted/IsClosed as the export writes them. */
  yes: string;
  no: string;
  folder: string;
}

const DATA_LOADER: Export = { yes: 'true', no: 'false', folder: 'dataloader' };
const WEEKLY: Export = { yes: '1', no: '0', folder: 'weekly' };

/** Sam's leads: 3 open and 4 converted; his opportunities and cases: one open and one closed of each. */
function writeExport(shape: Export): {
  folder: string;
  openLeads: string[];
  convertedLeads: string[];
  opportunities: string[];
  cases: string[];
} {
  const folder = path.join(dir, shape.folder);
  mkdirSync(folder);
  writeFileSync(
    path.join(folder, 'User.csv'),
    file([
      ['Id', 'Username', 'FirstName', 'LastName', 'Name', 'Email', 'IsActive', 'UserType'],
      [SAM, 'sam@acme.example', 'Sam', 'Patel', 'Sam Patel', 'sam@acme.example', shape.no, 'Standard'],
      [OMAR, 'omar@acme.example', 'Omar', 'Haddad', 'Omar Haddad', 'omar@acme.example', shape.yes, 'Standard'],
    ]),
  );
  writeFileSync(
    path.join(folder, 'Account.csv'),
    file([
      ['Id', 'Name', 'OwnerId', 'CreatedDate'],
      [ACCOUNT, 'Redwood Logistics', OMAR, '2026-01-05T10:00:00.000Z'],
    ]),
  );
  const leads: string[][] = [
    [
      'Id',
      'IsDeleted',
      'FirstName',
      'LastName',
      'Company',
      'Email',
      'Status',
      'IsConverted',
      'ConvertedAccountId',
      'OwnerId',
      'CreatedDate',
    ],
  ];
  const openLeads: string[] = [];
  const convertedLeads: string[] = [];
  for (let n = 1; n <= 7; n++) {
    const converted = n > 3;
    const lead = id('00Q', n);
    (converted ? convertedLeads : openLeads).push(lead);
    leads.push([
      lead,
      shape.no,
      `Lee${n}`,
      `Park${n}`,
      `Company ${n}`,
      `lead${n}@example.com`,
      converted ? 'Closed - Converted' : 'Working - Contacted',
      converted ? shape.yes : shape.no,
      converted ? ACCOUNT : '',
      SAM,
      '2026-09-01T10:00:00.000Z',
    ]);
  }
  writeFileSync(path.join(folder, 'Lead.csv'), file(leads));
  const opportunities = [id('006', 1), id('006', 2)];
  writeFileSync(
    path.join(folder, 'Opportunity.csv'),
    file([
      ['Id', 'AccountId', 'Name', 'StageName', 'IsClosed', 'IsWon', 'OwnerId', 'CreatedDate'],
      [
        opportunities[0],
        ACCOUNT,
        'Redwood renewal',
        'Negotiation/Review',
        shape.no,
        shape.no,
        SAM,
        '2026-06-01T10:00:00.000Z',
      ],
      [opportunities[1], ACCOUNT, 'Redwood pilot', 'Closed Won', shape.yes, shape.yes, SAM, '2026-03-01T10:00:00.000Z'],
    ]),
  );
  const cases = [id('500', 1), id('500', 2)];
  writeFileSync(
    path.join(folder, 'Case.csv'),
    file([
      ['Id', 'CaseNumber', 'AccountId', 'Subject', 'Status', 'IsClosed', 'OwnerId', 'CreatedDate'],
      [cases[0], '00001001', ACCOUNT, 'Units offline', 'New', shape.no, SAM, '2026-11-20T10:00:00.000Z'],
      [cases[1], '00001002', ACCOUNT, 'Wrong PO number', 'Closed', shape.yes, SAM, '2026-08-28T10:00:00.000Z'],
    ]),
  );
  return { folder, openLeads, convertedLeads, opportunities, cases };
}

const idsIn = (file: string): string[] =>
  (parse(readFileSync(file, 'utf8'), { columns: true }) as { Id: string }[]).map((row) => row.Id).sort();

describe.each([DATA_LOADER, WEEKLY])('transfer --include-closed on a $folder export with converted leads', (shape) => {
  it('moves the open leads and the closed opportunities and cases, never a converted lead', async () => {
    const exported = writeExport(shape);
    const db = path.join(dir, `${shape.folder}.db`);
    const load = await runInProcess(['load', exported.folder, '--db', db]);
    expect(load.stderr).not.toMatch(/error/i);
    expect(load.code).toBe(0);

    const out = path.join(dir, `${shape.folder}-plan`);
    const transfer = await runInProcess([
      'transfer',
      '--db',
      db,
      '--from',
      SAM,
      '--to',
      OMAR,
      '--include-closed',
      '--out',
      out,
    ]);
    expect(transfer.stderr).not.toMatch(/error/i);
    expect(transfer.code).toBe(0);
    expect(idsIn(path.join(out, 'import-leads.csv'))).toEqual([...exported.openLeads].sort());
    expect(idsIn(path.join(out, 'rollback-leads.csv'))).toEqual([...exported.openLeads].sort());
    expect(idsIn(path.join(out, 'import-opportunities.csv'))).toEqual([...exported.opportunities].sort());
    expect(idsIn(path.join(out, 'import-cases.csv'))).toEqual([...exported.cases].sort());
    const planned = (
      parse(readFileSync(path.join(out, 'plan.csv'), 'utf8'), { columns: true }) as { record_id: string }[]
    ).map((r) => r.record_id);
    for (const lead of exported.convertedLeads) expect(planned, lead).not.toContain(lead);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.counts.movesByKind).toEqual({ leads: 3, opportunities: 2, cases: 2 });

    // The same without --include-closed: the open records only.
    const open = path.join(dir, `${shape.folder}-plan-open`);
    expect((await runInProcess(['transfer', '--db', db, '--from', SAM, '--to', OMAR, '--out', open])).code).toBe(0);
    expect(idsIn(path.join(open, 'import-leads.csv'))).toEqual([...exported.openLeads].sort());
    expect(idsIn(path.join(open, 'import-opportunities.csv'))).toEqual([exported.opportunities[0]]);
    expect(idsIn(path.join(open, 'import-cases.csv'))).toEqual([exported.cases[0]]);

    // plan --include-closed (the inactive owner's records are flagged): no converted lead either.
    const planned2 = path.join(dir, `${shape.folder}-plan-fix`);
    expect((await runInProcess(['plan', '--db', db, '--include-closed', '--out', planned2])).code).toBe(0);
    expect(existsSync(path.join(planned2, 'import-leads.csv'))).toBe(true);
    for (const lead of exported.convertedLeads)
      expect(idsIn(path.join(planned2, 'import-leads.csv')), lead).not.toContain(lead);
  });
});
