/**
 * Odoo "export all data" in its import-compatible form: `id` (an external id such as
 * `__export__.res_partner_42_9f3c1a2b`), the salesperson as `user_id/id` (or `Salesperson` by name),
 * `partner_id/id`, `parent_id/id`, `email_from`, `active`. Three models matter: `res.users` (`login`,
 * `active`), `res.partner` (companies when `is_company`, their people otherwise: one file, two
 * kinds) and `crm.lead` (leads and opportunities, told by `type`). An opportunity's customer is
 * `partner_id/id`, its stage `stage_id/id`, `expected_revenue` and `date_deadline`; a lost one is
 * archived (`active` False).
 */
import { parseBoolean } from '../../values/values.js';
import { OWNER_EXTRAS, hasAny, type Preset } from './preset.js';

const OWNER = ['user_id/id', 'user_id', 'salesperson'];
const CREATED = ['create_date', 'created on'];
const isOpportunity = (type: string) => type.trim().toLowerCase() === 'opportunity';

export const odoo: Preset = {
  name: 'odoo',
  recognises: (headers) =>
    hasAny(headers, ['user_id/id', 'partner_id/id', 'parent_id/id', 'email_from', 'is_company']) ||
    (headers.has('id') && headers.has('login')),
  rowKinds: [
    // res.partner: a company is an account, a person a contact (of its parent company).
    {
      column: ['is_company', 'is a company'],
      kinds: { accounts: (value) => parseBoolean(value) === true, contacts: (value) => parseBoolean(value) !== true },
    },
    // crm.lead: `type` lead or opportunity.
    {
      column: ['type', 'lead type'],
      requires: ['email_from', 'partner_name', 'contact_name', 'stage_id/id', 'expected_revenue', 'probability'],
      kinds: { leads: (value) => !isOpportunity(value), opportunities: isOpportunity },
    },
  ],
  columns: {
    owners: { ...OWNER_EXTRAS, id: ['id'], name: ['name'], email: ['email'], active: ['active'], username: ['login'] },
    accounts: { id: ['id'], name: ['name', 'display_name'], email: ['email'], owner: OWNER, created: CREATED },
    contacts: {
      id: ['id'],
      name: ['name', 'display_name'],
      email: ['email'],
      account_id: ['parent_id/id', 'parent_id'],
      account_name: ['related company', 'company name'],
      owner: OWNER,
      created: CREATED,
    },
    leads: {
      id: ['id'],
      name: ['contact_name', 'name'],
      email: ['email_from', 'email'],
      owner: OWNER,
      created: CREATED,
    },
    opportunities: {
      id: ['id'],
      name: ['name'],
      account_id: ['partner_id/id', 'partner_id'],
      owner: OWNER,
      created: CREATED,
      stage: ['stage_id/id', 'stage_id'],
      close_date: ['date_deadline'],
      amount: ['expected_revenue'],
      currency: ['currency_id', 'currency'],
      active: ['active'],
    },
  },
};
