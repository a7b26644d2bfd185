/**
 * `load --explain` and the per-file identification in `load --json`: the CRM and object decided, the
 * evidence, the runner-up, each canonical field's column and the closed rule; skipped files with
 * their reason; a header of control characters shown escaped.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { writeWeeklyExport } from '../helpers/weeklyExport.js';

const TMP = tempDir('crm-owners-explain-');
const fresh = () => mkdtempSync(path.join(TMP, 't-'));

describe('load --explain', () => {
  it('says per file what was decided and why, and why each other file was skipped', async () => {
    const dir = fresh();
    const made = writeWeeklyExport(dir, 9, {
      only: ['User.csv', 'Account.csv', 'Opportunity.csv', 'UserRole.csv', 'CampaignInfluence.csv'],
      rows: { 'UserRole.csv': 2, 'CampaignInfluence.csv': 0 },
    });
    const users = made.files.get('User.csv')!.rows;
    const { code, stderr, stdout } = await runInProcess([
      'load',
      dir,
      '--explain',
      '--db',
      path.join(fresh(), 'x.db'),
      '--json',
    ]);
    expect(code, stderr).toBe(0);
    const folder = 'folder is a Salesforce export (4 of 5 files hold Salesforce ids)';
    expect(stderr).toContain(
      `${path.join(dir, 'User.csv')}: salesforce owners (User)\n  evidence: Id prefix 005 in ${users} of ${users} rows; ${folder}\n`,
    );
    expect(stderr).toMatch(
      /columns: id ← Id, username ← Username, first_name ← FirstName, last_name ← LastName, .*email ← Email, active ← IsActive, .*user_type ← UserType/,
    );
    expect(stderr).toContain('system users: "UserType" not Standard, or by name and username');
    expect(stderr).toMatch(
      /Opportunity\.csv: salesforce opportunities \(Opportunity\)\n.*\n  columns: .*stage ← StageName.*closed ← IsClosed.*won ← IsWon.*owner ← OwnerId.*\n  closed when: "IsClosed" true\n/,
    );
    expect(stderr).toContain(
      `${path.join(dir, 'UserRole.csv')}: skipped (UserRole): key prefix 00E [salesforce: Id prefix 00E in 2 of 2 rows; ${folder}]`,
    );
    expect(stderr).toContain(
      `${path.join(dir, 'CampaignInfluence.csv')}: skipped: header-only file of an unknown object [salesforce: ${folder}]`,
    );

    const json = JSON.parse(stdout);
    const account = json.files.find((f: { kind: string }) => f.kind === 'accounts');
    expect(account).toMatchObject({
      preset: 'salesforce',
      object: 'Account',
      runnerUp: null,
      closedRule: null,
      columns: { id: 'Id', name: 'Name', owner: 'OwnerId' },
    });
    expect(account.evidence).toEqual([expect.stringMatching(/^Id prefix 001 in \d+ of \d+ rows$/), folder]);
    expect(json.skipped).toContainEqual({
      path: path.join(dir, 'UserRole.csv'),
      object: 'UserRole',
      reason: 'key prefix 00E',
      preset: 'salesforce',
      evidence: ['Id prefix 00E in 2 of 2 rows', folder],
    });
  });

  it('names the runner-up that scored, and the rule of a kind closed by its status', async () => {
    const dir = fresh();
    // Its name says opportunities, its account_id column contacts: the opportunity's own columns settle it.
    const deals = path.join(dir, 'deals.csv');
    writeFileSync(deals, 'id,name,owner,account_id,stage,amount\nd-1,Renewal,ana@example.com,a-1,Closed Won,1200\n');
    const { code, stderr } = await runInProcess(['load', deals, '--explain', '--db', path.join(fresh(), 'x.db')]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(
      `${deals}: generic opportunities\n  evidence: file name says opportunities; opportunities columns (account_id, stage, amount); owner column "owner"\n`,
    );
    expect(stderr).toContain(
      '  runner-up: generic contacts (6 points: headers say contacts, contacts columns (account_id), owner column "owner")\n',
    );
    expect(stderr).toContain(
      '  columns: id ← id, name ← name, owner ← owner, account_id ← account_id, stage ← stage, amount ← amount\n',
    );
    expect(stderr).toMatch(/closed when: "stage" one of won, lost, closed, closed won/);
  });

  it('refuses a file two readings fit as well, naming both and the flag that settles it', async () => {
    const dir = fresh();
    const people = path.join(dir, 'people.csv');
    writeFileSync(people, 'Id,Name,Email,OwnerId,Assigned User Name\nc-1,Ana Ruiz,ana@example.com,u-1,Sam Lee\n');
    const { code, stderr } = await runInProcess(['load', people, '--db', path.join(fresh(), 'x.db')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /cannot tell (suitecrm|salesforce) contacts \(\d+ points: .*\) from (salesforce|suitecrm) contacts/,
    );
    expect(stderr).toContain('say which it is: --preset');
    const settled = await runInProcess([
      'load',
      people,
      '--preset',
      'suitecrm',
      '--db',
      path.join(fresh(), 'x.db'),
      '--json',
    ]);
    expect(settled.code, settled.stderr).toBe(0);
    expect(JSON.parse(settled.stdout).files[0]).toMatchObject({
      preset: 'suitecrm',
      kind: 'contacts',
      evidence: expect.arrayContaining(['--preset suitecrm']),
    });
  });

  it('in a folder, a file two readings fit as well is skipped with that reason; the others load', async () => {
    const dir = fresh();
    writeFileSync(
      path.join(dir, 'people.csv'),
      'Id,Name,Email,OwnerId,Assigned User Name\nc-1,Ana Ruiz,ana@example.com,u-1,Sam Lee\n',
    );
    writeFileSync(path.join(dir, 'owners.csv'), 'id,name,email,active\nu-1,Sam Lee,sam@example.com,true\n');
    const { code, stdout, stderr } = await runInProcess(['load', dir, '--db', path.join(fresh(), 'x.db'), '--json']);
    expect(code, stderr).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.files.map((f: { kind: string }) => f.kind)).toEqual(['owners']);
    expect(json.skipped).toEqual([
      expect.objectContaining({
        path: path.join(dir, 'people.csv'),
        reason: expect.stringMatching(
          /^cannot tell (suitecrm|salesforce) contacts .* from (salesforce|suitecrm) contacts/,
        ),
      }),
    ]);
    expect(json.skipped[0].settle).toMatch(/^--preset (suitecrm|salesforce) or --preset (salesforce|suitecrm)$/);
    expect(stderr).toContain(`warning: skipped ${path.join(dir, 'people.csv')}: cannot tell`);
    expect(stderr).not.toMatch(/files? of other objects/);
  });

  it('shows a file name with control characters escaped', async () => {
    const dir = fresh();
    const file = path.join(dir, 'contacts\u001b[31m.csv');
    writeFileSync(file, 'id,name,owner\nc-1,Ana,ana@example.com\n');
    const { code, stderr } = await runInProcess(['load', file, '--explain', '--db', path.join(fresh(), 'x.db')]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('contacts\\x1b[31m.csv: generic contacts');
    expect(stderr).not.toContain('\u001b');
  });
});
