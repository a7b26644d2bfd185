/**
 * Salesforce report "Details Only" exports: field labels as headers, owners by full name, 15-char
 * ids, locale dates, and a footer (totals, confidentiality note, copyright) after the data.
 */
import { OWNER_EXTRAS, hasAny, type Preset } from './preset.js';

const FOOTER = [/^grand totals \(\d[\d,.]* records?\)$/i, /^confidential information - do not distribute$/i, /^copyright (\(c\)|©) .*salesforce\.com/i];

const PERSON = { first_name: ['first name'], last_name: ['last name'], email: ['email'], last_activity: ['last activity'], created: ['created date'] };

export const salesforceReport: Preset = {
  name: 'salesforce-report',
  salesforceIds: true,
  recognises: (headers) =>
    hasAny(headers, ['contact owner', 'account owner', 'lead owner', 'contact id', 'account id', 'lead id', 'user id']) &&
    !headers.has('record id'),
  isFooter: (fields) => fields.filter((field) => field.trim() !== '').length === 1 && FOOTER.some((re) => re.test(fields.find((f) => f.trim() !== '')!.trim())),
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
      team: [...OWNER_EXTRAS.team!, 'department', 'role'],
    },
    accounts: { id: ['account id'], name: ['account name'], owner: ['account owner', 'owner'], last_activity: ['last activity'], created: ['created date'] },
    contacts: {
      ...PERSON,
      id: ['contact id'],
      name: ['full name', 'contact name', 'name'],
      account_id: ['account id'],
      account_name: ['account name'],
      owner: ['contact owner', 'owner'],
    },
    leads: { ...PERSON, id: ['lead id'], name: ['full name', 'name'], owner: ['lead owner', 'owner'] },
  },
};
