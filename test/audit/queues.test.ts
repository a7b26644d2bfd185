/**
 * Records owned by a queue wait to be picked up: they are owned (coverage) but are no territory
 * finding, and the default plan leaves them in the queue — unless a territory rule names that queue
 * among its owners (issue: 95 cases and 71 leads taken out of their queues every month).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { auditOf, csv } from './helpers.js';

const QUEUE = '00G8c00000tQX3cEAG';
/** The Data Loader exports: the queue owns leads L01–L03, case 00001004 and account A24. */
const SALESFORCE = [fixture('salesforce/dataloader'), fixture('salesforce/dataloader-sales')];
const QUEUE_LEADS = ['00Q8c000004ybL2EAI', '00Q8c00000A3PKyEAN', '00Q8c00000aMoKJEA0'];
const QUEUE_CASE = '5008c00002Hq2DdAAJ';
const QUEUE_ACCOUNT = '0018c00000WAe4dAAD';

/** The fixture's territory rules plus lead territories by LeadSource; `extra` rows after them. */
function rulesFile(dir: string, name: string, extra: string[] = []): string {
  const [header, ...rows] = readFileSync(fixture('rules/territories.csv'), 'utf8').trim().split('\n');
  const lines = [
    `${header},LeadSource`,
    ...rows.map((row) => `${row},`),
    'Inbound,60,leads,Omar Haddad,,,,Web|Trade Show',
    'Partners,61,leads,Mei Chen,,,,Partner Referral',
    ...extra,
  ];
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

interface Row {
  check: string;
  kind: string;
  record_id: string;
  owner_id: string;
}

async function findingsWith(
  rules: string,
  dir: string,
): Promise<{
  rows: Row[];
  json: { checks: { check: string; kind: string; count: number }[]; coverage: Record<string, number> };
}> {
  const findings = path.join(dir, `${path.basename(rules)}-findings.csv`);
  const result = await runInProcess([
    'audit',
    ...SALESFORCE,
    '--db',
    ':memory:',
    '--rules',
    rules,
    '--findings',
    findings,
    '--json',
  ]);
  expect(result.code, result.stderr).toBe(0);
  return {
    rows: parse(readFileSync(findings), { bom: true, columns: true }) as Row[],
    json: JSON.parse(result.stdout),
  };
}

async function planWith(rules: string, dir: string, name: string): Promise<Record<string, string>[]> {
  const db = path.join(dir, `${name}.db`);
  expect((await runInProcess(['load', ...SALESFORCE, '--db', db, '--quiet'])).code).toBe(0);
  const out = path.join(dir, name);
  const result = await runInProcess(['plan', '--db', db, '--rules', rules, '--out', out, '--quiet']);
  expect(result.code, result.stderr).toBe(0);
  return [
    ...parse(readFileSync(path.join(out, 'plan.csv')), { bom: true, columns: true }),
    ...parse(readFileSync(path.join(out, 'unplaced.csv')), { bom: true, columns: true }),
  ] as Record<string, string>[];
}

const territoryFindings = (rows: Row[]) =>
  rows.filter((r) => r.check === 'territory-conflict' || r.check === 'no-territory');

describe('queue-owned records and territory rules that do not name the queue', () => {
  it('are no territory-conflict or no-territory findings, yet count as owned', async () => {
    const dir = tempDir('crm-owners-queues-');
    const { rows, json } = await findingsWith(rulesFile(dir, 'rules.csv'), dir);
    expect(territoryFindings(rows).filter((r) => r.owner_id === QUEUE)).toEqual([]);
    expect(rows.filter((r) => r.check === 'overloaded-owner' && r.owner_id === QUEUE)).toEqual([]);
    // Users' records still conflict: L04 (Partner Referral) is Dana's, Partners is Mei's.
    expect(rows.filter((r) => r.check === 'territory-conflict' && r.kind === 'leads').map((r) => r.record_id)).toEqual([
      '00Q8c00000Fono9EAB',
    ]);
    // Leads: 7 of 8 covered (L07's owner is inactive); the queue's three count as owned.
    expect(json.coverage.leads).toBe(87.5);
  });

  it('the default plan leaves them in the queue', async () => {
    const dir = tempDir('crm-owners-queues-plan-');
    const rows = await planWith(rulesFile(dir, 'rules.csv'), dir, 'plan');
    const ids = rows.map((r) => r.record_id);
    for (const id of [...QUEUE_LEADS, QUEUE_CASE, QUEUE_ACCOUNT]) expect(ids).not.toContain(id);
    expect(ids).toContain('00Q8c00000Fono9EAB');
  });
});

describe('a rule that names the queue among a territory’s owners', () => {
  const named = ['Triage,62,leads,' + QUEUE + ',,,,Phone Inquiry'];

  it('makes the queue a territory owner like any other: its records elsewhere are conflicts', async () => {
    const dir = tempDir('crm-owners-queues-named-');
    const { rows } = await findingsWith(rulesFile(dir, 'rules-named.csv', named), dir);
    const queued = rows.filter((r) => r.check === 'territory-conflict' && r.owner_id === QUEUE);
    expect(queued.map((r) => `${r.kind}:${r.record_id}`).sort()).toEqual(
      [`accounts:${QUEUE_ACCOUNT}`, `cases:${QUEUE_CASE}`, ...QUEUE_LEADS.map((id) => `leads:${id}`)].sort(),
    );
  });

  it('and the plan moves them out of the queue to the territory’s owners', async () => {
    const dir = tempDir('crm-owners-queues-named-plan-');
    const rows = await planWith(rulesFile(dir, 'rules-named.csv', named), dir, 'plan');
    const leads = rows.filter((r) => QUEUE_LEADS.includes(r.record_id));
    expect(leads.map((r) => r.reason)).toEqual(['territory-conflict', 'territory-conflict', 'territory-conflict']);
    expect(new Set(leads.map((r) => r.new_owner_name))).toEqual(new Set(['Omar Haddad']));
  });
});

describe('no-territory and queues (generic exports)', () => {
  it('a queue-owned record no rule matches is not no-territory unless a rule names the queue', async () => {
    const files = {
      'owners.csv': csv(
        'id,name,email,active,type',
        'u1,Ann,ann@x.test,true,user',
        'q1,Inbound,,true,queue',
        'q2,Triage,,true,queue',
      ),
      'leads.csv': csv('id,name,owner,region', 'l1,Queued,q1,Nowhere', 'l2,Rep,u1,Nowhere', 'l3,Triaged,q2,Nowhere'),
    };
    const audit = await auditOf(files, { rulesCsv: csv('territory,owners,region', 'North,Ann;Triage,North') });
    expect(audit.flagged('no-territory', 'leads')).toEqual(['l2', 'l3']);
    expect(audit.row('unowned', 'leads')?.count).toBe(0);
    expect(audit.result.coverage.leads).toBe(100);
  });
});
