#!/usr/bin/env node
/**
 * Generates a year of monthly Salesforce-shaped exports of one org for the history benchmark:
 * OUT/month-01 … OUT/month-NN, each with User.csv, Account.csv and Contact.csv. Month 1 is a fresh
 * org; each later month changes about `--change` (5 %) of the accounts and of the contacts: half of
 * those change owner, the other half a field (title, state, last activity). Records keep their ids,
 * so `diff`, `churn` and `history` follow them. Seeded: the same arguments give the same bytes.
 *
 *   node bench/generateHistory.js --contacts 200000 --accounts 20000 --owners 300 --months 12 --out bench/data/history-200k
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

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '200000' },
    accounts: { type: 'string', default: '20000' },
    owners: { type: 'string', default: '300' },
    months: { type: 'string', default: '12' },
    change: { type: 'string', default: '0.05' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'bench/data/history-200k' },
  },
});
const contacts = Number(values.contacts);
const accounts = Number(values.accounts);
const owners = Number(values.owners);
const months = Number(values.months);
const change = Number(values.change);

const random = seededRandom(values.seed);
const below = (n) => Math.floor(random() * n);
const pick = (list) => list[below(list.length)];
const TITLES = ['VP Sales', 'Engineer', 'CFO', 'Buyer', 'Director', 'Analyst'];

const csvLine = (fields) => fields.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',') + '\n';

async function writeCsv(file, header, count, row) {
  const stream = createWriteStream(file, { highWaterMark: 1 << 20 });
  let buffer = csvLine(header);
  for (let i = 0; i < count; i++) {
    buffer += csvLine(row(i));
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await new Promise((resolve) => stream.once('drain', resolve));
      buffer = '';
    }
  }
  await new Promise((resolve) => stream.end(buffer, resolve));
}

// The org in memory: every record's current fields.
const users = Array.from({ length: owners }, (_, i) => {
  const first = pick(FIRST);
  const last = `${pick(LAST)}${i}`;
  const email = `${first}.${last}@acme.example`.toLowerCase();
  return [
    sfid('005', i + 1),
    email,
    first,
    last,
    `${first} ${last}`,
    email,
    random() < 0.95 ? 'true' : 'false',
    'Standard',
    pick(['West', 'East', 'Central']),
  ];
});
const userIds = users.map((u) => u[0]);
/** An owner reference: mostly a known user, sometimes empty or a deleted user. */
function ownerRef() {
  const r = random();
  if (r < 0.01) return '';
  if (r < 0.015) return sfid('005', owners + 1 + below(50));
  return pick(userIds);
}
const accountRows = Array.from({ length: accounts }, (_, i) => [
  sfid('001', i + 1),
  `${pick(LAST)} ${pick(INDUSTRIES)} ${i}`,
  ownerRef(),
  pick(INDUSTRIES),
  pick(STATES),
  'US',
  String(below(5000)),
  '2024-03-04T17:22:09.000Z',
  random() < 0.8 ? '2026-01-14' : '',
]);
const contactRows = Array.from({ length: contacts }, (_, i) => {
  const a = below(accounts);
  const first = pick(FIRST);
  const last = pick(LAST);
  const owner = random() < 0.9 ? accountRows[a][2] : ownerRef();
  return [
    sfid('003', i + 1),
    first,
    last,
    `${first}.${last}.${i}@example.com`.toLowerCase(),
    accountRows[a][0],
    owner,
    pick(STATES),
    pick(TITLES),
    random() < 0.7 ? '2026-01-01' : '',
    '2025-01-15',
  ];
});

/** One month's changes: about `change` of each kind, half a new owner, half a field. */
function advance(month) {
  const day = `2026-${String(month).padStart(2, '0')}-10`;
  for (let n = Math.round(accounts * change); n > 0; n--) {
    const row = accountRows[below(accounts)];
    // Half a new owner; the other half a field.
    const what = below(4);
    if (what < 2) row[2] = ownerRef();
    else if (what === 2) row[8] = day;
    else row[3] = pick(INDUSTRIES);
  }
  for (let n = Math.round(contacts * change); n > 0; n--) {
    const row = contactRows[below(contacts)];
    const what = below(8);
    if (what < 4) row[5] = ownerRef();
    else if (what < 6) row[8] = day;
    else if (what === 6) row[7] = pick(TITLES);
    else row[6] = pick(STATES);
  }
}

for (let month = 1; month <= months; month++) {
  if (month > 1) advance(month);
  const dir = path.join(values.out, `month-${String(month).padStart(2, '0')}`);
  mkdirSync(dir, { recursive: true });
  await writeCsv(path.join(dir, 'User.csv'), USER_HEADER, owners, (i) => users[i]);
  await writeCsv(path.join(dir, 'Account.csv'), ACCOUNT_HEADER, accounts, (i) => accountRows[i]);
  await writeCsv(path.join(dir, 'Contact.csv'), CONTACT_HEADER, contacts, (i) => contactRows[i]);
}
// Written last: its presence says every month is complete.
writeFileSync(
  path.join(values.out, 'DONE'),
  `${months} months of ${owners} owners, ${accounts} accounts, ${contacts} contacts, ${change} changing a month\n`,
);
console.error(
  `wrote ${months} months of ${owners} owners, ${accounts} accounts, ${contacts} contacts to ${values.out}`,
);
