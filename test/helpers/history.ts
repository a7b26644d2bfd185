/**
 * A year of monthly snapshots made from the bundled Salesforce Data Loader exports
 * (fixtures/salesforce/dataloader), for history, churn and the report. The bundled files are the
 * last month, 2026-11; the eleven months before it are rebuilt by undoing what happened during the
 * year:
 *
 * - Sam Patel leaves in 2026-05 (inactive from then on; his account and lead stay with him).
 * - Grace Kim leaves in 2026-08.
 * - Jordan Reyes is deleted from the users export in 2026-07: his account's owner becomes unknown.
 * - Mei Chen hands three West accounts to Dana Whitfield in 2026-03; Priya Natarajan hands Lone
 *   Star Fabrication (Texas, Central) to Dana in 2026-06: Dana ends the year overloaded.
 * - Territories change in 2026-08: Priya takes East as well, Omar Haddad gives up Central.
 * - Ping-pong: Keystone Data Centers goes Mei → Dana → Mei → Dana → Mei (2026-05 to 2026-08); a
 *   Liberty Bell contact goes between the two Alex Morgans (2026-06 to 2026-08).
 * - A lead goes queue → Omar → Dana (2026-10, 2026-11); Bayerische Feinmechanik loses Luis Ortega
 *   as owner in 2026-10; Gulf Coast Petrochem goes to the integration user in 2026-02.
 * - Records appear when they were created (a contact in 2026-05, leads in 2026-10 and 2026-11).
 *
 * `hostile` renames an owner and an account with HTML in their names, as a CRM allows.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { openDatabase } from '../../src/store/database.js';
import { loadSnapshot } from '../../src/load/loadSnapshot.js';
import { FIXTURES } from './cli.js';

type Row = Record<string, string>;

export const MONTHS = [
  '2025-12',
  '2026-01',
  '2026-02',
  '2026-03',
  '2026-04',
  '2026-05',
  '2026-06',
  '2026-07',
  '2026-08',
  '2026-09',
  '2026-10',
  '2026-11',
];

export const IDS = {
  dana: '0058c00000l57zPAAQ',
  mei: '0058c000003i23fAAA',
  omar: '0058c00000EHL89AAH',
  priya: '0058c00000SzZrrAAF',
  luis: '0058c00000rV58wAAC',
  alexMorgan: '0058c00000d0M1VAAU',
  alexMorgan2: '0058c00000O6V0xAAF',
  sam: '0058c00000BhoutAAB',
  grace: '0058c000006eLwsAAE',
  jordan: '0058c00000JLFTzAAP',
  integration: '0058c00000FBJKnAAP',
  queue: '00G8c00000tQX3cEAG',
  keystone: '0018c00000UzajBAAR',
  libertyContact: '0038c00000rONB2AAO',
  lead: '00Q8c00000Fono9EAB',
  bayerische: '0018c00000Xqxh5AAB',
  loneStar: '0018c00000BDoX2AAL',
};

export const HOSTILE = {
  owner: 'Omar <script>document.title="pwned"</script> Haddad',
  account: '<img src=x onerror="document.title=\'pwned\'"> Bayerische Feinmechanik',
};

/** An owner per month (index 0 = 2025-12), for records whose owner changed during the year. */
function ownerTimeline(spans: [fromMonth: string, owner: string][]): (month: number) => string {
  return (month) => {
    let owner = spans[0][1];
    for (const [from, value] of spans) if (MONTHS.indexOf(from) <= month) owner = value;
    return owner;
  };
}

const OWNER_CHANGES: Record<string, (month: number) => string> = {
  // Mojave Freight Partners, Bayview Credit Union, Puget Sound Marine Supply
  '0018c00000i7h9qAAA': ownerTimeline([
    ['2025-12', IDS.mei],
    ['2026-03', IDS.dana],
  ]),
  '0018c00000mY9tzAAC': ownerTimeline([
    ['2025-12', IDS.mei],
    ['2026-03', IDS.dana],
  ]),
  '0018c00000bUDUTAA4': ownerTimeline([
    ['2025-12', IDS.mei],
    ['2026-03', IDS.dana],
  ]),
  [IDS.loneStar]: ownerTimeline([
    ['2025-12', IDS.priya],
    ['2026-06', IDS.dana],
  ]),
  [IDS.keystone]: ownerTimeline([
    ['2025-12', IDS.mei],
    ['2026-05', IDS.dana],
    ['2026-06', IDS.mei],
    ['2026-07', IDS.dana],
    ['2026-08', IDS.mei],
  ]),
  [IDS.libertyContact]: ownerTimeline([
    ['2025-12', IDS.alexMorgan],
    ['2026-06', IDS.alexMorgan2],
    ['2026-07', IDS.alexMorgan],
    ['2026-08', IDS.alexMorgan2],
  ]),
  [IDS.lead]: ownerTimeline([
    ['2025-12', IDS.queue],
    ['2026-10', IDS.omar],
    ['2026-11', IDS.dana],
  ]),
  [IDS.bayerische]: ownerTimeline([
    ['2025-12', IDS.luis],
    ['2026-10', ''],
  ]),
  '0018c00000MUxtRAAT': ownerTimeline([
    ['2025-12', IDS.priya],
    ['2026-02', IDS.integration],
  ]),
};

/** Users active until they left (the month they show as inactive). */
const LEAVERS: Record<string, string> = { [IDS.sam]: '2026-05', [IDS.grace]: '2026-08' };

/** Territories before 2026-08. */
const EARLIER_TERRITORIES: Record<string, string> = { [IDS.priya]: 'Central', [IDS.omar]: 'East;Central' };

const JORDAN: Row = {
  Id: IDS.jordan,
  Username: 'jordan.reyes@lumenridge.io',
  FirstName: 'Jordan',
  LastName: 'Reyes',
  Name: 'Jordan Reyes',
  Email: 'jordan.reyes@lumenridge.io',
  IsActive: 'true',
  UserType: 'Standard',
  Territory__c: 'East',
  Account_Capacity__c: '8',
  Contact_Capacity__c: '20',
  CreatedDate: '2022-05-02T09:00:00.000Z',
};

function readExport(name: string): { columns: string[]; rows: Row[] } {
  const text = readFileSync(path.join(FIXTURES, 'salesforce/dataloader', name), 'utf8');
  const rows = parse(text, { columns: true, bom: true }) as Row[];
  const columns = Object.keys(rows[0]);
  return { columns, rows };
}

function writeExport(dir: string, name: string, columns: string[], rows: Row[]): void {
  writeFileSync(path.join(dir, name), stringify(rows, { header: true, columns, quoted: true }));
}

/** Records that did not exist yet: created after the month's snapshot was taken. */
function existed(row: Row, month: number): boolean {
  const loadedAt = snapshotTime(month);
  return !row.CreatedDate || row.CreatedDate < loadedAt;
}

/** Each month's exports are taken on the 28th, at 06:00 UTC. */
export function snapshotTime(month: number): string {
  return `${MONTHS[month]}-28T06:00:00.000Z`;
}

function usersFor(month: number, hostile: boolean): Row[] {
  const label = MONTHS[month];
  const { rows } = readExport('User.csv');
  const users = rows.map((user) => {
    const copy = { ...user };
    if (LEAVERS[copy.Id] && label < LEAVERS[copy.Id]) copy.IsActive = 'true';
    if (EARLIER_TERRITORIES[copy.Id] && label < '2026-08') copy.Territory__c = EARLIER_TERRITORIES[copy.Id];
    if (hostile && copy.Id === IDS.omar && month === MONTHS.length - 1) copy.Name = HOSTILE.owner;
    return copy;
  });
  return label < '2026-07' ? [...users, JORDAN] : users;
}

function recordsFor(name: string, month: number, hostile: boolean): Row[] {
  return readExport(name)
    .rows.filter((row) => existed(row, month))
    .map((row) => {
      const copy = { ...row };
      const timeline = OWNER_CHANGES[copy.Id];
      if (timeline) copy.OwnerId = timeline(month);
      if (hostile && copy.Id === IDS.bayerische && month === MONTHS.length - 1) copy.Name = HOSTILE.account;
      return copy;
    });
}

export interface HistoryOptions {
  hostile?: boolean;
  /** How many months to load (all twelve by default). */
  months?: number;
}

/** Writes the twelve months' exports under `dir` and loads them into `dir/history.db`, oldest first. */
export async function makeHistory(dir: string, options: HistoryOptions = {}): Promise<string> {
  const dbPath = path.join(dir, 'history.db');
  const db = openDatabase(dbPath);
  try {
    for (let month = 0; month < (options.months ?? MONTHS.length); month++) {
      const folder = path.join(dir, 'exports', MONTHS[month]);
      mkdirSync(folder, { recursive: true });
      const hostile = Boolean(options.hostile);
      writeExport(folder, 'User.csv', readExport('User.csv').columns, usersFor(month, hostile));
      for (const name of ['Account.csv', 'Contact.csv', 'Lead.csv'])
        writeExport(folder, name, readExport(name).columns, recordsFor(name, month, hostile));
      await loadSnapshot(db, {
        files: [folder],
        label: MONTHS[month],
        rejectsPath: path.join(dir, 'rejects.csv'),
        now: new Date(snapshotTime(month)),
      });
    }
  } finally {
    db.close();
  }
  return dbPath;
}
