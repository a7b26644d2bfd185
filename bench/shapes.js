/**
 * What the benchmark's generators share: a seeded random source (mulberry32: small, fast, the same
 * numbers for the same seed), Salesforce ids, and the names, states and industries records draw on.
 */

/** A seeded source of numbers in [0, 1). */
export function seededRandom(seed) {
  let state = Number(seed) >>> 0;
  return function random() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A 15-character Salesforce id: key prefix, pod, then a base-62 counter. */
export function sfid(prefix, n) {
  let body = '';
  for (let i = 0; i < 8; i++) {
    body = ALPHABET[n % 62] + body;
    n = Math.floor(n / 62);
  }
  return `${prefix}5g00${body}`;
}

// prettier-ignore
export const FIRST = ['Dana', 'Omar', 'Mei', 'Luis', 'Priya', 'Sam', 'Grace', 'Alex', 'Noor', 'Jonas', 'Ines', 'Kofi', 'Aiko', 'Marta', 'Ravi', 'Zoe'];
// prettier-ignore
export const LAST = ['Whitfield', 'Haddad', 'Chen', 'Ortega', 'Natarajan', 'Patel', 'Kim', 'Morgan', 'Farouk', 'Berg', 'Silva', 'Mensah', 'Sato', 'Nowak', 'Iyer', 'Brooks'];
export const STATES = ['CA', 'NY', 'TX', 'WA', 'IL', 'MA', 'FL', 'GA', 'OR', 'CO', 'NJ', 'PA'];
export const INDUSTRIES = [
  'Biotechnology',
  'Manufacturing',
  'Retail',
  'Software',
  'Healthcare',
  'Energy',
  'Finance',
  'Media',
];

/** The Data Loader headers of the three files both generators write. */
export const USER_HEADER = [
  'Id',
  'Username',
  'FirstName',
  'LastName',
  'Name',
  'Email',
  'IsActive',
  'UserType',
  'Territory__c',
];
export const ACCOUNT_HEADER = [
  'Id',
  'Name',
  'OwnerId',
  'Industry',
  'BillingState',
  'BillingCountry',
  'NumberOfEmployees',
  'CreatedDate',
  'LastActivityDate',
];
export const CONTACT_HEADER = [
  'Id',
  'FirstName',
  'LastName',
  'Email',
  'AccountId',
  'OwnerId',
  'MailingState',
  'Title',
  'LastActivityDate',
  'CreatedDate',
];
