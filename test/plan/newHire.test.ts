/**
 * `transfer --to` a new hire (README, `transfer`): an owner not in the users export, given by id with
 * --to-name/--to-email, written the way each CRM's import names owners and marked "not in the users
 * export" in the summary; never taken silently, and an unknown id without them still refused.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/errors.js';
import { toSalesforceId18 } from '../../src/records/salesforceId.js';
import { planSummary } from '../../src/plan/writePlan.js';
import { csv, readObjects, snapshotOf, transfer, writeTo } from './helpers.js';

// The new user's id as given (15 characters), and as import files write it.
const HIRE = toSalesforceId18('0058c00000NewHr');

const text = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');

const GENERIC = {
  'owners.csv': csv('id,name,email,active', 'u1,Sam Patel,sam@x.test,false', 'u2,Dana Whitfield,dana@x.test,true'),
  'accounts.csv': csv('id,name,owner', 'a1,Alpha,u1', 'a2,Beta,u1', 'a3,Gamma,u2'),
};

function refusal(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('transfer --to a new hire', () => {
  it('Salesforce: the new user id (as 18 characters) in Id,OwnerId; named in plan.csv; marked in summary.json', async () => {
    const db = await snapshotOf({
      'User.csv': csv(
        'Id,Name,Email,IsActive,UserType',
        '0058c00000BhoutAAB,Sam Patel,sam@x.test,false,Standard',
        '0058c00000l57zPAAQ,Dana Whitfield,dana@x.test,true,Standard',
      ),
      'Account.csv': csv('Id,Name,OwnerId', '001E000000M4pZBIAZ,Other,0058c00000BhoutAAB'),
    });
    const result = transfer(db, {
      from: 'Sam Patel',
      to: '0058c00000NewHr',
      toName: 'Jo Park',
      toEmail: 'jo.park@x.test',
    });
    const dir = writeTo(result);
    expect(text(dir, 'import-accounts.csv')).toBe(`Id,OwnerId\n001E000000M4pZBIAZ,${HIRE}\n`);
    expect(text(dir, 'rollback-accounts.csv')).toBe('Id,OwnerId\n001E000000M4pZBIAZ,0058c00000BhoutAAB\n');
    expect(readObjects(path.join(dir, 'plan.csv'))[0]).toMatchObject({ new_owner_id: HIRE, new_owner_name: 'Jo Park' });
    const summary = JSON.parse(text(dir, 'summary.json'));
    expect(summary.notInUsersExport).toEqual([
      { id: HIRE, name: 'Jo Park', email: 'jo.park@x.test', note: 'not in the users export' },
    ]);
    expect(summary.options.to).toBe(HIRE);
    expect(summary.owners).toContainEqual({
      id: HIRE,
      name: 'Jo Park',
      before: { accounts: 0 },
      after: { accounts: 1 },
      capacity: {},
    });
  });

  it('HubSpot, Dynamics and Pipedrive write the email or the name given', async () => {
    const db = await snapshotOf(GENERIC);
    const hubspot = writeTo(transfer(db, { from: 'u1', to: '91000001', toEmail: 'jo.park@x.test', crm: 'hubspot' }));
    expect(text(hubspot, 'import-accounts.csv')).toBe(
      'Record ID,Company owner\na1,jo.park@x.test\na2,jo.park@x.test\n',
    );
    const dynamics = writeTo(
      transfer(db, { from: 'u1', to: '6f1c2a9e-0000-4000-8000-000000000001', toName: 'Jo Park', crm: 'dynamics' }),
    );
    expect(text(dynamics, 'import-accounts.csv')).toBe('Account,Owner\na1,Jo Park\na2,Jo Park\n');
    const pipedrive = writeTo(
      transfer(db, { from: 'u1', to: '12876599', toName: 'Jo Park', toEmail: 'jo.park@x.test', crm: 'pipedrive' }),
    );
    expect(text(pipedrive, 'import-accounts.csv')).toBe(
      'Organization - ID,Organization - Owner\na1,Jo Park\na2,Jo Park\n',
    );
  });

  it('without --to-name/--to-email an unknown id is refused, saying how to pass a new hire', async () => {
    const db = await snapshotOf(GENERIC);
    const error = refusal(() => transfer(db, { from: 'u1', to: 'u9' }));
    expect(error.message).toBe('--to: no owner "u9" in snapshot 1');
    expect(error.hint).toMatch(
      /for a new hire not in this users export, give their user id with --to and their name and email: --to u9 --to-name "First Last" --to-email/,
    );
  });

  it('refuses what would write the wrong owner or hide a mix-up', async () => {
    const db = await snapshotOf(GENERIC);
    // The import names owners by email (HubSpot) or name (Dynamics): the flag that gives it is needed.
    expect(
      refusal(() => transfer(db, { from: 'u1', to: '91000001', toName: 'Jo Park', crm: 'hubspot' })).message,
    ).toMatch(/hubspot import names owners by email: give the new hire's with --to-email/);
    // --to in the users export: the flags are not for them.
    expect(refusal(() => transfer(db, { from: 'u1', to: 'u2', toName: 'Dana W' })).message).toMatch(
      /--to-name and --to-email are for an owner not in the users export, and Dana Whitfield \(id u2, dana@x.test\) is in it/,
    );
    // An email of the users export is that owner's.
    expect(refusal(() => transfer(db, { from: 'u1', to: 'u9', toEmail: 'DANA@x.test' })).message).toMatch(
      /--to-email "DANA@x.test" is Dana Whitfield \(id u2, dana@x.test\) in the users export/,
    );
    // A namesake where the import names owners by name.
    expect(
      refusal(() => transfer(db, { from: 'u1', to: 'g-9', toName: 'Dana Whitfield', crm: 'dynamics' })).message,
    ).toMatch(/could not tell them apart/);
    // --to must be the id.
    expect(refusal(() => transfer(db, { from: 'u1', to: 'Jo Park', toName: 'Jo Park' })).message).toMatch(
      /must be the new hire's user id/,
    );
    expect(refusal(() => transfer(db, { from: 'u1', to: 'u9', toEmail: 'not-an-email' })).message).toMatch(
      /is not an email address/,
    );
  });

  it('a namesake is fine where the import names owners by id', async () => {
    const db = await snapshotOf(GENERIC);
    const result = transfer(db, { from: 'u1', to: 'u9', toName: 'Dana Whitfield', crm: 'generic' });
    expect(planSummary(result).notInUsersExport).toEqual([
      { id: 'u9', name: 'Dana Whitfield', email: '', note: 'not in the users export' },
    ]);
  });
});
