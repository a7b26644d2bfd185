/**
 * SuiteCRM / SugarCRM exports: `ID` (a GUID), the assigned user by name (`Assigned User Name`,
 * `Assigned to`) or id (`Assigned User Id`; field names `assigned_user_name`/`assigned_user_id` when
 * exported raw), `Account Name`, `Email Address`, `Date Created`, `Deleted`; opportunities with
 * `Sales Stage` (Closed Won, Closed Lost), `Amount`, `Expected Close Date`; cases with `Subject`,
 * `State` (Open/Closed) and `Status` (Open_New … Closed_Closed, Closed_Rejected, Closed_Duplicate);
 * users with `User Name` and `Status` (Active/Inactive).
 */
import { OWNER_EXTRAS, hasAny, type Preset } from './preset.js';

const ASSIGNED = [
  'assigned user name',
  'assigned to',
  'assigned user',
  'assigned_user_name',
  'assigned user id',
  'assigned_user_id',
];
const RECORD = { id: ['id'], owner: ASSIGNED, created: ['date created', 'date_entered'] };
const PERSON = {
  ...RECORD,
  name: ['name', 'full name'],
  first_name: ['first name', 'first_name'],
  last_name: ['last name', 'last_name'],
  email: ['email address', 'email', 'email1'],
};

export const suitecrm: Preset = {
  name: 'suitecrm',
  recognises: (headers) =>
    hasAny(headers, ASSIGNED) ||
    (headers.has('id') && hasAny(headers, ['user name', 'user_name']) && headers.has('status')),
  columns: {
    owners: {
      ...OWNER_EXTRAS,
      id: ['id'],
      name: ['full name', 'name'],
      first_name: ['first name', 'first_name'],
      last_name: ['last name', 'last_name'],
      email: ['email address', 'email', 'email1'],
      active: ['status'],
      username: ['user name', 'user_name'],
      team: [...OWNER_EXTRAS.team!, 'department'],
    },
    accounts: { ...RECORD, name: ['name', 'account name'] },
    contacts: { ...PERSON, account_id: ['account id', 'account_id'], account_name: ['account name', 'account_name'] },
    leads: PERSON,
    opportunities: {
      ...RECORD,
      name: ['name', 'opportunity name'],
      account_id: ['account id', 'account_id'],
      account_name: ['account name', 'account_name'],
      stage: ['sales stage', 'sales_stage'],
      close_date: ['expected close date', 'date_closed'],
      amount: ['amount', 'opportunity amount'],
      currency: ['currency', 'currency name'],
    },
    // `Status` says more than `State` (Closed_Rejected, not just Closed); either tells closed.
    cases: {
      ...RECORD,
      name: ['subject', 'name'],
      account_id: ['account id', 'account_id'],
      account_name: ['account name', 'account_name'],
      status: ['status', 'state'],
    },
  },
};
