/**
 * A check without its data does not run: a kind whose files have no last-activity column is reported
 * as "not checked" by stale-ownership, never as every record stale (issue: 865 of 943 leads and 405 of
 * 435 cases flagged from Data Loader exports, 84 % of a Dynamics sheet).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { conditionOf } from '../../src/audit/check.js';
import { staleOwnership } from '../../src/audit/checks/staleOwnership.js';
import { auditSnapshot } from '../../src/audit/runAudit.js';
import { parseThreshold } from '../../src/audit/gate.js';
import { openDatabase } from '../../src/store/database.js';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { audited, auditOf, auditOptions, csv, loadInto } from './helpers.js';

const SALESFORCE = [fixture('salesforce/dataloader'), fixture('salesforce/dataloader-sales')];

describe('stale-ownership on kinds without a last-activity column', () => {
  it('Salesforce Data Loader leads and cases (no LastActivityDate) are not checked; accounts and contacts are', async () => {
    const dir = tempDir('crm-owners-not-checked-');
    const findings = path.join(dir, 'findings.csv');
    const { code, stdout } = await runInProcess([
      'audit',
      ...SALESFORCE,
      '--db',
      ':memory:',
      '--stale-days',
      '90',
      '--json',
      '--findings',
      findings,
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    const stale = (kind: string) =>
      json.checks.find((r: { check: string; kind: string }) => r.check === 'stale-ownership' && r.kind === kind);
    for (const kind of ['leads', 'cases']) {
      expect(stale(kind)).toMatchObject({
        count: 0,
        percent: 0,
        status: 'not-checked',
        reason: 'no last-activity column',
      });
      expect(json.warnings).toContain(`stale-ownership: not checked for ${kind} — no last-activity column`);
    }
    // Account.csv and Contact.csv have LastActivityDate: the check runs there and finds stale records.
    expect(stale('accounts').status).toBe('warn');
    expect(stale('accounts').reason).toBeUndefined();
    expect(stale('contacts').status).not.toBe('not-checked');
    const rows = parse(readFileSync(findings), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.filter((r) => r.check === 'stale-ownership' && (r.kind === 'leads' || r.kind === 'cases'))).toEqual([]);
    expect(rows.filter((r) => r.check === 'stale-ownership' && r.kind === 'accounts')).toHaveLength(
      stale('accounts').count,
    );
  });

  it('says so in the table and in Markdown', async () => {
    const table = await runInProcess([
      'audit',
      ...SALESFORCE,
      '--db',
      ':memory:',
      '--stale-days',
      '90',
      '--format',
      'table',
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('stale-ownership: not checked for cases — no last-activity column');
    expect(table.stdout).toMatch(/stale-ownership\s+leads\s+—\s+—\s+not checked — no last-activity column/);
    const markdown = await runInProcess([
      'audit',
      ...SALESFORCE,
      '--db',
      ':memory:',
      '--stale-days',
      '90',
      '--format',
      'markdown',
    ]);
    expect(markdown.stdout).toContain(
      '| `stale-ownership` | cases | — | — | ➖ not checked (no last-activity column) |',
    );
  });

  it('a Dynamics export without a Last Activity column: not checked, not 100 % stale', async () => {
    const { code, stdout } = await runInProcess([
      'audit',
      fixture('dynamics'),
      fixture('dynamics/sales'),
      '--db',
      ':memory:',
      '--stale-days',
      '30',
      '--json',
    ]);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout).checks.filter((r: { check: string }) => r.check === 'stale-ownership');
    expect(rows.map((r: { kind: string; status: string }) => `${r.kind}:${r.status}`)).toEqual([
      'accounts:not-checked',
      'contacts:not-checked',
      'opportunities:not-checked',
      'cases:not-checked',
    ]);
  });

  it('only the records of files without the column are left out when a kind has both', async () => {
    const audit = await auditOf(
      {
        'owners.csv': csv('id,name,email,active', 'u1,Ann,ann@x.test,true'),
        'contacts-crm.csv': csv(
          'id,name,owner,last_activity',
          'c1,One,u1,2026-10-30',
          'c2,Two,u1,2025-01-01',
          'c3,Three,u1,',
        ),
        'contacts-events.csv': csv('id,name,owner', 'c4,Four,u1', 'c5,Five,u1'),
      },
      { staleDays: 90 },
    );
    expect(audit.row('stale-ownership', 'contacts')).toMatchObject({ count: 2, total: 5, status: 'warn' });
    expect(audit.flagged('stale-ownership', 'contacts')).toEqual(['c2', 'c3']);
  });

  it('the condition plans and reports select records by is FALSE for a kind no file of which has the column', async () => {
    const audit = await auditOf(
      {
        'owners.csv': csv('id,name,email,active', 'u1,Ann,ann@x.test,true'),
        'accounts.csv': csv('id,name,owner,last_activity', 'a1,One,u1,2020-01-01'),
        'leads.csv': csv('id,name,owner', 'l1,Lead,u1'),
      },
      { staleDays: 30 },
    );
    const { context } = audit.session;
    expect(conditionOf(staleOwnership, context, 'leads')).toBe('FALSE');
    expect(conditionOf(staleOwnership, context, 'accounts')).toBe(conditionOf(staleOwnership, context));
  });
});

describe('gates on a check that was not run', () => {
  const files = {
    'owners.csv': csv('id,name,email,active', 'u1,Ann,ann@x.test,true'),
    'accounts.csv': csv('id,name,owner,last_activity', 'a1,One,u1,2020-01-01'),
    'leads.csv': csv('id,name,owner', 'l1,Lead,u1'),
  };

  it('fails when nothing the gate covers was checked, saying why', async () => {
    const audit = await auditOf(files, { staleDays: 30, failOn: [parseThreshold('stale-ownership:leads>0')] });
    expect(audit.result.gate.passed).toBe(false);
    expect(audit.result.gate.reasons).toEqual([
      '--fail-on "stale-ownership:leads>0" cannot be evaluated: stale-ownership was not checked for leads (no last-activity column)',
    ]);
  });

  it('notes the kinds it could not cover when others were checked', async () => {
    const audit = await auditOf(files, { staleDays: 30, failOn: [parseThreshold('stale-ownership>5')] });
    // accounts: 1 stale record, under the limit; leads: not checked.
    expect(audit.result.gate).toMatchObject({
      passed: true,
      reasons: [],
      notes: [
        '--fail-on "stale-ownership>5" did not cover leads (no last-activity column): stale-ownership was not checked there',
      ],
    });
    const crossed = await auditOf(files, { staleDays: 30, failOn: [parseThreshold('stale-ownership>0')] });
    expect(crossed.result.gate.reasons).toEqual(['stale-ownership accounts 1 > 0']);
  });

  it('the CLI exits 1 and prints the reason', async () => {
    const dir = tempDir('crm-owners-not-checked-gate-');
    const result = await runInProcess(
      [
        'audit',
        ...SALESFORCE,
        '--db',
        ':memory:',
        '--stale-days',
        '90',
        '--fail-on',
        'stale-ownership:cases>0',
        '--format',
        'table',
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '--fail-on "stale-ownership:cases>0" cannot be evaluated: stale-ownership was not checked for cases (no last-activity column)',
    );
  });
});

describe('snapshots loaded before the load noted each file’s columns', () => {
  it('a file none of whose records has a last activity is taken to lack the column', async () => {
    const db = openDatabase(':memory:');
    await loadInto(db, {
      'owners.csv': csv('id,name,email,active', 'u1,Ann,ann@x.test,true'),
      'accounts.csv': csv('id,name,owner,last_activity', 'a1,One,u1,2020-01-01', 'a2,Two,u1,'),
      'leads.csv': csv('id,name,owner', 'l1,Lead,u1', 'l2,Lead two,u1'),
    });
    // An earlier release kept no `fields` in the snapshot's counts.
    db.prepare("UPDATE snapshots SET counts = json_remove(counts, '$.fields')").run();
    const audit = audited(db, auditSnapshot(db, auditOptions({ staleDays: 30 })));
    expect(audit.row('stale-ownership', 'leads')).toMatchObject({
      status: 'not-checked',
      reason: 'no last-activity values (snapshot loaded by an earlier release)',
    });
    expect(audit.row('stale-ownership', 'accounts')).toMatchObject({ count: 2, status: 'warn' });
  });
});

describe('the HTML report', () => {
  it('says which checks were not run, above its numbers', async () => {
    const dir = tempDir('crm-owners-not-checked-report-');
    const db = path.join(dir, 'crm.db');
    const config = path.join(dir, 'crm-owners.config.json');
    writeFileSync(config, JSON.stringify({ staleDays: 90 }));
    expect((await runInProcess(['load', ...SALESFORCE, '--db', db, '--quiet'])).code).toBe(0);
    const out = path.join(dir, 'report.html');
    const result = await runInProcess(['report', '--db', db, '--config', config, '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain(
      '<li class="status-warn">stale-ownership: not checked for cases — no last-activity column</li>',
    );
    expect(page).toContain('not checked — no last-activity column');
  });
});
