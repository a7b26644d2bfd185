/**
 * Opportunities and cases end to end on the built binary (README, `load` → "Record kinds"): a
 * Salesforce Data Loader export of User, Account, Contact, Opportunity and Case, open and closed
 * mixed, with opportunities owned by an inactive rep (fixtures/README.md, `dataloader-sales/`).
 * `audit` shows the open opportunities the leaver owns; `transfer --from` moves them and leaves the
 * closed ones; `verify` after the simulated import passes.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

const DATALOADER = fixture('salesforce/dataloader');
const SALES = fixture('salesforce/dataloader-sales');
const CONFIG = fixture('salesforce/crm-owners.config.json');

const SAM = '0058c00000BhoutAAB'; // Sam Patel, inactive
const GRACE = '0058c000006eLwsAAE'; // Grace Kim, inactive
const OMAR = '0058c00000EHL89AAH';
const GARDEN_STATE = '0018c00000fL37BAAS'; // owned by Sam

type Row = Record<string, string>;
const readCsv = (file: string): Row[] => parse(readFileSync(file), { bom: true, columns: true });
const opportunities = () => readCsv(path.join(SALES, 'Opportunity.csv'));
const cases = () => readCsv(path.join(SALES, 'Case.csv'));
const ids = (rows: Row[]) => rows.map((r) => r.Id).sort();
const isOpen = (r: Row) => r.IsClosed === 'false';

/** The export folder a user points the tool at: the five Data Loader files. */
function exportFolder(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const name of ['User.csv', 'Account.csv', 'Contact.csv'])
    copyFileSync(path.join(DATALOADER, name), path.join(dir, name));
  for (const name of ['Opportunity.csv', 'Case.csv']) copyFileSync(path.join(SALES, name), path.join(dir, name));
  return dir;
}

/** What Data Loader does with the plan's import files: each listed record gets its new OwnerId. */
function applyImports(planDir: string, exportDir: string): void {
  const files: Record<string, string> = {
    accounts: 'Account.csv',
    contacts: 'Contact.csv',
    opportunities: 'Opportunity.csv',
    cases: 'Case.csv',
  };
  for (const [kind, name] of Object.entries(files)) {
    const importFile = path.join(planDir, `import-${kind}.csv`);
    if (!existsSync(importFile)) continue;
    const newOwner = new Map(readCsv(importFile).map((r) => [r.Id, r.OwnerId]));
    const rows = readCsv(path.join(exportDir, name)).map((r) =>
      newOwner.has(r.Id) ? { ...r, OwnerId: newOwner.get(r.Id)! } : r,
    );
    writeFileSync(path.join(exportDir, name), stringify(rows, { header: true, quoted: true }));
  }
}

describe('opportunities and cases from a Salesforce Data Loader export', () => {
  const dir = tempDir('crm-owners-opportunities-');
  const db = path.join(dir, 'crm-owners.db');
  const exports = exportFolder(path.join(dir, 'export'));
  let audit: any;

  beforeAll(async () => {
    const load = await runJsonInProcess(['load', exports, '--db', db, '--json']);
    expect(load.code).toBe(0);
    expect(load.json.counts).toEqual({ owners: 12, accounts: 27, contacts: 40, leads: 0, opportunities: 12, cases: 6 });
    expect(load.json.files.map((f: { kind: string; preset: string }) => `${f.kind}/${f.preset}`)).toEqual([
      'owners/salesforce',
      'accounts/salesforce',
      'contacts/salesforce',
      'opportunities/salesforce',
      'cases/salesforce',
    ]);
    const result = await runJsonInProcess(['audit', '--db', db, '--config', CONFIG, '--format', 'json']);
    expect(result.code).toBe(0);
    audit = result.json;
  });

  const row = (check: string, kind: string) =>
    audit.checks.find((r: { check: string; kind: string }) => r.check === check && r.kind === kind);

  it('audit counts closed records in the snapshot, but audits and covers only open ones', () => {
    const open = opportunities().filter(isOpen);
    expect(open).toHaveLength(8);
    expect(audit.snapshot.counts).toMatchObject({ opportunities: 12, cases: 6 });
    // Open opportunities owned by the two inactive reps: 3 of Sam's (2 of his are closed), 1 of Grace's.
    const inactiveOwned = open.filter((r) => r.OwnerId === SAM || r.OwnerId === GRACE);
    expect(inactiveOwned).toHaveLength(4);
    expect(row('inactive-owner', 'opportunities')).toEqual({
      check: 'inactive-owner',
      kind: 'opportunities',
      count: 4,
      total: 8,
      percent: 50,
      status: 'warn',
    });
    expect(row('inactive-owner', 'cases')).toMatchObject({ count: 1, total: 4 });
    expect(audit.coverage.opportunities).toBe(50);
    expect(audit.coverage.cases).toBe(75);
    // Closed records are audited by duplicate-id only; split-ownership is for kinds with an email.
    expect(row('duplicate-id', 'opportunities')).toMatchObject({ count: 0, total: 8, status: 'pass' });
    expect(row('split-ownership', 'opportunities')).toBeUndefined();
    // Owners' loads count open records only: Sam's 3 open opportunities, not his 5.
    expect(audit.owners.find((o: { id: string }) => o.id === SAM).loads).toMatchObject({ opportunities: 3, cases: 1 });
  });

  it('findings name exactly the open opportunities of inactive reps; closed ones never appear', async () => {
    const findings = path.join(dir, 'findings.csv');
    expect((await runInProcess(['audit', '--db', db, '--config', CONFIG, '--findings', findings, '-q'])).code).toBe(0);
    const rows = readCsv(findings);
    const inactive = rows.filter((r) => r.check === 'inactive-owner' && r.kind === 'opportunities');
    expect(inactive.map((r) => r.record_id).sort()).toEqual(
      ids(opportunities().filter((r) => isOpen(r) && (r.OwnerId === SAM || r.OwnerId === GRACE))),
    );
    const closed = new Set(ids([...opportunities(), ...cases()].filter((r) => !isOpen(r))));
    expect(rows.filter((r) => closed.has(r.record_id))).toEqual([]);
  });

  it('account-owner-mismatch covers open opportunities and cases; one whose account is missing is audited on its own fields', async () => {
    // Sam's Liberty Bell opportunity (account owned by Alex Morgan); the queue's Liberty Bell case.
    expect(row('account-owner-mismatch', 'opportunities')).toMatchObject({ count: 1, total: 8 });
    expect(row('account-owner-mismatch', 'cases')).toMatchObject({ count: 1, total: 4 });
    // Cedar Point Hospitality is in no Account.csv row: its opportunity is owned by Mei, active, so covered.
    const cedar = opportunities().find((r) => r.Name.startsWith('Cedar Point'))!;
    expect(readCsv(path.join(DATALOADER, 'Account.csv')).some((a) => a.Id === cedar.AccountId)).toBe(false);
    const findings = path.join(dir, 'mismatch.csv');
    await runInProcess([
      'audit',
      '--db',
      db,
      '--checks',
      'account-owner-mismatch,unowned,unknown-owner,inactive-owner',
      '--findings',
      findings,
      '-q',
    ]);
    expect(readCsv(findings).map((r) => r.record_id)).not.toContain(cedar.Id);
  });

  it('config mismatchKinds narrows account-owner-mismatch (cases go to support)', async () => {
    const config = path.join(dir, 'support.config.json');
    writeFileSync(config, JSON.stringify({ mismatchKinds: ['contacts', 'opportunities'] }));
    const { json } = await runJsonInProcess(['audit', '--db', db, '--config', config, '--format', 'json']);
    const kinds = json.checks
      .filter((r: { check: string }) => r.check === 'account-owner-mismatch')
      .map((r: { kind: string }) => r.kind);
    expect(kinds).toEqual(['contacts', 'opportunities']);
    writeFileSync(config, JSON.stringify({ mismatchKinds: ['leads'] }));
    const refused = await runInProcess(['audit', '--db', db, '--config', config]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('mismatchKinds: unknown kind "leads" (contacts, opportunities or cases)');
  });

  it('table and Markdown reports show the new kinds', async () => {
    const table = await runInProcess(['audit', '--db', db, '--config', CONFIG, '--format', 'table']);
    expect(table.stdout).toContain('8 open opportunities (12 loaded) · 4 open cases (6 loaded)');
    expect(table.stdout).toMatch(/inactive-owner\s+opportunities\s+4\s+50\.00\s+warn/);
    const markdown = await runInProcess(['audit', '--db', db, '--config', CONFIG, '--format', 'markdown']);
    expect(markdown.stdout).toContain('| `inactive-owner` | opportunities | 4 | 50.00 |');
    const snapshots = await runInProcess(['snapshots', '--db', db]);
    expect(snapshots.stdout).toMatch(/opportunities\s+cases/);
    const owners = await runJsonInProcess(['owners', '--db', db, '--json']);
    expect(
      owners.json.filter((r: { id: string; kind: string }) => r.id === SAM && r.kind === 'opportunities'),
    ).toMatchObject([{ load: 3 }]);
    const html = path.join(dir, 'report.html');
    expect((await runInProcess(['report', '--db', db, '--config', CONFIG, '--out', html])).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('coverage, opportunities');
    expect(page).toContain('coverage, cases');
    expect(page).toContain('8 open opportunities (12 loaded)');
  });

  it('transfer --from the leaver moves open opportunities and cases, leaves closed ones; verify passes after the import', async () => {
    // Its own database: verify loads the later export as a new snapshot.
    const ownDb = path.join(dir, 'transfer.db');
    expect((await runInProcess(['load', exports, '--db', ownDb, '-q'])).code).toBe(0);
    const plan = path.join(dir, 'plan-sam');
    const result = await runInProcess([
      'transfer',
      '--db',
      ownDb,
      '--config',
      CONFIG,
      '--from',
      'Sam Patel',
      '--to',
      'Omar Haddad',
      '--out',
      plan,
    ]);
    expect(result.code).toBe(0);
    const samOpen = (rows: Row[]) => ids(rows.filter((r) => r.OwnerId === SAM && isOpen(r)));
    expect(ids(readCsv(path.join(plan, 'import-opportunities.csv')))).toEqual(samOpen(opportunities()));
    expect(ids(readCsv(path.join(plan, 'import-cases.csv')))).toEqual(samOpen(cases()));
    expect(readFileSync(path.join(plan, 'import-opportunities.csv'), 'utf8').split('\n')[0]).toBe('Id,OwnerId');
    expect(readCsv(path.join(plan, 'import-opportunities.csv')).every((r) => r.OwnerId === OMAR)).toBe(true);
    expect(readCsv(path.join(plan, 'rollback-opportunities.csv')).every((r) => r.OwnerId === SAM)).toBe(true);
    const planned = readCsv(path.join(plan, 'plan.csv'));
    for (const closed of [...opportunities(), ...cases()].filter((r) => r.OwnerId === SAM && !isOpen(r))) {
      expect(planned.map((r) => r.record_id)).not.toContain(closed.Id);
    }

    const after = exportFolder(path.join(dir, 'export-after'));
    applyImports(plan, after);
    const verify = await runInProcess(['verify', plan, after, '--db', ownDb]);
    expect(verify.stderr).not.toMatch(/error/);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/PASS/);
  });

  it('transfer --include-closed moves the closed ones too, as Mass Transfer can', async () => {
    const plan = path.join(dir, 'plan-sam-all');
    expect(
      (
        await runInProcess([
          'transfer',
          '--db',
          db,
          '--from',
          SAM,
          '--to',
          OMAR,
          '--kinds',
          'opportunities,case',
          '--include-closed',
          '--out',
          plan,
        ])
      ).code,
    ).toBe(0);
    expect(ids(readCsv(path.join(plan, 'import-opportunities.csv')))).toEqual(
      ids(opportunities().filter((r) => r.OwnerId === SAM)),
    );
    expect(ids(readCsv(path.join(plan, 'import-cases.csv')))).toEqual(ids(cases().filter((r) => r.OwnerId === SAM)));
    expect(existsSync(path.join(plan, 'import-accounts.csv'))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(plan, 'summary.json'), 'utf8')).options).toMatchObject({
      includeClosed: true,
      kinds: ['opportunities', 'cases'],
    });
  });

  it("plan: the open opportunities on a moved account's book go with it (--follow-accounts, default contacts,opportunities,tasks,events)", async () => {
    // Room for everything: a capacity inferred from a dozen opportunities would hold the account back.
    const plan = path.join(dir, 'plan-follow');
    expect(
      (await runInProcess(['plan', '--db', db, '--config', CONFIG, '--default-capacity', '100', '--out', plan])).code,
    ).toBe(0);
    const planned = readCsv(path.join(plan, 'plan.csv'));
    const accountOwner = planned.find((r) => r.record_id === GARDEN_STATE)!.new_owner_id;
    const gardenOpen = opportunities().filter((r) => r.AccountId === GARDEN_STATE && isOpen(r));
    for (const opp of gardenOpen)
      expect(planned.find((r) => r.record_id === opp.Id)?.new_owner_id, opp.Name).toBe(accountOwner);
    expect(JSON.parse(readFileSync(path.join(plan, 'summary.json'), 'utf8')).options).toMatchObject({
      followAccounts: ['contacts', 'opportunities', 'tasks', 'events'],
      contactsFollowAccounts: true,
      includeClosed: false,
    });

    const alias = path.join(dir, 'plan-alias');
    expect(
      (await runInProcess(['plan', '--db', db, '--config', CONFIG, '--contacts-follow-accounts', '--out', alias])).code,
    ).toBe(0);
    expect(JSON.parse(readFileSync(path.join(alias, 'summary.json'), 'utf8')).options.followAccounts).toEqual([
      'contacts',
    ]);
    const none = path.join(dir, 'plan-none');
    expect((await runInProcess(['plan', '--db', db, '--no-follow-accounts', '--out', none])).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(none, 'summary.json'), 'utf8')).options).toMatchObject({
      followAccounts: [],
      contactsFollowAccounts: false,
    });
    const config = path.join(dir, 'follow.config.json');
    writeFileSync(config, JSON.stringify({ followAccounts: ['opportunity', 'cases'] }));
    const configured = path.join(dir, 'plan-configured');
    expect((await runInProcess(['plan', '--db', db, '--config', config, '--out', configured])).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(configured, 'summary.json'), 'utf8')).options.followAccounts).toEqual([
      'opportunities',
      'cases',
    ]);
    const refused = await runInProcess([
      'plan',
      '--db',
      db,
      '--follow-accounts',
      'leads',
      '--out',
      path.join(dir, 'plan-refused'),
    ]);
    expect(refused.code).toBe(2);
    // Team memberships never follow: their user is no owner.
    expect(refused.stderr).toContain(
      '--follow-accounts: unknown kind "leads" (contacts, opportunities, cases, tasks or events)',
    );
  });

  it('a closed value that cannot be read is a rejected row naming the line and the values accepted', async () => {
    const bad = path.join(dir, 'bad');
    mkdirSync(bad);
    const lines = readFileSync(path.join(SALES, 'Opportunity.csv'), 'utf8').split('\n');
    lines[3] = lines[3].replace('"false","false","0058c00000BhoutAAB"', '"maybe","false","0058c00000BhoutAAB"');
    writeFileSync(path.join(bad, 'Opportunity.csv'), lines.join('\n'));
    const failed = await runInProcess(['load', path.join(bad, 'Opportunity.csv'), '--db', path.join(dir, 'bad.db')]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain(`${path.join(bad, 'Opportunity.csv')}:4`);
    expect(failed.stderr).toContain(
      'cannot tell whether the opportunity is closed from IsClosed "maybe" (accepted: true/false, 1/0, yes/no)',
    );
    const rejects = path.join(dir, 'rejects.csv');
    const skipped = await runJsonInProcess([
      'load',
      path.join(bad, 'Opportunity.csv'),
      '--db',
      path.join(dir, 'skip.db'),
      '--on-bad-row',
      'skip',
      '--rejects',
      rejects,
      '--json',
    ]);
    expect(skipped.code).toBe(0);
    expect(skipped.json.counts.opportunities).toBe(11);
    expect(readCsv(rejects).map((r) => r.line)).toEqual(['4']);
  });
});

describe('deals, tickets and cases from HubSpot, Dynamics 365 and Pipedrive', () => {
  const dir = tempDir('crm-owners-deals-');
  const loadAndFind = async (name: string, files: string[]) => {
    const db = path.join(dir, `${name}.db`);
    const findings = path.join(dir, `${name}.csv`);
    const load = await runJsonInProcess(['load', ...files.map((f) => fixture(f)), '--db', db, '--json']);
    expect(load.code).toBe(0);
    expect((await runInProcess(['audit', '--db', db, '--findings', findings, '-q'])).code).toBe(0);
    const flagged = (check: string, kind: string) =>
      readCsv(findings)
        .filter((r) => r.check === check && r.kind === kind)
        .map((r) => r.record_id);
    return { db, load: load.json, flagged };
  };

  it('HubSpot: deals closed by their stage, tickets by their status; plans write Deal owner and Ticket owner', async () => {
    const { db, load, flagged } = await loadAndFind('hubspot', [
      'hubspot/hubspot-owners-2026-11-01.csv',
      'hubspot/hubspot-crm-exports-all-companies-2026-11-01.csv',
      'hubspot/sales',
    ]);
    expect(load.files.map((f: { kind: string; preset: string }) => `${f.kind}/${f.preset}`)).toEqual([
      'owners/hubspot',
      'accounts/hubspot',
      'opportunities/hubspot',
      'cases/hubspot',
    ]);
    expect(load.counts).toMatchObject({ opportunities: 6, cases: 4 });
    // Open deals of the deactivated user and of Tom Becker (archived); the lost Northwind deal is history.
    expect(flagged('inactive-owner', 'opportunities')).toEqual(['9311840203', '9311840206']);
    expect(flagged('inactive-owner', 'cases')).toEqual(['4410020303']);
    // The first associated company is the deal's account: Copperline is Marcus Lee's.
    expect(flagged('account-owner-mismatch', 'opportunities')).toEqual(['9311840206']);
    const plan = path.join(dir, 'hubspot-plan');
    expect(
      (await runInProcess(['transfer', '--db', db, '--from', 'Tom Becker', '--to', 'Hannah Brooks', '--out', plan]))
        .code,
    ).toBe(0);
    expect(readFileSync(path.join(plan, 'import-opportunities.csv'), 'utf8')).toBe(
      'Record ID,Deal owner\n9311840206,hannah.brooks@brightwater.studio\n',
    );
  });

  it('Dynamics 365: Status Won/Lost and Resolved/Cancelled close opportunities and cases; accounts by name', async () => {
    const { flagged, load } = await loadAndFind('dynamics', [
      'dynamics/Users.csv',
      'dynamics/Accounts.csv',
      'dynamics/sales',
    ]);
    expect(load.counts).toMatchObject({ opportunities: 4, cases: 3 });
    // Erin O'Connor is disabled: her open opportunity and her active case, not her resolved case.
    expect(flagged('inactive-owner', 'opportunities')).toEqual(['a41c7e90-5b2d-ef11-9d6f-000d3a00785b']);
    expect(flagged('inactive-owner', 'cases')).toEqual(['8a17c3d4-9f05-ef11-9d6f-000d3a00785b']);
    expect(flagged('account-owner-mismatch', 'cases')).toEqual(['8a17c3d4-9f05-ef11-9d6f-000d3a00785b']);
  });

  it('Pipedrive: Deal - Status won/lost closes a deal; Deal - Organization is its account', async () => {
    const { flagged, load } = await loadAndFind('pipedrive', [
      'pipedrive/users.csv',
      'pipedrive/organizations-export.csv',
      'pipedrive/sales',
    ]);
    expect(load.files.map((f: { kind: string }) => f.kind)).toEqual(['owners', 'accounts', 'opportunities']);
    // Drew Castillo is inactive: his open kitchen refit, not his lost storefront deal.
    expect(flagged('inactive-owner', 'opportunities')).toEqual(['103']);
    expect(flagged('account-owner-mismatch', 'opportunities')).toEqual([]);
  });
});
