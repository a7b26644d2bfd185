/**
 * Teams and activities end to end: the Salesforce fixture (a leaver with open, overdue and closed
 * tasks, past and future events, account and opportunity team seats), HubSpot tasks and meetings,
 * Pipedrive activities. `audit` names the leaver's overdue tasks and stale team seats; `owners` shows
 * open and overdue tasks next to the records held.
 */
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

const TMP = tempDir('crm-owners-teams-');
const AS_OF = '2026-11-01';

const PRIYA = '0055e00000Kt003AAB';
const DANA = '0055e00000Kt001AAB';

interface CheckRow {
  check: string;
  kind: string;
  count: number;
  total: number;
}

interface AuditJson {
  snapshot: { counts: Record<string, number>; open: Record<string, number> };
  checks: CheckRow[];
  owners: { id: string; name: string; loads: Record<string, number>; overdue?: Record<string, number> }[];
}

async function loaded(folder: string, config?: object): Promise<{ db: string; args: string[] }> {
  const dir = mkdtempSync(path.join(TMP, 't-'));
  const db = path.join(dir, 'crm.db');
  const args = ['--db', db];
  if (config) {
    writeFileSync(path.join(dir, 'crm-owners.config.json'), JSON.stringify(config));
    args.push('--config', path.join(dir, 'crm-owners.config.json'));
  }
  const load = await runInProcess(['load', fixture(folder), '--as-of', AS_OF, ...args]);
  expect(load.code, load.stderr).toBe(0);
  return { db, args };
}

async function audit(folder: string, config?: object, extra: string[] = []) {
  const { args } = await loaded(folder, config);
  const findings = path.join(path.dirname(args[1]!), 'findings.csv');
  const result = await runJsonInProcess<AuditJson>(['audit', '--json', '--findings', findings, ...args, ...extra]);
  expect(result.code, result.stderr).toBe(0);
  const rows = parse(readFileSync(findings), { columns: true, bom: true }) as Record<string, string>[];
  const row = (check: string, kind: string) => result.json.checks.find((r) => r.check === check && r.kind === kind);
  const flagged = (check: string) => rows.filter((r) => r.check === check);
  return { json: result.json, row, flagged, args };
}

describe('Salesforce: a leaver with teams, tasks and events (fixtures/salesforce-teams-activities)', () => {
  it('loads the four kinds; open tasks are not closed, open events end after the as-of date', async () => {
    const { json, row } = await audit('salesforce-teams-activities');
    expect(json.snapshot.counts).toMatchObject({ tasks: 7, events: 5, 'account-team': 6, 'opportunity-team': 3 });
    // Tasks 4 and 6 are closed; events 1 and 5 ended before 2026-11-01, event 3 (all day on the as-of day) ends at midnight after it.
    expect(json.snapshot.open).toMatchObject({ tasks: 5, events: 3, 'account-team': 6, 'opportunity-team': 3 });
    // The owner checks count open activities: the leaver's three open tasks and two coming events.
    expect(row('inactive-owner', 'tasks')).toMatchObject({ count: 3, total: 5 });
    expect(row('inactive-owner', 'events')).toMatchObject({ count: 2, total: 3 });
    // Team members are not owners: only inactive-team-member looks at them.
    expect(
      json.checks
        .filter((r) => r.kind.endsWith('-team'))
        .map((r) => r.check)
        .sort(),
    ).toEqual([
      'duplicate-id',
      'duplicate-id',
      'inactive-team-member',
      'inactive-team-member',
      'mangled-id',
      'mangled-id',
    ]);
  });

  it("shows the leaver's overdue tasks and the team seats held by the leaver, an unknown user and a system user", async () => {
    const { row, flagged } = await audit('salesforce-teams-activities');
    expect(row('overdue-activity', 'tasks')).toMatchObject({ count: 3, total: 5 });
    expect(flagged('overdue-activity').map((f) => [f.record_id, f.owner_name, f.detail])).toEqual([
      ['00T5e00000Kt001EAB', 'Priya Natarajan', 'due 2026-10-01'],
      ['00T5e00000Kt002EAB', 'Priya Natarajan', 'due 2026-10-28'],
      ['00T5e00000Kt005EAB', 'Dana Whitfield', 'due 2026-10-15'],
    ]);
    expect(row('inactive-team-member', 'account-team')).toMatchObject({ count: 4, total: 6 });
    expect(row('inactive-team-member', 'opportunity-team')).toMatchObject({ count: 1, total: 3 });
    expect(flagged('inactive-team-member').map((f) => [f.kind, f.record_id, f.detail])).toEqual([
      ['account-team', '01M5e00000Kt002EAB', 'member is inactive'],
      ['account-team', '01M5e00000Kt003EAB', 'member is inactive'],
      ['account-team', '01M5e00000Kt005EAB', 'no such user'],
      ['account-team', '01M5e00000Kt006EAB', 'member is a system user'],
      ['opportunity-team', '00q5e00000Kt002AAB', 'member is inactive'],
    ]);
  });

  it('config overdueDays gives grace: a task due four days before the as-of date is not overdue with 7', async () => {
    const { row, flagged, json } = await audit('salesforce-teams-activities', { overdueDays: 7 });
    expect(row('overdue-activity', 'tasks')).toMatchObject({ count: 2 });
    expect(flagged('overdue-activity').map((f) => f.record_id)).toEqual(['00T5e00000Kt001EAB', '00T5e00000Kt005EAB']);
    expect(json.owners.find((o) => o.id === PRIYA)?.overdue).toEqual({ tasks: 1 });
  });

  it('per owner: open tasks and events next to records held, with overdue tasks, in JSON, the table and owners', async () => {
    const { json, args } = await audit('salesforce-teams-activities');
    const priya = json.owners.find((o) => o.id === PRIYA)!;
    expect(priya.loads).toMatchObject({ accounts: 2, contacts: 1, opportunities: 2, tasks: 3, events: 2 });
    expect(priya.overdue).toEqual({ tasks: 2 });
    expect(json.owners.find((o) => o.id === DANA)?.overdue).toEqual({ tasks: 1 });

    const table = await runInProcess(['audit', ...args]);
    expect(table.stdout).toMatch(/Follow-up by owner\s+status\s+records\s+tasks\s+events\s+overdue/);
    expect(table.stdout).toMatch(/Priya Natarajan\s+inactive\s+5\s+3\s+2\s+2/);

    const owners = await runJsonInProcess<{ id: string; kind: string; load: number; overdue?: number }[]>([
      'owners',
      '--format',
      'json',
      ...args,
    ]);
    expect(owners.json.find((r) => r.id === PRIYA && r.kind === 'tasks')).toMatchObject({ load: 3, overdue: 2 });
    expect(owners.json.find((r) => r.id === PRIYA && r.kind === 'accounts')).not.toHaveProperty('overdue');
    const csv = await runInProcess(['owners', '--format', 'csv', ...args]);
    expect(csv.stdout.split('\n')[0]).toContain('load,overdue,capacity');

    const html = path.join(path.dirname(args[1]!), 'report.html');
    const report = await runInProcess(['report', '--out', html, ...args]);
    expect(report.code, report.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h2 id="follow-up-h">Follow-up by owner</h2>');
    expect(page).toMatch(
      /data-owner="0055e00000Kt003AAB"><td>Priya Natarajan<\/td><td>0055e00000Kt003AAB<\/td><td>inactive<\/td>/,
    );
  });
});

describe('HubSpot tasks and meetings (fixtures/hubspot-activities)', () => {
  it("audit shows the archived owner's open and overdue tasks; meetings that ended are history", async () => {
    const { json, row, flagged } = await audit('hubspot-activities');
    expect(json.snapshot.open).toMatchObject({ tasks: 6, events: 2 });
    expect(row('overdue-activity', 'tasks')).toMatchObject({ count: 4 });
    const tom = json.owners.find((o) => o.name === 'Tom Becker')!;
    expect(tom.loads).toMatchObject({ tasks: 3, events: 1 });
    expect(tom.overdue).toEqual({ tasks: 2 });
    expect(
      flagged('overdue-activity')
        .filter((f) => f.owner_name === 'Tom Becker')
        .map((f) => f.record_id),
    ).toEqual(['70011001', '70011002']);
    // "Deactivated User" holds a task: inactive-owner, as for records.
    expect(row('inactive-owner', 'tasks')).toMatchObject({ count: 4 });
  });
});

describe('Pipedrive activities (fixtures/pipedrive-activities)', () => {
  it("audit shows the inactive user's open and overdue activities; done ones are history", async () => {
    const { json, row, flagged } = await audit('pipedrive-activities');
    expect(json.snapshot.counts).toMatchObject({ tasks: 7 });
    expect(json.snapshot.open).toMatchObject({ tasks: 5 });
    const drew = json.owners.find((o) => o.name === 'Drew Castillo')!;
    expect(drew.loads).toMatchObject({ tasks: 3 });
    expect(drew.overdue).toEqual({ tasks: 2 });
    expect(row('overdue-activity', 'tasks')).toMatchObject({ count: 3, total: 5 });
    expect(flagged('overdue-activity').map((f) => [f.record_id, f.owner_name])).toEqual([
      ['5001', 'Drew Castillo'],
      ['5002', 'Drew Castillo'],
      ['5005', 'Kara Lindsey'],
    ]);
  });
});

describe('history, churn and diff over teams and activities', () => {
  /** The Salesforce fixture a month later: the leaver's seats handed to Dana, her open tasks to Marco. */
  function monthLater(): string {
    const dir = mkdtempSync(path.join(TMP, 'later-'));
    const source = fixture('salesforce-teams-activities');
    for (const name of [
      'User.csv',
      'Account.csv',
      'Contact.csv',
      'Opportunity.csv',
      'Event.csv',
      'OpportunityTeamMember.csv',
    ])
      writeFileSync(path.join(dir, name), readFileSync(path.join(source, name)));
    const team = readFileSync(path.join(source, 'AccountTeamMember.csv'), 'utf8').split('\n');
    // Seats 2 and 3 (Priya's) go; Dana takes the Bellmoor seat under a new id.
    const kept = team.filter(
      (line) => !line.startsWith('"01M5e00000Kt002EAB"') && !line.startsWith('"01M5e00000Kt003EAB"') && line !== '',
    );
    kept.push(
      '"01M5e00000Kt007EAB","0015e00000Kt002AAB","0055e00000Kt001AAB","Sales Engineer","Read","Read","None","Read","2026-11-20T10:00:00.000Z"',
    );
    writeFileSync(path.join(dir, 'AccountTeamMember.csv'), `${kept.join('\n')}\n`);
    const tasks = readFileSync(path.join(source, 'Task.csv'), 'utf8').replace(
      /("00T5e00000Kt00[123]EAB".*)"0055e00000Kt003AAB"/g,
      '$1"0055e00000Kt002AAB"',
    );
    writeFileSync(path.join(dir, 'Task.csv'), tasks);
    return dir;
  }

  it('diff lists the seats added and removed, and the tasks that changed owner', async () => {
    const { args } = await loaded('salesforce-teams-activities');
    const second = await runInProcess(['load', monthLater(), '--as-of', '2026-12-01', ...args]);
    expect(second.code, second.stderr).toBe(0);
    const diff = await runJsonInProcess<{
      counts: { added: Record<string, number>; removed: Record<string, number> };
      changes: { kind: string; recordId: string; newOwnerName: string }[];
      teams: { kind: string; change: string; recordId: string; recordName: string; memberName: string; role: string }[];
    }>(['diff', '--json', ...args]);
    expect(diff.code, diff.stderr).toBe(0);
    // By record: who left its team, then who joined.
    expect(diff.json.teams).toEqual([
      {
        kind: 'account-team',
        change: 'removed',
        recordId: '0015e00000Kt002AAB',
        recordName: 'Bellmoor Foods',
        memberId: PRIYA,
        memberName: 'Priya Natarajan',
        role: 'Sales Engineer',
      },
      {
        kind: 'account-team',
        change: 'added',
        recordId: '0015e00000Kt002AAB',
        recordName: 'Bellmoor Foods',
        memberId: DANA,
        memberName: 'Dana Whitfield',
        role: 'Sales Engineer',
      },
      {
        kind: 'account-team',
        change: 'removed',
        recordId: '0015e00000Kt003AAB',
        recordName: 'Ostrava Metals',
        memberId: PRIYA,
        memberName: 'Priya Natarajan',
        role: 'Executive Sponsor',
      },
    ]);
    expect(diff.json.counts.added).toMatchObject({ 'account-team': 1, tasks: 0 });
    expect(diff.json.counts.removed).toMatchObject({ 'account-team': 2 });
    expect(diff.json.changes.filter((c) => c.kind === 'tasks').map((c) => [c.recordId, c.newOwnerName])).toEqual([
      ['00T5e00000Kt001EAB', 'Marco Rossi'],
      ['00T5e00000Kt002EAB', 'Marco Rossi'],
      ['00T5e00000Kt003EAB', 'Marco Rossi'],
    ]);
    const table = await runInProcess(['diff', ...args]);
    expect(table.stdout).toContain('Team changes: 1 added, 2 removed');
    // Piped: nothing is cut.
    expect(table.stdout).toMatch(
      /account-team\s+0015e00000Kt003AAB\s+Ostrava Metals\s+Priya Natarajan \(0055e00000Kt003AAB\)\s+Executive Sponsor\s+removed/,
    );

    // History follows a task; an owner's history counts the tasks lost.
    const task = await runJsonInProcess<{
      record: { kind: string; snapshots: { ownerName?: string; owner?: string }[] };
    }>(['history', '00T5e00000Kt001EAB', '--json', ...args]);
    expect(task.code, task.stderr).toBe(0);
    expect(JSON.stringify(task.json)).toContain('Marco Rossi');
    expect(JSON.stringify(task.json)).toContain('Priya Natarajan');
    const churn = await runInProcess(['churn', '--min-changes', '1', ...args]);
    expect(churn.code, churn.stderr).toBe(0);
    expect(churn.stdout).toContain('00T5e00000Kt001EAB');
  });

  it('a diff of snapshots without team files says nothing of teams', async () => {
    const { args } = await loaded('salesforce/dataloader');
    await runInProcess(['load', fixture('salesforce/dataloader'), ...args]);
    const diff = await runJsonInProcess<Record<string, unknown>>(['diff', '--json', ...args]);
    expect(diff.json).not.toHaveProperty('teams');
    expect(Object.keys((diff.json.counts as { added: object }).added)).toEqual([
      'accounts',
      'contacts',
      'leads',
      'opportunities',
      'cases',
    ]);
  });
});
