#!/usr/bin/env node
/**
 * Generates a Salesforce-shaped export set for the benchmark: User.csv, Account.csv, Contact.csv
 * with 15-character ids, a few inactive owners, some empty and unknown owners, and contacts mostly
 * owned by their account's owner. Seeded: the same arguments give the same bytes. With
 * `--format xlsx`, the same rows as User.xlsx, Account.xlsx, Contact.xlsx, typed as Excel stores
 * them (digits as numbers, dates as dates, text in the shared string table). With `--months N`,
 * also Opportunity.csv: one opportunity per account and month (N months; 10 months of 100k accounts
 * is 1M), a third of them closed, mostly owned by the account's owner — written after the other
 * files, so those stay the same bytes.
 *
 *   node bench/generate.js --contacts 1000000 --accounts 100000 --owners 500 --out bench/data/1m
 *   node bench/generate.js --contacts 1000000 --accounts 100000 --owners 500 --months 10 --out bench/data/1m-opps
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ACCOUNT_HEADER,
  CONTACT_HEADER,
  FIRST,
  INDUSTRIES,
  LAST,
  seededRandom,
  sfid,
  STATES,
  USER_HEADER,
} from './shapes.js';
import { xlsxBytes } from './xlsxWriter.js';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '1000000' },
    accounts: { type: 'string', default: '100000' },
    owners: { type: 'string', default: '500' },
    seed: { type: 'string', default: '42' },
    months: { type: 'string', default: '0' },
    out: { type: 'string', default: 'bench/data/1m' },
    format: { type: 'string', default: 'csv' },
  },
});
const contacts = Number(values.contacts);
const accounts = Number(values.accounts);
const owners = Number(values.owners);
mkdirSync(values.out, { recursive: true });

const random = seededRandom(values.seed);
const pick = (list) => list[Math.floor(random() * list.length)];

/** A cell as Excel holds what it read: digits as a number, a date as a date, the rest as text. */
function typed(value) {
  if (/^\d{1,15}$/.test(value)) return Number(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  return value;
}

function xlsxWriter(name) {
  const rows = [];
  return {
    line: (fields) => rows.push(fields.map(typed)),
    end: async () =>
      writeFileSync(
        path.join(values.out, name.replace(/\.csv$/, '.xlsx')),
        xlsxBytes({ sheets: [{ name: name.replace(/\.csv$/, ''), rows }] }),
      ),
  };
}

function writer(name) {
  if (values.format === 'xlsx') return xlsxWriter(name);
  const stream = createWriteStream(path.join(values.out, name), { highWaterMark: 1 << 20 });
  let buffer = '';
  return {
    line(fields) {
      buffer += fields.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',') + '\n';
      if (buffer.length > 1 << 20) {
        stream.write(buffer);
        buffer = '';
      }
    },
    end: () => new Promise((resolve) => stream.end(buffer, resolve)),
  };
}

const userIds = [];
const users = writer('User.csv');
users.line(USER_HEADER);
for (let i = 0; i < owners; i++) {
  const id = sfid('005', i + 1);
  userIds.push(id);
  const first = pick(FIRST);
  const last = `${pick(LAST)}${i}`;
  const active = random() < 0.95 ? 'true' : 'false';
  users.line([
    id,
    `${first}.${last}@acme.example`.toLowerCase(),
    first,
    last,
    `${first} ${last}`,
    `${first}.${last}@acme.example`.toLowerCase(),
    active,
    'Standard',
    pick(['West', 'East', 'Central']),
  ]);
}
await users.end();

/** An owner reference: mostly a known user, sometimes empty or a deleted user. */
function ownerRef() {
  const r = random();
  if (r < 0.01) return '';
  if (r < 0.015) return sfid('005', owners + 1 + Math.floor(random() * 50));
  return pick(userIds);
}

const accountIds = [];
const accountOwners = [];
const accountsFile = writer('Account.csv');
accountsFile.line(ACCOUNT_HEADER);
for (let i = 0; i < accounts; i++) {
  const id = sfid('001', i + 1);
  const owner = ownerRef();
  accountIds.push(id);
  accountOwners.push(owner);
  accountsFile.line([
    id,
    `${pick(LAST)} ${pick(INDUSTRIES)} ${i}`,
    owner,
    pick(INDUSTRIES),
    pick(STATES),
    'US',
    String(Math.floor(random() * 5000)),
    '2024-03-04T17:22:09.000Z',
    random() < 0.8 ? '2026-09-14' : '',
  ]);
}
await accountsFile.end();

const contactsFile = writer('Contact.csv');
contactsFile.line(CONTACT_HEADER);
for (let i = 0; i < contacts; i++) {
  const a = Math.floor(random() * accounts);
  const first = pick(FIRST);
  const last = pick(LAST);
  // Mostly the account's owner (account-based ownership), sometimes someone else.
  const owner = random() < 0.9 ? accountOwners[a] : ownerRef();
  contactsFile.line([
    sfid('003', i + 1),
    first,
    last,
    `${first}.${last}.${i}@example.com`.toLowerCase(),
    accountIds[a],
    owner,
    pick(STATES),
    pick(['VP Sales', 'Engineer', 'CFO', 'Buyer']),
    random() < 0.7 ? '2026-08-01' : '',
    '2025-01-15',
  ]);
}
await contactsFile.end();

const months = Number(values.months);
const STAGES = ['Prospecting', 'Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review'];
if (months > 0) {
  const opportunitiesFile = writer('Opportunity.csv');
  opportunitiesFile.line([
    'Id',
    'AccountId',
    'Name',
    'StageName',
    'Amount',
    'CloseDate',
    'IsClosed',
    'IsWon',
    'OwnerId',
    'CreatedDate',
    'LastActivityDate',
  ]);
  let n = 0;
  for (let m = 0; m < months; m++) {
    const month = `2026-${String((m % 12) + 1).padStart(2, '0')}`;
    for (let a = 0; a < accounts; a++) {
      const closed = random() < 1 / 3;
      const won = closed && random() < 0.5;
      const owner = random() < 0.9 ? accountOwners[a] : ownerRef();
      const stage = closed ? (won ? 'Closed Won' : 'Closed Lost') : pick(STAGES);
      opportunitiesFile.line([
        sfid('006', ++n),
        accountIds[a],
        `Deal ${a} ${month}`,
        stage,
        String(1000 * (1 + Math.floor(random() * 200))),
        `${month}-28`,
        String(closed),
        String(won),
        owner,
        `${month}-01T09:00:00.000Z`,
        random() < 0.6 ? `${month}-15` : '',
      ]);
    }
  }
  await opportunitiesFile.end();
}
console.error(
  `wrote ${owners} owners, ${accounts} accounts, ${contacts} contacts${months > 0 ? `, ${accounts * months} opportunities` : ''} to ${values.out}`,
);
