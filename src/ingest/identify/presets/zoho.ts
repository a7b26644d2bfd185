/**
 * Zoho CRM exports: `Record Id` (or the legacy `ACCOUNTID`/`CONTACTID`/`LEADID`/`POTENTIALID`/
 * `DEALID` with `SMOWNERID`), `<Module> Owner` by name with `<Module> Owner Id` when exported,
 * `Created Time`, `Last Activity Time`; deals (Potentials in legacy exports) with `Deal Name`,
 * `Account Name`, `Stage`, `Amount`, `Closing Date`; cases with `Subject`, `Account Name`, `Status`;
 * users with `USER_ID`/`User Id`, `Email`, `First Name`,
 * `Last Name`, `Status` (Active/Inactive). Ids are 18–19 digits: the ones Excel mangles.
 */
import { OWNER_EXTRAS, hasAny, type Preset } from './preset.js';

/**
 * Legacy exports' own columns. `ACCOUNTID`, `CONTACTID` and `LEADID` alone are no sign: Salesforce
 * cases and opportunities have `AccountId` and `ContactId`, next to their `OwnerId`.
 */
const LEGACY_IDS = ['potentialid', 'dealid', 'smownerid', 'user_id'];
const LEGACY_RECORD_IDS = ['contactid', 'leadid'];
/** Columns every Salesforce object has: `ContactId` beside them is a Salesforce lookup, not a Zoho record id. */
const SALESFORCE_SYSTEM_COLUMNS = ['isdeleted', 'systemmodstamp', 'createdbyid', 'lastmodifiedbyid'];
/** Columns of Zoho's current exports that other CRMs' exports (HubSpot's `Record ID`) lack. */
const ZOHO_COLUMNS = [
  'created time',
  'modified time',
  'last activity time',
  'account owner id',
  'contact owner id',
  'lead owner id',
  'deal owner id',
  'case owner id',
  'created by id',
  'modified by id',
];

const RECORD = { created: ['created time'], last_activity: ['last activity time'] };
const PERSON = {
  ...RECORD,
  first_name: ['first name'],
  last_name: ['last name'],
  name: ['full name'],
  email: ['email'],
};
/** The owner's id when exported (it resolves exactly), else the owner's name. */
const ownerOf = (module: string) => [`${module} owner id`, 'smownerid', `${module} owner`];

export const zoho: Preset = {
  name: 'zoho',
  recognises: (headers) =>
    hasAny(headers, LEGACY_IDS) ||
    (hasAny(headers, LEGACY_RECORD_IDS) && !headers.has('ownerid') && !hasAny(headers, SALESFORCE_SYSTEM_COLUMNS)) ||
    (headers.has('record id') && hasAny(headers, ZOHO_COLUMNS)) ||
    // Users: `User Id` with Zoho's `Status` (a Salesforce users report has `Active`).
    (headers.has('user id') && headers.has('status') && !headers.has('active')),
  columns: {
    owners: {
      ...OWNER_EXTRAS,
      id: ['user_id', 'user id', 'record id', 'id'],
      name: ['full name', 'user name', 'name'],
      first_name: ['first name'],
      last_name: ['last name'],
      email: ['email'],
      active: ['status'],
      team: [...OWNER_EXTRAS.team!, 'role'],
    },
    accounts: { ...RECORD, id: ['record id', 'accountid'], name: ['account name'], owner: ownerOf('account') },
    contacts: {
      ...PERSON,
      id: ['record id', 'contactid'],
      account_id: ['account name id', 'accountid'],
      account_name: ['account name'],
      owner: ownerOf('contact'),
    },
    leads: { ...PERSON, id: ['record id', 'leadid'], owner: ownerOf('lead') },
    opportunities: {
      ...RECORD,
      id: ['record id', 'potentialid', 'dealid'],
      name: ['deal name', 'potential name'],
      account_id: ['account name id', 'accountid'],
      account_name: ['account name'],
      owner: [...ownerOf('deal'), 'potential owner id', 'potential owner'],
      stage: ['stage'],
      close_date: ['closing date'],
      amount: ['amount'],
      currency: ['currency'],
    },
    cases: {
      ...RECORD,
      id: ['record id', 'caseid'],
      name: ['subject', 'case number'],
      account_id: ['account name id', 'accountid'],
      account_name: ['account name'],
      owner: ownerOf('case'),
      status: ['status'],
    },
  },
};
