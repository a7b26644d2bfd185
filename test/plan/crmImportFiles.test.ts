/**
 * Dynamics 365 and Pipedrive plans (README, `plan` → import files): each CRM's own import shape,
 * built from its real export fixtures, rollback files in the same shape, and a plan folder that reads
 * back (verify) in that shape.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/errors.js';
import { namesakeWarnings } from '../../src/plan/namesakes.js';
import { readPlan } from '../../src/plan/planFiles.js';
import { verifyPlan } from '../../src/plan/verify.js';
import { openDatabase } from '../../src/store/database.js';
import { loadSnapshot } from '../../src/load/loadSnapshot.js';
import { ROOT } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { csv, LOADED_AT, scratch, snapshotOf, transfer, writeTo } from './helpers.js';

const text = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');

async function fixtureSnapshot(...folders: string[]) {
  const db = openDatabase(':memory:');
  await loadSnapshot(db, {
    files: folders.map((f) => path.join(ROOT, 'fixtures', f)),
    rejectsPath: path.join(scratch('rejects-'), 'rejects.csv'),
    now: LOADED_AT,
  });
  return db;
}

describe('Dynamics 365 plans: "Import from CSV" with the table\'s primary key and Owner by full name', () => {
  it('a snapshot of Dynamics exports writes Account,Owner / Contact,Owner files with GUIDs and full names, rollback alike', async () => {
    const db = await fixtureSnapshot('dynamics');
    const result = transfer(db, { from: 'Avery Collins', to: 'Bianca Rossi', kinds: ['accounts'] });
    expect(result.crm).toBe('dynamics');
    const dir = writeTo(result);
    expect(text(dir, 'import-accounts.csv')).toBe(
      'Account,Owner\n4cbce5af-9e56-ef11-8409-000d3aef8a06,Bianca Rossi\n5b0cef76-0dd2-ef11-9d6f-000d3a00785b,Bianca Rossi\n',
    );
    expect(text(dir, 'rollback-accounts.csv')).toBe(
      'Account,Owner\n4cbce5af-9e56-ef11-8409-000d3aef8a06,Avery Collins\n5b0cef76-0dd2-ef11-9d6f-000d3a00785b,Avery Collins\n',
    );
    expect(JSON.parse(text(dir, 'summary.json')).crm).toBe('dynamics');
  });

  it('every kind is named by its table: Contact, Opportunity, Case', async () => {
    const db = await fixtureSnapshot('dynamics', 'dynamics/sales');
    const dir = writeTo(transfer(db, { from: 'Avery Collins', to: 'Chen Wei' }));
    for (const [kind, table] of [
      ['contacts', 'Contact'],
      ['opportunities', 'Opportunity'],
      ['cases', 'Case'],
    ]) {
      const lines = text(dir, `import-${kind}.csv`).split('\n');
      expect(lines[0]).toBe(`${table},Owner`);
      expect(lines[1]).toMatch(/^[0-9a-f-]{36},Chen Wei$/);
      expect(text(dir, `rollback-${kind}.csv`).split('\n')[0]).toBe(`${table},Owner`);
    }
  });

  it('reads back and verifies against a later snapshot: rows applied and not applied', async () => {
    const db = await fixtureSnapshot('dynamics');
    const dir = writeTo(transfer(db, { from: 'Avery Collins', to: 'Bianca Rossi', kinds: ['accounts'] }));
    const folder = await readPlan(dir);
    expect(folder.crm).toBe('dynamics');
    expect(folder.rows.map((r) => [r.recordId, r.newOwner, r.oldOwner])).toEqual([
      ['4cbce5af-9e56-ef11-8409-000d3aef8a06', 'Bianca Rossi', 'Avery Collins'],
      ['5b0cef76-0dd2-ef11-9d6f-000d3a00785b', 'Bianca Rossi', 'Avery Collins'],
    ]);
    const result = verifyPlan(db, folder);
    expect(result.counts['not-applied']).toBe(2);
  });
});

describe("Pipedrive plans: the spreadsheet import's ID and Owner, updating items by their Pipedrive id", () => {
  it("a snapshot of Pipedrive exports writes Organization - ID,Organization - Owner and Person - ID,Person - Owner by the user's name", async () => {
    const db = await fixtureSnapshot('pipedrive');
    const result = transfer(db, {
      from: 'Kara Lindsey',
      to: 'ben.okoro@northgatereno.com',
      kinds: ['accounts', 'contacts'],
    });
    expect(result.crm).toBe('pipedrive');
    const dir = writeTo(result);
    expect(text(dir, 'import-accounts.csv')).toBe('Organization - ID,Organization - Owner\n1,Ben Okoro\n3,Ben Okoro\n');
    expect(text(dir, 'rollback-accounts.csv')).toBe(
      'Organization - ID,Organization - Owner\n1,Kara Lindsey\n3,Kara Lindsey\n',
    );
    const people = text(dir, 'import-contacts.csv').split('\n');
    expect(people[0]).toBe('Person - ID,Person - Owner');
    expect(people.slice(1, -1).every((line) => /^\d+,Ben Okoro$/.test(line))).toBe(true);
    expect((await readPlan(dir)).crm).toBe('pipedrive');
  });

  it('deals are Deal - ID,Deal - Owner', async () => {
    const db = await fixtureSnapshot('pipedrive', 'pipedrive/sales');
    const dir = writeTo(transfer(db, { from: 'Kara Lindsey', to: 'Ben Okoro', kinds: ['opportunities'] }));
    expect(text(dir, 'import-opportunities.csv').split('\n')[0]).toBe('Deal - ID,Deal - Owner');
  });

  it('refuses cases, which Pipedrive has no import for, saying so', async () => {
    const db = await snapshotOf({
      'owners.csv': csv('id,name,email,active', 'u1,Ann,ann@x.test,true', 'u2,Ben,ben@x.test,true'),
      'cases.csv': csv('id,name,owner,status', 'c1,Broken,u1,open'),
    });
    const result = transfer(db, { from: 'u1', to: 'u2', crm: 'pipedrive' });
    expect(() => writeTo(result)).toThrow(UsageError);
    expect(() => writeTo(result)).toThrow(/Pipedrive has no import for cases/);
  });
});

describe('owners named by full name', () => {
  const files = {
    'owners.csv': csv(
      'id,name,email,active',
      'u1,Sam Patel,sam@x.test,false',
      'u2,Chris Lee,chris@x.test,true',
      'u3,Chris Lee,christopher@x.test,false',
      'u4,Dana Whitfield,dana@x.test,true',
    ),
    'accounts.csv': csv('id,name,owner', 'a1,Alpha,u1'),
  };

  it('a receiving owner whose full name another owner has is warned about where the import names owners by name', async () => {
    const db = await snapshotOf(files);
    expect(namesakeWarnings(transfer(db, { from: 'u1', to: 'u2', crm: 'dynamics' }))).toEqual([
      'Chris Lee (id u2, chris@x.test) gets records, and the dynamics import names owners by full name, which Chris Lee (id u3, christopher@x.test) also has: the import cannot tell them apart; give them names of their own in the CRM and export again',
    ]);
    expect(namesakeWarnings(transfer(db, { from: 'u1', to: 'u2', crm: 'pipedrive' }))).toHaveLength(1);
    // By id or email the import can tell them apart; and a name of one's own is no matter.
    expect(namesakeWarnings(transfer(db, { from: 'u1', to: 'u2', crm: 'salesforce' }))).toEqual([]);
    expect(namesakeWarnings(transfer(db, { from: 'u1', to: 'u2', crm: 'hubspot' }))).toEqual([]);
    expect(namesakeWarnings(transfer(db, { from: 'u1', to: 'u4', crm: 'dynamics' }))).toEqual([]);
  });
});

describe('--crm dynamics and --crm pipedrive on the command line', () => {
  it('are accepted and write their shapes', async () => {
    const db = path.join(scratch('db-'), 'crm.db');
    const out = path.join(scratch('out-'), 'plan');
    expect((await runInProcess(['load', path.join(ROOT, 'fixtures', 'dynamics'), '--db', db, '-q'])).code).toBe(0);
    const run = await runInProcess([
      'transfer',
      '--from',
      'Avery Collins',
      '--to',
      'Bianca Rossi',
      '--kinds',
      'accounts',
      '--crm',
      'dynamics',
      '--out',
      out,
      '--db',
      db,
    ]);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(text(out, 'import-accounts.csv').split('\n')[0]).toBe('Account,Owner');
    const pd = await runInProcess([
      'transfer',
      '--from',
      'Avery Collins',
      '--to',
      'Bianca Rossi',
      '--kinds',
      'accounts',
      '--crm',
      'pipedrive',
      '--out',
      out,
      '--force',
      '--db',
      db,
    ]);
    expect(pd.code).toBe(0);
    expect(text(out, 'import-accounts.csv')).toContain('Organization - ID,Organization - Owner\n');
  });
});
