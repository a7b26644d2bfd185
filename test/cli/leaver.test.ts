/**
 * When a rep leaves (README, "When a rep leaves"), end to end on fixtures/salesforce-teams-activities:
 * Priya Natarajan (inactive) owns accounts, open and closed opportunities in USD and EUR, open,
 * closed and overdue tasks, past and future events, and sits on account and opportunity teams.
 * `transfer --from` her writes import files that move the open opportunities, open tasks and future
 * events (none of the closed ones) and replace her team memberships; after the simulated import (a
 * later export with those changes), `verify` passes.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/salesforce-teams-activities');
const PRIYA = '0055e00000Kt003AAB';
const DANA = '0055e00000Kt001AAB';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'crm-owners-leaver-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const read = (file: string) => parse(readFileSync(file), { bom: true }) as string[][];
const quoted = (rows: string[][]) =>
  rows.map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n';

/** The object file of each kind whose owners the import files change. */
const OBJECT_FILES: Record<string, string> = {
  accounts: 'Account.csv',
  contacts: 'Contact.csv',
  opportunities: 'Opportunity.csv',
  tasks: 'Task.csv',
  events: 'Event.csv',
};

/**
 * What the CRM holds after the import: the import files' owners applied, team members inserted
 * (with new ids, as Salesforce gives them) and deleted.
 */
function imported(plan: string, into: string): void {
  cpSync(FIXTURE, into, { recursive: true });
  for (const [kind, file] of Object.entries(OBJECT_FILES)) {
    const importFile = path.join(plan, `import-${kind}.csv`);
    if (!existsSync(importFile)) continue;
    const owners = new Map(
      read(importFile)
        .slice(1)
        .map(([id, owner]) => [id!, owner!]),
    );
    const [header, ...rows] = read(path.join(into, file));
    const at = header!.indexOf('OwnerId');
    writeFileSync(
      path.join(into, file),
      quoted([
        header!,
        ...rows.map((row) => row.map((cell, i) => (i === at && owners.has(row[0]!) ? owners.get(row[0]!)! : cell))),
      ]),
    );
  }
  for (const [kind, file, prefix] of [
    ['account-team', 'AccountTeamMember.csv', '01M5e00000Nw'],
    ['opportunity-team', 'OpportunityTeamMember.csv', '00q5e00000Nw'],
  ] as const) {
    const gone = new Set(
      read(path.join(plan, `delete-${kind}.csv`))
        .slice(1)
        .map(([id]) => id!),
    );
    const [header, ...rows] = read(path.join(into, file));
    const [insertHeader, ...inserts] = read(path.join(plan, `insert-${kind}.csv`));
    const added = inserts.map((insert, n) =>
      header!.map((column) =>
        column === 'Id'
          ? `${prefix}${String(n + 1).padStart(3, '0')}AAA`
          : column === 'CreatedDate'
            ? '2026-11-20T10:00:00.000Z'
            : (insert[insertHeader!.indexOf(column)] ?? ''),
      ),
    );
    writeFileSync(path.join(into, file), quoted([header!, ...rows.filter((row) => !gone.has(row[0]!)), ...added]));
  }
}

describe('when a rep leaves: transfer --from, import, verify', () => {
  const db = path.join(scratch, 'crm.db');
  const plan = path.join(scratch, 'priya');

  it('audit shows the pipeline the leaver holds', async () => {
    expect((await runInProcess(['load', FIXTURE, '--db', db, '--as-of', '2026-11-03'])).code).toBe(0);
    const { json } = await runJsonInProcess(['audit', '--db', db, '--json']);
    const inactive = Object.fromEntries(
      json.pipeline.currencies.map((c: { currency: string; states: { inactive: { amount: string } } }) => [
        c.currency,
        c.states.inactive.amount,
      ]),
    );
    expect(inactive).toEqual({ USD: '50000.00', EUR: '20000.00' });
  });

  it('moves open opportunities, open tasks and future events, and replaces team memberships; none of the closed ones', async () => {
    const result = await runInProcess([
      'transfer',
      '--from',
      'Priya Natarajan',
      '--to',
      'Dana Whitfield',
      '--out',
      plan,
      '--db',
      db,
    ]);
    expect(result.code).toBe(0);
    const ids = (kind: string) =>
      read(path.join(plan, `import-${kind}.csv`))
        .slice(1)
        .map(([id, owner]) => (owner === DANA ? id : `${id} → ${owner}`));
    expect(ids('opportunities')).toEqual(['0065e00000Kt001AAB', '0065e00000Kt002AAB']);
    // Task 4 is completed; tasks 1 (overdue), 2 and 3 are open.
    expect(ids('tasks')).toEqual(['00T5e00000Kt001EAB', '00T5e00000Kt002EAB', '00T5e00000Kt003EAB']);
    // Event 1 was on 20 October, event 3 an all-day event on 1 November: both over by the as-of date.
    expect(ids('events')).toEqual(['00U5e00000Kt002EAB']);
    // Team members are replaced, never updated in place.
    expect(existsSync(path.join(plan, 'import-account-team.csv'))).toBe(false);
    expect(read(path.join(plan, 'insert-account-team.csv'))).toEqual([
      [
        'AccountId',
        'UserId',
        'TeamMemberRole',
        'AccountAccessLevel',
        'OpportunityAccessLevel',
        'CaseAccessLevel',
        'ContactAccessLevel',
      ],
      // On Ostrava Metals (…003) Dana is on the team already: Priya's membership is only deleted.
      ['0015e00000Kt002AAB', DANA, 'Sales Engineer', 'Read', 'Read', 'None', 'Read'],
    ]);
    expect(read(path.join(plan, 'delete-account-team.csv'))).toEqual([
      ['Id'],
      ['01M5e00000Kt002EAB'],
      ['01M5e00000Kt003EAB'],
    ]);
    expect(read(path.join(plan, 'rollback-insert-account-team.csv')).slice(1)).toEqual([
      ['0015e00000Kt002AAB', PRIYA, 'Sales Engineer', 'Read', 'Read', 'None', 'Read'],
      ['0015e00000Kt003AAB', PRIYA, 'Executive Sponsor', 'Read', 'Read', 'Read', 'Read'],
    ]);
    expect(read(path.join(plan, 'insert-opportunity-team.csv'))).toEqual([
      ['OpportunityId', 'UserId', 'TeamMemberRole', 'OpportunityAccessLevel'],
      ['0065e00000Kt004AAB', DANA, 'Pre-Sales Consultant', 'Read'],
    ]);
    expect(read(path.join(plan, 'delete-opportunity-team.csv'))).toEqual([['Id'], ['00q5e00000Kt002AAB']]);
    const summary = JSON.parse(readFileSync(path.join(plan, 'summary.json'), 'utf8'));
    expect(summary.teams.map((t: { kind: string; files: Record<string, number> }) => [t.kind, t.files])).toEqual([
      [
        'account-team',
        { 'insert-account-team.csv': 1, 'delete-account-team.csv': 2, 'rollback-insert-account-team.csv': 2 },
      ],
      [
        'opportunity-team',
        {
          'insert-opportunity-team.csv': 1,
          'delete-opportunity-team.csv': 1,
          'rollback-insert-opportunity-team.csv': 1,
        },
      ],
    ]);
    expect(summary.pipeline.owners).toEqual([
      {
        id: DANA,
        name: 'Dana Whitfield',
        currencies: [
          { currency: 'USD', opportunities: 1, amount: '50000.00' },
          { currency: 'EUR', opportunities: 1, amount: '20000.00' },
        ],
      },
    ]);
    expect(result.stderr).toContain(
      'account-team: 2 account team members replaced (1 already on the team: only removed): Data Loader: insert insert-account-team.csv, then delete delete-account-team.csv',
    );
  });

  it('before the import, verify finds nothing applied; after it, everything', async () => {
    const before = await runJsonInProcess(['verify', plan, '--db', db, '--json']);
    expect(before.code).toBe(1);
    // 9 owner changes (accounts, contacts, opportunities, tasks, events), and the memberships as 2 inserts and 3 deletes.
    expect(before.json.counts).toEqual({ applied: 0, 'not-applied': 14, 'changed-elsewhere': 0, missing: 0 });

    const after = path.join(scratch, 'after');
    imported(plan, after);
    const verify = await runJsonInProcess(['verify', plan, after, '--db', db, '--as-of', '2026-11-21', '--json']);
    expect(verify.code).toBe(0);
    expect(verify.json.counts).toEqual({ applied: 14, 'not-applied': 0, 'changed-elsewhere': 0, missing: 0 });
    expect(
      verify.json.pipeline.currencies.map((c: { currency: string; applied: { amount: string } }) => [
        c.currency,
        c.applied.amount,
      ]),
    ).toEqual([
      ['USD', '50000.00'],
      ['EUR', '20000.00'],
    ]);
  });

  it('a team change not imported is reported: the old member still there, the new one missing', async () => {
    const partly = path.join(scratch, 'partly');
    imported(plan, partly);
    // The delete file was not run: Priya is still on Bellmoor's team.
    writeFileSync(
      path.join(partly, 'AccountTeamMember.csv'),
      readFileSync(path.join(FIXTURE, 'AccountTeamMember.csv')),
    );
    const verify = await runJsonInProcess(['verify', plan, partly, '--db', db, '--as-of', '2026-11-22', '--json']);
    expect(verify.code).toBe(1);
    expect(verify.json.rows.filter((r: { kind: string }) => r.kind === 'account-team')).toEqual([
      {
        kind: 'account-team',
        recordId: '0015e00000Kt002AAB',
        recordName: null,
        expectedOwner: DANA,
        previousOwner: '',
        actualOwner: null,
        expectedName: 'Dana Whitfield',
        previousName: null,
        actualName: null,
        status: 'not-applied',
      },
      {
        kind: 'account-team',
        recordId: '01M5e00000Kt002EAB',
        recordName: null,
        expectedOwner: '',
        previousOwner: PRIYA,
        actualOwner: PRIYA,
        expectedName: null,
        previousName: 'Priya Natarajan',
        actualName: 'Priya Natarajan',
        status: 'not-applied',
      },
      {
        kind: 'account-team',
        recordId: '01M5e00000Kt003EAB',
        recordName: null,
        expectedOwner: '',
        previousOwner: PRIYA,
        actualOwner: PRIYA,
        expectedName: null,
        previousName: 'Priya Natarajan',
        actualName: 'Priya Natarajan',
        status: 'not-applied',
      },
    ]);
  });
});
