/**
 * Reads a generated Salesforce export folder into plain objects, the naive way: every file parsed
 * whole by csv-parse, its kind told by its Salesforce object file name, every cell kept under its
 * lower-cased header.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { EMPTY_LOOKUP, normaliseId } from './salesforceId.js';

export const KINDS = [
  'accounts',
  'contacts',
  'leads',
  'opportunities',
  'cases',
  'tasks',
  'account-team',
  'opportunity-team',
] as const;
export type Kind = (typeof KINDS)[number];

/** Records proper: what coverage pools, and the kinds capacity, territories and staleness are about. */
export const RECORDS: readonly Kind[] = ['accounts', 'contacts', 'leads', 'opportunities', 'cases'];
/** Team members: the member is the row's user; they are checked by inactive-team-member only. */
export const MEMBERSHIPS: readonly Kind[] = ['account-team', 'opportunity-team'];

export const SINGULAR: Partial<Record<Kind, string>> = {
  accounts: 'account',
  contacts: 'contact',
  leads: 'lead',
  opportunities: 'opportunity',
  cases: 'case',
};

/** Kinds whose records belong to an account. */
export const CHILD_KINDS: readonly Kind[] = ['contacts', 'opportunities', 'cases'];

const OBJECT_FILES: Record<string, Kind | 'users' | 'queues'> = {
  'user.csv': 'users',
  'group.csv': 'queues',
  'account.csv': 'accounts',
  'contact.csv': 'contacts',
  'lead.csv': 'leads',
  'opportunity.csv': 'opportunities',
  'case.csv': 'cases',
  'task.csv': 'tasks',
  'accountteammember.csv': 'account-team',
  'opportunityteammember.csv': 'opportunity-team',
};

export type OwnerType = 'user' | 'queue' | 'system';

export interface Owner {
  id: string;
  name: string;
  email: string;
  active: boolean;
  type: OwnerType;
  territories: string[];
  /** Capacity per kind, where the owners file gives one. */
  capacity: Partial<Record<Kind, number>>;
}

export interface Row {
  kind: Kind;
  id: string;
  /** The owner cell as exported. */
  owner: string;
  accountId: string;
  email: string;
  /** Undefined when the file has no last-activity column. */
  lastActivity: string | undefined;
  /** A task's due date as exported (`ActivityDate`), undefined for other kinds. */
  due: string | undefined;
  closed: boolean;
  /** Cells under lower-cased headers. */
  cells: Map<string, string>;
}

export interface Export {
  owners: Owner[];
  /** The first row of each id, per kind, open and closed. */
  records: Record<Kind, Row[]>;
  /** Rows that repeated an id already seen in their kind. */
  duplicates: Record<Kind, number>;
  /** Kinds that had a file. */
  files: Set<Kind>;
  /** Kinds whose file has a last-activity column (stale-ownership is not checked for the others). */
  withLastActivity: Set<Kind>;
}

/** Excel's scientific notation: the id's digits are gone. */
export const MANGLED_ID = /^[+-]?\d+(\.\d+)?E[+-]?\d+$/i;

const yes = (value: string | undefined) => ['true', '1'].includes((value ?? '').trim().toLowerCase());

const TECHNICAL_USERNAMES = [
  'integration@00d',
  'insightsintegration@00d',
  'insightssecurity@00d',
  'autoproc@00d',
  'noreply@00d',
];
const TECHNICAL_NAMES = [
  'integration user',
  'security user',
  'automated process',
  'platform integration user',
  'chatter expert',
];

/** A file's header keys (lower-cased, trimmed) and its rows as cells under them. */
function readCsv(file: string): { keys: string[]; rows: Map<string, string>[] } {
  const rows = parse(readFileSync(file), {
    bom: true,
    columns: false,
    relax_column_count: false,
    skip_empty_lines: true,
  }) as string[][];
  const [header, ...data] = rows;
  const keys = header!.map((h) => h.trim().toLowerCase());
  return { keys, rows: data.map((cells) => new Map(keys.map((key, i) => [key, cells[i] ?? '']))) };
}

function capacityOf(cells: Map<string, string>): Partial<Record<Kind, number>> {
  const capacity: Partial<Record<Kind, number>> = {};
  const number = (value: string | undefined) =>
    value !== undefined && value.trim() !== '' ? Number(value) : undefined;
  const every = number(cells.get('capacity__c') ?? cells.get('capacity'));
  for (const kind of RECORDS) {
    const own = number(cells.get(`${SINGULAR[kind]}_capacity__c`) ?? cells.get(`${SINGULAR[kind]} capacity`));
    const value = own ?? every;
    if (value !== undefined) capacity[kind] = value;
  }
  return capacity;
}

function userOf(cells: Map<string, string>): Owner {
  const name = cells.get('name') || [cells.get('firstname'), cells.get('lastname')].filter(Boolean).join(' ');
  const userType = cells.get('usertype');
  const username = (cells.get('username') ?? '').toLowerCase();
  const system =
    (userType !== undefined && userType.trim() !== '' && userType.trim() !== 'Standard') ||
    TECHNICAL_USERNAMES.some((prefix) => username.startsWith(prefix)) ||
    TECHNICAL_NAMES.includes(name.trim().toLowerCase());
  return {
    id: normaliseId(cells.get('id')!),
    name,
    email: cells.get('email') ?? '',
    active: yes(cells.get('isactive')),
    type: system ? 'system' : 'user',
    territories: (cells.get('territory__c') ?? cells.get('territories') ?? cells.get('territory') ?? '')
      .split(';')
      .map((t) => t.trim())
      .filter(Boolean),
    capacity: capacityOf(cells),
  };
}

function queueOf(cells: Map<string, string>): Owner {
  return {
    id: normaliseId(cells.get('id')!),
    name: cells.get('name') ?? '',
    email: cells.get('email') ?? '',
    active: true,
    type: 'queue',
    territories: [],
    capacity: {},
  };
}

const CLOSED_STAGES = ['closed won', 'closed lost'];

function closedOf(kind: Kind, cells: Map<string, string>): boolean {
  if (kind === 'leads') return yes(cells.get('isconverted'));
  if (kind === 'tasks') return yes(cells.get('isclosed'));
  if (kind === 'opportunities' || kind === 'cases') {
    if (cells.has('isclosed')) return yes(cells.get('isclosed'));
    const status = (kind === 'opportunities' ? cells.get('stagename') : cells.get('status')) ?? '';
    return (kind === 'opportunities' ? CLOSED_STAGES : ['closed']).includes(status.trim().toLowerCase());
  }
  return false;
}

const lookup = (value: string | undefined) => {
  const v = (value ?? '').trim();
  return v === EMPTY_LOOKUP ? '' : normaliseId(v);
};

export function readExport(folder: string): Export {
  const owners: Owner[] = [];
  const records = Object.fromEntries(KINDS.map((k) => [k, [] as Row[]])) as Record<Kind, Row[]>;
  const duplicates = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  const files = new Set<Kind>();
  const withLastActivity = new Set<Kind>();
  const seen = Object.fromEntries(KINDS.map((k) => [k, new Set<string>()])) as Record<Kind, Set<string>>;
  for (const name of readdirSync(folder).sort()) {
    const what = OBJECT_FILES[name.toLowerCase()];
    if (!what) continue;
    const { keys, rows } = readCsv(path.join(folder, name));
    if (what === 'users' || what === 'queues') {
      for (const cells of rows) owners.push(what === 'users' ? userOf(cells) : queueOf(cells));
      continue;
    }
    files.add(what);
    if (keys.includes('lastactivitydate')) withLastActivity.add(what);
    for (const cells of rows) {
      const id = normaliseId(cells.get('id')!);
      // An id Excel turned into a number (1.11015E+11) no longer tells records apart: each such row
      // is a record of its own, never a duplicate.
      if (!MANGLED_ID.test(id) && seen[what].has(id)) {
        duplicates[what]++;
        continue;
      }
      seen[what].add(id);
      const owner =
        cells.get('ownerid') ?? cells.get('owner.id') ?? cells.get('owner.name') ?? cells.get('userid') ?? '';
      records[what].push({
        kind: what,
        id,
        owner,
        accountId: lookup(cells.get('accountid')),
        email: cells.get('email') ?? '',
        lastActivity: cells.get('lastactivitydate'),
        due: what === 'tasks' ? (cells.get('activitydate') ?? '') : undefined,
        closed: closedOf(what, cells),
        cells,
      });
    }
  }
  return { owners, records, duplicates, files, withLastActivity };
}
