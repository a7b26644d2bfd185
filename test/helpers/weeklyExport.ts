/**
 * A generated Salesforce Weekly Data Export: every object file of fixtures/salesforce/
 * weekly-export-headers with rows made up around its real header. Seeded (mulberry32): the same seed
 * writes the same folder.
 *
 * - Ids carry the object's key prefix (salesforceObjects.ts), or for an object whose prefix the code
 *   does not list a made-up prefix of the same shape (`0` and two characters; `a` and two for custom
 *   objects) that is no prefix of a loaded kind, each object its own.
 * - The kinds' objects (User, Account, Contact, Lead, Opportunity, Case, Task, Event) always have rows; about
 *   half of the other objects are header-only, as in a real export; empty files stay empty.
 * - Values as the export writes them: `0`/`1` booleans, `2012-08-27 03:20:21` datetimes,
 *   `000000000000000AAA` for an empty lookup; users with the real UserType values.
 * - About a quarter of the files (and always Account.csv) are written in ISO-8859-1 with accented
 *   names; the rest UTF-8. CRLF line ends.
 */
import { parse } from 'csv-parse/sync';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EMPTY_SALESFORCE_ID, toSalesforceId18 } from '../../src/records/salesforceId.js';
import { prefixOfObject, SALESFORCE_OBJECTS } from '../../src/ingest/identify/salesforceObjects.js';
import { kindOfSalesforcePrefix, type FileKind } from '../../src/kinds/registry.js';
import { ROOT } from './cli.js';
import { mulberry32 } from './random.js';

export const WEEKLY_HEADERS = path.join(ROOT, 'fixtures/salesforce/weekly-export-headers');

/**
 * The objects of the kinds in a Weekly Export, and their kinds (a real org's export holds no
 * AccountTeamMember or OpportunityTeamMember file unless account and opportunity teams are on).
 */
export const KIND_OBJECTS: Readonly<Record<string, FileKind>> = {
  User: 'owners',
  Account: 'accounts',
  Contact: 'contacts',
  Lead: 'leads',
  Opportunity: 'opportunities',
  Case: 'cases',
  Task: 'tasks',
  Event: 'events',
};

export const USER_TYPES = [
  'Standard',
  'LicenseManager',
  'AutomatedProcess',
  'SfdcAdmin',
  'CsnOnly',
  'CloudIntegrationUser',
  'ExternalWho',
];

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface GeneratedFile {
  object: string;
  prefix: string;
  rows: number;
  encoding: 'utf8' | 'latin1';
  /** Empty (0 bytes) as delivered. */
  empty: boolean;
}

export interface GeneratedExport {
  files: Map<string, GeneratedFile>;
  /** User ids with their row facts, for assertions. */
  users: { id: string; name: string; active: boolean; userType: string }[];
  /** Accounts owned by each user id. */
  accountsOwnedBy: Map<string, number>;
}

const FIRST = ['Dana', 'José', 'Amélie', 'Priya', 'Tomás', 'Chen', 'Noor', 'Björn'];
const LAST = ['Whitfield', 'Muñoz', 'Lefèvre', 'Raman', 'Ødegaard', 'Wu', 'Haddad', 'Keller'];

/** The header cells of a header file (quoted CSV, one line). */
export function headerOf(file: string): string[] | undefined {
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') return undefined;
  return (parse(text, { to_line: 1, relax_column_count: true }) as string[][])[0];
}

const quote = (values: string[]) => values.map((value) => `"${value.replace(/"/g, '""')}"`).join(',');

export interface ExportOptions {
  /** Only these files (names), not the whole export. */
  only?: readonly string[];
  /** Rows of these files, whatever the seed says (0: header-only). */
  rows?: Readonly<Record<string, number>>;
  /** Columns left out of these files (an export re-saved for a BI tool). */
  drop?: Readonly<Record<string, readonly string[]>>;
}

export function writeWeeklyExport(dir: string, seed: number, options: ExportOptions = {}): GeneratedExport {
  const random = mulberry32(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
  const chars = (n: number) => Array.from({ length: n }, () => pick([...ALNUM])).join('');
  const used = new Set(Object.keys(SALESFORCE_OBJECTS));
  const madeUpPrefix = (custom: boolean) => {
    for (;;) {
      const prefix = (custom ? 'a' : '0') + chars(2);
      if (!used.has(prefix) && kindOfSalesforcePrefix(prefix) === undefined) {
        used.add(prefix);
        return prefix;
      }
    }
  };
  const idOf = (prefix: string) => toSalesforceId18(`${prefix}5e0000${chars(6)}`);
  const names = readdirSync(WEEKLY_HEADERS)
    .filter((name) => name.endsWith('.csv') && (!options.only || options.only.includes(name)))
    .sort();
  // Users first: records' owners are users of the same export.
  names.sort((a, b) => Number(b === 'User.csv') - Number(a === 'User.csv'));
  const result: GeneratedExport = { files: new Map(), users: [], accountsOwnedBy: new Map() };
  let accountIds: string[] = [];
  for (const name of names) {
    const source = path.join(WEEKLY_HEADERS, name);
    const object = name.replace(/\.csv$/, '');
    const dropped = new Set(options.drop?.[name] ?? []);
    const headers = headerOf(source)?.filter((header) => !dropped.has(header));
    const prefix = prefixOfObject(object) ?? madeUpPrefix(object.endsWith('__c'));
    const latin1 = name === 'Account.csv' || random() < 0.25;
    const encoding = latin1 ? 'latin1' : 'utf8';
    if (!headers) {
      writeFileSync(path.join(dir, name), '');
      result.files.set(name, { object, prefix, rows: 0, encoding, empty: true });
      continue;
    }
    const kind = KIND_OBJECTS[object];
    const seeded = kind ? 3 + Math.floor(random() * 6) : random() < 0.5 ? 0 : 1 + Math.floor(random() * 5);
    const count = options.rows?.[name] ?? seeded;
    const lines = [quote(headers)];
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = idOf(prefix);
      ids.push(id);
      const first = pick(FIRST);
      const last = pick(LAST);
      const user =
        kind === 'owners'
          ? {
              id,
              name: `${first} ${last}`,
              active: i === 0 || random() < 0.6,
              userType: i === 0 ? 'Standard' : pick(USER_TYPES),
            }
          : undefined;
      if (user) result.users.push(user);
      const owner = result.users.length ? pick(result.users).id : EMPTY_SALESFORCE_ID;
      const values = headers.map((header) => {
        const key = header.toLowerCase();
        if (key === 'id') return id;
        if (key === 'ownerid') {
          if (kind === 'accounts') result.accountsOwnedBy.set(owner, (result.accountsOwnedBy.get(owner) ?? 0) + 1);
          return owner;
        }
        if (key === 'accountid') return accountIds.length && random() < 0.8 ? pick(accountIds) : EMPTY_SALESFORCE_ID;
        if (user && key === 'isactive') return user.active ? '1' : '0';
        if (user && key === 'usertype') return user.userType;
        if (key === 'firstname') return first;
        if (key === 'lastname') return last;
        if (key === 'name') return `${latin1 ? 'Crédito' : 'Harbor'} ${last} ${i}`;
        if (key === 'username') return `${first}.${i}@example.com`.toLowerCase();
        if (key === 'email') return `${first}.${last}@example.com`.toLowerCase();
        if (key === 'isdeleted') return '0';
        if (key.startsWith('is') || key.startsWith('has')) return random() < 0.5 ? '1' : '0';
        if (key.endsWith('date') || key.endsWith('datetime') || key === 'systemmodstamp') return '2012-08-27 03:20:21';
        if (key === 'durationinminutes') return String(15 * (1 + Math.floor(random() * 8)));
        if (key.endsWith('id')) return random() < 0.5 ? EMPTY_SALESFORCE_ID : idOf(prefix);
        return random() < 0.3 ? '' : `${object} ${key} ${i}`;
      });
      lines.push(quote(values));
    }
    if (kind === 'accounts') accountIds = ids;
    writeFileSync(path.join(dir, name), Buffer.from(`${lines.join('\r\n')}\r\n`, encoding));
    result.files.set(name, { object, prefix, rows: count, encoding, empty: false });
  }
  return result;
}
