/**
 * Real exports as delivered (README, `load`): the Zoho, SuiteCRM and Odoo
 * presets, HubSpot's exports with associations, and files Excel re-saved, end to end on the built
 * binary with the hand-written fixtures (fixtures/README.md says what each holds).
 */
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

interface CheckRow {
  check: string;
  kind: string;
  count: number;
  total: number;
}

/** `audit FOLDER --json` on a fresh in-memory database: the counts by `check/kind`, and the whole report. */
async function auditOf(folder: string, ...flags: string[]) {
  const { code, json, stderr } = await runJsonInProcess(
    ['audit', fixture(folder), '--db', ':memory:', '--json', ...flags],
    { cwd: tempDir() },
  );
  const counts = Object.fromEntries(
    (json.checks as CheckRow[]).filter((r) => r.count > 0).map((r) => [`${r.check}/${r.kind}`, r.count]),
  );
  return { code, json, counts, stderr };
}

/** `load FOLDER --json`: each file's kind and preset. */
async function presetsOf(folder: string): Promise<string[]> {
  const { code, json } = await runJsonInProcess(['load', fixture(folder), '--db', ':memory:', '--json'], {
    cwd: tempDir(),
  });
  expect(code).toBe(0);
  return (json.files as { path: string; kind: string; preset: string }[]).map(
    (f) => `${path.basename(f.path)}:${f.kind}:${f.preset}`,
  );
}

/** Loads a folder into a new database file and plans with the default fixes; the plan's files as rows of objects. */
async function planOf(folder: string, ...flags: string[]) {
  const dir = tempDir();
  const db = path.join(dir, 'crm.db');
  expect((await runInProcess(['load', fixture(folder), '--db', db, '--quiet'], { cwd: dir })).code).toBe(0);
  const out = path.join(dir, 'plan');
  const result = await runInProcess(['plan', '--db', db, '--out', out, ...flags], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  const read = (file: string) =>
    parse(readFileSync(path.join(out, file), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
  const text = (file: string) => readFileSync(path.join(out, file), 'utf8');
  return { read, text };
}

describe('zoho preset (fixtures/zoho)', () => {
  it('is detected on every file, not as salesforce-report or hubspot', async () => {
    expect(await presetsOf('zoho')).toEqual([
      'Users_2026_11_01.csv:owners:zoho',
      'Accounts_2026_11_01.csv:accounts:zoho',
      'Contacts_2026_11_01.csv:contacts:zoho',
      'Leads_2026_11_01.csv:leads:zoho',
      'Deals_2026_11_01.csv:opportunities:zoho',
      'Cases_2026_11_01.csv:cases:zoho',
    ]);
  });

  it('audits right: owners by Owner Id, accounts by name', async () => {
    // Harbor Glass and Ola Nordmann: Grace Whitaker (Inactive). Mia Chen: no owner. Ravi Menon:
    // Tomás on Priya's Tealbrook Foods. Sara Okafor's lead: an owner id in no users file. Deals and
    // cases: Grace's open ones count, her Closed Won, Closed-Lost to Competition and Closed ones not.
    const { code, counts } = await auditOf('zoho');
    expect(code).toBe(0);
    expect(counts).toEqual({
      'inactive-owner/accounts': 1,
      'inactive-owner/contacts': 1,
      'unowned/contacts': 1,
      'account-owner-mismatch/contacts': 1,
      'unknown-owner/leads': 1,
      'inactive-owner/opportunities': 1,
      'unowned/opportunities': 1,
      'inactive-owner/cases': 1,
    });
  });

  it('reads Deals by Stage (Closed Won, Closed Lost, Closed-Lost to Competition are closed) and Cases by Status', async () => {
    const { json } = await auditOf('zoho');
    expect(json.snapshot.counts).toMatchObject({ opportunities: 6, cases: 3 });
    // Totals are open records: 3 of the 6 deals, 2 of the 3 cases.
    const total = (check: string, kind: string) =>
      (json.checks as CheckRow[]).find((r) => r.check === check && r.kind === kind)!.total;
    expect(total('inactive-owner', 'opportunities')).toBe(3);
    expect(total('inactive-owner', 'cases')).toBe(2);
  });

  it("plans Zoho import files: Record Id and the owner's email", async () => {
    const { text } = await planOf('zoho');
    const lines = text('import-contacts.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('Record Id,Contact Owner');
    expect(lines).toHaveLength(3); // Ola Nordmann (inactive owner) and Mia Chen (no owner)
    for (const line of lines.slice(1))
      expect(line).toMatch(/^36523970000003020(03|04),(priya\.raman|tomas\.ortega)@tealbrook\.example$/);
    expect(text('import-accounts.csv').trimEnd().split('\n')[0]).toBe('Record Id,Account Owner');
  });

  it('plans Zoho import files for deals and cases: Deal Owner and Case Owner by email, open records only', async () => {
    const { text } = await planOf('zoho');
    // Grace's open deal follows Harbor Glass to its new owner; the unowned deal follows Ridgeway Labs (Tomás).
    const deals = text('import-opportunities.csv').trimEnd().split('\n');
    expect(deals[0]).toBe('Record Id,Deal Owner');
    const accounts = Object.fromEntries(
      text('import-accounts.csv')
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')),
    );
    expect(deals.slice(1).sort()).toEqual([
      `3652397000000501002,${accounts['3652397000000201002']}`,
      '3652397000000501004,tomas.ortega@tealbrook.example',
    ]);
    const cases = text('import-cases.csv').trimEnd().split('\n');
    expect(cases[0]).toBe('Record Id,Case Owner');
    expect(cases.slice(1)).toEqual([
      expect.stringMatching(/^3652397000000601002,(priya\.raman|tomas\.ortega)@tealbrook\.example$/),
    ]);
  });
});

describe('suitecrm preset (fixtures/suitecrm)', () => {
  it('is detected on every file', async () => {
    expect(await presetsOf('suitecrm')).toEqual([
      'Users.csv:owners:suitecrm',
      'Accounts.csv:accounts:suitecrm',
      'Contacts.csv:contacts:suitecrm',
      'Leads.csv:leads:suitecrm',
      'Opportunities.csv:opportunities:suitecrm',
      'Cases.csv:cases:suitecrm',
    ]);
  });

  it('audits right: assigned users by name, Inactive users, dates like 03/14/2025 09:30am', async () => {
    // Lakeshore Analytics, Noor Haddad and Yuki Tanaka's lead: Max Jensen (Inactive). Ivy Stone: not
    // assigned. Elias Ward: Chris on Sally's Riverbend Outfitters.
    const { code, counts } = await auditOf('suitecrm');
    expect(code).toBe(0);
    expect(counts).toEqual({
      'inactive-owner/accounts': 1,
      'inactive-owner/contacts': 1,
      'inactive-owner/leads': 1,
      'unowned/contacts': 1,
      'account-owner-mismatch/contacts': 1,
      // Max's open opportunity and case (his Closed Won and Closed_Rejected ones are history); the
      // unassigned Qualification opportunity and Open_Pending Input case.
      'inactive-owner/opportunities': 1,
      'unowned/opportunities': 1,
      'inactive-owner/cases': 1,
      'unowned/cases': 1,
    });
  });

  it('reads Sales Stage Closed Won/Closed Lost and case Status Closed_* as closed', async () => {
    const { json } = await auditOf('suitecrm');
    expect(json.snapshot.counts).toMatchObject({ opportunities: 5, cases: 5 });
    const total = (check: string, kind: string) =>
      (json.checks as CheckRow[]).find((r) => r.check === check && r.kind === kind)!.total;
    expect(total('inactive-owner', 'opportunities')).toBe(3);
    expect(total('inactive-owner', 'cases')).toBe(3);
  });

  it('plans SuiteCRM import files: id and assigned_user_id', async () => {
    const { text } = await planOf('suitecrm');
    const lines = text('import-leads.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('id,assigned_user_id');
    expect(lines[1]).toMatch(/^bf527e83-4b8d-11ee-9c3a-0242ac120002,(1|seed_sally_id|seed_chris_id)$/);
  });

  it('plans SuiteCRM import files for opportunities and cases: open records only', async () => {
    const { read } = await planOf('suitecrm');
    const active = ['1', 'seed_sally_id', 'seed_chris_id'];
    const accounts = Object.fromEntries(read('import-accounts.csv').map((r) => [r.id, r.assigned_user_id]));
    // Max's open opportunity follows Lakeshore Analytics; the unassigned one follows Pinecrest Dental (Chris).
    expect(read('import-opportunities.csv')).toEqual([
      {
        id: 'd2b3c4e5-4b8d-11ee-9c3a-0242ac120002',
        assigned_user_id: accounts['2b7e0d41-4b8d-11ee-9c3a-0242ac120002'],
      },
      { id: 'f4d5e6a7-4b8d-11ee-9c3a-0242ac120002', assigned_user_id: 'seed_chris_id' },
    ]);
    const cases = read('import-cases.csv');
    expect(cases.map((r) => r.id).sort()).toEqual([
      '1b2c3d4e-4b8d-11ee-9c3a-0242ac120002',
      '4e5f6a7b-4b8d-11ee-9c3a-0242ac120002',
    ]);
    for (const row of cases) expect(active).toContain(row.assigned_user_id);
  });
});

describe('odoo preset (fixtures/odoo)', () => {
  it('reads res.partner as accounts (companies) and contacts (their people), crm.lead as leads and opportunities', async () => {
    expect(await presetsOf('odoo')).toEqual([
      'res.users.csv:owners:odoo',
      'res.partner.csv:accounts:odoo',
      'res.partner.csv:contacts:odoo',
      'crm.lead.csv:leads:odoo',
      'crm.lead.csv:opportunities:odoo',
    ]);
  });

  it('audits right: salespeople by external id, contacts on their parent company', async () => {
    // Gemini Furniture: Joel Willis (archived user). Nicole Ford: Marc Demo on Mitchell Admin's Azure
    // Interior. Addison Olson and the carpets lead: no salesperson. Opportunities: Distributor
    // Contract (Joel Willis), Modern Open Space (no salesperson); Furnitures is lost (archived).
    const { code, json, counts } = await auditOf('odoo');
    expect(code).toBe(0);
    expect(json.snapshot.counts).toMatchObject({ owners: 3, accounts: 3, contacts: 3, leads: 2, opportunities: 4 });
    expect(counts).toEqual({
      'inactive-owner/accounts': 1,
      'unowned/contacts': 1,
      'unowned/leads': 1,
      'account-owner-mismatch/contacts': 1,
      'inactive-owner/opportunities': 1,
      'unowned/opportunities': 1,
    });
    expect(
      (json.checks as CheckRow[]).find((r) => r.check === 'inactive-owner' && r.kind === 'opportunities')!.total,
    ).toBe(3);
  });

  it('plans Odoo import files: id and user_id/id, external ids both', async () => {
    const { text } = await planOf('odoo');
    expect(text('import-accounts.csv').trimEnd().split('\n')).toEqual([
      'id,user_id/id',
      expect.stringMatching(/^__export__\.res_partner_12_9d2f6b70,base\.user_(admin|demo)$/),
    ]);
  });

  it('plans Odoo import files for opportunities: each open one with its customer company, the lost one left', async () => {
    const { read } = await planOf('odoo');
    const gemini = read('import-accounts.csv')[0]['user_id/id'];
    expect(read('import-opportunities.csv')).toEqual([
      { id: '__export__.crm_lead_10_ff56b829', 'user_id/id': 'base.user_demo' }, // Deco Addict's salesperson
      { id: '__export__.crm_lead_8_dd34f607', 'user_id/id': gemini },
    ]);
  });
});

describe('HubSpot export with associations (fixtures/hubspot-associations)', () => {
  it('takes Company Name and Company name as two columns and a contact repeated for another company as one record', async () => {
    const { code, json } = await runJsonInProcess(
      ['load', fixture('hubspot-associations'), '--db', ':memory:', '--json'],
      { cwd: tempDir() },
    );
    expect(code).toBe(0);
    const contacts = json.files.find((f: { kind: string }) => f.kind === 'contacts');
    // Ellie Warren twice, same owner: one record. Imogen Clarke again with another owner: a duplicate.
    expect(contacts).toMatchObject({ preset: 'hubspot', rows: 4, duplicates: 1, repeats: 1 });
  });

  it('audits the first company as the account; a repeat with another owner is duplicate-id', async () => {
    // Jonah Pierce: Marcus Lee on Hannah Brooks's Fernhill Coffee Roasters (Ellie Warren's first
    // company is Fernhill Coffee Roasters too, and hers).
    const { code, counts } = await auditOf('hubspot-associations');
    expect(code).toBe(0);
    expect(counts).toEqual({ 'account-owner-mismatch/contacts': 1, 'duplicate-id/contacts': 1 });
  });
});

describe('files Excel re-saved', () => {
  it('HubSpot with ids in scientific notation: the load warns with the count and the first file:line', async () => {
    const { code, json, stderr } = await runJsonInProcess(
      ['load', fixture('excel-damaged/hubspot'), '--db', ':memory:', '--json'],
      { cwd: tempDir() },
    );
    expect(code).toBe(0);
    const companies = fixture('excel-damaged/hubspot/hubspot-crm-exports-all-companies-2026-11-01.csv');
    const contacts = fixture('excel-damaged/hubspot/hubspot-crm-exports-all-contacts-2026-11-01.csv');
    expect(stderr).toContain(
      `warning: ${companies}:3: 1 record with an id in scientific notation (3.00E+14 in "Record ID")`,
    );
    expect(stderr).toContain(
      `warning: ${contacts}:3: 2 records with an id in scientific notation (1.51081E+11 in "Record ID")`,
    );
    expect(stderr).toContain(`warning: ${contacts}:4: 1 value in "Last Activity Date" is not a date (e.g. "########")`);
    const file = json.files.find((f: { kind: string }) => f.kind === 'contacts');
    expect(file.mangledIds).toEqual({ column: 'Record ID', count: 2, line: 3, example: '1.51081E+11' });
    expect(file.unreadableDates).toEqual([{ column: 'Last Activity Date', count: 1, line: 4, example: '########' }]);
  });

  it('flags them as mangled-id (also for an account reference), and --fail-on mangled-id>0 fails the gate', async () => {
    const { code, counts, json } = await auditOf('excel-damaged/hubspot', '--stale-days', '30');
    expect(code).toBe(0);
    expect(counts).toMatchObject({ 'mangled-id/accounts': 1, 'mangled-id/contacts': 2 });
    // The unreadable date is no "no activity": Imogen Clarke is not stale; Jonah's 9/24/25 is.
    const stale = (json.checks as CheckRow[]).find((r) => r.check === 'stale-ownership' && r.kind === 'contacts')!;
    expect(stale.count).toBe(1);
    expect((await auditOf('excel-damaged/hubspot', '--fail-on', 'mangled-id>0')).code).toBe(1);
  });

  it('a plan never writes them into an import file: they are in unplaced.csv with the reason', async () => {
    const { read, text } = await planOf('excel-damaged/hubspot');
    const unplaced = read('unplaced.csv')
      .map((r) => `${r.kind}:${r.record_id}:${r.reason}`)
      .sort();
    expect(unplaced).toEqual(['accounts:3.00E+14:id mangled by Excel', 'contacts:1.51081E+11:id mangled by Excel']);
    // Theo Marsh (no owner) moves; nothing in scientific notation reaches the importer.
    const lines = text('import-contacts.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('Record ID,Contact owner');
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^51234567804,/)]);
    expect(text('import-contacts.csv') + text('rollback-contacts.csv')).not.toMatch(/E\+/);
  });

  it('Salesforce re-saved by a German Excel: ; delimiter, D.M.YYYY dates read, ######## kept as unreadable', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    const loaded = await runInProcess(['load', fixture('excel-damaged/salesforce-de'), '--db', db], { cwd: dir });
    expect(loaded.code).toBe(0);
    expect(loaded.stderr).toContain('1 value in "LastActivityDate" is not a date (e.g. "########")');
    const { json } = await runJsonInProcess(
      ['audit', '--db', db, '--json', '--findings', path.join(dir, 'findings.csv'), '--stale-days', '30'],
      { cwd: dir },
    );
    // Lena Vogel's 24.09.2025 is read as a date (stale); Tobias Roth's ######## is not "no activity".
    const findings = parse(readFileSync(path.join(dir, 'findings.csv'), 'utf8'), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    const stale = findings.filter((f) => f.check === 'stale-ownership').map((f) => `${f.record_id}:${f.detail}`);
    expect(stale).toContain('0038c00000vheZqAAI:last activity 2025-09-24');
    expect(stale.some((s) => s.startsWith('0038c00000GaHdQAAV'))).toBe(false);
    expect(json.snapshot.counts).toMatchObject({ owners: 3, accounts: 2, contacts: 4 });
  });

  it("gives records only to real users: never to Salesforce's Integration User, though it is Standard", async () => {
    // Tobias Roth has no owner; his account Rheinwerk AG is the Integration User's, which may not take it.
    const { read } = await planOf('excel-damaged/salesforce-de', '--crm', 'salesforce');
    const moves = read('plan.csv');
    expect(moves.map((m) => m.record_id)).toEqual(['0038c00000GaHdQAAV']);
    expect(['0058c00000l57zPAAQ', '0058c00000EHL89AAH']).toContain(moves[0].new_owner_id);
  });

  it('config dateOrder dmy reads 1/2/2026 as 1 February when the file does not settle it; a file that does settles it', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'crm-owners.config.json');
    writeFileSync(config, JSON.stringify({ dateOrder: 'dmy' }));
    writeFileSync(path.join(dir, 'contacts.csv'), 'id,name,owner,last_activity\nc1,Ann,u1,1/2/2026\n');
    // 9/24/2025 cannot be day first: the whole file is month first, whatever the config says.
    writeFileSync(path.join(dir, 'leads.csv'), 'id,name,owner,last_activity\nl1,Bo,u1,1/2/2026\nl2,Cy,u1,9/24/2025\n');
    const db = path.join(dir, 'crm.db');
    expect(
      (
        await runInProcess(
          [
            'load',
            path.join(dir, 'contacts.csv'),
            path.join(dir, 'leads.csv'),
            '--db',
            db,
            '--config',
            config,
            '--quiet',
          ],
          { cwd: dir },
        )
      ).code,
    ).toBe(0);
    const sqlite = new Database(db, { readonly: true });
    const dates = Object.fromEntries(
      (sqlite.prepare('SELECT id, last_activity FROM records').all() as { id: string; last_activity: string }[]).map(
        (r) => [r.id, r.last_activity],
      ),
    );
    sqlite.close();
    expect(dates).toEqual({ c1: '2026-02-01', l1: '2026-01-02', l2: '2025-09-24' });
  });
});
