/**
 * Salesforce report "Details Only" exports: field labels as headers, owners by full name, 15-char
 * ids, locale dates, and a footer (totals, confidentiality note, copyright) after the data.
 */
import { OWNER_EXTRAS, hasAny, type Preset } from './preset.js';

const FOOTER = [/^grand totals \(\d[\d,.]* records?\)$/i, /^confidential information - do not distribute$/i, /^copyright \(c\) .*salesforce\.com/i];

const PERSON = { first_name: ['first name'], last_name: ['last name'], email: ['email'], last_activity: ['last activity'], created: ['created date'] };

export const salesforceReport: Preset = {
  name: 'salesforce-report',
  salesforceIds: true,
  recognises: (headers) =>
    hasAny(headers, ['contact owner', 'account owner', 'lead owner', 'opportunity owner', 'case owner', 'contact id', 'account id', 'lead id', 'opportunity id', 'case id', 'user id']) &&
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
    leads: { ...PERSON, id: ['lead id'], name: ['full name', 'name'], owner: ['lead owner', 'owner'], converted: ['converted'] },
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
