/**
 * Salesforce report "Details Only" exports: field labels as headers, owners by full name, 15-char
 * ids, locale dates, and a footer (totals, confidentiality note, copyright) after the data (see
 * ingest/values/footer.ts).
 */
import { OWNER_EXTRAS, hasAny, type Preset } from './preset.js';

const PERSON = {
  first_name: ['first name'],
  last_name: ['last name'],
  email: ['email'],
  last_activity: ['last activity'],
  created: ['created date'],
};

export const salesforceReport: Preset = {
  name: 'salesforce-report',
  salesforceIds: true,
  // An owner label with a Salesforce id label (other CRMs' exports have `Contact Owner` too, but
  // not `Contact ID`), or a users report.
  recognises: (headers) =>
    !headers.has('record id') &&
    ((hasAny(headers, ['contact owner', 'account owner', 'lead owner', 'opportunity owner', 'case owner']) &&
      hasAny(headers, ['contact id', 'account id', 'lead id', 'opportunity id', 'case id', 'case number'])) ||
      // (Zoho's users export has `User Id` and `Role` too, with `Status` where Salesforce says `Active`.)
      (headers.has('user id') &&
        !headers.has('status') &&
        hasAny(headers, ['active', 'is active', 'user type', 'role', 'profile']))),
  columns: {
    owners: {
      ...OWNER_EXTRAS,
      id: ['user id', 'id'],
      name: ['full name', 'name'],
      first_name: ['first name'],
      last_name: ['last name'],
      email: ['email'],
      active: ['active', 'is active'],
      user_type: ['user type'],
      username: ['username', 'user name'],
      team: [...OWNER_EXTRAS.team!, 'department', 'role'],
    },
    accounts: {
      id: ['account id'],
      name: ['account name'],
      owner: ['account owner', 'owner'],
      last_activity: ['last activity'],
      created: ['created date'],
    },
    contacts: {
      ...PERSON,
      id: ['contact id'],
      name: ['full name', 'contact name', 'name'],
      account_id: ['account id'],
      account_name: ['account name'],
      owner: ['contact owner', 'owner'],
    },
    leads: {
      ...PERSON,
      id: ['lead id'],
      name: ['full name', 'name'],
      owner: ['lead owner', 'owner'],
      converted: ['converted'],
    },
    opportunities: {
      id: ['opportunity id'],
      name: ['opportunity name'],
      account_id: ['account id'],
      account_name: ['account name'],
      owner: ['opportunity owner', 'owner'],
      stage: ['stage'],
      closed: ['closed'],
      won: ['won'],
      close_date: ['close date'],
      amount: ['amount'],
      currency: ['opportunity currency', 'amount currency', 'currency'],
      created: ['created date'],
      last_activity: ['last activity'],
    },
    // A case report names its cases by number; `Case ID` is there when the report adds it.
    cases: {
      id: ['case id', 'case number'],
      name: ['case number', 'subject'],
      account_id: ['account id'],
      account_name: ['account name'],
      owner: ['case owner', 'owner'],
      status: ['status'],
      closed: ['closed'],
      created: ['date/time opened', 'opened date', 'created date'],
    },
  },
};
