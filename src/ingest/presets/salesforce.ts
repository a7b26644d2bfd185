/**
 * Salesforce Data Loader / API exports (current and legacy ALL-CAPS headers) and the Weekly Data
 * Export (`"0"/"1"` booleans, `000000000000000AAA` for empty lookups).
 */
import { OWNER_EXTRAS, hasAny, type Preset } from './preset.js';

const RECORD = { id: ['id'], created: ['createddate'], last_activity: ['lastactivitydate'] };

export const salesforce: Preset = {
  name: 'salesforce',
  salesforceIds: true,
  recognises: (headers) =>
    headers.has('id') &&
    hasAny(headers, ['ownerid', 'isactive', 'accountid', 'username', 'usertype', 'isdeleted', 'systemmodstamp', 'createddate', 'lastmodifieddate']),
  columns: {
    owners: {
      ...OWNER_EXTRAS,
      id: ['id'],
      name: ['name'],
      first_name: ['firstname'],
      last_name: ['lastname'],
      email: ['email'],
      active: ['isactive'],
      user_type: ['usertype'],
      username: ['username'],
      team: [...OWNER_EXTRAS.team!, 'department', 'userrole.name'],
    },
    accounts: { ...RECORD, name: ['name'], owner: ['ownerid', 'owner.id', 'owner.name'] },
    contacts: {
      ...RECORD,
      name: ['name'],
      first_name: ['firstname'],
      last_name: ['lastname'],
      email: ['email'],
      account_id: ['accountid'],
      account_name: ['account.name'],
      owner: ['ownerid', 'owner.id', 'owner.name'],
    },
    leads: {
      ...RECORD,
      name: ['name'],
      first_name: ['firstname'],
      last_name: ['lastname'],
      email: ['email'],
      owner: ['ownerid', 'owner.id', 'owner.name'],
      converted: ['isconverted'],
    },
    opportunities: {
      ...RECORD,
      name: ['name'],
      account_id: ['accountid'],
      account_name: ['account.name'],
      owner: ['ownerid', 'owner.id', 'owner.name'],
      stage: ['stagename'],
      closed: ['isclosed'],
      won: ['iswon'],
      close_date: ['closedate'],
      amount: ['amount'],
      currency: ['currencyisocode'],
    },
    cases: {
      ...RECORD,
      name: ['casenumber', 'subject'],
      account_id: ['accountid'],
      account_name: ['account.name'],
      owner: ['ownerid', 'owner.id', 'owner.name'],
      status: ['status'],
      closed: ['isclosed'],
    },
  },
};
