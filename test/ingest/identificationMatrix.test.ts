/**
 * The identification matrix: every fixture of every preset and kind is identified as exactly itself
 * (preset and kind), named alone and in its folder; no file with Salesforce ids is ever read as
 * another CRM's, whatever its name, headers or folder; and a generated Weekly Export of every object
 * of a real org's export (fixtures/salesforce/weekly-export-headers) yields exactly the kinds'
 * files (Task and Event included) and skips the rest.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { planSources, type PlannedFile, type SkippedFile } from '../../src/load/filePlan.js';
import {
  exportCrmOf,
  identifyFile,
  isSalesforcePreset,
  type ExportCrm,
  type FileStart,
} from '../../src/ingest/identify/identifyFile.js';
import type { ColumnMapping } from '../../src/ingest/identify/layout.js';
import { headerKey } from '../../src/records/model.js';
import { PRESET_NAMES } from '../../src/ingest/identify/presets/index.js';
import { toSalesforceId18 } from '../../src/records/salesforceId.js';
import { SALESFORCE_OBJECTS } from '../../src/ingest/identify/salesforceObjects.js';
import { expandInputs } from '../../src/ingest/sources/sources.js';
import { FILE_KINDS } from '../../src/kinds/registry.js';
import { fixture, tempDir } from '../helpers/cli.js';
import { headerOf, KIND_OBJECTS, WEEKLY_HEADERS, writeWeeklyExport } from '../helpers/weeklyExport.js';
import { zipBytes } from '../helpers/zip.js';

/** Each fixture's reading: `preset kind` (two for a file of two kinds told row by row). */
const MATRIX: Record<string, string[]> = {
  'dynamics/Accounts.csv': ['dynamics accounts'],
  'dynamics/Contacts.csv': ['dynamics contacts'],
  'dynamics/Users.csv': ['dynamics owners'],
  'dynamics-teams/Teams.csv': ['dynamics owners'],
  'dynamics/sales/Cases.csv': ['dynamics cases'],
  'dynamics/sales/Opportunities.csv': ['dynamics opportunities'],
  'generic/accounts.csv': ['generic accounts'],
  'generic/contacts.csv': ['generic contacts'],
  'generic/owners.csv': ['generic owners'],
  'hubspot/hubspot-crm-exports-all-companies-2026-11-01.csv': ['hubspot accounts'],
  'hubspot/hubspot-crm-exports-all-contacts-2026-11-01.csv': ['hubspot contacts'],
  'hubspot/hubspot-owners-2026-11-01.csv': ['hubspot owners'],
  'hubspot/sales/hubspot-crm-exports-all-deals-2026-11-01.csv': ['hubspot opportunities'],
  'hubspot/sales/hubspot-crm-exports-all-tickets-2026-11-01.csv': ['hubspot cases'],
  'hubspot-associations/hubspot-crm-exports-all-companies-2026-11-01.csv': ['hubspot accounts'],
  'hubspot-associations/hubspot-crm-exports-contacts-with-associations-2026-11-01.csv': ['hubspot contacts'],
  'hubspot-associations/hubspot-owners-2026-11-01.csv': ['hubspot owners'],
  'hubspot-association-properties/hubspot-crm-exports-all-companies-2026-11-01.csv': ['hubspot accounts'],
  'hubspot-association-properties/hubspot-crm-exports-contacts-with-associations-2026-11-01.csv': ['hubspot contacts'],
  'hubspot-association-properties/hubspot-owners-2026-11-01.csv': ['hubspot owners'],
  'hubspot-objects/hubspot-crm-exports-all-deals-2026-11-01.csv': ['hubspot opportunities'],
  'hubspot-objects/hubspot-crm-exports-all-tickets-2026-11-01.csv': ['hubspot cases'],
  'excel-damaged/hubspot/hubspot-crm-exports-all-companies-2026-11-01.csv': ['hubspot accounts'],
  'excel-damaged/hubspot/hubspot-crm-exports-all-contacts-2026-11-01.csv': ['hubspot contacts'],
  'excel-damaged/hubspot/hubspot-owners-2026-11-01.csv': ['hubspot owners'],
  'excel-damaged/salesforce-de/Account.csv': ['salesforce accounts'],
  'excel-damaged/salesforce-de/Contact.csv': ['salesforce contacts'],
  'excel-damaged/salesforce-de/User.csv': ['salesforce owners'],
  'messy/accounts-cp1252-semicolon.csv': ['generic accounts'],
  'messy/accounts-spaces-caps-headers.csv': ['salesforce accounts'],
  'messy/contacts-leading-zeros.csv': ['generic contacts'],
  'messy/contacts-mixed-eol.csv': ['generic contacts'],
  'messy/contacts-pipe.csv': ['generic contacts'],
  'messy/contacts-utf16be.csv': ['generic contacts'],
  'messy/contacts-utf16le-tab.csv': ['generic contacts'],
  'messy/contacts-utf8-bom-crlf.csv': ['generic contacts'],
  'odoo/crm.lead.csv': ['odoo leads', 'odoo opportunities'],
  'odoo/res.partner.csv': ['odoo accounts', 'odoo contacts'],
  'odoo/res.users.csv': ['odoo owners'],
  'pipedrive/organizations-export.csv': ['pipedrive accounts'],
  'pipedrive/people-export.csv': ['pipedrive contacts'],
  'pipedrive/sales/deals-export.csv': ['pipedrive opportunities'],
  'pipedrive/users.csv': ['generic owners'],
  'salesforce/dataloader/Account.csv': ['salesforce accounts'],
  'salesforce/dataloader/Contact.csv': ['salesforce contacts'],
  'salesforce/dataloader/Lead.csv': ['salesforce leads'],
  'salesforce/dataloader/User.csv': ['salesforce owners'],
  'salesforce/dataloader-sales/Case.csv': ['salesforce cases'],
  'salesforce/dataloader-sales/Opportunity.csv': ['salesforce opportunities'],
  'salesforce/pipeline/User.csv': ['salesforce owners'],
  'salesforce/pipeline/Account.csv': ['salesforce accounts'],
  'salesforce/pipeline/Opportunity.csv': ['salesforce opportunities'],
  'salesforce/legacy/accountData.csv': ['salesforce accounts'],
  'salesforce/report/Contacts and Accounts report.csv': ['salesforce-report contacts'],
  'salesforce/weekly-export/Account.csv': ['salesforce accounts'],
  'salesforce/weekly-export/Contact.csv': ['salesforce contacts'],
  'salesforce/weekly-export/User.csv': ['salesforce owners'],
  'salesforce/weekly-export-all/User.csv': ['salesforce owners'],
  'salesforce/weekly-export-all/Group.csv': ['salesforce owners'],
  'salesforce/weekly-export-all/Account.csv': ['salesforce accounts'],
  'salesforce/weekly-export-all/Contact.csv': ['salesforce contacts'],
  'salesforce/weekly-export-all/Lead.csv': ['salesforce leads'],
  'salesforce/weekly-export-all/Opportunity.csv': ['salesforce opportunities'],
  'salesforce/weekly-export-all/Case.csv': ['salesforce cases'],
  'salesforce/weekly-export-all/Task.csv': ['salesforce tasks'],
  'salesforce/weekly-export-all/Event.csv': ['salesforce events'],
  'salesforce-teams-activities/User.csv': ['salesforce owners'],
  'salesforce-teams-activities/Account.csv': ['salesforce accounts'],
  'salesforce-teams-activities/Contact.csv': ['salesforce contacts'],
  'salesforce-teams-activities/Opportunity.csv': ['salesforce opportunities'],
  'salesforce-teams-activities/Task.csv': ['salesforce tasks'],
  'salesforce-teams-activities/Event.csv': ['salesforce events'],
  'salesforce-teams-activities/AccountTeamMember.csv': ['salesforce account-team'],
  'salesforce-teams-activities/OpportunityTeamMember.csv': ['salesforce opportunity-team'],
  'hubspot-activities/hubspot-owners-2026-11-01.csv': ['hubspot owners'],
  'hubspot-activities/hubspot-crm-exports-all-companies-2026-11-01.csv': ['hubspot accounts'],
  'hubspot-activities/hubspot-crm-exports-all-contacts-2026-11-01.csv': ['hubspot contacts'],
  'hubspot-activities/hubspot-crm-exports-all-deals-2026-11-01.csv': ['hubspot opportunities'],
  'hubspot-activities/hubspot-crm-exports-all-tasks-2026-11-01.csv': ['hubspot tasks'],
  'hubspot-activities/hubspot-crm-exports-all-meetings-2026-11-01.csv': ['hubspot events'],
  'pipedrive-activities/users.csv': ['generic owners'],
  'pipedrive-activities/organizations-export.csv': ['pipedrive accounts'],
  'pipedrive-activities/people-export.csv': ['pipedrive contacts'],
  'pipedrive-activities/deals-export.csv': ['pipedrive opportunities'],
  'pipedrive-activities/activities-export.csv': ['pipedrive tasks'],
  'suitecrm/Accounts.csv': ['suitecrm accounts'],
  'suitecrm/Cases.csv': ['suitecrm cases'],
  'suitecrm/Contacts.csv': ['suitecrm contacts'],
  'suitecrm/Leads.csv': ['suitecrm leads'],
  'suitecrm/Opportunities.csv': ['suitecrm opportunities'],
  'suitecrm/Users.csv': ['suitecrm owners'],
  'zoho/Accounts_2026_11_01.csv': ['zoho accounts'],
  'zoho/Cases_2026_11_01.csv': ['zoho cases'],
  'zoho/Contacts_2026_11_01.csv': ['zoho contacts'],
  'zoho/Deals_2026_11_01.csv': ['zoho opportunities'],
  'zoho/Leads_2026_11_01.csv': ['zoho leads'],
  'zoho/Users_2026_11_01.csv': ['zoho owners'],
  'generic/custom-columns/contacts-custom-columns.csv': ['generic contacts'],
  'xlsx/dynamics/Accounts.xlsx': ['dynamics accounts'],
  'xlsx/dynamics/Contacts.xlsx': ['dynamics contacts'],
  'xlsx/dynamics/Users.xlsx': ['dynamics owners'],
  'xlsx/generic/accounts.xlsx': ['generic accounts'],
  'xlsx/generic/contacts.xlsx': ['generic contacts'],
  'xlsx/generic/owners.xlsx': ['generic owners'],
  'xlsx/hubspot/hubspot-crm-exports-all-companies-2026-11-01.xlsx': ['hubspot accounts'],
  'xlsx/hubspot/hubspot-crm-exports-all-contacts-2026-11-01.xlsx': ['hubspot contacts'],
  'xlsx/hubspot/hubspot-owners-2026-11-01.xlsx': ['hubspot owners'],
  'xlsx/pipedrive/organizations-export.xlsx': ['pipedrive accounts'],
  'xlsx/pipedrive/people-export.xlsx': ['pipedrive contacts'],
  'xlsx/pipedrive/users.xlsx': ['generic owners'],
  'xlsx/salesforce-dataloader/Account.xlsx': ['salesforce accounts'],
  'xlsx/salesforce-dataloader/Contact.xlsx': ['salesforce contacts'],
  'xlsx/salesforce-dataloader/Lead.xlsx': ['salesforce leads'],
  'xlsx/salesforce-dataloader/User.xlsx': ['salesforce owners'],
  'xlsx/salesforce-report/Contacts and Accounts report.xlsx': ['salesforce-report contacts'],
};

/** Fixtures that are not one CRM's export of a kind: broken inputs, rules, old databases. */
const NOT_EXPORTS = /^(bad|databases|rules|xlsx\/bad|xlsx\/rules)\//;

/** Config `columns` of a fixture folder that has one. */
function columnsFor(dir: string): ColumnMapping | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'crm-owners.config.json'), 'utf8')).columns;
  } catch {
    return undefined;
  }
}

function allFixtures(dir = fixture()): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return allFixtures(full);
    return /\.(csv|xlsx)$/i.test(entry.name) ? [path.relative(fixture(), full)] : [];
  });
}

const readings = (planned: PlannedFile[], file: string) =>
  planned.filter((p) => p.source.path === file).map((p) => `${p.identification.preset} ${p.layout.kind}`);

async function plan(inputs: string[], columns?: ColumnMapping) {
  return planSources(await expandInputs(inputs), { files: inputs, columns });
}

describe('every fixture is identified as exactly itself', () => {
  const exports = allFixtures().filter(
    (file) => !NOT_EXPORTS.test(file) && !file.startsWith('salesforce/weekly-export-headers/'),
  );

  it('the matrix lists every fixture of an export (and the weekly export folder the objects it skips)', () => {
    const weeklyOthers = exports.filter(
      (file) => file.startsWith('salesforce/weekly-export-all/') && !(file in MATRIX),
    );
    expect(exports.filter((file) => !(file in MATRIX) && !weeklyOthers.includes(file))).toEqual([]);
    // Every preset but the generic one, and every kind, is in it.
    const cells = new Set(Object.values(MATRIX).flat());
    for (const preset of PRESET_NAMES)
      expect(
        [...cells].some((cell) => cell.startsWith(`${preset} `)),
        preset,
      ).toBe(true);
    for (const kind of FILE_KINDS)
      expect(
        [...cells].some((cell) => cell.endsWith(` ${kind}`)),
        kind,
      ).toBe(true);
  });

  it.each(Object.entries(MATRIX))('%s, named alone and in its folder', async (file, expected) => {
    const full = fixture(file);
    const columns = columnsFor(path.dirname(full));
    const alone = await plan([full], columns);
    expect(readings(alone.planned, full)).toEqual(expected);
    const folder = await plan([path.dirname(full)], columns);
    expect(readings(folder.planned, full)).toEqual(expected);
  });

  it('the weekly export fixture folder skips its other objects', async () => {
    const dir = fixture('salesforce/weekly-export-all');
    const { planned, skipped } = await plan([dir]);
    const loaded = new Set(planned.map((p) => path.basename(p.source.path)));
    expect([...loaded].sort()).toEqual([
      'Account.csv',
      'Case.csv',
      'Contact.csv',
      'Event.csv',
      'Group.csv',
      'Lead.csv',
      'Opportunity.csv',
      'Task.csv',
      'User.csv',
    ]);
    expect(skipped.length + loaded.size).toBe(readdirSync(dir).filter((name) => name.endsWith('.csv')).length);
  });
});

describe('no file with Salesforce ids is ever another CRM', () => {
  const headerFiles = readdirSync(WEEKLY_HEADERS).filter((name) => name.endsWith('.csv'));
  const realHeaders = headerFiles
    .map((name) => headerOf(path.join(WEEKLY_HEADERS, name)))
    .filter((h) => h !== undefined);
  /** Headers other CRMs' files carry, mixed in. */
  const foreign = [
    'Record Id',
    'Record ID',
    'Contact Owner',
    'Deal owner',
    'Created Time',
    'Status',
    'User Id',
    'Assigned User Name',
    '(Do Not Modify) Account',
    'Person - Owner',
    'user_id/id',
    'Owner ID',
    'Archived',
    'First Name',
    'Last Name',
  ];
  const names = [
    'User.csv',
    'Users_2026_11_01.csv',
    'hubspot-crm-exports-all-contacts-2026-11-01.csv',
    'Contacts.csv',
    'res.users.csv',
    'export.csv',
    'Deals_2026_11_01.csv',
    'CampaignInfluence.csv',
  ];
  const prefixes = [...Object.keys(SALESFORCE_OBJECTS), 'a0X', '0Hn', '1dc'];
  const alnum = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
  const id = (prefix: string) =>
    fc
      .array(fc.constantFrom(...alnum), { minLength: 12, maxLength: 12 })
      .map((rest) => toSalesforceId18(prefix + rest.join('')));

  it('whatever its name, headers and folder', () => {
    const scenario = fc.record({
      headers: fc.constantFrom(...realHeaders).chain((real) => fc.tuple(fc.subarray(real), fc.subarray(foreign))),
      idHeader: fc.constantFrom('Id', 'ID', 'id', ' Id '),
      name: fc.constantFrom(...names),
      prefix: fc.constantFrom(...prefixes),
      rows: fc.integer({ min: 1, max: 100 }),
      within: fc.option(fc.constantFrom(...PRESET_NAMES)),
    });
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc.array(id(s.prefix), { minLength: s.rows, maxLength: s.rows }).map((ids) => ({ ...s, ids })),
        ),
        (s) => {
          const headers = new Set(
            [s.idHeader, ...s.headers[0].filter((h) => headerKey(h) !== 'id'), ...s.headers[1]].map(headerKey),
          );
          const within: ExportCrm | undefined = s.within
            ? { preset: s.within, evidence: `folder is a ${s.within} export` }
            : undefined;
          const found = identifyFile({ name: s.name, headers, ids: s.ids, rows: s.ids.length }, {}, within);
          expect(isSalesforcePreset(found.preset), JSON.stringify(found)).toBe(true);
          expect(found.evidence[0]).toMatch(
            new RegExp(`^Id prefix ${s.prefix} in ${s.ids.length} of ${s.ids.length} rows$`),
          );
        },
      ),
      { numRuns: 300, seed: 20261207 },
    );
  });
});

describe('a generated Weekly Export of every object of a real export', () => {
  const TMP = tempDir('crm-owners-matrix-');

  it.each([1, 2, 3])(
    "seed %i: exactly the kinds' objects load (Task and Event among them), every other file is skipped",
    async (seed) => {
      const dir = mkdtempSync(path.join(TMP, 'we-'));
      const made = writeWeeklyExport(dir, seed);
      expect(made.files.size).toBe(354);
      expect(
        [...made.files.values()].some((f) => f.encoding === 'latin1' && f.rows > 0 && !KIND_OBJECTS[f.object]),
      ).toBe(true);
      expect([...made.files.values()].filter((f) => !f.empty && f.rows === 0).length).toBeGreaterThan(50);
      const { planned, skipped } = await plan([dir]);
      expect(planned.map((p) => [path.basename(p.source.path), p.identification.preset, p.layout.kind]).sort()).toEqual(
        Object.entries(KIND_OBJECTS)
          .map(([object, kind]) => [`${object}.csv`, 'salesforce', kind])
          .sort(),
      );
      expect(
        planned.every((p) =>
          p.identification.evidence.some((e) =>
            /^Id prefix (005|001|003|00Q|006|500|00T|00U) in \d+ of \d+ rows$/.test(e),
          ),
        ),
      ).toBe(true);
      const skippedNames = skipped.map((s: SkippedFile) => path.basename(s.path)).sort();
      expect(skippedNames).toEqual(
        [...made.files.keys()].filter((name) => !KIND_OBJECTS[name.replace(/\.csv$/, '')]).sort(),
      );
      // Each skipped file says what it is: its object by key prefix or name, or that it is header-only or empty.
      for (const s of skipped)
        expect(s.reason).toMatch(
          /^(key prefix \S+|named after the object|header-only file of an unknown object|empty file)$/,
        );
    },
  );
});

describe('a generated Weekly Export delivered as a zip', () => {
  it('loads the same six files from the zip as from the folder, skipping the rest', async () => {
    const dir = mkdtempSync(path.join(tempDir('crm-owners-matrix-zip-'), 'we-'));
    const made = writeWeeklyExport(dir, 4);
    const zip = path.join(dir, '..', 'WE_00D5e000000HpAB_1.ZIP');
    writeFileSync(
      zip,
      zipBytes(
        [...made.files.keys()].map((name) => ({
          name: `WE_00D5e000000HpAB_1/${name}`,
          data: readFileSync(path.join(dir, name)),
        })),
      ),
    );
    const { planned, skipped } = await plan([zip]);
    expect(planned.map((p) => [path.basename(p.source.path), p.layout.kind]).sort()).toEqual(
      Object.entries(KIND_OBJECTS)
        .map(([object, kind]) => [`${object}.csv`, kind])
        .sort(),
    );
    expect(planned.every((p) => p.identification.evidence.at(-1)!.startsWith('folder is a Salesforce export'))).toBe(
      true,
    );
    expect(skipped).toHaveLength(354 - Object.keys(KIND_OBJECTS).length);
  });
});

describe("a folder's CRM", () => {
  const start = (name: string, headers: string[], ids?: string[], rows = ids?.length ?? 2): FileStart => ({
    name,
    headers: new Set(headers.map(headerKey)),
    ids,
    rows,
  });
  const sf = (prefix: string) => [toSalesforceId18(`${prefix}5e00000Hp001`), toSalesforceId18(`${prefix}5e00000Hp002`)];
  const hubspotContacts = start('hubspot-crm-exports-all-contacts.csv', [
    'Record ID',
    'First Name',
    'Contact owner',
    'Associated Company IDs',
  ]);
  const hubspotCompanies = start('hubspot-crm-exports-all-companies.csv', [
    'Record ID',
    'Company name',
    'Company owner',
  ]);

  it('is Salesforce when most files that tell one hold Salesforce ids, header-only objects counting for nothing', () => {
    const crm = exportCrmOf([
      start('User.csv', ['Id', 'Username'], sf('005')),
      start('Account.csv', ['Id', 'OwnerId'], sf('001')),
      start('Idea.csv', ['Id', 'Title'], [], 0),
    ]);
    expect(crm).toEqual({
      preset: 'salesforce',
      evidence: 'folder is a Salesforce export (2 of 3 files hold Salesforce ids)',
    });
  });

  it('is the CRM most files read as, else none', () => {
    expect(
      exportCrmOf([hubspotContacts, hubspotCompanies, start('owners.csv', ['id', 'name', 'email', 'active'], ['u1'])]),
    ).toEqual({ preset: 'hubspot', evidence: 'folder is a hubspot export (2 of 3 files read as hubspot)' });
    // One Salesforce users file beside one HubSpot file: no majority, each file is read by itself.
    expect(exportCrmOf([start('User.csv', ['Id', 'Username'], sf('005')), hubspotContacts])).toBeUndefined();
    expect(
      exportCrmOf([
        start('accounts.csv', ['id', 'name', 'owner'], ['a1']),
        start('contacts.csv', ['id', 'name', 'owner', 'account_id'], ['c1']),
      ]),
    ).toBeUndefined();
  });

  it('within a Salesforce export, a file without ids is known by its object name only', () => {
    const within: ExportCrm = { preset: 'salesforce', evidence: 'folder is a Salesforce export' };
    expect(identifyFile(start('Lead.csv', ['Id', 'OwnerId', 'IsConverted'], [], 0), {}, within)).toMatchObject({
      kind: 'leads',
      preset: 'salesforce',
      object: 'Lead',
    });
    expect(identifyFile(start('ContactRequest.csv', ['Id', 'OwnerId', 'WhoId'], [], 0), {}, within)).toMatchObject({
      preset: 'salesforce',
      reason: 'header-only file of an unknown object',
    });
    // What the user says comes first.
    expect(
      identifyFile(start('ContactRequest.csv', ['Id', 'OwnerId', 'WhoId'], [], 0), { kind: 'contacts' }, within),
    ).toMatchObject({
      kind: 'contacts',
      preset: 'salesforce',
      evidence: expect.arrayContaining(['folder is a Salesforce export', '--kind contacts']),
    });
  });
});
