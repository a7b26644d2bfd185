/**
 * Dynamics owner teams: "Sales Team EMEA" owns an account and a contact of fixtures/dynamics/. With
 * the Dynamics "Teams" export loaded it is an owner of a queue's standing (owned, never planned away);
 * without it, the unknown-owner finding says that a Teams export would resolve team names.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { auditOf, csv } from './helpers.js';

const DYNAMICS = fixture('dynamics');
const TEAMS = fixture('dynamics-teams/Teams.csv');
const EMEA_RECORDS = ['28ba9311-2b08-ef11-9d6f-000d3ac5f918', 'b3c9a904-1424-ef11-9d6f-000d3a4d9168'];

async function findings(args: string[]): Promise<{ json: any; rows: Record<string, string>[] }> {
  const dir = tempDir('crm-owners-teams-');
  const file = path.join(dir, 'findings.csv');
  const result = await runInProcess(['audit', ...args, '--db', ':memory:', '--findings', file, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return { json: JSON.parse(result.stdout), rows: parse(readFileSync(file), { bom: true, columns: true }) };
}

describe('Dynamics with its Teams export', () => {
  it('loads the teams as owners of a queue’s standing', async () => {
    const dir = tempDir('crm-owners-teams-load-');
    const db = path.join(dir, 'crm.db');
    const load = await runInProcess(['load', DYNAMICS, TEAMS, '--db', db, '--json']);
    expect(load.code, load.stderr).toBe(0);
    const summary = JSON.parse(load.stdout);
    expect(summary.files.find((f: { path: string }) => f.path === TEAMS)).toMatchObject({
      kind: 'owners',
      preset: 'dynamics',
      rows: 3,
    });
    expect(summary.unresolvedOwners).toEqual({});
    const owners = JSON.parse((await runInProcess(['owners', '--db', db, '--json'])).stdout);
    const emea = owners.filter((o: { name: string }) => o.name === 'Sales Team EMEA');
    expect(emea.map((o: { kind: string }) => o.kind)).toEqual(['accounts', 'contacts']);
    for (const row of emea)
      expect(row).toMatchObject({
        id: '8a3f6c21-5b0e-ef11-9f89-000d3a4c7e12',
        status: 'queue',
        load: 1,
        capacity: null,
      });
  });

  it('a team-owned record is owned: no unknown-owner, covered', async () => {
    const { json, rows } = await findings([DYNAMICS, TEAMS]);
    expect(rows.filter((r) => EMEA_RECORDS.includes(r.record_id) && r.check !== 'account-owner-mismatch')).toEqual([]);
    expect(
      json.checks.filter((r: { check: string }) => r.check === 'unknown-owner').map((r: { count: number }) => r.count),
    ).toEqual([0, 0]);
    // Accounts: 9 of 10 covered (Erin O'Connor is disabled); without the teams export 8 of 10.
    expect(json.coverage.accounts).toBe(90);
    expect(json.warnings).toEqual([]);
  });

  it('the default plan does not take records from the team', async () => {
    const dir = tempDir('crm-owners-teams-plan-');
    const db = path.join(dir, 'crm.db');
    expect((await runInProcess(['load', DYNAMICS, TEAMS, '--db', db, '--quiet'])).code).toBe(0);
    const out = path.join(dir, 'plan');
    expect((await runInProcess(['plan', '--db', db, '--out', out, '--quiet'])).code).toBe(0);
    const planned = [
      ...parse(readFileSync(path.join(out, 'plan.csv')), { bom: true, columns: true }),
      ...parse(readFileSync(path.join(out, 'unplaced.csv')), { bom: true, columns: true }),
    ] as Record<string, string>[];
    expect(planned.filter((r) => EMEA_RECORDS.includes(r.record_id))).toEqual([]);
  });

  it('a folder holding the Teams file is read the same way', async () => {
    const { json } = await findings([DYNAMICS, path.dirname(TEAMS)]);
    expect(json.snapshot.counts.owners).toBe(8);
  });
});

describe('Dynamics without its Teams export', () => {
  it('the unknown-owner finding and the report say a Teams export would resolve team names', async () => {
    const { json, rows } = await findings([DYNAMICS]);
    const unknown = rows.filter((r) => r.check === 'unknown-owner');
    expect(unknown.map((r) => r.record_id).sort()).toEqual([...EMEA_RECORDS].sort());
    for (const row of unknown)
      expect(row.detail).toBe('no such owner (if it is a team, load the Dynamics Teams export too)');
    expect(json.warnings).toEqual([
      '2 Dynamics records name owners that no user matches: if they are teams, load the Dynamics Teams export too (it resolves team names)',
    ]);
  });

  it('other CRMs’ unknown owners say nothing of teams', async () => {
    const audit = await auditOf({
      'owners.csv': csv('id,name,email,active', 'u1,Ann,ann@x.test,true'),
      'accounts.csv': csv('id,name,owner', 'a1,One,Sales Team EMEA'),
    });
    expect(audit.findingsOf('unknown-owner', 'accounts').map((f) => f.detail)).toEqual(['no such owner']);
    expect(audit.result.notes).toEqual([]);
  });
});
