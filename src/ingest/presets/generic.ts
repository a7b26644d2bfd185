/** Canonical column names (`id`, `owner`, `account_id`, `active`, ...); a config `columns` mapping adds to them. */
import { OWNER_EXTRAS, type Preset } from './preset.js';

const PERSON = {
  name: ['name', 'full_name', 'full name'],
  first_name: ['first_name', 'first name'],
  last_name: ['last_name', 'last name'],
  email: ['email'],
  owner: ['owner', 'owner_id', 'owner_email', 'owner_name'],
  created: ['created', 'created_at', 'created_date'],
  last_activity: ['last_activity', 'last_activity_date', 'last activity'],
};

export const generic: Preset = {
  name: 'generic',
  recognises: () => true,
  columns: {
    owners: {
      ...OWNER_EXTRAS,
      id: ['id', 'owner_id', 'user_id'],
      name: ['name', 'full_name', 'full name'],
      first_name: ['first_name', 'first name'],
      last_name: ['last_name', 'last name'],
      email: ['email'],
      active: ['active', 'is_active', 'enabled'],
      inactive: ['inactive', 'deactivated', 'archived', 'disabled'],
      user_type: ['type', 'user_type'],
    },
    accounts: { ...PERSON, id: ['id', 'account_id'] },
    contacts: { ...PERSON, id: ['id', 'contact_id'], account_id: ['account_id', 'account'], account_name: ['account_name', 'company'] },
    leads: { ...PERSON, id: ['id', 'lead_id'], converted: ['converted', 'is_converted'] },
    opportunities: {
      ...PERSON,
      id: ['id', 'opportunity_id', 'deal_id'],
      account_id: ['account_id', 'account'],
      account_name: ['account_name', 'company'],
      stage: ['stage'],
      closed: ['closed', 'is_closed'],
      won: ['won', 'is_won'],
      close_date: ['close_date'],
      amount: ['amount'],
      currency: ['currency', 'currency code', 'currencyisocode'],
      status: ['status'],
    },
    cases: {
      ...PERSON,
      id: ['id', 'case_id', 'ticket_id'],
      account_id: ['account_id', 'account'],
      account_name: ['account_name', 'company'],
      status: ['status'],
      closed: ['closed', 'is_closed'],
    },
  },
};
