/**
 * verify on small hand-made snapshots: every status worked out by hand, plan folders in each CRM's
 * import format written by hand, and plan folders that are missing or garbled.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { toSalesforceId18 } from '../../src/records/salesforceId.js';
import { readPlan } from '../../src/plan/planFiles.js';
import { verifyPlan, type VerifyResult } from '../../src/plan/verify.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { loadSnapshot } from '../../src/load/loadSnapshot.js';

const root = mkdtempSync(path.join(tmpdir(), 'crm-owners-verify-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let serial = 0;

/** Writes `files` (relative name -> text) into a fresh folder; returns the folder. */
function folder(files: Record<string, string>): string {
  const dir = path.join(root, `d${++serial}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const lines = (...rows: string[]) => `${rows.join('\n')}\n`;

async function load(db: Db, files: Record<string, string>): Promise<number> {
  const dir = folder(files);
  const result = await loadSnapshot(db, {
    files: Object.keys(files).map((name) => path.join(dir, name)),
    rejectsPath: path.join(dir, 'rejects.csv'),
    now: new Date('2026-11-01T00:00:00Z'),
  });
  return result.snapshot;
}

const summary = (crm: string, snapshot = 1) =>
  JSON.stringify({ schema: 'crm-owners/plan@1', snapshot, crm, counts: {} });

const OWNERS = lines(
  'id,name,email,active',
  'u1,Ann Lee,ann@acme.example,true',
  'u2,Bob Day,bob@acme.example,true',
  'u3,Cy Fox,cy@acme.example,true',
);

/** Status by record id, for the rows not applied. */
const statuses = (result: VerifyResult) => Object.fromEntries(result.rows.map((r) => [r.recordId, r.status]));

describe('verify: generic plan, every status', () => {
  // Plan made from snapshot 1: a1 u1→u2, a2 u1→u3, a3 (unowned)→u2, a4 ghost→u3, a5 u2→u3, c1 u1→u2, c2 u2→u1.
  const plan = folder({
    'summary.json': summary('generic'),
    'import-accounts.csv': lines('id,owner_id', 'a1,u2', 'a2,u3', 'a3,u2', 'a4,u3', 'a5,u3'),
    'rollback-accounts.csv': lines('id,owner_id', 'a1,u1', 'a2,u1', 'a3,', 'a4,ghost', 'a5,u2'),
    'import-contacts.csv': lines('id,owner_id', 'c1,u2', 'c2,u1'),
    'rollback-contacts.csv': lines('id,owner_id', 'c1,u1', 'c2,u2'),
  });

  async function verified(snapshot?: number) {
    const db = openDatabase(':memory:');
    await load(db, {
      'owners.csv': OWNERS,
      'accounts.csv': lines('id,name,owner', 'a1,A1,u1', 'a2,A2,u1', 'a3,A3,', 'a4,A4,ghost', 'a5,A5,u2'),
      'contacts.csv': lines('id,name,email,account_id,owner', 'c1,C1,c1@x.example,a1,u1', 'c2,C2,c2@x.example,a1,u2'),
    });
    // After the import: a1 moved (applied); a2 and a3 did not; a4 still the same unknown owner,
    // spelled differently; a5 went to someone not in the plan; c1 was deleted; c2 moved, its owner
    // exported by email this time.
    await load(db, {
      'owners.csv': OWNERS,
      'accounts.csv': lines('id,name,owner', 'a1,A1,u2', 'a2,A2,u1', 'a3,A3,', 'a4,A4, GHOST ', 'a5,A5,u1'),
      'contacts.csv': lines('id,name,email,account_id,owner', 'c2,C2,c2@x.example,a1,ANN@acme.example'),
    });
    return verifyPlan(db, await readPlan(plan), snapshot);
  }

  it('counts applied, not-applied, changed-elsewhere and missing', async () => {
    const result = await verified();
    expect(result.snapshot.id).toBe(2);
    expect(result.total).toBe(7);
    expect(result.counts).toEqual({ applied: 2, 'not-applied': 3, 'changed-elsewhere': 1, missing: 1 });
    expect(result.byKind).toEqual([
      { kind: 'accounts', counts: { applied: 1, 'not-applied': 3, 'changed-elsewhere': 1, missing: 0 } },
      { kind: 'contacts', counts: { applied: 1, 'not-applied': 0, 'changed-elsewhere': 0, missing: 1 } },
    ]);
    expect(statuses(result)).toEqual({
      a2: 'not-applied',
      a3: 'not-applied',
      a4: 'not-applied',
      a5: 'changed-elsewhere',
      c1: 'missing',
    });
  });

  it("reports each row not applied with its name, the expected, previous and actual owner, in plan order (a missing record by its name in the plan's snapshot)", async () => {
    const result = await verified();
    expect(result.rows).toEqual([
      {
        kind: 'accounts',
        recordId: 'a2',
        recordName: 'A2',
        expectedOwner: 'u3',
        previousOwner: 'u1',
        actualOwner: 'u1',
        expectedName: 'Cy Fox',
        previousName: 'Ann Lee',
        actualName: 'Ann Lee',
        status: 'not-applied',
      },
      {
        kind: 'accounts',
        recordId: 'a3',
        recordName: 'A3',
        expectedOwner: 'u2',
        previousOwner: '',
        actualOwner: '',
        expectedName: 'Bob Day',
        previousName: null,
        actualName: null,
        status: 'not-applied',
      },
      {
        kind: 'accounts',
        recordId: 'a4',
        recordName: 'A4',
        expectedOwner: 'u3',
        previousOwner: 'ghost',
        actualOwner: 'GHOST',
        expectedName: 'Cy Fox',
        previousName: null,
        actualName: null,
        status: 'not-applied',
      },
      {
        kind: 'accounts',
        recordId: 'a5',
        recordName: 'A5',
        expectedOwner: 'u3',
        previousOwner: 'u2',
        actualOwner: 'u1',
        expectedName: 'Cy Fox',
        previousName: 'Bob Day',
        actualName: 'Ann Lee',
        status: 'changed-elsewhere',
      },
      {
        kind: 'contacts',
        recordId: 'c1',
        recordName: 'C1',
        expectedOwner: 'u2',
        previousOwner: 'u1',
        actualOwner: null,
        expectedName: 'Bob Day',
        previousName: 'Ann Lee',
        actualName: null,
        status: 'missing',
      },
    ]);
  });

  it("against the plan's own snapshot nothing is applied yet", async () => {
    const result = await verified(1);
    expect(result.counts).toEqual({ applied: 0, 'not-applied': 7, 'changed-elsewhere': 0, missing: 0 });
  });
});

describe('verify: HubSpot plan (owners by email)', () => {
  const HS_OWNERS = lines(
    'Owner ID,First Name,Last Name,Email,Archived',
    '701,Hannah,Brooks,hannah@studio.example,false',
    '702,Marcus,Lee,marcus@studio.example,false',
    '703,Sofia,Alvarez,sofia@studio.example,false',
  );
  const contacts = (...rows: string[]) =>
    lines('Record ID,First Name,Last Name,Email,Contact owner,Associated Company IDs', ...rows);

  it('matches the planned email against the display name HubSpot exports', async () => {
    const db = openDatabase(':memory:');
    await load(db, {
      'hubspot-owners.csv': HS_OWNERS,
      'hubspot-crm-exports-all-contacts.csv': contacts(
        '5001,Ellie,Warren,ellie@x.example,Hannah Brooks,',
        '5002,Jonah,Pierce,jonah@x.example,Hannah Brooks,',
        '5003,Ida,Moss,ida@x.example,Deactivated User,',
      ),
    });
    await load(db, {
      'hubspot-owners.csv': HS_OWNERS,
      'hubspot-crm-exports-all-contacts.csv': contacts(
        '5001,Ellie,Warren,ellie@x.example,Marcus Lee,',
        '5002,Jonah,Pierce,jonah@x.example,Sofia Alvarez,',
        '5003,Ida,Moss,ida@x.example,Deactivated User,',
      ),
    });
    const plan = folder({
      'summary.json': summary('hubspot'),
      'import-contacts.csv': lines(
        'Record ID,Contact owner',
        '5001,marcus@studio.example',
        '5002,marcus@studio.example',
        '5003,sofia@studio.example',
      ),
      'rollback-contacts.csv': lines(
        'Record ID,Contact owner',
        '5001,hannah@studio.example',
        '5002,hannah@studio.example',
        '5003,Deactivated User',
      ),
    });
    const result = verifyPlan(db, await readPlan(plan));
    expect(result.counts).toEqual({ applied: 1, 'not-applied': 1, 'changed-elsewhere': 1, missing: 0 });
    // The actual owner is written the way the plan writes owners: by email.
    expect(result.rows).toEqual([
      {
        kind: 'contacts',
        recordId: '5002',
        recordName: 'Jonah Pierce',
        expectedOwner: 'marcus@studio.example',
        previousOwner: 'hannah@studio.example',
        actualOwner: 'sofia@studio.example',
        expectedName: 'Marcus Lee',
        previousName: 'Hannah Brooks',
        actualName: 'Sofia Alvarez',
        status: 'changed-elsewhere',
      },
      {
        kind: 'contacts',
        recordId: '5003',
        recordName: 'Ida Moss',
        expectedOwner: 'sofia@studio.example',
        previousOwner: 'Deactivated User',
        actualOwner: 'Deactivated User',
        expectedName: 'Sofia Alvarez',
        previousName: null,
        actualName: null,
        status: 'not-applied',
      },
    ]);
  });
});

describe('verify: Salesforce plan (18-character ids)', () => {
  const id = (prefix: string, n: number) => toSalesforceId18(`${prefix}${String(n).padStart(12, '0')}`);
  const [dana, mei, omar] = [id('005', 1), id('005', 2), id('005', 3)];
  const gone15 = '005000000000099'; // a user no longer in User.csv, as a report export writes it
  const [acc1, acc2, acc3] = [id('001', 1), id('001', 2), id('001', 3)];
  const USERS = lines(
    'Id,Name,Email,IsActive',
    `${dana},Dana Whitfield,dana@lr.example,true`,
    `${mei},Mei Chen,mei@lr.example,true`,
    `${omar},Omar Haddad,omar@lr.example,true`,
  );

  it('compares ids in their 18-character form, also for owners that resolve to nobody', async () => {
    const db = openDatabase(':memory:');
    await load(db, {
      'User.csv': USERS,
      'Account.csv': lines(
        'Id,Name,OwnerId',
        `${acc1},Redwood,${dana}`,
        `${acc2},Pacific,${gone15}`,
        `${acc3},Summit,${dana}`,
      ),
    });
    // The later export holds 15-character ids (a report): they are the same ids.
    await load(db, {
      'User.csv': USERS,
      'Account.csv': lines(
        'Id,Name,OwnerId',
        `${acc1.slice(0, 15)},Redwood,${mei.slice(0, 15)}`,
        `${acc2},Pacific,${gone15}`,
        `${acc3},Summit,${dana}`,
      ),
    });
    const plan = folder({
      'summary.json': summary('salesforce'),
      'import-accounts.csv': lines('Id,OwnerId', `${acc1},${mei}`, `${acc2},${omar}`, `${acc3},${omar}`),
      'rollback-accounts.csv': lines(
        'Id,OwnerId',
        `${acc1},${dana}`,
        `${acc2},${toSalesforceId18(gone15)}`,
        `${acc3},${dana}`,
      ),
    });
    const result = verifyPlan(db, await readPlan(plan));
    expect(result.counts).toEqual({ applied: 1, 'not-applied': 2, 'changed-elsewhere': 0, missing: 0 });
    expect(statuses(result)).toEqual({ [acc2]: 'not-applied', [acc3]: 'not-applied' });
  });
});

describe('readPlan', () => {
  const generic = (extra: Record<string, string> = {}) => ({
    'summary.json': summary('generic', 4),
    'import-accounts.csv': lines('id,owner_id', 'a1,u2', 'a2,u3'),
    'rollback-accounts.csv': lines('id,owner_id', 'a2,u1', 'a1,u1'),
    ...extra,
  });
  const failure = async (dir: string) => {
    try {
      await readPlan(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as Error).message;
    }
    throw new Error('readPlan did not fail');
  };

  it('pairs import and rollback rows by record id', async () => {
    const plan = await readPlan(folder(generic()));
    expect(plan.snapshot).toBe(4);
    expect(plan.crm).toBe('generic');
    expect(plan.rows).toEqual([
      { kind: 'accounts', recordId: 'a1', newOwner: 'u2', oldOwner: 'u1' },
      { kind: 'accounts', recordId: 'a2', newOwner: 'u3', oldOwner: 'u1' },
    ]);
  });

  it('a folder that is not a plan', async () => {
    const missing = path.join(root, 'no-such-plan');
    expect(await failure(missing)).toBe(`${missing}: no such file or folder`);
    const empty = folder({ 'notes.txt': 'hello' });
    expect(await failure(empty)).toBe(`${empty}: no summary.json: is this a folder written by crm-owners plan?`);
    const dir = folder(generic({ 'summary.json': '{"schema": "crm-owners/audit@1"}' }));
    expect(await failure(dir)).toMatch(
      /summary\.json: "schema" is "crm-owners\/audit@1", expected "crm-owners\/plan@1"/,
    );
  });

  it('a garbled summary.json', async () => {
    const dir = folder(generic({ 'summary.json': '{"schema": "crm-owners/plan@1",' }));
    expect(await failure(dir)).toMatch(new RegExp(`^${path.join(dir, 'summary.json')}: not valid JSON`));
    const bad = folder(generic({ 'summary.json': summary('freshsales') }));
    expect(await failure(bad)).toMatch(
      /"crm" must be one of salesforce, hubspot, zoho, suitecrm, odoo, dynamics, pipedrive, generic, got "freshsales"/,
    );
  });

  it('garbled import and rollback files name the file and line', async () => {
    let dir = folder(generic({ 'import-accounts.csv': lines('Id,OwnerId', 'a1,u2') }));
    expect(await failure(dir)).toBe(
      `${path.join(dir, 'import-accounts.csv')}:1: header is "Id,OwnerId", expected "id,owner_id" (summary.json says crm generic)`,
    );
    dir = folder(generic({ 'import-accounts.csv': lines('id,owner_id', 'a1,u2', 'a2,u3,extra') }));
    expect(await failure(dir)).toBe(`${path.join(dir, 'import-accounts.csv')}:3:3: 3 fields, expected 2`);
    dir = folder(generic({ 'rollback-accounts.csv': lines('id,owner_id', 'a1,u1', 'a2,"u1') }));
    expect(await failure(dir)).toMatch(new RegExp(`^${path.join(dir, 'rollback-accounts.csv')}:3:2: `));
    dir = folder(generic({ 'rollback-accounts.csv': lines('id,owner_id', 'a1,u1', 'a9,u1') }));
    expect(await failure(dir)).toBe(
      `${path.join(dir, 'import-accounts.csv')}:3: record a2 has no row in rollback-accounts.csv`,
    );
    dir = folder(generic({ 'rollback-accounts.csv': lines('id,owner_id', 'a1,u1', 'a2,u1', 'a3,u1') }));
    expect(await failure(dir)).toBe(
      `${path.join(dir, 'rollback-accounts.csv')}:4: record a3 has no row in import-accounts.csv`,
    );
  });

  it('an import file without its rollback file', async () => {
    const dir = folder({ 'summary.json': summary('generic'), 'import-contacts.csv': lines('id,owner_id', 'c1,u2') });
    expect(await failure(dir)).toBe(
      `${path.join(dir, 'rollback-contacts.csv')}: missing: the plan has import-contacts.csv but not its rollback file`,
    );
  });
});
