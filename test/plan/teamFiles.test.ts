/** Team files (src/plan/teamFiles.ts): what each CRM's importer is given to replace team members. */
import { describe, expect, it } from 'vitest';
import { teamPlan, type TeamChange } from '../../src/plan/teamFiles.js';
import { csv, OWNERS_HEADER, snapshotOf, transfer, writeTo, readRows } from './helpers.js';
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';

const change = (over: Partial<TeamChange> = {}): TeamChange => ({
  kind: 'account-team',
  memberId: '01M000000000001AAA',
  parentId: '001000000000001AAA',
  oldUserId: '005000000000009AAA',
  newUserId: '005000000000001AAA',
  values: {
    role: 'Sales Engineer',
    account_access: 'Read/Write',
    opportunity_access: 'Read Only',
    case_access: 'Private',
    contact_access: 'Edit',
  },
  alreadyMember: false,
  ...over,
});

describe('teamPlan', () => {
  it('salesforce: Data Loader columns, access levels in the values the API takes, and the rollback', () => {
    const plan = teamPlan('salesforce', 'account-team', [
      change(),
      change({ memberId: '01M000000000002AAA', parentId: '001000000000002AAA', alreadyMember: true }),
    ]);
    expect(plan.files).toEqual([
      {
        name: 'insert-account-team.csv',
        header: [
          'AccountId',
          'UserId',
          'TeamMemberRole',
          'AccountAccessLevel',
          'OpportunityAccessLevel',
          'CaseAccessLevel',
          'ContactAccessLevel',
        ],
        rows: [['001000000000001AAA', '005000000000001AAA', 'Sales Engineer', 'Edit', 'Read', 'None', 'Edit']],
      },
      { name: 'delete-account-team.csv', header: ['Id'], rows: [['01M000000000001AAA'], ['01M000000000002AAA']] },
      {
        name: 'rollback-insert-account-team.csv',
        header: [
          'AccountId',
          'UserId',
          'TeamMemberRole',
          'AccountAccessLevel',
          'OpportunityAccessLevel',
          'CaseAccessLevel',
          'ContactAccessLevel',
        ],
        rows: [
          ['001000000000001AAA', '005000000000009AAA', 'Sales Engineer', 'Edit', 'Read', 'None', 'Edit'],
          ['001000000000002AAA', '005000000000009AAA', 'Sales Engineer', 'Edit', 'Read', 'None', 'Edit'],
        ],
      },
    ]);
    expect(plan.note).toBe(
      "2 account team members replaced (1 already on the team: only removed): Data Loader: insert insert-account-team.csv, then delete delete-account-team.csv; to roll back, insert rollback-insert-account-team.csv and delete the new members by the ids in the insert's success file",
    );
  });

  it('opportunity teams: the opportunity and its access level only', () => {
    const plan = teamPlan('salesforce', 'opportunity-team', [
      change({
        kind: 'opportunity-team',
        parentId: '006000000000001AAA',
        values: { role: 'Pre-Sales', opportunity_access: 'Read' },
      }),
    ]);
    expect(plan.files[0]).toEqual({
      name: 'insert-opportunity-team.csv',
      header: ['OpportunityId', 'UserId', 'TeamMemberRole', 'OpportunityAccessLevel'],
      rows: [['006000000000001AAA', '005000000000001AAA', 'Pre-Sales', 'Read']],
    });
  });

  it('generic: canonical column names, values as exported', () => {
    const plan = teamPlan('generic', 'account-team', [change()]);
    expect(plan.files.map((f) => [f.name, f.header.join(',')])).toEqual([
      [
        'insert-account-team.csv',
        'account_id,user_id,role,account_access,opportunity_access,case_access,contact_access',
      ],
      ['delete-account-team.csv', 'id'],
      [
        'rollback-insert-account-team.csv',
        'account_id,user_id,role,account_access,opportunity_access,case_access,contact_access',
      ],
    ]);
    expect(plan.files[0]!.rows[0]!.slice(3)).toEqual(['Read/Write', 'Read Only', 'Private', 'Edit']);
  });

  it.each(['hubspot', 'zoho', 'suitecrm', 'odoo'] as const)(
    '%s: no files, and a note that its import cannot change team members',
    (crm) => {
      const plan = teamPlan(crm, 'account-team', [change()]);
      expect(plan.files).toEqual([]);
      expect(plan.note).toBe(
        `1 account team member: ${crm}'s import does not change team members; replace them in the CRM by hand (plan.csv lists them)`,
      );
    },
  );
});

describe('team files in a plan folder', () => {
  it("a generic export: the leaver's memberships replaced, the note in summary.json, no import file for them", async () => {
    const db = await snapshotOf({
      'owners.csv': csv(OWNERS_HEADER, 'u1,Ann,ann@x.test,true,user,,', 'u9,Sam,sam@x.test,false,user,,'),
      'accounts.csv': csv('id,name,owner', 'a1,Acme,u1'),
      'account team.csv': csv('member_id,account_id,user_id,role,account_access', 'm1,a1,u9,Executive Sponsor,Read'),
    });
    const result = transfer(db, { from: 'Sam', to: 'Ann', crm: 'generic' });
    const dir = writeTo(result);
    expect(existsSync(path.join(dir, 'import-account-team.csv'))).toBe(false);
    // Every access level of the kind; those the export lacks are empty (the CRM's default).
    const header = [
      'account_id',
      'user_id',
      'role',
      'account_access',
      'opportunity_access',
      'case_access',
      'contact_access',
    ];
    expect(readRows(path.join(dir, 'insert-account-team.csv'))).toEqual([
      header,
      ['a1', 'u1', 'Executive Sponsor', 'Read', '', '', ''],
    ]);
    expect(readRows(path.join(dir, 'delete-account-team.csv'))).toEqual([['id'], ['m1']]);
    expect(readRows(path.join(dir, 'rollback-insert-account-team.csv'))).toEqual([
      header,
      ['a1', 'u9', 'Executive Sponsor', 'Read', '', '', ''],
    ]);
    expect(JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')).teams).toEqual([
      {
        kind: 'account-team',
        files: { 'insert-account-team.csv': 1, 'delete-account-team.csv': 1, 'rollback-insert-account-team.csv': 1 },
        note: "1 account team member replaced: insert insert-account-team.csv, then delete delete-account-team.csv; to roll back, insert rollback-insert-account-team.csv and delete the new members by the ids in the insert's success file",
      },
    ]);
  });
});
