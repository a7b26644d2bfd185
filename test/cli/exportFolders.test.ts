/**
 * End-to-end: whole exports as delivered (README, `load`). A Salesforce
 * Weekly Data Export folder of 27 object files, the same as a zip, and a HubSpot multi-object zip
 * load the kinds they hold and skip the rest in one line; a file of another object named on the
 * command line is an error; owners are users and queues only; a load without owners says so.
 *
 * Expectations follow the kinds this build loads (FILE_KINDS): a file of a recognised kind the build
 * does not load (opportunities, cases) is skipped as "not loaded", and loads once the kind does.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { isFileKind } from '../../src/records/model.js';
import { FILE_KINDS, kindList, OWNERS_KIND } from '../../src/kinds/registry.js';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';
import { zipBytes } from '../helpers/zip.js';

const TMP = tempDir('crm-owners-exports-');
const freshDir = () => mkdtempSync(path.join(TMP, 't-'));

const WEEKLY = fixture('salesforce/weekly-export-all');
const weekly = (name: string) => path.join(WEEKLY, name);

/** Every file of the Weekly Data Export fixture: the kind its records are (and rows), or its object and why it is not one. */
const WEEKLY_FILES: Record<
  string,
  { kind: string; object?: string; rows: number } | { object: string | null; reason: string }
> = {
  'User.csv': { kind: 'owners', object: 'User', rows: 5 },
  'Group.csv': { kind: 'owners', object: 'Group', rows: 1 },
  'Account.csv': { kind: 'accounts', object: 'Account', rows: 5 },
  'Contact.csv': { kind: 'contacts', object: 'Contact', rows: 6 },
  'Lead.csv': { kind: 'leads', object: 'Lead', rows: 4 },
  'Opportunity.csv': { kind: 'opportunities', object: 'Opportunity', rows: 3 },
  'Case.csv': { kind: 'cases', object: 'Case', rows: 2 },
  'AccountContactRole.csv': { object: 'AccountContactRole', reason: 'key prefix 02Z' },
  'Asset.csv': { object: 'Asset', reason: 'key prefix 02i' },
  'Campaign.csv': { object: 'Campaign', reason: 'key prefix 701' },
  'CampaignMember.csv': { object: 'CampaignMember', reason: 'key prefix 00v' },
  'Contract.csv': { object: 'Contract', reason: 'key prefix 800' },
  'Event.csv': { kind: 'events', object: 'Event', rows: 1 },
  'Idea.csv': { object: null, reason: 'header-only file of an unknown object' },
  'Invoice__c.csv': { object: 'Invoice__c', reason: 'key prefix a0X' },
  'Note.csv': { object: null, reason: 'empty file' },
  'OpportunityContactRole.csv': { object: 'OpportunityContactRole', reason: 'key prefix 00K' },
  'OpportunityLineItem.csv': { object: 'OpportunityLineItem', reason: 'key prefix 00k' },
  'Order.csv': { object: 'Order', reason: 'named after the object' },
  'Organization.csv': { object: 'Organization', reason: 'key prefix 00D' },
  'Pricebook2.csv': { object: 'Pricebook2', reason: 'key prefix 01s' },
  'PricebookEntry.csv': { object: 'PricebookEntry', reason: 'key prefix 01u' },
  'Product2.csv': { object: 'Product2', reason: 'key prefix 01t' },
  'Profile.csv': { object: 'Profile', reason: 'key prefix 00e' },
  'RecordType.csv': { object: 'RecordType', reason: 'key prefix 012' },
  'Task.csv': { kind: 'tasks', object: 'Task', rows: 3 },
  'UserRole.csv': { object: 'UserRole', reason: 'key prefix 00E' },
};

interface Expected {
  loaded: { name: string; kind: string; rows: number }[];
  skipped: { name: string; object: string | null; reason: string }[];
}

/** What a load of `files` should load and skip in this build. */
function expected(files: typeof WEEKLY_FILES): Expected {
  const result: Expected = { loaded: [], skipped: [] };
  for (const [name, file] of Object.entries(files)) {
    if (!('kind' in file)) result.skipped.push({ name, ...file });
    else if (isFileKind(file.kind)) result.loaded.push({ name, kind: file.kind, rows: file.rows });
    else result.skipped.push({ name, object: file.object ?? file.kind, reason: `${file.kind} are not loaded` });
  }
  return result;
}

/** The one stderr line for skipped files: objects in order, at most eight, then the files of no object. */
function skippedLine(skipped: Expected['skipped']): string {
  const objects = [...new Set(skipped.map((s) => s.object).filter((o): o is string => o !== null))].sort();
  const unnamed = skipped.filter((s) => s.object === null).length;
  const names = objects.length > 8 ? [...objects.slice(0, 8), '…'] : objects;
  if (unnamed) names.push(`${unnamed} empty or unknown`);
  return `skipped ${skipped.length} files of other objects: ${names.join(', ')} (see --json)`;
}

const stderrLines = (stderr: string) => stderr.split('\n').filter(Boolean);

interface LoadJson {
  files: { path: string; kind: string; rows: number; rejected: number }[];
  skipped: { path: string; object: string | null; reason: string }[];
  counts: Record<string, number>;
}

async function load(args: string[]) {
  const db = path.join(freshDir(), 'x.db');
  const result = await runJsonInProcess<LoadJson>(['load', ...args, '--db', db, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return { ...result, db };
}

/** Loaded files and skipped files as the load reports them, by file name. */
function byName(json: LoadJson) {
  return {
    loaded: json.files
      .map((f) => ({ name: path.basename(f.path.replace(/^.*:/, '')), kind: f.kind, rows: f.rows }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    skipped: json.skipped
      .map((s) => ({ name: path.basename(s.path.replace(/^.*:/, '')), object: s.object, reason: s.reason }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function sorted(want: Expected): Expected {
  return {
    loaded: [...want.loaded].sort((a, b) => a.name.localeCompare(b.name)),
    skipped: [...want.skipped].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The records loaded per kind, from the fixture facts (owners: users and the queue). */
function counts(want: Expected): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const file of want.loaded) totals[file.kind] = (totals[file.kind] ?? 0) + file.rows;
  return totals;
}

/** The Weekly Data Export as one zip, as Salesforce delivers it (files at the top, Latin-1 bytes kept). */
function weeklyZip(): string {
  const file = path.join(freshDir(), 'WE_00D5e000000HpABEA0_1.ZIP');
  writeFileSync(
    file,
    zipBytes(
      readdirSync(WEEKLY)
        .sort()
        .map((name) => ({ name, data: readFileSync(weekly(name)) })),
    ),
  );
  return file;
}

describe('load: a Salesforce Weekly Data Export folder', () => {
  it('the fixture holds every file the table lists', () => {
    expect(readdirSync(WEEKLY).sort()).toEqual(Object.keys(WEEKLY_FILES).sort());
  });

  it('loads the kinds, lists every other file in --json, and says so in one stderr line', async () => {
    const want = expected(WEEKLY_FILES);
    const { json, stderr } = await load([WEEKLY]);
    expect(byName(json)).toEqual(sorted(want));
    expect(json.files.every((f) => f.rejected === 0)).toBe(true);
    expect(json.counts).toMatchObject(counts(want));
    expect(stderrLines(stderr)).toEqual([skippedLine(want.skipped)]);
  });

  it('a plain load prints the skipped line and the summary, and no warning', async () => {
    const want = expected(WEEKLY_FILES);
    const result = await runInProcess(['load', WEEKLY, '--db', path.join(freshDir(), 'x.db')]);
    expect(result.code, result.stderr).toBe(0);
    const lines = stderrLines(result.stderr);
    expect(lines.filter((line) => line.startsWith('skipped '))).toEqual([skippedLine(want.skipped)]);
    expect(result.stderr).not.toContain('warning');
    expect(result.stderr).not.toMatch(/UserRole\.csv|Contract\.csv/);
  });

  it('the same export as a zip loads the same', async () => {
    const want = expected(WEEKLY_FILES);
    const zip = weeklyZip();
    const { json, stderr } = await load([zip]);
    expect(byName(json)).toEqual(sorted(want));
    expect(json.skipped.every((s) => s.path.startsWith(`${zip}:`))).toBe(true);
    expect(json.counts).toMatchObject(counts(want));
    expect(stderrLines(stderr)).toEqual([skippedLine(want.skipped)]);
  });

  it('Latin-1 names survive (Account.csv and Contact.csv are ISO-8859-1)', async () => {
    const { db } = await load([WEEKLY]);
    const findings = path.join(freshDir(), 'findings.csv');
    expect((await runInProcess(['audit', '--db', db, '--findings', findings])).code).toBe(0);
    const names = (parse(readFileSync(findings), { columns: true, bom: true }) as { record_name: string }[]).map(
      (r) => r.record_name,
    );
    expect(names).toEqual(expect.arrayContaining(['Müller Bäckerei GmbH', 'Jürgen Schäfer']));
  });
});

describe('load: a HubSpot multi-object zip', () => {
  const HUBSPOT = fixture('hubspot');
  const OBJECTS = fixture('hubspot-objects');
  const ENTRIES: Record<string, string> = {
    'hubspot-crm-exports-all-contacts-2026-11-01.csv': path.join(
      HUBSPOT,
      'hubspot-crm-exports-all-contacts-2026-11-01.csv',
    ),
    'hubspot-crm-exports-all-companies-2026-11-01.csv': path.join(
      HUBSPOT,
      'hubspot-crm-exports-all-companies-2026-11-01.csv',
    ),
    'hubspot-crm-exports-all-deals-2026-11-01.csv': path.join(OBJECTS, 'hubspot-crm-exports-all-deals-2026-11-01.csv'),
    'hubspot-crm-exports-all-tickets-2026-11-01.csv': path.join(
      OBJECTS,
      'hubspot-crm-exports-all-tickets-2026-11-01.csv',
    ),
  };
  const FILES: typeof WEEKLY_FILES = {
    'hubspot-owners-2026-11-01.csv': { kind: 'owners', rows: 5 },
    'hubspot-crm-exports-all-contacts-2026-11-01.csv': { kind: 'contacts', rows: 20 },
    'hubspot-crm-exports-all-companies-2026-11-01.csv': { kind: 'accounts', rows: 10 },
    'hubspot-crm-exports-all-deals-2026-11-01.csv': { kind: 'opportunities', rows: 3 },
    'hubspot-crm-exports-all-tickets-2026-11-01.csv': { kind: 'cases', rows: 2 },
  };

  it('deals and tickets are never taken for contacts: they load as their kind or are skipped as not loaded', async () => {
    const zip = path.join(freshDir(), 'hubspot-crm-exports-2026-11-01.zip');
    writeFileSync(zip, zipBytes(Object.entries(ENTRIES).map(([name, file]) => ({ name, data: readFileSync(file) }))));
    const contactRows = (
      parse(readFileSync(ENTRIES['hubspot-crm-exports-all-contacts-2026-11-01.csv']), { columns: true }) as unknown[]
    ).length;
    const companyRows = (
      parse(readFileSync(ENTRIES['hubspot-crm-exports-all-companies-2026-11-01.csv']), { columns: true }) as unknown[]
    ).length;
    expect([contactRows, companyRows]).toEqual([20, 10]);

    const want = expected(FILES);
    const { json, stderr } = await load([path.join(HUBSPOT, 'hubspot-owners-2026-11-01.csv'), zip]);
    expect(byName(json)).toEqual(sorted(want));
    expect(json.counts).toMatchObject(counts(want));
    const line = stderrLines(stderr).filter((l) => l.startsWith('skipped '));
    expect(line).toEqual(want.skipped.length ? [skippedLine(want.skipped)] : []);
  });
});

describe('load: a file of another object named on the command line', () => {
  const kinds = kindList(FILE_KINDS);
  it.each([
    ['UserRole.csv', `holds UserRole records (key prefix 00E), not ${kinds}`],
    ['OpportunityContactRole.csv', `holds OpportunityContactRole records (key prefix 00K), not ${kinds}`],
    ['Invoice__c.csv', `holds Invoice__c records (key prefix a0X), not ${kinds}`],
    ['Idea.csv', `cannot tell whether this file holds ${kinds} (header-only file of an unknown object)`],
  ])('%s is an error (exit 2) saying what it holds and the --kind flag that would force it', async (name, reason) => {
    const file = weekly(name);
    const result = await runInProcess(['load', weekly('User.csv'), file, '--db', path.join(freshDir(), 'x.db')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${file}: ${reason}`);
    const [first, ...others] = FILE_KINDS.filter((kind) => kind !== OWNERS_KIND);
    expect(result.stderr).toContain(
      `--kind ${first}=${file} (or ${[OWNERS_KIND, ...others].map((kind) => `${kind}=`).join(', ')})`,
    );
  });

  it('an Opportunity file loads as opportunities where they are loaded, else is an error saying so', async () => {
    const file = weekly('Opportunity.csv');
    const result = await runInProcess([
      'load',
      weekly('User.csv'),
      weekly('Account.csv'),
      file,
      '--db',
      path.join(freshDir(), 'x.db'),
      '--json',
    ]);
    if (isFileKind('opportunities')) {
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).counts.opportunities).toBe(3);
    } else {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${file}: holds Opportunity records (opportunities are not loaded)`);
      expect(result.stderr).toContain('--kind');
    }
  });

  it('--kind still forces: Task.csv loads as contacts', async () => {
    const { json } = await load([weekly('User.csv'), '--kind', `contacts=${weekly('Task.csv')}`]);
    expect(json.files.map((f) => [path.basename(f.path), f.kind, f.rows])).toEqual([
      ['User.csv', 'owners', 5],
      ['Task.csv', 'contacts', 3],
    ]);
    expect(json.skipped).toEqual([]);
  });
});

describe('load: owners are users and queues', () => {
  /** User.csv with a UserRole row slipped in as physical line 4. */
  function usersWithRole(): string {
    const lines = readFileSync(weekly('User.csv'), 'utf8').split('\r\n');
    const header = lines[0].split(',').length;
    const role = [
      '"00E5e000000HpR1EAK"',
      '"ceo"',
      '"Sales"',
      '"Head of"',
      '"Head of Sales"',
      ...Array(header - 5).fill('""'),
    ];
    lines.splice(3, 0, role.join(','));
    const file = path.join(freshDir(), 'User.csv');
    writeFileSync(file, lines.join('\r\n'));
    return file;
  }

  it('a row whose id is another object fails the load, naming its line', async () => {
    const file = usersWithRole();
    const result = await runInProcess(['load', file, '--db', path.join(freshDir(), 'x.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${file}:4:1: id 00E5e000000HpR1EAK is a Salesforce UserRole, not a user (005…) or queue (00G…)`,
    );
  });

  it('in skip mode it is a rejected row and the users load', async () => {
    const file = usersWithRole();
    const dir = freshDir();
    const rejects = path.join(dir, 'rejects.csv');
    const { json } = await load([file, '--on-bad-row', 'skip', '--rejects', rejects]);
    expect(json.files[0]).toMatchObject({ kind: 'owners', rows: 5, rejected: 1 });
    const rows = parse(readFileSync(rejects), { columns: true, bom: true }) as { line: string; reason: string }[];
    expect(rows.map((r) => [r.line, r.reason])).toEqual([
      ['4', 'id 00E5e000000HpR1EAK is a Salesforce UserRole, not a user (005…) or queue (00G…)'],
    ]);
  });
});

describe('a load without a users/owners file', () => {
  const WARNING = 'no users/owners file: every owner will be unknown — load the users export too';

  it('load warns', async () => {
    const result = await runInProcess(['load', weekly('Account.csv'), '--db', path.join(freshDir(), 'x.db')]);
    expect(result.code, result.stderr).toBe(0);
    expect(stderrLines(result.stderr)).toContain(`warning: ${WARNING}`);
  });

  it('the audit says the same above the checks: table, Markdown and JSON', async () => {
    const db = path.join(freshDir(), 'x.db');
    expect((await runInProcess(['load', weekly('Account.csv'), weekly('Contact.csv'), '--db', db])).code).toBe(0);
    const table = await runInProcess(['audit', '--db', db]);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split('\n');
    const at = lines.indexOf(`warning: ${WARNING}`);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(lines.findIndex((l) => l.startsWith('check ')));
    const markdown = await runInProcess(['audit', '--db', db, '--format', 'markdown']);
    const parts = markdown.stdout.split('\n\n');
    expect(parts[1]).toBe(`> ⚠️ ${WARNING}`);
    const json = await runJsonInProcess<{ warnings: string[] }>(['audit', '--db', db, '--json']);
    expect(json.json.warnings).toEqual([WARNING]);
  });

  it('with the users file loaded there is no warning', async () => {
    const db = path.join(freshDir(), 'x.db');
    expect((await runInProcess(['load', weekly('User.csv'), weekly('Account.csv'), '--db', db])).code).toBe(0);
    const json = await runJsonInProcess<{ warnings: string[] }>(['audit', '--db', db, '--json']);
    expect(json.json.warnings).toEqual([]);
    expect((await runInProcess(['audit', '--db', db])).stdout).not.toContain(WARNING);
  });
});

describe('as a new user: audit export-folder/ --db :memory:, then plan', () => {
  it('loads the kinds, says in one line what it skipped, and the audit is right', async () => {
    const want = expected(WEEKLY_FILES);
    const result = await runJsonInProcess<{
      snapshot: { counts: Record<string, number> };
      warnings: string[];
      coverage: Record<string, number>;
      checks: { check: string; kind: string; count: number }[];
      skipped: { path: string }[];
    }>(['audit', WEEKLY, '--db', ':memory:', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(stderrLines(result.stderr).filter((l) => l.startsWith('skipped '))).toEqual([skippedLine(want.skipped)]);
    expect(result.stderr).not.toContain('warning');
    expect(result.json.skipped.map((s) => path.basename(s.path)).sort()).toEqual(
      want.skipped.map((s) => s.name).sort(),
    );
    expect(result.json.snapshot.counts).toMatchObject(counts(want));
    expect(result.json.warnings).toEqual([]);
    // Accounts: A2 (inactive Priya) and A5 (deleted user) are not covered; contacts: C2 (Priya); leads: L3 (Priya); L1 is the queue's.
    expect(result.json.coverage).toMatchObject({ accounts: 60, contacts: 83.33, leads: 75 });
    const count = (check: string, kind: string) =>
      result.json.checks.find((c) => c.check === check && c.kind === kind)?.count;
    expect([
      count('inactive-owner', 'accounts'),
      count('unknown-owner', 'accounts'),
      count('inactive-owner', 'contacts'),
      count('inactive-owner', 'leads'),
    ]).toEqual([1, 1, 1, 1]);
    expect(count('account-owner-mismatch', 'contacts')).toBe(1);
  });

  it('plan gives records only to real, active users (never a role, profile, queue or system user)', async () => {
    const db = path.join(freshDir(), 'x.db');
    expect((await runInProcess(['load', WEEKLY, '--db', db])).code).toBe(0);
    const out = path.join(freshDir(), 'plan');
    const result = await runInProcess(['plan', '--db', db, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const users = parse(readFileSync(weekly('User.csv')), { columns: true }) as {
      Id: string;
      IsActive: string;
      UserType: string;
    }[];
    const people = new Set(users.filter((u) => u.IsActive === '1' && u.UserType === 'Standard').map((u) => u.Id));
    expect(people.size).toBe(2);
    const moves = parse(readFileSync(path.join(out, 'plan.csv')), { columns: true, bom: true }) as {
      record_id: string;
      new_owner_id: string;
    }[];
    expect(moves.map((m) => m.record_id).sort()).toEqual([
      '0015e00000HpMbGAAV',
      '0015e00000HpOlFAAV',
      '0035e00000HpJs2AAF',
      '00Q5e00000HpAo3EAF',
    ]);
    for (const move of moves) expect(people.has(move.new_owner_id), move.new_owner_id).toBe(true);
  });
});
