/**
 * Identification by evidence, on the failures filed from real Weekly Exports: (1) Salesforce's own
 * `User.csv` was read as a Zoho users file; (2) header-only and other objects' files were taken as
 * kinds by loose names (`CampaignInfluence` as Zoho contacts, `CalendarView` as owners, …); (3) a
 * folder of objects re-saved for a BI tool failed whole because `Account.csv` had no owner column.
 * The files are built from the real header rows (fixtures/salesforce/weekly-export-headers).
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { headerOf, WEEKLY_HEADERS, writeWeeklyExport } from '../helpers/weeklyExport.js';

const TMP = tempDir('crm-owners-ident-');
const fresh = () => mkdtempSync(path.join(TMP, 't-'));

async function load(args: string[]) {
  const db = path.join(fresh(), 'crm.db');
  const result = await runInProcess(['load', ...args, '--db', db, '--json']);
  return { ...result, db, json: result.code === 0 ? JSON.parse(result.stdout) : undefined };
}

describe('1. a Weekly Export User.csv is Salesforce users, not Zoho', () => {
  it('the real header is quoted, with IsActive 0/1 and the real UserType values', () => {
    const header = headerOf(path.join(WEEKLY_HEADERS, 'User.csv'))!;
    expect(header.slice(0, 5)).toEqual(['Id', 'Username', 'FirstName', 'LastName', 'MiddleName']);
    expect(header).toEqual(
      expect.arrayContaining([
        'IsActive',
        'UserRoleId',
        'ProfileId',
        'UserType',
        'UserSubtype',
        'ContactId',
        'AccountId',
      ]),
    );
    expect(header).not.toContain('Name');
  });

  it('named alone: preset salesforce, owners; names from first and last name, 0/1 read, non-Standard users are system users', async () => {
    const dir = fresh();
    const made = writeWeeklyExport(dir, 22, { only: ['User.csv'], rows: { 'User.csv': 12 } });
    expect(new Set(made.users.map((u) => u.userType)).size).toBeGreaterThan(2);
    const { code, json, db, stderr } = await load([path.join(dir, 'User.csv')]);
    expect(code, stderr).toBe(0);
    expect(json.files).toEqual([
      expect.objectContaining({
        kind: 'owners',
        preset: 'salesforce',
        object: 'User',
        evidence: ['Id prefix 005 in 12 of 12 rows'],
      }),
    ]);
    expect(json.files[0].columns).toMatchObject({
      id: 'Id',
      username: 'Username',
      first_name: 'FirstName',
      last_name: 'LastName',
      active: 'IsActive',
      user_type: 'UserType',
    });
    const raw = new Database(db, { readonly: true });
    try {
      const owners = raw.prepare('SELECT id, name, active, type FROM owners ORDER BY id').all() as {
        id: string;
        name: string;
        active: number;
        type: string;
      }[];
      const expected = made.users
        .map((u) => ({
          id: u.id,
          name: u.name,
          active: u.active ? 1 : 0,
          type: u.userType === 'Standard' ? 'user' : 'system',
        }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(owners).toEqual(expected);
      expect(owners.some((o) => o.active === 0)).toBe(true);
    } finally {
      raw.close();
    }
  });

  it('header-only, it is still Salesforce users by its name (its headers also fit Zoho)', async () => {
    const dir = fresh();
    writeWeeklyExport(dir, 3, { only: ['User.csv', 'Account.csv'], rows: { 'User.csv': 0 } });
    const { code, json, stderr } = await load([dir]);
    expect(code, stderr).toBe(0);
    expect(
      json.files.map((f: { path: string; preset: string; kind: string }) => [path.basename(f.path), f.preset, f.kind]),
    ).toEqual([
      ['User.csv', 'salesforce', 'owners'],
      ['Account.csv', 'salesforce', 'accounts'],
    ]);
  });
});

/** Other objects of a real export that loose names or headers took for kinds. */
const LOOSE = [
  'CampaignInfluence',
  'CalendarView',
  'CaseHistory2',
  'ContactRequest',
  'EventSubscriptionData',
  'FlowOrchestrationLog',
  'Image',
  'Incident',
  'MessagingEndUser',
];

describe('2. files of other objects are no kind, header-only or not', () => {
  it('a Weekly Export folder with header-only CampaignInfluence.csv loads, skipping it', async () => {
    const dir = fresh();
    const files = ['User.csv', 'Account.csv', 'Contact.csv', ...LOOSE.map((o) => `${o}.csv`)];
    writeWeeklyExport(dir, 7, { only: files, rows: Object.fromEntries(LOOSE.map((o) => [`${o}.csv`, 0])) });
    const { code, json, stderr } = await load([dir]);
    expect(code, stderr).toBe(0);
    expect(json.files.map((f: { path: string }) => path.basename(f.path))).toEqual([
      'User.csv',
      'Account.csv',
      'Contact.csv',
    ]);
    expect(json.skipped.map((f: { path: string; reason: string }) => [path.basename(f.path), f.reason])).toEqual(
      LOOSE.map((o) => [`${o}.csv`, 'header-only file of an unknown object']).sort(),
    );
    expect(stderr).toMatch(/skipped 9 files of other objects/);
  });

  it.each(LOOSE)('%s.csv named alone is refused, header-only or with rows of its own key prefix', async (object) => {
    const name = `${object}.csv`;
    const headerOnly = fresh();
    writeWeeklyExport(headerOnly, 11, { only: [name], rows: { [name]: 0 } });
    const bare = await load([path.join(headerOnly, name)]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('header-only file of an unknown object');
    expect(bare.stderr).toContain(`--kind accounts=${path.join(headerOnly, name)}`);

    const withRows = fresh();
    const made = writeWeeklyExport(withRows, 11, { only: [name], rows: { [name]: 4 } });
    const rows = await load([path.join(withRows, name)]);
    expect(rows.code).toBe(2);
    expect(rows.stderr).toContain(`key prefix ${made.files.get(name)!.prefix}`);
  });
});

describe('3. a folder loads what it can', () => {
  /** Objects re-saved for Power BI: only Lead.csv kept OwnerId. */
  const powerBi = () => {
    const dir = fresh();
    writeWeeklyExport(dir, 5, {
      only: ['User.csv', 'Account.csv', 'Contact.csv', 'Lead.csv', 'Opportunity.csv'],
      drop: { 'Account.csv': ['OwnerId'], 'Contact.csv': ['OwnerId'], 'Opportunity.csv': ['OwnerId'] },
    });
    return dir;
  };

  it('the leads and users load; the files without an owner column are skipped with the reason, on stderr and in --json', async () => {
    const dir = powerBi();
    const { code, json, stderr } = await load([dir]);
    expect(code, stderr).toBe(0);
    expect(json.files.map((f: { path: string; kind: string }) => [path.basename(f.path), f.kind])).toEqual([
      ['User.csv', 'owners'],
      ['Lead.csv', 'leads'],
    ]);
    expect(json.skipped).toEqual([
      expect.objectContaining({
        path: path.join(dir, 'Account.csv'),
        object: 'Account',
        reason: expect.stringMatching(/^no owner column for accounts/),
      }),
      expect.objectContaining({
        path: path.join(dir, 'Contact.csv'),
        object: 'Contact',
        reason: expect.stringMatching(/^no owner column for contacts/),
      }),
      expect.objectContaining({
        path: path.join(dir, 'Opportunity.csv'),
        object: 'Opportunity',
        reason: expect.stringMatching(/^no owner column for opportunities/),
      }),
    ]);
    for (const [name, kind] of [
      ['Account', 'accounts'],
      ['Contact', 'contacts'],
      ['Opportunity', 'opportunities'],
    ]) {
      expect(stderr).toContain(`warning: skipped ${path.join(dir, `${name}.csv`)}: no owner column for ${kind}`);
    }
    expect(stderr).not.toMatch(/files of other objects/);
  });

  it('named on the command line, such a file is still an error', async () => {
    const dir = powerBi();
    const { code, stderr } = await load([path.join(dir, 'Account.csv')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Account\.csv.*no owner column for accounts/);
  });

  it('a folder where nothing loads fails, saying why for its files', async () => {
    const dir = fresh();
    writeWeeklyExport(dir, 5, {
      only: ['Account.csv', 'Contact.csv'],
      drop: { 'Account.csv': ['OwnerId'], 'Contact.csv': ['OwnerId'] },
    });
    const { code, stderr } = await load([dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /nothing to load: every file was skipped \(Account\.csv: no owner column for accounts.*Contact\.csv: no owner column for contacts/,
    );
  });
});
