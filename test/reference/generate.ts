/**
 * fast-check generators of Salesforce Data Loader / Weekly Data Export shaped folders: users
 * (active, inactive, system), queues, accounts, contacts, leads (some converted), opportunities and
 * cases (some closed), with the damage real exports carry. See README.md beside this file.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { to18 } from './salesforceId.js';

/** The time every generated snapshot is loaded at; last-activity dates count back from it. */
export const LOADED_AT = new Date('2026-11-01T10:00:00Z');

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const code3 = (n: number) => BASE62[Math.floor(n / 3844) % 62]! + BASE62[Math.floor(n / 62) % 62]! + BASE62[n % 62]!;

/** The 15-character Salesforce id of the n-th object of a prefix (mixed case, so the suffix matters). */
export const id15 = (prefix: string, n: number) => `${prefix}5e0000HpA${code3(n)}`;
export const id18 = (prefix: string, n: number) => to18(id15(prefix, n));

export const PREFIX = {
  users: '005',
  queues: '00G',
  accounts: '001',
  contacts: '003',
  leads: '00Q',
  opportunities: '006',
  cases: '500',
  tasks: '00T',
  'account-team': '01M',
  'opportunity-team': '00q',
} as const;

/** How a row names its owner. */
export type OwnerRef =
  | {
      to: 'user' | 'queue';
      index: number;
      form: 'id18' | 'id15' | 'email' | 'name' | 'messy-email' | 'messy-name' | 'spaced-id';
    }
  | { to: 'empty' | 'empty-lookup' | 'unknown-id' | 'unknown-name' | 'legacy-placeholder' | 'mangled' };

export interface UserSpec {
  name: string;
  active: boolean;
  /** `UserType` other than Standard. */
  system: boolean;
  /** Salesforce's own technical user (UserType Standard), told by its username or its name. */
  technical: false | 'username' | 'name';
  territories: string[];
  capacity?: string;
  accountCapacity?: string;
}

export interface RowSpec {
  /** An id Excel turned into scientific notation. */
  mangled: boolean;
  /** Repeats the id of an earlier row of the file (a duplicate), in 15 or 18 characters. */
  repeat?: number;
  short: boolean;
  owner: OwnerRef;
  region: string;
  employees: string;
  email: string;
  /** An account of the snapshot (by index), none, the empty lookup, or one not loaded. */
  account: number | 'none' | 'empty-lookup' | 'missing';
  /** Days before the load; null: empty; 'unreadable': `########`. */
  activity: number | null | 'unreadable';
  /** Converted lead, closed opportunity or case. */
  closed: boolean;
  /** An opportunity's `Amount` cell (other kinds have none): plain, grouped, Excel's exponent, empty or no number. */
  amount: string;
  /** Its `CurrencyIsoCode` cell, when the scenario has the column. */
  currency: string;
}

/** A task: its owner, whether closed, its due date and what and whom it is about. */
export interface TaskSpec {
  mangled: boolean;
  repeat?: number;
  short: boolean;
  owner: OwnerRef;
  closed: boolean;
  /** Days before the load (negative: after); null: no due date; 'unreadable': `########`. */
  due: number | null | 'unreadable';
  /** An opportunity or account of the snapshot by index (what), or none. */
  what: { kind: 'opportunities' | 'accounts'; index: number } | 'none';
  /** A contact of the snapshot by index (who), or none. */
  who: number | 'none';
}

/** A team member: the user (any owner reference), on a record of the snapshot by index. */
export interface MemberSpec {
  repeat?: number;
  short: boolean;
  owner: OwnerRef;
  parent: number;
}

export interface RuleSpec {
  territory: string;
  priority: number;
  kind: string;
  owners: { user: number; form: 'id18' | 'id15' | 'email' | 'name' }[];
  queueOwner?: number;
  region: string;
  employees: string;
}

export interface Scenario {
  users: UserSpec[];
  queues: string[];
  /** No User.csv at all (every user owner is unknown; rules then name no owners). */
  noUsersFile: boolean;
  /** Queues listed in a Group.csv (others are known only by their 00G ids). */
  groupFile: boolean;
  accounts: RowSpec[];
  contacts: RowSpec[];
  leads: RowSpec[];
  opportunities: RowSpec[];
  cases: RowSpec[];
  tasks: TaskSpec[];
  accountTeam: MemberSpec[];
  opportunityTeam: MemberSpec[];
  /** Config `overdueDays`: grace before an open task past due is overdue (0 when undefined). */
  overdueDays?: number;
  /** Weekly Data Export (`1`/`0`) or Data Loader (`true`/`false`) booleans. */
  ones: boolean;
  /** Legacy Data Loader ALL-CAPS headers. */
  caps: boolean;
  crlf: boolean;
  /** A UTF-8 byte order mark (Excel's "CSV UTF-8"). */
  bom: boolean;
  /** Quote every value (Data Loader) or only headers (values here never need quotes). */
  quoteAll: boolean;
  /** Headers with spaces around them (matched trimmed). */
  paddedHeaders: boolean;
  /** LastActivityDate as `M/D/YYYY` (US locale) instead of ISO. */
  usDates: boolean;
  /** The second user has the first one's email (a shared mailbox): owners by that email are ambiguous. */
  sharedUserEmail: boolean;
  /** Users file with a Name column, or only FirstName/LastName. */
  nameColumn: boolean;
  /** Record files that name the owner in `Owner.Name` instead of `OwnerId`. */
  ownerByName: Record<string, boolean>;
  /** Record kinds exported without LastActivityDate. */
  noActivity: Record<string, boolean>;
  /** Opportunities exported without IsClosed (the stage tells). */
  noIsClosed: boolean;
  /** Opportunities exported with `CurrencyIsoCode` (a multi-currency org). */
  currencyColumn: boolean;
  rules: RuleSpec[];
  staleDays?: number;
  /** `--placeholder` values: a raw value in no owners file, or a user's email, id or name. */
  placeholders: ('legacy' | 'user-email' | 'user-id' | 'user-name')[];
  defaultCapacity?: number;
  /** Config `mismatchKinds`: the child kinds account-owner-mismatch checks (all when undefined). */
  mismatchKinds?: ('contacts' | 'opportunities' | 'cases')[];
}

const FIRST = ['Dana', 'Marco', 'Chris', 'Mei', 'Omar', 'Ana'];
const LAST = ['Whitfield', 'Rossi', 'Lee', 'Chen', 'Haddad', 'Souza'];
const REGIONS = ['West', 'East', 'North', 'west ', ''];
const EMPLOYEES = ['', '50', '500', '5000', 'n/a', '999.0', ' 1000'];
const EMAILS = [
  'pat@northwind.example',
  ' PAT@northwind.example',
  'sam@contoso.example',
  'sam@contoso.example ',
  'lee@fabrikam.example',
  '',
];
const TERRITORIES = ['West', 'East', 'North', 'Enterprise'];
const AMOUNTS = ['', '0.10', '0.20', '0.01', '1000', '12500.5', '99.99', '1,250.00', '-50', '250000', '1.5E+3', 'TBD'];
const CURRENCIES = ['USD', 'USD', 'usd', 'EUR', ' EUR', ''];

/** A value one time in `oneIn`, else undefined (fc.option's `freq` is the other way round). */
export const sometimes = <T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

const userArb: fc.Arbitrary<UserSpec> = fc
  .record({
    name: fc.tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST)).map(([f, l]) => `${f} ${l}`),
    active: fc.integer({ min: 0, max: 3 }).map((n) => n !== 0),
    system: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
    technical: fc.constantFrom(
      false as const,
      false as const,
      false as const,
      false as const,
      false as const,
      false as const,
      false as const,
      false as const,
      'username' as const,
      'name' as const,
    ),
    territories: fc.subarray([...TERRITORIES.slice(0, 3), 'east'], { maxLength: 2 }),
    // Number fields come out of Salesforce as `3.0`; a capacity may be 0 (a whole number: the tool refuses `2.5`).
    capacity: sometimes(fc.constantFrom('0', '1', '2', '3.0', '4', '6'), 2),
    accountCapacity: sometimes(fc.constantFrom('1', '2.0', '3', '4'), 3),
  })
  // Salesforce's technical users by name: Integration User, Security User, Chatter Expert.
  .chain((u) =>
    u.technical === 'name'
      ? fc.constantFrom('Integration User', 'Security User', 'Chatter Expert').map((name) => ({ ...u, name }))
      : fc.constant(u),
  );

function ownerRefArb(users: number, queues: number): fc.Arbitrary<OwnerRef> {
  const choices: fc.WeightedArbitrary<OwnerRef>[] = [
    {
      weight: 12,
      arbitrary: fc.record({
        to: fc.constant('user' as const),
        // The first user holds a bigger share: an outlier for the Tukey fence.
        index: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat(users - 1) }),
        form: fc.constantFrom(
          'id18' as const,
          'id18' as const,
          'id15' as const,
          'email' as const,
          'name' as const,
          'messy-email' as const,
          'messy-name' as const,
          'spaced-id' as const,
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<OwnerRef>(
        { to: 'empty' },
        { to: 'empty-lookup' },
        { to: 'unknown-id' },
        { to: 'unknown-name' },
        { to: 'legacy-placeholder' },
        { to: 'mangled' },
      ),
    },
  ];
  if (queues > 0) {
    choices.push({
      weight: 2,
      arbitrary: fc.record({
        to: fc.constant('queue' as const),
        index: fc.nat(queues - 1),
        form: fc.constantFrom('id18' as const, 'id15' as const),
      }),
    });
  }
  return fc.oneof(...choices);
}

function rowArb(users: number, queues: number, accounts: number, closable: boolean): fc.Arbitrary<RowSpec> {
  return fc.record({
    mangled: fc.integer({ min: 0, max: 40 }).map((n) => n === 0),
    repeat: sometimes(fc.nat(40), 8),
    short: fc.boolean(),
    owner: ownerRefArb(users, queues),
    region: fc.constantFrom(...REGIONS),
    employees: fc.constantFrom(...EMPLOYEES),
    email: fc.constantFrom(...EMAILS),
    account:
      accounts > 0
        ? fc.oneof(fc.nat(accounts - 1), fc.constantFrom('none' as const, 'empty-lookup' as const, 'missing' as const))
        : fc.constantFrom('none' as const, 'empty-lookup' as const, 'missing' as const),
    activity: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 200 }) },
      { weight: 2, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constant('unreadable' as const) },
    ),
    closed: closable ? fc.integer({ min: 0, max: 3 }).map((n) => n === 0) : fc.constant(false),
    amount: fc.constantFrom(...AMOUNTS),
    currency: fc.constantFrom(...CURRENCIES),
  });
}

function taskArb(
  users: number,
  queues: number,
  accounts: number,
  opportunities: number,
  contacts: number,
): fc.Arbitrary<TaskSpec> {
  const what: fc.Arbitrary<TaskSpec['what']>[] = [fc.constant('none' as const)];
  if (accounts > 0) what.push(fc.nat(accounts - 1).map((index) => ({ kind: 'accounts' as const, index })));
  if (opportunities > 0)
    what.push(fc.nat(opportunities - 1).map((index) => ({ kind: 'opportunities' as const, index })));
  return fc.record({
    mangled: fc.integer({ min: 0, max: 40 }).map((n) => n === 0),
    repeat: sometimes(fc.nat(40), 8),
    short: fc.boolean(),
    owner: ownerRefArb(users, queues),
    closed: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
    due: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: -20, max: 40 }) },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constant('unreadable' as const) },
    ),
    what: fc.oneof(...what),
    who: contacts > 0 ? fc.oneof(fc.constant('none' as const), fc.nat(contacts - 1)) : fc.constant('none' as const),
  });
}

function memberArb(users: number, queues: number, parents: number): fc.Arbitrary<MemberSpec> {
  return fc.record({
    repeat: sometimes(fc.nat(20), 8),
    short: fc.boolean(),
    owner: ownerRefArb(users, queues),
    parent: fc.nat(Math.max(parents, 1) - 1),
  });
}

function ruleArb(users: number, queues: number): fc.Arbitrary<RuleSpec> {
  return fc.record({
    territory: fc.constantFrom(...TERRITORIES),
    priority: fc.integer({ min: 1, max: 3 }),
    kind: fc.constantFrom('', '', 'accounts', 'Accounts', 'contacts', 'lead', 'opportunities', 'Case'),
    owners: fc.array(
      fc.record({
        user: fc.nat(users - 1),
        form: fc.constantFrom('id18' as const, 'id15' as const, 'email' as const, 'name' as const),
      }),
      { maxLength: 2 },
    ),
    queueOwner: queues > 0 ? sometimes(fc.nat(queues - 1), 4) : fc.constant(undefined),
    region: fc.constantFrom('West', 'East|North', '!West', 'W*', '*', ''),
    employees: fc.constantFrom('', '', '>=1000', '<100', '100..999'),
  });
}

/** A whole export folder's worth of data. */
export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    // Half the exports carry no capacity column: loads are then held to the Tukey fence alone.
    users: fc
      .tuple(fc.array(userArb, { minLength: 1, maxLength: 8 }), fc.boolean())
      .map(([users, capacities]) =>
        capacities ? users : users.map((u) => ({ ...u, capacity: undefined, accountCapacity: undefined })),
      ),
    queues: fc.array<string>(fc.constantFrom('Inbound Leads', 'Support Tier 1', 'EMEA Queue'), { maxLength: 2 }),
    accountCount: fc.integer({ min: 0, max: 16 }),
  })
  .chain(({ users, queues, accountCount }) => {
    const rows = (max: number, closable: boolean, accounts = accountCount) =>
      fc.array(rowArb(users.length, queues.length, accounts, closable), { maxLength: max, size: 'medium' });
    const kinds = ['accounts', 'contacts', 'leads', 'opportunities', 'cases'];
    return fc.record({
      users: fc.constant(users),
      queues: fc.constant(queues),
      groupFile: fc.boolean(),
      noUsersFile: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      accounts: fc.array(rowArb(users.length, queues.length, 0, false), {
        minLength: accountCount,
        maxLength: accountCount,
      }),
      contacts: rows(30, false),
      leads: rows(15, true, 0),
      opportunities: rows(12, true),
      cases: rows(10, true),
      ones: fc.boolean(),
      caps: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      crlf: fc.boolean(),
      bom: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      quoteAll: fc.integer({ min: 0, max: 3 }).map((n) => n !== 0),
      paddedHeaders: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
      usDates: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      nameColumn: fc.boolean(),
      sharedUserEmail: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      ownerByName: fc.record(
        Object.fromEntries([...kinds, 'tasks'].map((k) => [k, fc.integer({ min: 0, max: 5 }).map((n) => n === 0)])),
      ),
      // Salesforce cases have no LastActivityDate; the other kinds lack it now and then.
      noActivity: fc.record(
        Object.fromEntries(
          kinds.map((k) => [k, k === 'cases' ? fc.constant(true) : fc.integer({ min: 0, max: 3 }).map((n) => n === 0)]),
        ),
      ),
      noIsClosed: fc.boolean(),
      currencyColumn: fc.boolean(),
      rules: fc.array(ruleArb(users.length, queues.length), { minLength: 1, maxLength: 5 }),
      staleDays: fc.oneof(fc.constant(undefined), fc.constantFrom(30, 90)),
      placeholders: fc.subarray(['legacy', 'user-email', 'user-id', 'user-name'] as const, { maxLength: 2 }),
      defaultCapacity: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.integer({ min: 2, max: 8 }) },
      ),
      mismatchKinds: sometimes(fc.subarray(['contacts', 'opportunities', 'cases'] as const, { minLength: 1 }), 4),
      overdueDays: sometimes(fc.integer({ min: 0, max: 10 }), 2),
    });
  })
  // Activities and team members point at the records drawn above.
  .chain((s) =>
    fc
      .record({
        tasks: fc.array(
          taskArb(s.users.length, s.queues.length, s.accounts.length, s.opportunities.length, s.contacts.length),
          { maxLength: 15, size: 'medium' },
        ),
        accountTeam:
          s.accounts.length > 0
            ? fc.array(memberArb(s.users.length, s.queues.length, s.accounts.length), { maxLength: 10 })
            : fc.constant([]),
        opportunityTeam:
          s.opportunities.length > 0
            ? fc.array(memberArb(s.users.length, s.queues.length, s.opportunities.length), { maxLength: 8 })
            : fc.constant([]),
      })
      .map((extra): Scenario => ({ ...s, ...extra })),
  );

// ---------------------------------------------------------------- rendering

const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;

function csvText(s: Scenario, headers: string[], rows: string[][]): string {
  const eol = s.crlf ? '\r\n' : '\n';
  const head = headers.map((h) =>
    quote(`${s.paddedHeaders ? ' ' : ''}${s.caps ? h.toUpperCase() : h}${s.paddedHeaders ? ' ' : ''}`),
  );
  const value = (v: string) => (s.quoteAll || /[",\r\n]/.test(v) ? quote(v) : v);
  return (s.bom ? '\uFEFF' : '') + [head.join(','), ...rows.map((r) => r.map(value).join(','))].join(eol) + eol;
}

const bool = (s: Scenario, value: boolean) => (s.ones ? (value ? '1' : '0') : value ? 'true' : 'false');
const emailOf = (s: Scenario, user: number): string =>
  s.sharedUserEmail && user === 1
    ? emailOf(s, 0)
    : `${s.users[user]!.name.toLowerCase().replace(/ /g, '.')}.${user}@acme.example`;
function dayBefore(s: Scenario, days: number): string {
  const iso = new Date(LOADED_AT.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return s.usDates ? `${m}/${d}/${y}` : iso;
}

export const LEGACY_PLACEHOLDER = 'Legacy Import';

function ownerValue(s: Scenario, ref: OwnerRef, byName: boolean): string {
  switch (ref.to) {
    case 'user': {
      if (ref.form === 'email') return emailOf(s, ref.index);
      // Other case, spaces around and inside: emails compare case-insensitively, names also with whitespace collapsed.
      if (ref.form === 'messy-email') return ` ${emailOf(s, ref.index).toUpperCase()} `;
      if (ref.form === 'messy-name') return ` ${s.users[ref.index]!.name.toLowerCase().replace(' ', '   ')}`;
      if (ref.form === 'name' || byName) return s.users[ref.index]!.name;
      if (ref.form === 'spaced-id') return ` ${id15(PREFIX.users, ref.index)} `;
      return ref.form === 'id15' ? id15(PREFIX.users, ref.index) : id18(PREFIX.users, ref.index);
    }
    case 'queue':
      if (byName) return s.queues[ref.index]!;
      return ref.form === 'id15' ? id15(PREFIX.queues, ref.index) : id18(PREFIX.queues, ref.index);
    case 'empty':
      return '';
    case 'empty-lookup':
      return byName ? '' : '000000000000000AAA';
    case 'unknown-id':
      return byName ? 'Nobody Known' : id18(PREFIX.users, 9000 + 1);
    case 'unknown-name':
      return 'Former Employee';
    case 'legacy-placeholder':
      return LEGACY_PLACEHOLDER;
    case 'mangled':
      return '1.51081E+11';
  }
}

function usersFile(s: Scenario): string {
  const capacity = s.users.some((u) => u.capacity !== undefined);
  const accountCapacity = s.users.some((u) => u.accountCapacity !== undefined);
  const headers = [
    'Id',
    'Username',
    ...(s.nameColumn ? ['Name'] : []),
    'FirstName',
    'LastName',
    'Email',
    'IsActive',
    'UserType',
    'Territory__c',
  ];
  if (capacity) headers.push('Capacity__c');
  if (accountCapacity) headers.push('Account_Capacity__c');
  const rows = s.users.map((u, i) => {
    const [first, last] = u.name.split(' ') as [string, string];
    return [
      i % 2 ? id15(PREFIX.users, i) : id18(PREFIX.users, i),
      u.technical === 'username' ? `integration@00d5e000000hpab${i}.example` : emailOf(s, i),
      ...(s.nameColumn ? [u.name] : []),
      first,
      last,
      emailOf(s, i),
      bool(s, u.active),
      u.system ? 'AutomatedProcess' : 'Standard',
      u.territories.join(i % 3 ? ';' : ' ; '),
      ...(capacity ? [u.capacity ?? ''] : []),
      ...(accountCapacity ? [u.accountCapacity ?? ''] : []),
    ];
  });
  return csvText(s, headers, rows);
}

function groupFile(s: Scenario): string {
  return csvText(
    s,
    ['Id', 'Name', 'DeveloperName', 'Type', 'Email'],
    s.queues.map((name, i) => [id18(PREFIX.queues, i), name, name.replace(/ /g, '_'), 'Queue', '']),
  );
}

type RecordKind =
  'accounts' | 'contacts' | 'leads' | 'opportunities' | 'cases' | 'tasks' | 'account-team' | 'opportunity-team';

/** The id of each row of a file: its own, or an earlier row's when it repeats one. */
function rowIds(kind: RecordKind, specs: { repeat?: number; mangled?: boolean; short: boolean }[]): string[] {
  const base: number[] = [];
  return specs.map((spec, i) => {
    const n = spec.repeat !== undefined && i > 0 ? base[spec.repeat % i]! : i;
    base.push(n);
    if (spec.mangled) return `${1 + (n % 9)}.0${n % 7}E+14`;
    return spec.short ? id15(PREFIX[kind], n) : id18(PREFIX[kind], n);
  });
}

/** A record of the snapshot as the export names it: 15 or 18 characters. */
const ref = (prefix: string, n: number, short: boolean) => (short ? id15(prefix, n) : id18(prefix, n));

function taskFile(s: Scenario): string {
  const byName = s.ownerByName.tasks ?? false;
  const headers = [
    'Id',
    'WhoId',
    'WhatId',
    'Subject',
    'ActivityDate',
    'Status',
    byName ? 'Owner.Name' : 'OwnerId',
    'IsClosed',
    'CreatedDate',
  ];
  const ids = rowIds('tasks', s.tasks);
  const rows = s.tasks.map((t, i) => [
    ids[i]!,
    t.who === 'none' ? '000000000000000AAA' : ref(PREFIX.contacts, t.who, i % 2 === 1),
    t.what === 'none' ? '' : ref(PREFIX[t.what.kind], t.what.index, i % 3 === 1),
    `task ${i}`,
    t.due === null ? '' : t.due === 'unreadable' ? '########' : dayBefore(s, t.due),
    t.closed ? 'Completed' : 'Not Started',
    ownerValue(s, t.owner, byName),
    bool(s, t.closed),
    '2025-01-01T00:00:00.000Z',
  ]);
  return csvText(s, headers, rows);
}

function teamFile(s: Scenario, kind: 'account-team' | 'opportunity-team'): string {
  const members = kind === 'account-team' ? s.accountTeam : s.opportunityTeam;
  const parent = kind === 'account-team' ? 'AccountId' : 'OpportunityId';
  const headers = [
    'Id',
    parent,
    'UserId',
    'TeamMemberRole',
    kind === 'account-team' ? 'AccountAccessLevel' : 'OpportunityAccessLevel',
    'CreatedDate',
  ];
  const ids = rowIds(kind, members);
  const rows = members.map((m, i) => [
    ids[i]!,
    ref(kind === 'account-team' ? PREFIX.accounts : PREFIX.opportunities, m.parent, i % 2 === 1),
    ownerValue(s, m.owner, false),
    i % 2 ? 'Account Manager' : 'Sales Engineer',
    i % 3 ? 'Read' : 'Edit',
    '2025-01-01T00:00:00.000Z',
  ]);
  return csvText(s, headers, rows);
}

function recordFile(s: Scenario, kind: RecordKind): string {
  const specs = s[kind as 'accounts'];
  const byName = s.ownerByName[kind] ?? false;
  const activity = !s.noActivity[kind];
  const headers = ['Id', 'Name'];
  if (kind === 'contacts' || kind === 'leads') headers.push('Email');
  if (kind === 'contacts' || kind === 'opportunities' || kind === 'cases') headers.push('AccountId');
  if (kind === 'leads') headers.push('IsConverted');
  if (kind === 'opportunities')
    headers.push(
      'StageName',
      ...(s.noIsClosed ? [] : ['IsClosed']),
      'Amount',
      ...(s.currencyColumn ? ['CurrencyIsoCode'] : []),
    );
  if (kind === 'cases') headers.push('Status', 'IsClosed');
  headers.push('Region__c');
  if (kind === 'accounts' || kind === 'leads') headers.push('NumberOfEmployees');
  headers.push(byName ? 'Owner.Name' : 'OwnerId', 'CreatedDate');
  if (activity) headers.push('LastActivityDate');
  const ids = rowIds(kind, specs);
  const rows = specs.map((spec, i) => {
    const row = [ids[i]!, `${kind} ${i}`];
    if (kind === 'contacts' || kind === 'leads') row.push(spec.email);
    if (kind === 'contacts' || kind === 'opportunities' || kind === 'cases') {
      const a = spec.account;
      row.push(
        a === 'none'
          ? ''
          : a === 'empty-lookup'
            ? '000000000000000AAA'
            : a === 'missing'
              ? id18(PREFIX.accounts, 7000)
              : i % 2
                ? id15(PREFIX.accounts, a)
                : id18(PREFIX.accounts, a),
      );
    }
    if (kind === 'leads') row.push(bool(s, spec.closed));
    if (kind === 'opportunities') {
      row.push(
        spec.closed ? (i % 2 ? 'Closed Won' : 'Closed Lost') : 'Prospecting',
        ...(s.noIsClosed ? [] : [bool(s, spec.closed)]),
        spec.amount,
        ...(s.currencyColumn ? [spec.currency] : []),
      );
    }
    if (kind === 'cases') row.push(spec.closed ? 'Closed' : 'New', bool(s, spec.closed));
    row.push(spec.region);
    if (kind === 'accounts' || kind === 'leads') row.push(spec.employees);
    row.push(ownerValue(s, spec.owner, byName), '2025-01-01T00:00:00.000Z');
    if (activity)
      row.push(spec.activity === null ? '' : spec.activity === 'unreadable' ? '########' : dayBefore(s, spec.activity));
    return row;
  });
  return csvText(s, headers, rows);
}

export function rulesFile(s: Scenario): string {
  const rows = s.rules.map((r) => {
    if (s.noUsersFile) r = { ...r, owners: [] };
    // By name only where the name is one user's (an ambiguous name in a rules file is an error).
    const unique = (user: number) => s.users.filter((u) => u.name === s.users[user]!.name).length === 1;
    const sharedEmail = (user: number) => s.sharedUserEmail && user < 2 && s.users.length > 1;
    const owners = r.owners.map((o) =>
      o.form === 'name' && unique(o.user)
        ? s.users[o.user]!.name
        : o.form === 'id18'
          ? id18(PREFIX.users, o.user)
          : o.form === 'id15'
            ? id15(PREFIX.users, o.user)
            : sharedEmail(o.user)
              ? id18(PREFIX.users, o.user)
              : emailOf(s, o.user),
    );
    if (r.queueOwner !== undefined && s.groupFile) owners.push(id18(PREFIX.queues, r.queueOwner));
    // Only accounts and leads have NumberOfEmployees: a rule for another kind may not name it.
    const employees = ['', 'accounts', 'lead'].includes(r.kind.toLowerCase()) ? r.employees : '';
    return [r.territory, String(r.priority), r.kind, owners.join(';'), r.region, employees].map(quote).join(',');
  });
  return ['territory,priority,kind,owners,Region__c,NumberOfEmployees', ...rows].join('\n') + '\n';
}

/** The placeholder owner values of a scenario (`--placeholder`). */
export function placeholdersOf(s: Scenario): string[] {
  const last = s.users.length - 1;
  return s.placeholders.map((p) =>
    p === 'legacy'
      ? LEGACY_PLACEHOLDER
      : p === 'user-email'
        ? emailOf(s, 0)
        : p === 'user-id'
          ? id15(PREFIX.users, last)
          : s.users[last]!.name.toUpperCase(),
  );
}

/** The files of a scenario, by name. */
export function exportFiles(s: Scenario): Record<string, string> {
  const files: Record<string, string> = s.noUsersFile ? {} : { 'User.csv': usersFile(s) };
  if (s.queues.length > 0 && s.groupFile) files['Group.csv'] = groupFile(s);
  files['Account.csv'] = recordFile(s, 'accounts');
  for (const [kind, name] of [
    ['contacts', 'Contact.csv'],
    ['leads', 'Lead.csv'],
    ['opportunities', 'Opportunity.csv'],
    ['cases', 'Case.csv'],
  ] as const) {
    // Header-only when the kind has no rows: a rule restricted to a kind needs its columns.
    files[name] = recordFile(s, kind);
  }
  // Activities and teams only when there are some: most exports have no such files.
  if (s.tasks.length > 0) files['Task.csv'] = taskFile(s);
  if (s.accountTeam.length > 0) files['AccountTeamMember.csv'] = teamFile(s, 'account-team');
  if (s.opportunityTeam.length > 0) files['OpportunityTeamMember.csv'] = teamFile(s, 'opportunity-team');
  return files;
}

/** Writes a scenario's files into a new folder under `root`. */
export function writeScenario(root: string, s: Scenario): string {
  const dir = mkdtempSync(path.join(root, 'export-'));
  for (const [name, text] of Object.entries(exportFiles(s))) writeFileSync(path.join(dir, name), text);
  return dir;
}

export function scratchRoot(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'crm-owners-reference-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}
