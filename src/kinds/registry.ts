/**
 * The record kinds, as data (README, `load`: "Record kinds"). Everything that differs from one
 * kind to another is declared here once: its canonical fields, how its files are recognised, its
 * parents, which fields the checks may read, what makes a record closed, its capacity columns and its
 * import files. Adding a kind is one entry here plus its presets' column names.
 *
 * This module and the presets are the only places that name a kind (test/kinds/literals.test.ts).
 */
import type { Field } from '../records/model.js';

/** How a row tells that its record is history: closed, won or lost, converted. */
export interface ClosedRule {
  /** A yes/no column (`IsClosed`, `Closed`, `IsConverted`): its value must be readable. */
  flag?: Field;
  /** Without it, status columns whose values (lower case) mean closed; any other value is open. */
  statuses?: readonly Field[];
  closedStatuses?: readonly string[];
  /** Status values (lower case) starting with one of these are closed too (SuiteCRM's `Closed_Rejected`). */
  closedPrefixes?: readonly string[];
  /** A yes/no column whose "no" means closed, whatever the rest says: Odoo archives lost opportunities (`active`). */
  openFlag?: Field;
  /**
   * Closed records no plan moves, even with `--include-closed`: a converted lead is history, and
   * Salesforce rejects an owner change on one.
   */
  neverMoved?: boolean;
  /**
   * A date-time detail after which the record is history: an event is open while it ends after the
   * snapshot's as-of date. A record without that date is open.
   */
  endsAt?: Field;
}

/**
 * What a kind's records are: records proper (the default), activities (tasks, events: follow-up,
 * owned like records, about another record) or memberships (a user on a record's team: the user is
 * read into the owner field, and only the membership checks look at them).
 */
export type KindRole = 'record' | 'activity' | 'membership';

/** Other kinds' marks that a kind's files carry too. */
export interface Carries {
  names?: readonly FileKind[];
  headers?: readonly FileKind[];
}

export interface KindSpec {
  /** The word for one record: rules' `kind` cells, messages. */
  singular: string;
  /**
   * The kinds this kind's records belong to, loaded before it. A record points to its account by
   * `account_id`: territory and owner follow the account.
   */
  parents?: readonly RecordKind[];
  /**
   * The canonical fields that point at the parent, most telling first, each with the kinds its ids may
   * be of (an activity's `what_id` names an account, opportunity or case). Without it: `account_id`,
   * of the first parent kind. The first field with a value whose id is found in the snapshot wins:
   * a Salesforce id by its key prefix, any other by the parent kinds' own ids.
   */
  parentFields?: readonly ParentField[];
  /** Record (default), activity or membership (see KindRole). */
  role?: KindRole;
  /** Listed in summaries even when a snapshot has none (accounts, contacts and leads, the kinds every CRM export has). */
  alwaysListed?: boolean;
  /** Plans move it with its account (an activity: with the record it is about) unless `--follow-accounts` says otherwise. */
  followsByDefault?: boolean;
  /**
   * Canonical fields of the kind that loads and checks read, besides `id`, `name` and `owner` (an
   * `email` here makes the kind's records grouped by address for split-ownership).
   */
  fields: readonly Field[];
  /** Of those, the ones kept as JSON in `records.details` (stage, won, close date, amount, status). */
  details: readonly Field[];
  /** Closed records are counted but not audited or planned: they are history. */
  closed?: ClosedRule;
  /** File names that hold this kind: a word starting the name or following a non-letter. */
  fileNames: RegExp;
  /** Header keys (lower case, trimmed) that only this kind's files carry, across the presets. */
  headers: readonly string[];
  /**
   * Kinds whose words (`names`) or header keys (`headers`) this kind's files carry too, so detection
   * tests this kind before them; the detection orders follow from these.
   */
  carries?: Carries;
  /** Salesforce key prefixes: the first three characters of the object's ids. */
  salesforcePrefixes: readonly string[];
  /** Owners-file columns giving an owner's capacity for this kind (lower case). */
  capacityColumns: readonly string[];
  /** The owner column of the import files of the CRMs that name it per kind (both take the owner's email). */
  importOwnerColumn: { hubspot: string; zoho: string };
  /**
   * The record type as the importers that build their columns from it name it: Dynamics 365's table
   * (its primary key column) and Pipedrive's item (`Deal - ID`). None where the CRM has no such records.
   * `pipedriveOwner`: the item's owner field where it is not `Owner` (an activity's `Assigned to user`).
   */
  importEntity?: { dynamics?: string; pipedrive?: string; pipedriveOwner?: string };
}

/** A field pointing at a parent, and the kinds its ids may be of. */
export interface ParentField {
  field: Field;
  kinds: readonly RecordKind[];
}

const word = (pattern: string) => new RegExp(`(?:^|[^a-z])(?:${pattern})`, 'i');

const PERSON: readonly Field[] = ['first_name', 'last_name', 'email', 'created', 'last_activity'];

/**
 * The record kinds, in the order they are loaded and reported: a parent before its children, so a
 * child's account is known when the child is read.
 */
export const RECORD_KINDS = [
  'accounts',
  'contacts',
  'leads',
  'opportunities',
  'cases',
  'tasks',
  'events',
  'account-team',
  'opportunity-team',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/**
 * Where an activity (task or event) belongs: it goes with the record it is about when that record
 * moves (Mass Transfer's open activities), found by what it is about (`WhatId`) before whom
 * (`WhoId`) — a call about a deal with a contact follows the deal — and last its company, where the
 * export gives it apart (HubSpot's associated companies, Pipedrive's organization).
 */
const ACTIVITY_PARENTS = {
  followsByDefault: true,
  parents: ['accounts', 'contacts', 'leads', 'opportunities', 'cases'],
  parentFields: [
    { field: 'what_id', kinds: ['opportunities', 'cases', 'accounts'] },
    { field: 'who_id', kinds: ['contacts', 'leads'] },
    { field: 'account_id', kinds: ['accounts'] },
  ],
} satisfies Pick<KindSpec, 'followsByDefault' | 'parents' | 'parentFields'>;

export const KINDS: Readonly<Record<RecordKind, KindSpec>> = {
  accounts: {
    singular: 'account',
    alwaysListed: true,
    fields: ['created', 'last_activity'],
    details: [],
    fileNames: word('account|compan|organi[sz]ation'),
    headers: [
      'account id',
      'account owner',
      'company owner',
      'company name',
      'billingcity',
      'billingstate',
      'billingcountry',
      '(do not modify) account',
      'organization - id',
      'website',
      'industry',
    ],
    // "Accounts by owner.csv".
    carries: { names: ['owners'] },
    salesforcePrefixes: ['001'],
    capacityColumns: ['account capacity', 'account_capacity__c', 'accounts capacity', 'account_capacity'],
    importOwnerColumn: { hubspot: 'Company owner', zoho: 'Account Owner' },
    importEntity: { dynamics: 'Account', pipedrive: 'Organization' },
  },
  contacts: {
    singular: 'contact',
    alwaysListed: true,
    parents: ['accounts'],
    followsByDefault: true,
    fields: [...PERSON, 'account_id', 'account_name'],
    details: [],
    fileNames: word('contact|people|person'),
    headers: [
      'accountid',
      'account_id',
      'contactid',
      'associated company ids',
      'primary associated company id',
      'contact id',
      'contact owner',
      '(do not modify) contact',
      'person - id',
    ],
    // "Contacts and Accounts report.csv", "Contacts from leads.csv"; a contact's company name and account id.
    carries: { names: ['accounts', 'leads'], headers: ['accounts'] },
    salesforcePrefixes: ['003'],
    capacityColumns: ['contact capacity', 'contact_capacity__c', 'contacts capacity', 'contact_capacity'],
    importOwnerColumn: { hubspot: 'Contact owner', zoho: 'Contact Owner' },
    importEntity: { dynamics: 'Contact', pipedrive: 'Person' },
  },
  leads: {
    singular: 'lead',
    alwaysListed: true,
    fields: [...PERSON, 'converted'],
    details: [],
    closed: { flag: 'converted', neverMoved: true },
    fileNames: word('lead'),
    headers: ['lead id', 'lead owner', 'leadid', 'isconverted', 'leadsource', '(do not modify) lead', 'lead - id'],
    // "Leads with accounts.csv"; a lead's company, website and industry, and the person it is linked to.
    carries: { names: ['accounts'], headers: ['accounts', 'contacts'] },
    salesforcePrefixes: ['00Q'],
    capacityColumns: ['lead capacity', 'lead_capacity__c', 'leads capacity', 'lead_capacity'],
    importOwnerColumn: { hubspot: 'Lead owner', zoho: 'Lead Owner' },
    importEntity: { dynamics: 'Lead', pipedrive: 'Lead' },
  },
  opportunities: {
    singular: 'opportunity',
    parents: ['accounts'],
    followsByDefault: true,
    // `active`: Odoo's archive flag, read only by the closed rule.
    fields: [
      'account_id',
      'account_name',
      'created',
      'last_activity',
      'stage',
      'closed',
      'won',
      'close_date',
      'amount',
      'currency',
      'status',
      'active',
    ],
    details: ['stage', 'won', 'close_date', 'amount', 'currency', 'status'],
    // Dynamics and Pipedrive say open/won/lost in a status column; HubSpot, Zoho and SuiteCRM name the
    // closing stages; Odoo archives a lost opportunity.
    closed: {
      flag: 'closed',
      statuses: ['status', 'stage'],
      closedStatuses: [
        'won',
        'lost',
        'closed',
        'closed won',
        'closed lost',
        'closedwon',
        'closedlost',
        'closed-lost to competition',
      ],
      openFlag: 'active',
    },
    // Not "OpportunityTeamMember.csv" nor "Deal team.csv": opportunity teams.
    fileNames: word('opportunit(?!(?:y|ies)[ _-]?team)|deal(?![ _-]?team)|potential'),
    headers: [
      'opportunity id',
      'opportunity owner',
      'stagename',
      'iswon',
      'deal owner',
      'deal stage',
      'sales stage',
      'dealstage',
      'deal name',
      'potential owner',
      '(do not modify) opportunity',
      'deal - id',
      'deal - owner',
    ],
    // "Opportunities with contacts.csv"; an opportunity's `LeadSource` and `AccountId`.
    carries: { names: ['contacts', 'leads', 'accounts'], headers: ['leads', 'contacts', 'accounts'] },
    salesforcePrefixes: ['006'],
    capacityColumns: [
      'opportunity capacity',
      'opportunity_capacity__c',
      'opportunities capacity',
      'opportunity_capacity',
      'deal capacity',
    ],
    importOwnerColumn: { hubspot: 'Deal owner', zoho: 'Deal Owner' },
    importEntity: { dynamics: 'Opportunity', pipedrive: 'Deal' },
  },
  cases: {
    singular: 'case',
    parents: ['accounts'],
    fields: ['account_id', 'account_name', 'created', 'last_activity', 'closed', 'status'],
    details: ['status'],
    // SuiteCRM's statuses are `Open_*` and `Closed_*` (Closed_Closed, Closed_Rejected, Closed_Duplicate).
    closed: {
      flag: 'closed',
      statuses: ['status'],
      closedStatuses: ['closed', 'resolved', 'canceled', 'cancelled'],
      closedPrefixes: ['closed_'],
    },
    fileNames: word('case|ticket|incident'),
    headers: [
      'case id',
      'case number',
      'casenumber',
      'case owner',
      'ticket owner',
      'ticket status',
      'ticket name',
      '(do not modify) case',
      '(do not modify) incident',
    ],
    // "Cases by contact.csv"; a case's `AccountId` and `ContactId`. Leads' headers: kept after cases as
    // detection always had them (no export seen carries both).
    carries: { names: ['contacts', 'leads', 'accounts'], headers: ['contacts', 'accounts', 'leads'] },
    salesforcePrefixes: ['500'],
    capacityColumns: ['case capacity', 'case_capacity__c', 'cases capacity', 'case_capacity', 'ticket capacity'],
    importOwnerColumn: { hubspot: 'Ticket owner', zoho: 'Case Owner' },
    // Pipedrive has no cases.
    importEntity: { dynamics: 'Case' },
  },
  tasks: {
    singular: 'task',
    role: 'activity',
    ...ACTIVITY_PARENTS,
    fields: ['created', 'status', 'closed', 'due_date', 'who_id', 'what_id', 'account_id'],
    details: ['status', 'due_date', 'who_id', 'what_id'],
    // Salesforce says `IsClosed`; HubSpot, Dynamics and Pipedrive a status (Pipedrive's `Done`: "Done" or "To do").
    // Done work is history: no plan moves it, even with `--include-closed`.
    closed: {
      flag: 'closed',
      statuses: ['status'],
      closedStatuses: ['completed', 'complete', 'done', 'canceled', 'cancelled'],
      neverMoved: true,
    },
    fileNames: word('task|activit'),
    headers: [
      'whatid',
      'whoid',
      'task owner',
      'task status',
      'task title',
      'task type',
      '(do not modify) task',
      'activity - id',
      'activity - subject',
      'activity - done',
      'activity - assigned to user',
    ],
    // A Task.csv has `AccountId`. Names: "Contacts from events.csv" holds contacts, so the other
    // kinds' words come first.
    carries: { headers: ['accounts', 'contacts', 'leads', 'opportunities', 'cases'] },
    salesforcePrefixes: ['00T'],
    capacityColumns: [],
    importOwnerColumn: { hubspot: 'Activity assigned to', zoho: 'Task Owner' },
    importEntity: { dynamics: 'Task', pipedrive: 'Activity', pipedriveOwner: 'Assigned to user' },
  },
  events: {
    singular: 'event',
    role: 'activity',
    ...ACTIVITY_PARENTS,
    // `duration` and `all_day`: a Weekly Export's Event.csv has no end, only when and how long.
    fields: ['created', 'start', 'end', 'duration', 'all_day', 'who_id', 'what_id', 'account_id'],
    details: ['start', 'end', 'who_id', 'what_id'],
    closed: { endsAt: 'end', neverMoved: true },
    fileNames: word('event|meeting|appointment'),
    headers: [
      'activitydatetime',
      'durationinminutes',
      'isalldayevent',
      'startdatetime',
      'enddatetime',
      'meeting start time',
      'meeting end time',
      'meeting name',
      '(do not modify) appointment',
    ],
    // An Event.csv has `WhoId`, `WhatId` and `AccountId` too.
    carries: { headers: ['tasks', 'accounts', 'contacts', 'leads', 'opportunities', 'cases'] },
    salesforcePrefixes: ['00U'],
    capacityColumns: [],
    importOwnerColumn: { hubspot: 'Activity assigned to', zoho: 'Host' },
    importEntity: { dynamics: 'Appointment', pipedrive: 'Activity', pipedriveOwner: 'Assigned to user' },
  },
  'account-team': {
    singular: 'account team member',
    role: 'membership',
    parents: ['accounts'],
    fields: ['created', 'account_id', 'role', 'account_access', 'opportunity_access', 'case_access', 'contact_access'],
    details: ['role', 'account_access', 'opportunity_access', 'case_access', 'contact_access'],
    fileNames: word('account[ _-]?team'),
    headers: ['accountaccesslevel', 'caseaccesslevel', 'contactaccesslevel', 'account access'],
    // An AccountTeamMember.csv has `AccountId`, `UserId` and `OpportunityAccessLevel`.
    carries: { names: ['accounts'], headers: ['accounts', 'contacts', 'opportunity-team'] },
    salesforcePrefixes: ['01M'],
    capacityColumns: [],
    importOwnerColumn: { hubspot: 'User', zoho: 'User' },
  },
  'opportunity-team': {
    singular: 'opportunity team member',
    role: 'membership',
    parents: ['opportunities'],
    parentFields: [{ field: 'opportunity_id', kinds: ['opportunities'] }],
    fields: ['created', 'opportunity_id', 'role', 'opportunity_access'],
    details: ['role', 'opportunity_access'],
    fileNames: word('opportunit(?:y|ies)[ _-]?team|deal[ _-]?team'),
    headers: ['opportunityaccesslevel', 'opportunity access'],
    salesforcePrefixes: ['00q'],
    capacityColumns: [],
    importOwnerColumn: { hubspot: 'User', zoho: 'User' },
  },
};

/** The kind of owners files: users and queues, who own the records. */
export const OWNERS_KIND = 'owners';

export const OWNERS: Pick<KindSpec, 'fileNames' | 'headers' | 'carries' | 'salesforcePrefixes'> = {
  fileNames: word('user|owner'),
  headers: [
    'isactive',
    'active',
    'deactivated',
    'archived',
    'usertype',
    'username',
    'owner id',
    'user id',
    'user_id',
    'login',
    '(do not modify) user',
    '(do not modify) systemuser',
    '(do not modify) team',
    'user - id',
  ],
  // Salesforce's User has `AccountId` and `ContactId` (portal users).
  carries: { headers: ['accounts', 'contacts'] },
  salesforcePrefixes: ['005', '00G'],
};

export const FILE_KINDS = [OWNERS_KIND, ...RECORD_KINDS] as const;
export type FileKind = typeof OWNERS_KIND | RecordKind;

export function kindSpec(kind: RecordKind): KindSpec {
  return KINDS[kind];
}

export function isRecordKind(value: string): value is RecordKind {
  return Object.hasOwn(KINDS, value);
}

export function isFileKind(value: string): value is FileKind {
  return value === OWNERS_KIND || isRecordKind(value);
}

/** Whether a kind's records keep a canonical field (checks read only fields their kind has). */
export function kindHas(kind: RecordKind, field: Field): boolean {
  return (KINDS[kind].fields as readonly Field[]).includes(field);
}

/** Whether a kind's records belong to records of `parent`. */
export function isChildOf(kind: RecordKind, parent: RecordKind): boolean {
  return kindSpec(kind).parents?.includes(parent) ?? false;
}

/** Record (default), activity or membership. */
export function kindRole(kind: RecordKind): KindRole {
  return KINDS[kind].role ?? 'record';
}

/** The kind as a noun for `n` records: `1 opportunity`, `2 opportunities`, `3 account team members`. */
export function kindNoun(kind: RecordKind, n: number): string {
  const { singular } = KINDS[kind];
  if (n === 1) return singular;
  return kindRole(kind) === 'membership' ? `${singular}s` : kind;
}

/** Kinds of a role, in load order. */
export function kindsOfRole(role: KindRole): RecordKind[] {
  return RECORD_KINDS.filter((kind) => kindRole(kind) === role);
}

/** The fields that point at a kind's parent and the kinds each may name (see KindSpec.parentFields). */
export function parentFieldsOf(kind: RecordKind): readonly ParentField[] {
  const spec = KINDS[kind];
  return spec.parentFields ?? (spec.parents ? [{ field: 'account_id', kinds: spec.parents.slice(0, 1) }] : []);
}

/** Whether a kind's records may belong to records of more than one kind: their parent's kind is kept with them. */
export function hasManyParentKinds(kind: RecordKind): boolean {
  return (KINDS[kind].parents?.length ?? 0) > 1;
}

/** Kinds whose records belong to a record of `parent`. */
export function childKinds(parent: RecordKind): RecordKind[] {
  return RECORD_KINDS.filter((kind) => isChildOf(kind, parent));
}

/**
 * Records proper (not activities or team members) that belong to a record of `parent`: the kinds
 * `account-owner-mismatch` checks and plans move with their account today.
 */
export function recordChildKinds(parent: RecordKind): RecordKind[] {
  return childKinds(parent).filter((kind) => kindRole(kind) === 'record');
}

/** The parent kind that `account_id` points to, and where follow-the-parent starts. */
export const PARENT_KIND: RecordKind = 'accounts';

/** `--follow-accounts` without the flag: contacts and opportunities follow their account. */
export const DEFAULT_FOLLOW_KINDS: readonly RecordKind[] = RECORD_KINDS.filter((kind) => KINDS[kind].followsByDefault);

/** The kind whose open records' amounts make the pipeline (audit `pipeline`, plans' and verify's amounts). */
export const PIPELINE_KIND: RecordKind = 'opportunities';

/**
 * The kinds `--follow-accounts` may name: children of accounts, but not team memberships (a
 * member's user is no owner that could follow anyone).
 */
export function followableKinds(): RecordKind[] {
  return childKinds(PARENT_KIND).filter((kind) => kindRole(kind) !== 'membership');
}

/** The kind the older `--contacts-follow-accounts` names (an alias of `--follow-accounts` with it). */
export const LEGACY_FOLLOW_KIND: RecordKind = 'contacts';

/** Whether a kind has closed records (history), so that audits and plans must tell them apart. */
export function hasClosed(kind: RecordKind): boolean {
  return kindSpec(kind).closed !== undefined;
}

/** Whether `--include-closed` moves the kind's closed records (closed opportunities and cases; never converted leads). */
export function closedMovable(kind: RecordKind): boolean {
  const closed = kindSpec(kind).closed;
  return closed !== undefined && !closed.neverMoved;
}

/** A kind from its name, plural or singular, any case (rules' `kind` column, `--kinds`). */
export function kindNamed(name: string): RecordKind | undefined {
  const key = name.trim().toLowerCase();
  return RECORD_KINDS.find((kind) => kind === key || kindSpec(kind).singular === key);
}

/** The kinds, listed for a message: "accounts, contacts, leads, opportunities or cases". */
export function kindList(kinds: readonly string[] = RECORD_KINDS, last = 'or'): string {
  return kinds.length < 2 ? kinds.join('') : `${kinds.slice(0, -1).join(', ')} ${last} ${kinds[kinds.length - 1]}`;
}

function carries(kind: FileKind): Carries | undefined {
  return kind === OWNERS_KIND ? OWNERS.carries : KINDS[kind].carries;
}

/**
 * The kinds in detection order: a kind before every kind whose marks its files carry (the registry's
 * `carries`), otherwise in load order. A cycle is a registry error.
 */
export function detectionOrder(marks: keyof Carries): FileKind[] {
  const before = new Map(
    FILE_KINDS.map((kind) => [kind, FILE_KINDS.filter((other) => carries(other)?.[marks]?.includes(kind))]),
  );
  const order: FileKind[] = [];
  while (order.length < FILE_KINDS.length) {
    const next = FILE_KINDS.find(
      (kind) => !order.includes(kind) && before.get(kind)!.every((other) => order.includes(other)),
    );
    if (next === undefined) throw new Error(`kind registry: the ${marks} that kinds carry go round in a circle`);
    order.push(next);
  }
  return order;
}

/**
 * File-name detection order: "Contacts and Accounts report.csv" holds contacts, "Opportunities with
 * contacts" opportunities; owners last.
 */
export const NAME_ORDER: readonly FileKind[] = detectionOrder('names');

/**
 * Header detection order: owners first; opportunities and cases before leads and contacts, as their
 * files carry `LeadSource` and `AccountId` too.
 */
export const HEADER_ORDER: readonly FileKind[] = detectionOrder('headers');

export function fileNamePattern(kind: FileKind): RegExp {
  return kind === OWNERS_KIND ? OWNERS.fileNames : KINDS[kind].fileNames;
}

export function headerSignature(kind: FileKind): readonly string[] {
  return kind === OWNERS_KIND ? OWNERS.headers : KINDS[kind].headers;
}

/** The kind whose Salesforce ids start with this prefix, if one of ours. */
export function kindOfSalesforcePrefix(prefix: string): FileKind | undefined {
  if (OWNERS.salesforcePrefixes.includes(prefix)) return OWNERS_KIND;
  return RECORD_KINDS.find((kind) => KINDS[kind].salesforcePrefixes.includes(prefix));
}

/** Names of the plan's files for a kind (README, `plan`). */
export function importFileName(kind: RecordKind): string {
  return `import-${kind}.csv`;
}

export function rollbackFileName(kind: RecordKind): string {
  return `rollback-${kind}.csv`;
}

/**
 * The kinds a summary of per-kind counts lists: every kind of records proper (0 where there are none,
 * as always), activities and team members only where there are some.
 */
export function listedKinds(counts: Partial<Record<FileKind, number>>): RecordKind[] {
  return RECORD_KINDS.filter((kind) => kindRole(kind) === 'record' || (counts[kind] ?? 0) > 0);
}

/**
 * Per-kind counts, zero for owners and every kind of records proper (snapshots written before a kind
 * existed lack its key); activities and team members are counted where loaded, so summaries of
 * exports without them read as before.
 */
export function zeroCounts(): Record<FileKind, number> {
  return Object.fromEntries(
    [OWNERS_KIND, ...RECORD_KINDS.filter((kind) => kindRole(kind) === 'record')].map((kind) => [kind, 0]),
  ) as Record<FileKind, number>;
}
