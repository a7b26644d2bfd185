/**
 * Canonical fields a territory rule may name instead of an export header, so one rules file serves
 * every export shape: `state` is `BillingState` or `MailingState` in a Data Loader export,
 * `Billing State/Province` or `Mailing State/Province` in a Salesforce report, `State/Region` in
 * HubSpot. For each preset, the headers (lower case) that hold the field, in order of preference: a
 * file uses the first it has. Presets not listed use the generic names.
 */
import type { PresetName } from './preset.js';

export const RULE_FIELDS = [
  'country',
  'state',
  'city',
  'postal_code',
  'industry',
  'employees',
  'annual_revenue',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

type Headers = Partial<Record<PresetName, readonly string[]>>;

const GENERIC: Record<RuleField, readonly string[]> = {
  country: ['country', 'country/region'],
  state: ['state', 'state/province', 'region'],
  city: ['city'],
  postal_code: ['postal_code', 'postal code', 'zip', 'zip code', 'postcode'],
  industry: ['industry'],
  employees: ['employees', 'number of employees'],
  annual_revenue: ['annual_revenue', 'annual revenue'],
};

// Accounts' billing address first, then contacts' mailing address, then leads' own fields.
const HEADERS: Record<RuleField, Headers> = {
  country: {
    salesforce: ['billingcountry', 'mailingcountry', 'country', 'shippingcountry', 'othercountry'],
    'salesforce-report': ['billing country', 'mailing country', 'country', 'shipping country'],
    hubspot: ['country/region', 'country'],
    dynamics: ['address 1: country/region', 'address 1: country'],
    pipedrive: ['organization - address - country', 'person - address - country'],
    zoho: ['billing country', 'mailing country', 'country'],
    suitecrm: ['billing country', 'primary address country', 'country'],
    odoo: ['country_id', 'country_id/name', 'country'],
  },
  state: {
    salesforce: ['billingstate', 'mailingstate', 'state', 'shippingstate', 'otherstate'],
    'salesforce-report': [
      'billing state/province',
      'mailing state/province',
      'state/province',
      'shipping state/province',
    ],
    hubspot: ['state/region', 'state'],
    dynamics: ['address 1: state/province'],
    pipedrive: ['organization - address - state/county', 'person - address - state/county'],
    zoho: ['billing state', 'mailing state', 'state'],
    suitecrm: ['billing state', 'primary address state', 'state'],
    odoo: ['state_id', 'state_id/name', 'state'],
  },
  city: {
    salesforce: ['billingcity', 'mailingcity', 'city', 'shippingcity', 'othercity'],
    'salesforce-report': ['billing city', 'mailing city', 'city', 'shipping city'],
    hubspot: ['city'],
    dynamics: ['address 1: city'],
    pipedrive: ['organization - address - city/town/village/locality', 'person - address - city/town/village/locality'],
    zoho: ['billing city', 'mailing city', 'city'],
    suitecrm: ['billing city', 'primary address city', 'city'],
    odoo: ['city'],
  },
  postal_code: {
    salesforce: ['billingpostalcode', 'mailingpostalcode', 'postalcode', 'shippingpostalcode', 'otherpostalcode'],
    'salesforce-report': [
      'billing zip/postal code',
      'mailing zip/postal code',
      'zip/postal code',
      'shipping zip/postal code',
    ],
    hubspot: ['postal code', 'zip'],
    dynamics: ['address 1: zip/postal code'],
    pipedrive: ['organization - address - zip/postal code', 'person - address - zip/postal code'],
    zoho: ['billing code', 'mailing zip', 'zip code'],
    suitecrm: ['billing postal code', 'primary address postal code', 'postal code'],
    odoo: ['zip'],
  },
  industry: {
    salesforce: ['industry'],
    'salesforce-report': ['industry'],
    hubspot: ['industry'],
    dynamics: ['industry'],
    zoho: ['industry'],
    suitecrm: ['industry'],
    odoo: ['industry_id', 'industry_id/name'],
  },
  employees: {
    salesforce: ['numberofemployees'],
    'salesforce-report': ['employees', 'no. of employees'],
    hubspot: ['number of employees'],
    dynamics: ['number of employees'],
    zoho: ['employees', 'no. of employees'],
    suitecrm: ['employees'],
  },
  annual_revenue: {
    salesforce: ['annualrevenue'],
    'salesforce-report': ['annual revenue'],
    hubspot: ['annual revenue'],
    dynamics: ['annual revenue'],
    zoho: ['annual revenue'],
    suitecrm: ['annual revenue'],
  },
};

export function isRuleField(key: string): key is RuleField {
  return (RULE_FIELDS as readonly string[]).includes(key);
}

/** The headers that may hold a canonical field in a file of this preset, in order of preference. */
export function ruleFieldHeaders(field: RuleField, preset: string): readonly string[] {
  return (Object.hasOwn(HEADERS[field], preset) ? HEADERS[field][preset as PresetName] : undefined) ?? GENERIC[field];
}
