import { describe, it, expect } from 'vitest';
import {
  fileLayout,
  readOwner,
  readRecord,
  RowError,
  type ColumnMapping,
  type FileLayout,
} from '../../src/ingest/identify/layout.js';
import { headerKey, type FileKind } from '../../src/records/model.js';
import {
  detectPreset,
  presetNamed,
  PRESETS,
  PRESET_NAMES,
  type Preset,
} from '../../src/ingest/identify/presets/index.js';
import { kindFromHeaders, kindFromName } from '../../src/ingest/identify/kinds.js';
import { inputError } from '../helpers/errors.js';

const FILE = '/exports/file.csv';

/** Header keys as the loader builds them (lower-cased, trimmed). */
const keysOf = (headers: string[]) => new Set(headers.map(headerKey));
const presetOf = (headers: string[]) => detectPreset(keysOf(headers)).name;

function preset(name: string): Preset {
  const found = presetNamed(name);
  if (!found) throw new Error(`no preset ${name}`);
  return found;
}

/** A layout for `headers`, with the preset detected from them unless one is named. */
function layoutOf(
  kind: FileKind,
  headers: string[],
  options: { preset?: string; mapping?: ColumnMapping } = {},
): FileLayout {
  const chosen = options.preset ? preset(options.preset) : detectPreset(keysOf(headers));
  return fileLayout(FILE, kind, chosen, headers, options.mapping);
}

/** A row's fields from header → value pairs (missing headers are empty cells). */
function rowOf(layout: FileLayout, values: Record<string, string>): string[] {
  const unknown = Object.keys(values).filter((header) => !layout.headers.includes(header));
  if (unknown.length) throw new Error(`not headers of the file: ${unknown.join(', ')}`);
  return layout.headers.map((header) => values[header] ?? '');
}

const SF_USER = [
  'Id',
  'Username',
  'FirstName',
  'LastName',
  'Name',
  'Email',
  'IsActive',
  'UserType',
  'Territory__c',
  'Capacity__c',
  'Account_Capacity__c',
  'CreatedDate',
];
const SF_CONTACT = [
  'Id',
  'FirstName',
  'LastName',
  'Email',
  'AccountId',
  'OwnerId',
  'MailingState',
  'LastActivityDate',
  'CreatedDate',
];
const SF_LEGACY_ACCOUNT = [
  'ID',
  'ISDELETED',
  'MASTERRECORDID',
  'NAME',
  'BILLINGCITY',
  'OWNERID',
  'CREATEDDATE',
  'SYSTEMMODSTAMP',
];
const SF_REPORT_CONTACTS = [
  'Contact Owner',
  'Account Owner',
  'First Name',
  'Last Name',
  'Title',
  'Email',
  'Account Name',
  'Account ID',
  'Contact ID',
  'Last Activity',
];
const HUBSPOT_CONTACTS = [
  'Record ID',
  'First Name',
  'Last Name',
  'Email',
  'Contact owner',
  'Lifecycle Stage',
  'Associated Company IDs',
  'Last Activity Date',
  'Create Date',
];
const HUBSPOT_COMPANIES = [
  'Record ID',
  'Company name',
  'Company Domain Name',
  'Company owner',
  'Industry',
  'Create Date',
  'Last Activity Date',
];
const HUBSPOT_OWNERS = ['Owner ID', 'First Name', 'Last Name', 'Email', 'Archived'];
const DYNAMICS_CONTACTS = [
  '(Do Not Modify) Contact',
  '(Do Not Modify) Row Checksum',
  '(Do Not Modify) Modified On',
  'Full Name',
  'Email',
  'Company Name',
  'Owner',
];
const DYNAMICS_USERS = [
  '(Do Not Modify) User',
  '(Do Not Modify) Row Checksum',
  '(Do Not Modify) Modified On',
  'Full Name',
  'Primary Email',
  'Status',
];
const PIPEDRIVE_PEOPLE = [
  'Person - ID',
  'Person - Name',
  'Person - Email',
  'Person - Organization',
  'Person - Owner',
  'Person - Update time',
];
const GENERIC_CONTACTS = ['id', 'name', 'email', 'account_id', 'owner', 'last_activity'];

describe('detectPreset', () => {
  it('knows the nine presets, generic last', () => {
    expect(PRESETS.map((p) => p.name).sort()).toEqual([...PRESET_NAMES].sort());
    expect(PRESETS.at(-1)?.name).toBe('generic');
  });

  it.each([
    ['Salesforce Data Loader users', SF_USER, 'salesforce'],
    ['Salesforce Data Loader contacts', SF_CONTACT, 'salesforce'],
    ['legacy ALL-CAPS Data Loader headers', SF_LEGACY_ACCOUNT, 'salesforce'],
    ['minimal legacy headers', ['ID', 'OWNERID', 'NAME'], 'salesforce'],
    ['headers with surrounding spaces', [' Id ', ' OwnerId', 'AccountId  ', ' Email'], 'salesforce'],
    ['Salesforce report labels', SF_REPORT_CONTACTS, 'salesforce-report'],
    ['a short Salesforce report', ['Contact Owner', 'Contact ID', 'Account ID'], 'salesforce-report'],
    ['HubSpot contacts', HUBSPOT_CONTACTS, 'hubspot'],
    ['HubSpot contacts, the short form', ['Record ID', 'Contact owner', 'Associated Company IDs'], 'hubspot'],
    ['HubSpot companies', HUBSPOT_COMPANIES, 'hubspot'],
    ['HubSpot owners', HUBSPOT_OWNERS, 'hubspot'],
    ['Dynamics contacts', DYNAMICS_CONTACTS, 'dynamics'],
    ['Dynamics users', DYNAMICS_USERS, 'dynamics'],
    ['Pipedrive people', PIPEDRIVE_PEOPLE, 'pipedrive'],
    ['Pipedrive organizations', ['Organization - ID', 'Organization - Name', 'Organization - Owner'], 'pipedrive'],
    [
      'Zoho contacts',
      [
        'Record Id',
        'Contact Owner',
        'Contact Owner Id',
        'First Name',
        'Last Name',
        'Email',
        'Account Name',
        'Created Time',
        'Last Activity Time',
      ],
      'zoho',
    ],
    ['Zoho accounts, legacy', ['ACCOUNTID', 'SMOWNERID', 'Account Owner', 'Account Name'], 'zoho'],
    ['Zoho users', ['User Id', 'First Name', 'Last Name', 'Email', 'Role', 'Status'], 'zoho'],
    [
      'SuiteCRM contacts',
      [
        'First Name',
        'Last Name',
        'ID',
        'Account Name',
        'Email Address',
        'Assigned User Name',
        'Assigned User ID',
        'Date Created',
        'Deleted',
      ],
      'suitecrm',
    ],
    ['SuiteCRM accounts by field name', ['id', 'name', 'assigned_user_id', 'deleted'], 'suitecrm'],
    ['SuiteCRM users', ['ID', 'User Name', 'First Name', 'Last Name', 'Status'], 'suitecrm'],
    ['Odoo res.partner', ['id', 'name', 'is_company', 'parent_id/id', 'email', 'user_id/id'], 'odoo'],
    ['Odoo crm.lead', ['id', 'name', 'type', 'email_from', 'user_id/id'], 'odoo'],
    ['Odoo res.users', ['id', 'login', 'name', 'active'], 'odoo'],
    [
      'HubSpot contacts with associations',
      ['Record ID - Contact', 'Email', 'Contact owner', 'Record ID - Company', 'Company name'],
      'hubspot',
    ],
    ['a Salesforce report of users', ['Full Name', 'User ID', 'Email', 'Active', 'Role'], 'salesforce-report'],
    ['canonical names', GENERIC_CONTACTS, 'generic'],
    ['canonical owners', ['id', 'name', 'email', 'active', 'territories', 'capacity'], 'generic'],
  ])('detects %s', (_, headers, expected) => {
    expect(presetOf(headers)).toBe(expected);
  });

  it.each([
    ['a Zoho contacts export', ['Record Id', 'Contact Owner', 'Email', 'Account Name', 'Modified Time'], 'zoho'],
    ['a SuiteCRM contacts export', ['ID', 'Contact Owner', 'Account Name', 'Assigned to'], 'suitecrm'],
    [
      'a HubSpot contacts export with an Account ID property',
      ['Record ID', 'Contact owner', 'Account ID', 'Email'],
      'hubspot',
    ],
    ['an export with only an owner label', ['Name', 'Contact Owner', 'Email'], 'generic'],
    [
      'a Data Loader contacts file (AccountId is no sign of Zoho ACCOUNTID)',
      ['Id', 'AccountId', 'OwnerId', 'Email'],
      'salesforce',
    ],
  ])('does not take %s for a Salesforce report', (_, headers, expected) => {
    expect(presetOf(headers)).toBe(expected);
  });
});

describe('fileLayout + readOwner', () => {
  it('reads a Salesforce user: 15-character id to 18, 1/0 booleans, territories, capacity', () => {
    const layout = layoutOf('owners', SF_USER);
    const owner = readOwner(
      layout,
      rowOf(layout, {
        Id: '005x0000000fNSi',
        FirstName: 'Dana',
        LastName: 'Whitfield',
        Name: 'Dana Whitfield',
        Email: 'dana@x.io',
        IsActive: '1',
        UserType: 'Standard',
        Territory__c: 'West; Mountain',
        Capacity__c: '7',
      }),
    );
    expect(owner).toEqual({
      id: '005x0000000fNSiAAM',
      name: 'Dana Whitfield',
      email: 'dana@x.io',
      active: true,
      type: 'user',
      territories: ['West', 'Mountain'],
      team: '',
      capacity: { accounts: 7, contacts: 7, leads: 7, opportunities: 7, cases: 7 },
    });
    expect(readOwner(layout, rowOf(layout, { Id: '005x0000000fNSiAAM', IsActive: '0' })).active).toBe(false);
    expect(readOwner(layout, rowOf(layout, { Id: '005x0000000fNSiAAM', IsActive: 'true' })).active).toBe(true);
    expect(readOwner(layout, rowOf(layout, { Id: '005x0000000fNSiAAM', IsActive: 'false' })).active).toBe(false);
  });

  it('lets a kind-specific capacity column win over Capacity__c', () => {
    const layout = layoutOf('owners', SF_USER);
    const owner = readOwner(
      layout,
      rowOf(layout, { Id: '005x0000000fNSiAAM', IsActive: 'true', Capacity__c: '10', Account_Capacity__c: '3' }),
    );
    expect(owner.capacity).toEqual({ accounts: 3, contacts: 10, leads: 10, opportunities: 10, cases: 10 });
    // Without Capacity__c only the kind that has its own column gets one.
    const own = readOwner(
      layout,
      rowOf(layout, { Id: '005x0000000fNSiAAM', IsActive: 'true', Account_Capacity__c: '4' }),
    );
    expect(own.capacity).toEqual({ accounts: 4 });
    const none = readOwner(layout, rowOf(layout, { Id: '005x0000000fNSiAAM', IsActive: 'true' }));
    expect(none.capacity).toEqual({});
  });

  it('reads capacity per kind for opportunities and cases (Opportunity_Capacity__c, Case Capacity)', () => {
    const salesforce = layoutOf('owners', [
      'Id',
      'Name',
      'IsActive',
      'Capacity__c',
      'Opportunity_Capacity__c',
      'Case_Capacity__c',
    ]);
    expect(readOwner(salesforce, ['005x0000000fNSi', 'Ann', 'true', '40', '25', '60']).capacity).toEqual({
      accounts: 40,
      contacts: 40,
      leads: 40,
      opportunities: 25,
      cases: 60,
    });
    const generic = layoutOf('owners', ['id', 'name', 'active', 'Opportunity Capacity', 'Case Capacity']);
    expect(readOwner(generic, ['u1', 'Ann', 'true', '12', '30']).capacity).toEqual({ opportunities: 12, cases: 30 });
  });

  it('rejects a capacity that is not a whole number, naming its column', () => {
    const layout = layoutOf('owners', SF_USER);
    const error = (() => {
      try {
        readOwner(layout, rowOf(layout, { Id: '005x0000000fNSiAAM', IsActive: 'true', Capacity__c: 'lots' }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RowError);
    expect((error as RowError).column).toBe(SF_USER.indexOf('Capacity__c') + 1);
    expect((error as RowError).message).toMatch(/Capacity__c is not a whole number: "lots"/);
  });

  it('types users by UserType: Standard is a user, AutomatedProcess and the like are system', () => {
    const layout = layoutOf('owners', SF_USER);
    const typeOf = (userType: string) =>
      readOwner(layout, rowOf(layout, { Id: '005x0000000fNSiAAM', IsActive: 'true', UserType: userType })).type;
    expect(typeOf('Standard')).toBe('user');
    expect(typeOf('')).toBe('user');
    expect(typeOf('AutomatedProcess')).toBe('system');
    expect(typeOf('CsnOnly')).toBe('system');
    expect(typeOf('SfdcAdmin')).toBe('system');
  });

  it("types Salesforce's own technical users as system, though their UserType is Standard", () => {
    const layout = layoutOf('owners', SF_USER);
    const typeOf = (cells: Record<string, string>) =>
      readOwner(layout, rowOf(layout, { Id: '005x0000000fNSiAAM', IsActive: 'true', UserType: 'Standard', ...cells }))
        .type;
    expect(typeOf({ Username: 'integration@00d5g000004abcdeaa.com', Name: 'Integration User' })).toBe('system');
    expect(typeOf({ Username: 'insightssecurity@00d5g000004abcdeaa.com', Name: 'Security User' })).toBe('system');
    expect(typeOf({ Username: 'autoproc@00d5g000004abcdeaa', Name: '' })).toBe('system');
    expect(typeOf({ Username: 'dana@acme.example', FirstName: 'Chatter', LastName: 'Expert', Name: '' })).toBe(
      'system',
    );
    expect(typeOf({ Username: 'dana@acme.example', Name: 'Dana Whitfield' })).toBe('user');
  });

  it('types a 00G id as a queue', () => {
    const layout = layoutOf('owners', SF_USER);
    const queue = readOwner(layout, rowOf(layout, { Id: '00G8c00000tQX3c', Name: 'Inbound Leads', IsActive: 'true' }));
    expect(queue).toMatchObject({ id: '00G8c00000tQX3cEAG', type: 'queue', active: true });
  });

  it('reads legacy ALL-CAPS headers', () => {
    const layout = layoutOf('owners', ['ID', 'NAME', 'EMAIL', 'ISACTIVE', 'USERTYPE']);
    expect(readOwner(layout, ['005x0000000fNSi', 'Ann Lee', 'ann@x.io', 'false', 'Standard'])).toMatchObject({
      id: '005x0000000fNSiAAM',
      name: 'Ann Lee',
      active: false,
      type: 'user',
    });
  });

  it('turns 15-character user ids of a report into 18', () => {
    const layout = layoutOf('owners', ['Full Name', 'User ID', 'Email', 'Active'], { preset: 'salesforce-report' });
    expect(readOwner(layout, ['Dana Whitfield', '005x0000000fNSi', 'dana@x.io', '1'])).toMatchObject({
      id: '005x0000000fNSiAAM',
      name: 'Dana Whitfield',
      active: true,
    });
  });

  it('reads HubSpot owners: name from first and last, Archived=true is inactive', () => {
    const layout = layoutOf('owners', HUBSPOT_OWNERS);
    expect(layout.preset.name).toBe('hubspot');
    expect(readOwner(layout, ['61204511', 'Hannah', 'Brooks', 'hannah@b.studio', 'false'])).toMatchObject({
      id: '61204511',
      name: 'Hannah Brooks',
      email: 'hannah@b.studio',
      active: true,
      type: 'user',
    });
    expect(readOwner(layout, ['61204512', 'Marcus', 'Lee', 'marcus@b.studio', 'true']).active).toBe(false);
    // HubSpot ids are not Salesforce ids, even at 15 or 18 characters.
    expect(readOwner(layout, ['123456789012345', 'A', 'B', '', 'false']).id).toBe('123456789012345');
  });

  it('reads Dynamics users: Status=Disabled is inactive', () => {
    const layout = layoutOf('owners', DYNAMICS_USERS);
    const row = (status: string) => [
      'ad37d34f-486f-ed11-9d6f-000d3ac34dcc',
      'x',
      '10/2/2026 4:18 PM',
      'Avery Collins',
      'avery@t.com',
      status,
    ];
    expect(readOwner(layout, row('Enabled'))).toMatchObject({
      id: 'ad37d34f-486f-ed11-9d6f-000d3ac34dcc',
      name: 'Avery Collins',
      email: 'avery@t.com',
      active: true,
    });
    expect(readOwner(layout, row('Disabled')).active).toBe(false);
  });

  it('rejects an active flag it cannot read, and an empty id', () => {
    const layout = layoutOf('owners', ['id', 'name', 'active']);
    expect(() => readOwner(layout, ['u1', 'Ann', 'maybe'])).toThrow(RowError);
    expect(() => readOwner(layout, ['u1', 'Ann', 'maybe'])).toThrow(/cannot tell active from "maybe"/);
    expect(() => readOwner(layout, ['  ', 'Ann', 'true'])).toThrow(/empty id/);
  });

  it('reads generic owners with teams', () => {
    const layout = layoutOf('owners', ['id', 'name', 'email', 'active', 'territories', 'capacity', 'team']);
    expect(readOwner(layout, ['u101', 'Rachel Stone', 'r@f.example', 'true', 'North;East', '5', 'Team A'])).toEqual({
      id: 'u101',
      name: 'Rachel Stone',
      email: 'r@f.example',
      active: true,
      type: 'user',
      territories: ['North', 'East'],
      team: 'Team A',
      capacity: { accounts: 5, contacts: 5, leads: 5, opportunities: 5, cases: 5 },
    });
  });
});

describe('fileLayout + readRecord', () => {
  it('reads a Salesforce contact: record and account ids to 18 characters, dates', () => {
    const layout = layoutOf('contacts', SF_CONTACT);
    const record = readRecord(
      layout,
      rowOf(layout, {
        Id: 'a0D30000001n7Pi',
        FirstName: 'Harper',
        LastName: 'Lindqvist',
        Email: 'h@r.com',
        AccountId: '001E000000M4pZB',
        OwnerId: '005x0000000fNSiAAM',
        LastActivityDate: '2026-10-21',
        CreatedDate: '2021-05-12T17:01:10.000Z',
      }),
    );
    expect(record).toEqual({
      id: 'a0D30000001n7PiEAI',
      name: 'Harper Lindqvist',
      email: 'h@r.com',
      accountId: '001E000000M4pZBIAZ',
      accountName: '',
      owner: '005x0000000fNSiAAM',
      lastActivity: '2026-10-21',
      created: '2021-05-12T17:01:10',
      closed: false,
      details: null,
    });
  });

  it('reads the Weekly Data Export empty lookup 000000000000000AAA as empty', () => {
    const layout = layoutOf('contacts', SF_CONTACT);
    const record = readRecord(
      layout,
      rowOf(layout, {
        Id: '0038c00000nPKA2AAO',
        AccountId: '000000000000000AAA',
        OwnerId: '000000000000000AAA',
        CreatedDate: '2012-08-27 03:20:21',
      }),
    );
    expect(record).toMatchObject({
      id: '0038c00000nPKA2AAO',
      accountId: '',
      owner: '',
      created: '2012-08-27T03:20:21',
    });
    expect(() => readRecord(layout, rowOf(layout, { Id: '000000000000000AAA' }))).toThrow(/empty id/);
  });

  it('reads a Salesforce report: 15-character ids, owner by name, locale dates', () => {
    const layout = layoutOf('contacts', SF_REPORT_CONTACTS);
    expect(layout.preset.name).toBe('salesforce-report');
    const record = readRecord(
      layout,
      rowOf(layout, {
        'Contact Owner': 'Dana Whitfield',
        'First Name': 'Marco',
        'Last Name': 'Bellini',
        'Account Name': 'Redwood Logistics',
        'Account ID': '001x0000002xLCV',
        'Contact ID': 'a0D30000001n7Pi',
        'Last Activity': '8/14/2026',
      }),
    );
    expect(record).toMatchObject({
      id: 'a0D30000001n7PiEAI',
      name: 'Marco Bellini',
      accountId: '001x0000002xLCVAA2',
      accountName: 'Redwood Logistics',
      owner: 'Dana Whitfield',
      lastActivity: '2026-08-14',
    });
  });

  it('reads HubSpot contacts: the first associated company is the account, ids stay as they are', () => {
    const layout = layoutOf('contacts', HUBSPOT_CONTACTS);
    const record = readRecord(
      layout,
      rowOf(layout, {
        'Record ID': '51234567801',
        'First Name': 'Ellie',
        'Last Name': 'Warren',
        Email: 'ellie@f.com',
        'Contact owner': 'Hannah Brooks',
        'Associated Company IDs': '18402937511;18402937512',
        'Last Activity Date': '2026-10-29 16:05',
        'Create Date': '2024-03-18 10:52',
      }),
    );
    expect(record).toEqual({
      id: '51234567801',
      name: 'Ellie Warren',
      email: 'ellie@f.com',
      accountId: '18402937511',
      accountName: '',
      owner: 'Hannah Brooks',
      lastActivity: '2026-10-29',
      created: '2024-03-18T10:52:00',
      closed: false,
      details: null,
    });
  });

  it('reads HubSpot companies', () => {
    const layout = layoutOf('accounts', HUBSPOT_COMPANIES);
    expect(
      readRecord(
        layout,
        rowOf(layout, {
          'Record ID': '18402937511',
          'Company name': 'Fernhill Coffee',
          'Company owner': 'hannah@b.studio',
        }),
      ),
    ).toMatchObject({
      id: '18402937511',
      name: 'Fernhill Coffee',
      owner: 'hannah@b.studio',
    });
  });

  it('reads Dynamics contacts: GUID id, owner and account by name', () => {
    const layout = layoutOf('contacts', DYNAMICS_CONTACTS);
    const record = readRecord(layout, [
      'dc09bb80-1235-ef11-8409-000d3adffbe7',
      'gcDCL==',
      '10/30/2026 3:15 PM',
      'Jamie Holt',
      'jamie@a.com',
      'Alpine Trail Supply',
      'Avery Collins',
    ]);
    expect(record).toMatchObject({
      id: 'dc09bb80-1235-ef11-8409-000d3adffbe7',
      name: 'Jamie Holt',
      accountId: '',
      accountName: 'Alpine Trail Supply',
      owner: 'Avery Collins',
    });
  });

  it('reads Pipedrive people', () => {
    const layout = layoutOf('contacts', PIPEDRIVE_PEOPLE);
    expect(
      readRecord(layout, [
        '101',
        'Ellen Brooks',
        'ellen@h.org',
        'Harborview Condos HOA',
        'Kara Lindsey',
        '2026-10-28 16:05:11',
      ]),
    ).toMatchObject({
      id: '101',
      name: 'Ellen Brooks',
      accountName: 'Harborview Condos HOA',
      owner: 'Kara Lindsey',
    });
  });

  it('reads generic records', () => {
    const layout = layoutOf('contacts', GENERIC_CONTACTS);
    expect(readRecord(layout, ['c-3001', ' Abby Tran ', 'abby@b.example', 'acc-1001', 'u101', '2026-10-20'])).toEqual({
      id: 'c-3001',
      name: 'Abby Tran',
      email: 'abby@b.example',
      accountId: 'acc-1001',
      accountName: '',
      owner: 'u101',
      lastActivity: '2026-10-20',
      created: '',
      closed: false,
      details: null,
    });
  });

  it('follows a config columns mapping, matching headers like the presets do', () => {
    const headers = ['Contact Key', 'Full Name', 'E-mail', 'Company Key', 'Rep Email', 'Last Touch'];
    const mapping: ColumnMapping = {
      contacts: {
        id: 'contact key',
        email: 'E-mail',
        account_id: ' Company Key ',
        owner: 'REP EMAIL',
        last_activity: 'Last Touch',
      },
    };
    const layout = layoutOf('contacts', headers, { mapping });
    expect(layout.preset.name).toBe('generic');
    expect(
      readRecord(layout, ['c-4001', 'Uma Reyes', 'uma@b.example', 'acc-1001', 'rachel@f.example', '2026-10-02']),
    ).toEqual({
      id: 'c-4001',
      name: 'Uma Reyes',
      email: 'uma@b.example',
      accountId: 'acc-1001',
      accountName: '',
      owner: 'rachel@f.example',
      lastActivity: '2026-10-02',
      created: '',
      closed: false,
      details: null,
    });
  });

  it('lets a mapping override a preset column', () => {
    const layout = layoutOf('contacts', ['id', 'owner', 'owner_email'], {
      mapping: { contacts: { owner: 'owner_email' } },
    });
    expect(readRecord(layout, ['c1', 'u1', 'u1@x.com']).owner).toBe('u1@x.com');
    // A mapping for another kind does not apply.
    const other = layoutOf('contacts', ['id', 'owner', 'owner_email'], {
      mapping: { accounts: { owner: 'owner_email' } },
    });
    expect(readRecord(other, ['c1', 'u1', 'u1@x.com']).owner).toBe('u1');
  });
});

describe('fileLayout errors', () => {
  it('rejects duplicate headers, naming line 1 and the column (surrounding spaces do not make two)', () => {
    const error = inputError(() => layoutOf('contacts', ['Id', 'OwnerId', 'Email', ' Id ']));
    expect(error.position).toEqual({ file: FILE, line: 1, column: 4 });
    expect(error.reason).toMatch(/duplicate header "Id" \(also column 1\)/);
    expect(error.message).toContain(`${FILE}:1:4`);
  });

  it("takes headers that differ only in case as two columns, fields mapping to the first (HubSpot's association exports)", () => {
    const headers = [
      'Record ID - Contact',
      'First Name',
      'Email',
      'Contact owner',
      'Company Name',
      'Record ID - Company',
      'Company name',
    ];
    const layout = layoutOf('contacts', headers);
    expect(layout.preset.name).toBe('hubspot');
    const record = readRecord(layout, [
      '701',
      'Ann',
      'ann@x.test',
      'Dana Whitfield',
      'Acme (typed by hand)',
      '9001',
      'Acme Inc',
    ]);
    expect(record).toMatchObject({
      id: '701',
      accountId: '9001',
      accountName: 'Acme (typed by hand)',
      owner: 'Dana Whitfield',
    });
  });

  it('allows several empty headers', () => {
    expect(() => layoutOf('contacts', ['id', 'owner', '', ''])).not.toThrow();
  });

  it('rejects a file with no id column, naming line 1 and listing the headers', () => {
    const error = inputError(() => layoutOf('contacts', ['name', 'email', 'owner']));
    expect(error.position).toEqual({ file: FILE, line: 1 });
    expect(error.reason).toMatch(/no id column for contacts \(preset generic; headers: name, email, owner\)/);
    expect(error.hint).toMatch(/"columns": \{"contacts": \{"id"/);
  });

  it('rejects a records file with no owner column', () => {
    const error = inputError(() => layoutOf('accounts', ['id', 'name', 'region']));
    expect(error.position).toEqual({ file: FILE, line: 1 });
    expect(error.reason).toBe('no owner column for accounts: none of its 3 headers holds the owner (preset generic)');
    // Owners files need no owner column.
    expect(() => layoutOf('owners', ['id', 'name', 'region'])).not.toThrow();
  });

  it('says a file with no owner column was exported without it, and suggests no preset that cannot help', () => {
    const error = inputError(() => layoutOf('accounts', ['Id', 'Name', 'Industry', 'CreatedDate']));
    expect(error.hint).toBe(
      'the file was exported without its owner field: re-export it with the owner field included; ' +
        'if another column holds the owner, name it in the config: {"columns": {"accounts": {"owner": "<header>"}}}; ' +
        `if the file holds no accounts, name its kind: --kind KIND=${FILE}`,
    );
    expect(error.hint).not.toContain('--preset');
  });

  it('suggests the presets that do find an owner column in the headers', () => {
    // `Owner` is the generic preset's owner column; forced as Salesforce the file has none.
    const headers = ['Id', 'FirstName', 'Email', 'Owner'];
    const error = inputError(() => layoutOf('contacts', headers, { preset: 'salesforce' }));
    const suggested = [...error.hint!.matchAll(/--preset ([\w-]+)/g)].map((m) => m[1]);
    expect(suggested).toEqual(['generic']);
    for (const name of suggested) expect(() => layoutOf('contacts', headers, { preset: name })).not.toThrow();
    for (const other of PRESET_NAMES.filter((name) => !suggested.includes(name) && name !== 'salesforce'))
      expect(() => layoutOf('contacts', headers, { preset: other }), other).toThrow();
  });

  it('rejects a mapping that names a header the file does not have', () => {
    const error = inputError(() =>
      layoutOf('contacts', GENERIC_CONTACTS, { mapping: { contacts: { owner: 'Rep Email' } } }),
    );
    expect(error.position).toEqual({ file: FILE, line: 1 });
    expect(error.reason).toMatch(
      /"columns\.contacts\.owner" names the column "Rep Email", which this file does not have/,
    );
  });
});

describe('readOwner: owners are users and queues', () => {
  const layout = () => layoutOf('owners', SF_USER);

  it('reads users (005) and queues (00G)', () => {
    expect(
      readOwner(layout(), rowOf(layout(), { Id: '0055e000001HpDaAAK', Name: 'Dana Whitfield', IsActive: '1' })).id,
    ).toBe('0055e000001HpDaAAK');
    expect(readOwner(layout(), rowOf(layout(), { Id: '00G5e000000HpLq', Name: 'Inbound' })).type).toBe('queue');
  });

  it('rejects a row whose Salesforce id is another object, naming the id column', () => {
    for (const [id, object] of [
      ['00E5e000000HpR1EAK', 'UserRole'],
      ['01s5e000000HpB1', 'Pricebook2'],
      ['a0X5e00000HpIn1EAF', 'record of key prefix a0X'],
    ]) {
      let error: unknown;
      try {
        readOwner(layout(), rowOf(layout(), { Id: id, Name: 'x', IsActive: '1' }));
      } catch (caught) {
        error = caught;
      }
      expect(error, id).toBeInstanceOf(RowError);
      expect((error as RowError).column).toBe(1);
      expect((error as RowError).message).toMatch(
        new RegExp(`^id \\w+ is a Salesforce ${object}, not a user \\(005…\\) or queue \\(00G…\\)$`),
      );
    }
  });

  it('leaves ids of other CRMs alone', () => {
    const generic = layoutOf('owners', ['id', 'name', 'active']);
    for (const id of ['u101', '61204511', '123456789012345']) expect(readOwner(generic, [id, 'x', 'true']).id).toBe(id);
  });
});

describe('kindFromName', () => {
  it.each([
    ['Contact.csv', 'contacts'],
    ['hubspot-crm-exports-all-contacts-2026-11-01.csv', 'contacts'],
    ['Contacts and Accounts report.csv', 'contacts'],
    ['people-export.csv', 'contacts'],
    ['Account.csv', 'accounts'],
    ['accountData.csv', 'accounts'],
    ['companies.csv', 'accounts'],
    ['hubspot-crm-exports-all-companies-2026-11-01.csv', 'accounts'],
    ['organizations-export.csv', 'accounts'],
    ['User.csv', 'owners'],
    ['USERS.CSV', 'owners'],
    ['owners.csv', 'owners'],
    ['hubspot-owners-2026-11-01.csv', 'owners'],
    ['Lead.csv', 'leads'],
    ['Opportunity.csv', 'opportunities'],
    ['Opportunities with Contacts report.csv', 'opportunities'],
    ['hubspot-crm-exports-all-deals-2026-11-01.csv', 'opportunities'],
    ['deals-export.csv', 'opportunities'],
    ['Potentials.csv', 'opportunities'],
    ['Case.csv', 'cases'],
    ['hubspot-crm-exports-all-tickets-2026-11-01.csv', 'cases'],
    ['Incidents.csv', 'cases'],
  ])('%s holds %s', (name, kind) => {
    expect(kindFromName(name)).toBe(kind);
  });

  it.each([
    ['Opportunity.csv', 'opportunities'],
    ['opportunities.csv', 'opportunities'],
    ['hubspot-crm-exports-all-deals-2026-11-01.csv', 'opportunities'],
    ['Potentials_001.csv', 'opportunities'],
    ['Opportunities with Contacts.csv', 'opportunities'],
    ['Case.csv', 'cases'],
    ['hubspot-crm-exports-all-tickets-2026-11-01.csv', 'cases'],
    ['Cases.csv', 'cases'],
  ])('%s holds %s, never contacts or leads', (name, kind) => {
    expect(kindFromName(name)).toBe(kind);
  });

  it('cannot tell from other names', () => {
    for (const name of ['export.csv', 'territories.csv', 'data (1).csv', 'Showcase.csv', 'Idealist.csv'])
      expect(kindFromName(name), name).toBeUndefined();
  });
});

describe('kindFromHeaders', () => {
  const kindOf = (headers: string[]) => kindFromHeaders(keysOf(headers));

  it('tells owners files', () => {
    expect(kindOf(SF_USER)).toBe('owners');
    expect(kindOf(HUBSPOT_OWNERS)).toBe('owners');
    expect(kindOf(DYNAMICS_USERS)).toBe('owners');
    expect(kindOf(['id', 'name', 'email', 'active'])).toBe('owners');
  });

  it('tells leads files', () => {
    expect(kindOf(['Id', 'FirstName', 'LastName', 'Company', 'OwnerId', 'IsConverted', 'LeadSource'])).toBe('leads');
  });

  it('tells contacts files, though they carry account columns', () => {
    expect(kindOf(SF_CONTACT)).toBe('contacts');
    expect(kindOf(SF_LEGACY_ACCOUNT.concat('ACCOUNTID'))).toBe('contacts');
    expect(kindOf(SF_REPORT_CONTACTS)).toBe('contacts');
    expect(kindOf(HUBSPOT_CONTACTS)).toBe('contacts');
    expect(kindOf(DYNAMICS_CONTACTS)).toBe('contacts');
    expect(kindOf(PIPEDRIVE_PEOPLE)).toBe('contacts');
    expect(kindOf(GENERIC_CONTACTS)).toBe('contacts');
  });

  it('tells accounts files', () => {
    expect(kindOf(SF_LEGACY_ACCOUNT)).toBe('accounts');
    expect(kindOf(['Id', 'Name', 'OwnerId', 'Industry', 'BillingCity'])).toBe('accounts');
    expect(kindOf(['Account Owner', 'Account Name', 'Account ID'])).toBe('accounts');
    expect(kindOf(HUBSPOT_COMPANIES)).toBe('accounts');
    expect(kindOf(['Organization - ID', 'Organization - Name', 'Organization - Owner'])).toBe('accounts');
  });

  it('tells deals and tickets, though they carry company and lead-source columns', () => {
    expect(kindOf(['Id', 'Name', 'StageName', 'Amount', 'CloseDate', 'OwnerId'])).toBe('opportunities');
    expect(kindOf(['ID', 'ACCOUNTID', 'NAME', 'STAGENAME', 'LEADSOURCE', 'OWNERID'])).toBe('opportunities');
    expect(kindOf(['Record ID', 'Deal Name', 'Deal Stage', 'Deal owner', 'Associated Company IDs'])).toBe(
      'opportunities',
    );
    expect(kindOf(['Ticket ID', 'Ticket name', 'Ticket status', 'Ticket owner', 'Associated Company IDs'])).toBe(
      'cases',
    );
    expect(kindOf(['Id', 'CaseNumber', 'AccountId', 'ContactId', 'Status', 'OwnerId'])).toBe('cases');
  });

  it('tells opportunities files, though they carry account and lead columns', () => {
    expect(kindOf(['Id', 'AccountId', 'Name', 'StageName', 'LeadSource', 'IsClosed', 'IsWon', 'OwnerId'])).toBe(
      'opportunities',
    );
    expect(
      kindOf([
        'Opportunity Owner',
        'Account Name',
        'Opportunity Name',
        'Stage',
        'Close Date',
        'Opportunity ID',
        'Account ID',
      ]),
    ).toBe('opportunities');
    expect(
      kindOf(['Record ID', 'Deal Name', 'Deal Stage', 'Close Date', 'Deal owner', 'Amount', 'Associated Company IDs']),
    ).toBe('opportunities');
    expect(
      kindOf([
        '(Do Not Modify) Opportunity',
        '(Do Not Modify) Row Checksum',
        'Topic',
        'Potential Customer',
        'Status',
        'Owner',
      ]),
    ).toBe('opportunities');
    expect(kindOf(['Deal - ID', 'Deal - Title', 'Deal - Owner', 'Deal - Organization', 'Deal - Status'])).toBe(
      'opportunities',
    );
  });

  it('tells cases files', () => {
    expect(kindOf(['Id', 'CaseNumber', 'AccountId', 'Status', 'IsClosed', 'OwnerId'])).toBe('cases');
    expect(kindOf(['Case Owner', 'Case Number', 'Subject', 'Status', 'Closed', 'Account Name'])).toBe('cases');
    expect(kindOf(['Record ID', 'Ticket name', 'Ticket status', 'Ticket owner', 'Create date'])).toBe('cases');
    expect(kindOf(['(Do Not Modify) Case', 'Case Number', 'Case Title', 'Customer', 'Status', 'Owner'])).toBe('cases');
  });

  it('cannot tell from other headers', () => {
    expect(kindOf(['Id', 'Name', 'Amount', 'CloseDate', 'OwnerId'])).toBeUndefined();
    expect(kindOf(['id', 'name', 'owner'])).toBeUndefined();
  });
});

describe('opportunities, cases and converted leads: open or closed, and their details', () => {
  const SF_OPPORTUNITY = [
    'Id',
    'AccountId',
    'Name',
    'StageName',
    'Amount',
    'CloseDate',
    'IsClosed',
    'IsWon',
    'OwnerId',
  ];

  it('reads a Salesforce opportunity: IsClosed says closed, stage/won/close date/amount go to details', () => {
    const layout = layoutOf('opportunities', SF_OPPORTUNITY);
    expect(layout.preset.name).toBe('salesforce');
    const row = {
      Id: '0068c00001Rw4Ra',
      AccountId: '001E000000M4pZB',
      Name: 'Imaging Upgrade',
      StageName: 'Closed Won',
      Amount: '22500',
      CloseDate: '2026-08-29',
      IsClosed: 'true',
      IsWon: 'true',
      OwnerId: '005x0000000fNSi',
    };
    const record = readRecord(layout, rowOf(layout, row));
    expect(record).toMatchObject({
      id: '0068c00001Rw4RaAAJ',
      accountId: '001E000000M4pZBIAZ',
      owner: '005x0000000fNSi',
      closed: true,
    });
    expect(JSON.parse(record.details!)).toEqual({
      stage: 'Closed Won',
      won: true,
      close_date: '2026-08-29',
      amount: '22500',
    });
    // The Weekly Data Export writes 0/1.
    expect(
      readRecord(layout, rowOf(layout, { ...row, StageName: 'Prospecting', IsClosed: '0', IsWon: '0' })).closed,
    ).toBe(false);
  });

  it('rejects a closed value it cannot read, naming the column and the values accepted', () => {
    const layout = layoutOf('opportunities', SF_OPPORTUNITY);
    const row = rowOf(layout, { Id: '0068c00001Rw4Ra', IsClosed: 'maybe', OwnerId: '005x0000000fNSi' });
    let error: unknown;
    try {
      readRecord(layout, row);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RowError);
    expect((error as RowError).column).toBe(SF_OPPORTUNITY.indexOf('IsClosed') + 1);
    expect((error as RowError).message).toBe(
      'cannot tell whether the opportunity is closed from IsClosed "maybe" (accepted: true/false, 1/0, yes/no)',
    );
  });

  it('reads report exports: Closed and Won columns, case numbers as ids', () => {
    const opps = layoutOf('opportunities', [
      'Opportunity Owner',
      'Account Name',
      'Opportunity Name',
      'Stage',
      'Closed',
      'Won',
      'Close Date',
      'Amount',
      'Opportunity ID',
      'Account ID',
    ]);
    expect(opps.preset.name).toBe('salesforce-report');
    const opp = readRecord(
      opps,
      rowOf(opps, {
        'Opportunity Owner': 'Sam Patel',
        'Opportunity ID': '0068c00001Rw4Ra',
        Stage: 'Closed Lost',
        Closed: '1',
        Won: '0',
        'Close Date': '5/15/2026',
      }),
    );
    expect(opp).toMatchObject({ id: '0068c00001Rw4RaAAJ', owner: 'Sam Patel', closed: true });
    expect(JSON.parse(opp.details!)).toEqual({ stage: 'Closed Lost', won: false, close_date: '2026-05-15' });
    const cases = layoutOf('cases', ['Case Owner', 'Case Number', 'Subject', 'Status', 'Closed', 'Account Name']);
    const kase = readRecord(
      cases,
      rowOf(cases, {
        'Case Owner': 'Dana Whitfield',
        'Case Number': '00001003',
        Status: 'Working',
        Closed: '0',
        'Account Name': 'Garden State Pharma',
      }),
    );
    expect(kase).toMatchObject({
      id: '00001003',
      name: '00001003',
      accountName: 'Garden State Pharma',
      closed: false,
      details: '{"status":"Working"}',
    });
  });

  it('without a yes/no column, a closing status or stage says closed (Dynamics, Pipedrive, HubSpot)', () => {
    const dynamics = layoutOf('opportunities', [
      '(Do Not Modify) Opportunity',
      '(Do Not Modify) Row Checksum',
      'Topic',
      'Potential Customer',
      'Status',
      'Owner',
    ]);
    const dyn = (status: string) =>
      readRecord(dynamics, [
        '7c1e1b4a-0000-4000-8000-000000000001',
        'x',
        'Tents',
        'Alpine Outfitters',
        status,
        'Avery Collins',
      ]);
    expect([dyn('Open').closed, dyn('Won').closed, dyn('Lost').closed]).toEqual([false, true, true]);
    expect(dyn('Open').accountName).toBe('Alpine Outfitters');
    const pipedrive = layoutOf('opportunities', [
      'Deal - ID',
      'Deal - Title',
      'Deal - Owner',
      'Deal - Organization',
      'Deal - Status',
    ]);
    expect(
      ['open', 'won', 'lost'].map(
        (status) => readRecord(pipedrive, ['41', 'Kitchen refit', 'Ola Berg', 'Harbor Homes', status]).closed,
      ),
    ).toEqual([false, true, true]);
    const hubspot = layoutOf('opportunities', [
      'Record ID',
      'Deal Name',
      'Deal Stage',
      'Deal owner',
      'Associated Company IDs',
    ]);
    expect(
      ['Appointment scheduled', 'Closed won', 'Closed lost'].map(
        (stage) => readRecord(hubspot, ['9001', 'Brand refresh', stage, 'Hannah Brooks', '5101;5102']).closed,
      ),
    ).toEqual([false, true, true]);
    const tickets = layoutOf('cases', ['Record ID', 'Ticket name', 'Ticket status', 'Ticket owner']);
    expect(
      ['New', 'Waiting on contact', 'Closed'].map(
        (status) => readRecord(tickets, ['77', 'Login issue', status, 'Hannah Brooks']).closed,
      ),
    ).toEqual([false, false, true]);
    const incidents = layoutOf('cases', ['(Do Not Modify) Case', 'Case Number', 'Customer', 'Status', 'Owner']);
    expect(
      ['Active', 'Resolved', 'Cancelled'].map(
        (status) => readRecord(incidents, ['g-1', 'CAS-01001', 'Alpine Outfitters', status, 'Avery Collins']).closed,
      ),
    ).toEqual([false, true, true]);
  });

  it('Zoho deals and cases: the closing stages, Closed-Lost to Competition among them, and Status Closed', () => {
    const deals = layoutOf(
      'opportunities',
      [
        'Record Id',
        'Deal Owner',
        'Deal Owner Id',
        'Deal Name',
        'Account Name',
        'Amount',
        'Closing Date',
        'Stage',
        'Created Time',
      ],
      { preset: 'zoho' },
    );
    const deal = (stage: string) =>
      readRecord(deals, [
        '3652397000000501001',
        'Priya Raman',
        '3652397000000186017',
        'Cold chain',
        'Tealbrook Foods',
        '12000',
        '2026-12-15',
        stage,
        '2026-08-04 10:00:00',
      ]);
    expect(
      ['Negotiation/Review', 'Closed Won', 'Closed Lost', 'Closed-Lost to Competition'].map(
        (stage) => deal(stage).closed,
      ),
    ).toEqual([false, true, true, true]);
    expect(deal('Negotiation/Review')).toMatchObject({ owner: '3652397000000186017', accountName: 'Tealbrook Foods' });
    expect(JSON.parse(deal('Closed Won').details!)).toEqual({
      stage: 'Closed Won',
      close_date: '2026-12-15',
      amount: '12000',
    });
    const cases = layoutOf('cases', ['Record Id', 'Case Owner', 'Case Owner Id', 'Subject', 'Account Name', 'Status'], {
      preset: 'zoho',
    });
    expect(
      ['New', 'Escalated', 'Closed'].map(
        (status) =>
          readRecord(cases, [
            '3652397000000601001',
            'Tomás Ortega',
            '3652397000000186023',
            'Probe drift',
            'Ridgeway Labs',
            status,
          ]).closed,
      ),
    ).toEqual([false, false, true]);
  });

  it('SuiteCRM: Sales Stage Closed Won/Lost, and any case Status Closed_* (a status prefix) is closed', () => {
    const opportunities = layoutOf(
      'opportunities',
      [
        'ID',
        'Name',
        'Account Name',
        'Sales Stage',
        'Amount',
        'Expected Close Date',
        'Assigned User Name',
        'Assigned User ID',
      ],
      { preset: 'suitecrm' },
    );
    const opportunity = (stage: string) =>
      readRecord(opportunities, [
        'c1a2',
        'Spring catalogue',
        'Riverbend Outfitters',
        stage,
        '18000.00',
        '12/18/2026',
        'Sally Bronsen',
        'seed_sally_id',
      ]);
    expect(['Prospecting', 'Closed Won', 'Closed Lost'].map((stage) => opportunity(stage).closed)).toEqual([
      false,
      true,
      true,
    ]);
    const cases = layoutOf('cases', ['ID', 'Subject', 'Account Name', 'State', 'Status', 'Assigned User Name'], {
      preset: 'suitecrm',
    });
    const kase = (state: string, status: string) =>
      readRecord(cases, ['0a1b', 'Timeout', 'Pinecrest Dental', state, status, 'Chris Olliver']);
    expect(
      [
        kase('Open', 'Open_New'),
        kase('Open', 'Open_Pending Input'),
        kase('Closed', 'Closed_Closed'),
        kase('Closed', 'Closed_Rejected'),
        kase('Closed', 'Closed_Duplicate'),
      ].map((r) => r.closed),
    ).toEqual([false, false, true, true, true]);
    expect(kase('Closed', 'Closed_Rejected').details).toBe('{"status":"Closed_Rejected"}');
  });

  it('Odoo opportunities: archived (active False) is lost, so closed; active ones are open', () => {
    const leads = layoutOf(
      'opportunities',
      [
        'id',
        'name',
        'type',
        'partner_id/id',
        'user_id/id',
        'stage_id/id',
        'expected_revenue',
        'date_deadline',
        'active',
      ],
      { preset: 'odoo' },
    );
    const opportunity = (active: string) =>
      readRecord(leads, [
        '__export__.crm_lead_9_ee45a718',
        'Furnitures',
        'opportunity',
        '__export__.res_partner_10_0b8a4e13',
        'base.user_demo',
        'crm.stage_lead1',
        '5600.0',
        '2026-08-30',
        active,
      ]);
    expect(['True', 'False', ''].map((active) => opportunity(active).closed)).toEqual([false, true, false]);
    expect(opportunity('True')).toMatchObject({
      accountId: '__export__.res_partner_10_0b8a4e13',
      owner: 'base.user_demo',
    });
    expect(JSON.parse(opportunity('False').details!)).toEqual({
      stage: 'crm.stage_lead1',
      close_date: '2026-08-30',
      amount: '5600.0',
    });
  });

  it('a converted lead is closed; contacts and accounts never are', () => {
    const leads = layoutOf('leads', ['Id', 'LastName', 'Company', 'IsConverted', 'OwnerId']);
    expect(readRecord(leads, ['00Q8c00000A3PKy', 'Wójcik', 'Vistula', 'true', '005x0000000fNSi']).closed).toBe(true);
    expect(readRecord(leads, ['00Q8c00000A3PKy', 'Wójcik', 'Vistula', 'false', '005x0000000fNSi']).closed).toBe(false);
    const contacts = layoutOf('contacts', ['Id', 'LastName', 'AccountId', 'OwnerId', 'IsClosed']);
    expect(readRecord(contacts, ['0038c00000nPKA2', 'Lindqvist', '', '005x0000000fNSi', 'true'])).toMatchObject({
      closed: false,
      details: null,
    });
  });
});
