/**
 * The plan folder (README, `plan` → its files; "Files for people and files for machines"):
 * plan.csv and unplaced.csv for people (BOM, CRLF, formula escaping), import-/rollback-<kind>.csv
 * exactly as each CRM's importer wants them (no BOM, LF, no escaping), summary.json, and refusing to
 * overwrite a plan without force, nor write one into a folder that holds something else.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/errors.js';
import { PLAN_SCHEMA, writePlanFiles } from '../../src/plan/writePlan.js';
import { ACCOUNTS_HEADER, CONTACTS_HEADER, csv, plan, readRows, scratch, snapshotOf, writeTo } from './helpers.js';

const text = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');
const bytes = (dir: string, name: string) => readFileSync(path.join(dir, name));

const PLAN_HEADER =
  'kind,record_id,record_name,current_owner_id,current_owner_name,new_owner_id,new_owner_name,reason,territory';
const UNPLACED_HEADER = 'kind,record_id,record_name,current_owner_id,current_owner_name,reason,territory';

// Owners: u1 "+Ann Plus" (email "=ann@x.test"), u2 Ben, u9 Old (inactive), u8 Zed (capacity 0: never
// receives anything). Accounts: a1 "=SUM(1,2)" owned by inactive u9; a2 "@Home Ltd" unowned; a3
// owned by the unknown "Gone Person"; a4 "-Minus Co" owned by u2 (fine). Contact "+1001" (the id)
// named "-42", on a1, owned by u9: it follows a1.
// least-loaded (u1, u2 without capacity): a1 → u1 (account loads 0 vs 1) with +1001; a2 → u1 (1 vs 1,
// lowest id); a3 → u2 (2 vs 1).
const files = {
  'owners.csv': csv(
    'id,name,email,active,capacity',
    'u1,+Ann Plus,=ann@x.test,true,',
    'u2,Ben,ben@x.test,true,',
    'u9,Old,old@x.test,false,',
    'u8,Zed,zed@x.test,true,0',
  ),
  'accounts.csv': csv(
    ACCOUNTS_HEADER,
    'a1,"=SUM(1,2)",u9,,',
    'a2,@Home Ltd,,,',
    'a3,Gone Co,Gone Person,,',
    'a4,-Minus Co,u2,,',
  ),
  'contacts.csv': csv(CONTACTS_HEADER, '+1001,-42,,a1,u9,'),
};

describe('plan.csv and unplaced.csv: files for people', () => {
  it('plan.csv is UTF-8 with BOM and CRLF, has the documented header, and escapes cells Excel would evaluate', async () => {
    const result = plan(await snapshotOf(files), { crm: 'generic' });
    const dir = writeTo(result);
    const raw = bytes(dir, 'plan.csv');
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = raw.subarray(3).toString('utf8');
    expect(body.startsWith(`${PLAN_HEADER}\r\n`)).toBe(true);
    expect(body.endsWith('\r\n')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toContain('\n');

    const rows = readRows(path.join(dir, 'plan.csv'));
    expect(rows[0].join(',')).toBe(PLAN_HEADER);
    const byId = Object.fromEntries(rows.slice(1).map((r) => [r[1], r]));
    // The record id "+1001" and names starting with = + @ are prefixed with '; "-42" is a plain number: kept.
    expect(Object.keys(byId).sort()).toEqual(["'+1001", 'a1', 'a2', 'a3']);
    expect(byId.a1[2]).toBe("'=SUM(1,2)");
    expect(byId.a2[2]).toBe("'@Home Ltd");
    expect(byId["'+1001"][2]).toBe('-42');
    // Every row moves a record: kind, current owner (id, or the raw value when it resolves to nobody), new owner, reason.
    expect(byId.a1.slice(3, 5)).toEqual(['u9', 'Old']);
    expect(byId.a1[7]).toBe('inactive-owner');
    expect(byId.a2.slice(3, 5)).toEqual(['', '']);
    expect(byId.a2[7]).toBe('unowned');
    expect(byId.a3.slice(3, 5)).toEqual(['Gone Person', '']);
    expect(byId.a3[7]).toBe('unknown-owner');
    for (const row of rows.slice(1)) {
      const to = result.plan.moves.find((m) => m.record.id === row[1].replace(/^'/, ''))!.to;
      expect(row[5]).toBe(to.id);
      expect(row[6]).toBe(to.id === 'u1' ? "'+Ann Plus" : to.name);
      expect(row[8]).toBe(''); // no rules, no territory
    }
    // Rows by kind, then id.
    expect(rows.slice(1).map((r) => `${r[0]}:${r[1]}`)).toEqual([
      'accounts:a1',
      'accounts:a2',
      'accounts:a3',
      "contacts:'+1001",
    ]);
  });

  it('unplaced.csv has the documented header and the reason, also when it is empty', async () => {
    // Only u8 (capacity 0) can receive records: everything is unplaced for lack of capacity.
    const db = await snapshotOf(files);
    const dir = writeTo(plan(db, { placeholderOwners: ['u1', 'u2'] }));
    const raw = bytes(dir, 'unplaced.csv');
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(raw.subarray(3).toString('utf8').split('\r\n')[0]).toBe(UNPLACED_HEADER);
    const rows = readRows(path.join(dir, 'unplaced.csv'));
    expect(rows.slice(1)).toEqual([
      ['accounts', 'a1', "'=SUM(1,2)", 'u9', 'Old', 'no capacity', ''],
      ['accounts', 'a2', "'@Home Ltd", '', '', 'no capacity', ''],
      ['accounts', 'a3', 'Gone Co', 'Gone Person', '', 'no capacity', ''],
      // a4 belongs to the placeholder u2 now, so it is unowned too.
      ['accounts', 'a4', "'-Minus Co", 'u2', 'Ben', 'no capacity', ''],
      ['contacts', "'+1001", '-42', 'u9', 'Old', 'no capacity', ''],
    ]);
    // Nothing moves: plan.csv has its header only, and there are no import or rollback files.
    expect(text(dir, 'plan.csv')).toBe(`\uFEFF${PLAN_HEADER}\r\n`);
    expect(readdirSync(dir).sort()).toEqual(['plan.csv', 'summary.json', 'unplaced.csv']);

    const empty = writeTo(plan(db));
    expect(text(empty, 'unplaced.csv')).toBe(`\uFEFF${UNPLACED_HEADER}\r\n`);
  });
});

describe('import-<kind>.csv and rollback-<kind>.csv: files for machines', () => {
  /** A machine file: no BOM, LF only, ending in LF. */
  function expectMachineFile(dir: string, name: string): string {
    const raw = bytes(dir, name);
    expect(raw[0], `${name} has no BOM`).not.toBe(0xef);
    const body = raw.toString('utf8');
    expect(body, `${name} has no CR`).not.toContain('\r');
    expect(body.endsWith('\n')).toBe(true);
    return body;
  }

  it("generic: id,owner_id with owner ids; the rollback holds each record's current owner", async () => {
    const result = plan(await snapshotOf(files), { crm: 'generic' });
    const dir = writeTo(result);
    const to = (id: string) => result.plan.moves.find((m) => m.record.id === id)!.to.id;
    expect(expectMachineFile(dir, 'import-accounts.csv')).toBe(
      `id,owner_id\na1,${to('a1')}\na2,${to('a2')}\na3,${to('a3')}\n`,
    );
    // The unknown owner is restored as exported; the empty one as empty.
    expect(expectMachineFile(dir, 'rollback-accounts.csv')).toBe('id,owner_id\na1,u9\na2,\na3,Gone Person\n');
    // No formula escaping: the id "+1001" is exactly as in the CRM.
    expect(expectMachineFile(dir, 'import-contacts.csv')).toBe(`id,owner_id\n+1001,${to('+1001')}\n`);
    expect(expectMachineFile(dir, 'rollback-contacts.csv')).toBe('id,owner_id\n+1001,u9\n');
  });

  it("hubspot: Record ID,Company owner / Record ID,Contact owner, with the owner's email, exactly (no escaping)", async () => {
    // Only u1 (email "=ann@x.test") can receive records.
    const result = plan(await snapshotOf(files), { crm: 'hubspot', placeholderOwners: ['u2', 'u8'] });
    const dir = writeTo(result);
    expect(result.crm).toBe('hubspot');
    expect(expectMachineFile(dir, 'import-accounts.csv')).toBe(
      'Record ID,Company owner\na1,=ann@x.test\na2,=ann@x.test\na3,=ann@x.test\na4,=ann@x.test\n',
    );
    expect(expectMachineFile(dir, 'rollback-accounts.csv')).toBe(
      'Record ID,Company owner\na1,old@x.test\na2,\na3,Gone Person\na4,ben@x.test\n',
    );
    expect(expectMachineFile(dir, 'import-contacts.csv')).toBe('Record ID,Contact owner\n+1001,=ann@x.test\n');
    expect(expectMachineFile(dir, 'rollback-contacts.csv')).toBe('Record ID,Contact owner\n+1001,old@x.test\n');
  });

  it("salesforce: Id,OwnerId with 18-character ids; the export's preset picks the format", async () => {
    // A Data Loader export with 15-character ids (converted to 18 on load, as in test/ingest/salesforceId.test.ts):
    // account 001x0000002xLCV → 001x0000002xLCVAA2, owned by the deleted user 005x0000000fNSi
    // (→ 005x0000000fNSiAAM, in no users file); account 001E000000M4pZB → 001E000000M4pZBIAZ owned by
    // inactive Sam. Dana (0058c00000l57zPAAQ) is the only active user.
    const db = await snapshotOf({
      'User.csv': csv(
        'Id,Name,Email,IsActive,UserType',
        '0058c00000l57zPAAQ,Dana Whitfield,dana@x.test,true,Standard',
        '0058c00000BhoutAAB,Sam Patel,sam@x.test,false,Standard',
      ),
      'Account.csv': csv(
        'Id,Name,OwnerId',
        '001x0000002xLCV,Gravity,005x0000000fNSi',
        '001E000000M4pZB,Other,0058c00000BhoutAAB',
      ),
    });
    const result = plan(db);
    expect(result.crm).toBe('salesforce');
    const dir = writeTo(result);
    expect(expectMachineFile(dir, 'import-accounts.csv')).toBe(
      'Id,OwnerId\n001E000000M4pZBIAZ,0058c00000l57zPAAQ\n001x0000002xLCVAA2,0058c00000l57zPAAQ\n',
    );
    expect(expectMachineFile(dir, 'rollback-accounts.csv')).toBe(
      'Id,OwnerId\n001E000000M4pZBIAZ,0058c00000BhoutAAB\n001x0000002xLCVAA2,005x0000000fNSiAAM\n',
    );
    // --crm overrides the detected format.
    expect(expectMachineFile(writeTo(plan(db, { crm: 'generic' })), 'import-accounts.csv').split('\n')[0]).toBe(
      'id,owner_id',
    );
  });

  it('a snapshot of generic exports writes generic files by default', async () => {
    const result = plan(await snapshotOf(files));
    expect(result.crm).toBe('generic');
    expect(text(writeTo(result), 'import-accounts.csv').split('\n')[0]).toBe('id,owner_id');
  });
});

describe('summary.json', () => {
  it('is the crm-owners/plan@1 document: snapshot, options, counts by reason and kind, and per-owner before/after loads', async () => {
    // u8 has capacity 0 and u2 is a placeholder: only u1 receives records.
    const result = plan(await snapshotOf(files), {
      placeholderOwners: ['u2'],
      excludedIds: new Set(['a3']),
      crm: 'generic',
    });
    const dir = writeTo(result);
    const summary = JSON.parse(text(dir, 'summary.json'));
    expect(PLAN_SCHEMA).toBe('crm-owners/plan@1');
    expect(summary).toEqual({
      schema: 'crm-owners/plan@1',
      command: 'plan',
      snapshot: 1,
      crm: 'generic',
      options: {
        fix: ['unowned', 'inactive-owner', 'unknown-owner', 'territory-conflict'],
        strategy: 'least-loaded',
        contactsFollowAccounts: true,
        followAccounts: ['contacts', 'opportunities', 'tasks', 'events'],
        includeClosed: false,
        pool: null,
        rules: null,
        placeholderOwners: ['u2'],
        excluded: true,
        lockColumn: null,
        maxMoves: null,
        crm: 'generic',
      },
      counts: {
        moves: 4,
        unplaced: 0,
        excluded: 1,
        movesByKind: { accounts: 3, contacts: 1 },
        movesByReason: { 'inactive-owner': 2, unowned: 2 },
        unplacedByKind: {},
        unplacedByReason: {},
        excludedByKind: { accounts: 1 },
        excludedByReason: { excluded: 1 },
      },
      owners: [
        // Owners whose loads change, in id order.
        {
          id: 'u1',
          name: '+Ann Plus',
          before: { accounts: 0, contacts: 0 },
          after: { accounts: 3, contacts: 1 },
          capacity: {},
        },
        {
          id: 'u2',
          name: 'Ben',
          before: { accounts: 1, contacts: 0 },
          after: { accounts: 0, contacts: 0 },
          capacity: {},
        },
        {
          id: 'u9',
          name: 'Old',
          before: { accounts: 1, contacts: 1 },
          after: { accounts: 0, contacts: 0 },
          capacity: {},
        },
      ],
      // No opportunity moves: no new owner receives pipeline.
      pipeline: { owners: [], withoutAmount: 0, unreadable: { count: 0 } },
      // No team member moves: no team files.
      teams: [],
    });
    // a1 (u9) with its follower +1001, a2 (nobody) and a4 (the placeholder u2) go to u1; a3 is excluded.
    expect(readRows(path.join(dir, 'import-accounts.csv')).slice(1)).toEqual([
      ['a1', 'u1'],
      ['a2', 'u1'],
      ['a4', 'u1'],
    ]);
  });

  it('gives capacities for owners who can receive records', async () => {
    const result = plan(await snapshotOf(files), { defaultCapacity: 7 });
    const summary = JSON.parse(text(writeTo(result), 'summary.json'));
    const receivers = summary.owners.filter(
      (o: { before: { accounts: number }; after: { accounts: number } }) => o.after.accounts > o.before.accounts,
    );
    expect(receivers.length).toBeGreaterThan(0);
    for (const owner of receivers) expect(owner.capacity).toEqual({ accounts: 7, contacts: 7 });
    // The inactive owner that loses records has no capacity.
    expect(summary.owners.find((o: { id: string }) => o.id === 'u9').capacity).toEqual({});
  });
});

describe('the plan folder', () => {
  it('refuses to overwrite an existing plan without force (UsageError), and leaves it untouched', async () => {
    const db = await snapshotOf(files);
    const dir = writeTo(plan(db));
    const before = readFileSync(path.join(dir, 'plan.csv'));
    expect(() => writePlanFiles(dir, plan(db, { placeholderOwners: ['u1', 'u2'] }), false)).toThrow(UsageError);
    let error: UsageError | undefined;
    try {
      writePlanFiles(dir, plan(db), false);
    } catch (e) {
      error = e as UsageError;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(error!.message).toContain(dir);
    expect(`${error!.message} ${error!.hint}`).toContain('--force');
    expect(readFileSync(path.join(dir, 'plan.csv')).equals(before)).toBe(true);
  });

  it('with force, replaces the plan: import/rollback files of a kind no longer in the plan are gone; other files stay', async () => {
    const db = await snapshotOf(files);
    const dir = writeTo(plan(db));
    expect(existsSync(path.join(dir, 'import-contacts.csv'))).toBe(true);
    writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
    // Excluding the contact: the new plan moves accounts only.
    const accountsOnly = plan(db, { excludedIds: new Set(['+1001']) });
    expect(accountsOnly.plan.moves.every((m) => m.record.kind === 'accounts')).toBe(true);
    writePlanFiles(dir, accountsOnly, true);
    expect(readdirSync(dir).sort()).toEqual([
      'import-accounts.csv',
      'notes.txt',
      'plan.csv',
      'rollback-accounts.csv',
      'summary.json',
      'unplaced.csv',
    ]);
    expect(text(dir, 'notes.txt')).toBe('keep me');
    expect(JSON.parse(text(dir, 'summary.json')).counts.excluded).toBe(1);
  });

  it('writes into a folder that does not exist yet, and into an empty folder', async () => {
    const db = await snapshotOf(files);
    const fresh = path.join(scratch('nested-'), 'plans', '2026-11');
    writePlanFiles(fresh, plan(db), false);
    expect(existsSync(path.join(fresh, 'plan.csv'))).toBe(true);
    const empty = scratch('empty-');
    writePlanFiles(empty, plan(db), false);
    expect(existsSync(path.join(empty, 'summary.json'))).toBe(true);
  });

  it('with force, refuses a plan folder that also holds a folder (it would be replaced whole), and leaves it untouched', async () => {
    const db = await snapshotOf(files);
    const dir = writeTo(plan(db));
    mkdirSync(path.join(dir, 'attachments'));
    const before = readdirSync(dir).sort();
    expect(() => writePlanFiles(dir, plan(db), true)).toThrow(`${dir} holds folders besides the plan (attachments)`);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('refuses a folder that holds other things and no plan (it would be replaced whole), and leaves it untouched', async () => {
    const db = await snapshotOf(files);
    const other = scratch('other-');
    writeFileSync(path.join(other, 'README.txt'), 'not a plan');
    for (const force of [false, true]) {
      expect(() => writePlanFiles(other, plan(db), force)).toThrow(UsageError);
      expect(() => writePlanFiles(other, plan(db), force)).toThrow(
        `${other} is not empty and holds no plan (README.txt)`,
      );
    }
    expect(readdirSync(other)).toEqual(['README.txt']);
    expect(text(other, 'README.txt')).toBe('not a plan');
  });
});
