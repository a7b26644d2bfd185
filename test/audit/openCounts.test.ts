/**
 * One count everywhere: `load`'s summary, the audit header and the percentages count the same
 * records — open ones, labelled as open — and HubSpot's `Deactivated User` is an inactive owner in
 * both (issue: the load counted converted leads, closed deals and `Deactivated User` as unknown).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { csv } from './helpers.js';

type Counts = Record<string, number>;

/** Load (JSON) and audit (JSON, table, Markdown) of the same files, in one database. */
async function loadAndAudit(files: string[], config: Record<string, unknown> = {}) {
  const dir = tempDir('crm-owners-counts-');
  const db = path.join(dir, 'crm.db');
  const cfg = path.join(dir, 'crm-owners.config.json');
  writeFileSync(cfg, JSON.stringify(config));
  const load = await runInProcess(['load', ...files, '--db', db, '--config', cfg, '--json']);
  expect(load.code, load.stderr).toBe(0);
  const text = await runInProcess(['load', ...files, '--db', path.join(dir, 'text.db'), '--config', cfg]);
  const audit = await runInProcess(['audit', '--db', db, '--config', cfg, '--json']);
  expect(audit.code, audit.stderr).toBe(0);
  const table = await runInProcess(['audit', '--db', db, '--config', cfg, '--format', 'table']);
  const markdown = await runInProcess(['audit', '--db', db, '--config', cfg, '--format', 'markdown']);
  const report = path.join(dir, 'report.html');
  expect((await runInProcess(['report', '--db', db, '--config', cfg, '--out', report, '--quiet'])).code).toBe(0);
  return {
    load: JSON.parse(load.stdout),
    loadText: text.stderr,
    audit: JSON.parse(audit.stdout),
    table: table.stdout,
    markdown: markdown.stdout,
    html: readFileSync(report, 'utf8'),
  };
}

/** Per kind, the audit's count of a check (kinds where it is 0 left out, as the load leaves them out). */
function checkCounts(audit: { checks: { check: string; kind: string; count: number }[] }, check: string): Counts {
  return Object.fromEntries(audit.checks.filter((r) => r.check === check && r.count > 0).map((r) => [r.kind, r.count]));
}

function expectSameCounts({ load, audit }: Awaited<ReturnType<typeof loadAndAudit>>) {
  expect(audit.snapshot.open).toEqual(load.open);
  for (const row of audit.checks) expect(row.total).toBe(load.open[row.kind]);
  expect(load.unresolvedOwners).toEqual(checkCounts(audit, 'unknown-owner'));
  expect(load.inactiveOwners).toEqual(checkCounts(audit, 'inactive-owner'));
}

describe('load and audit count the same open records', () => {
  const generic = () => {
    const dir = tempDir('crm-owners-counts-files-');
    const files = {
      'owners.csv': csv('id,name,email,active', 'u1,Ann,ann@x.test,true', 'u2,Ben,ben@x.test,false'),
      'accounts.csv': csv('id,name,owner', 'a1,One,u1', 'a2,Two,Deactivated User'),
      'leads.csv': csv(
        'id,name,owner,converted',
        'l1,Open,u1,false',
        'l2,Converted,ghost,true',
        'l3,Converted too,Deactivated User,true',
        'l4,Open gone,Deactivated User,false',
        'l5,Open unknown,ghost,false',
      ),
      'opportunities.csv': csv(
        'id,name,owner,account_id,closed',
        'o1,Open,u1,a1,false',
        'o2,Won,Deactivated User,a1,true',
        'o3,Lost,ghost,a1,true',
        'o4,Open old rep,u2,a2,false',
      ),
    };
    return Object.entries(files).map(([name, text]) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    });
  };

  it('converted leads, closed opportunities and Deactivated User (generic exports)', async () => {
    const result = await loadAndAudit(generic());
    expect(result.load.counts).toMatchObject({ accounts: 2, leads: 5, opportunities: 4 });
    expect(result.load.open).toEqual({ accounts: 2, contacts: 0, leads: 3, opportunities: 2, cases: 0 });
    expect(result.load.unresolvedOwners).toEqual({ leads: 1 });
    expect(result.load.inactiveOwners).toEqual({ accounts: 1, leads: 1, opportunities: 1 });
    expectSameCounts(result);
    // Labelled as open wherever closed records were loaded too.
    expect(result.loadText).toContain(
      '2 accounts · 0 contacts · 3 open leads (5 loaded) · 2 open opportunities (4 loaded)',
    );
    expect(result.loadText).toContain('1 open lead has an owner that matches no owner in the snapshot');
    expect(result.loadText).toContain('1 open lead has an inactive owner');
    // The headline wraps at the terminal's width.
    expect(result.table.replace(/\s+/g, ' ')).toContain(
      'crm-owners audit · snapshot 1 · 2 owners · 2 accounts · 3 open leads (5 loaded) · 2 open opportunities (4 loaded)',
    );
    expect(result.markdown).toContain('3 open leads (5 loaded) · 2 open opportunities (4 loaded)');
    expect(result.html).toContain('2 owners · 2 accounts · 3 open leads (5 loaded) · 2 open opportunities (4 loaded)');
    expect(result.table).toMatch(/inactive-owner\s+leads\s+1\s+33\.33/);
  });

  it('with placeholder owners in the config, as the audit applies them', async () => {
    // Ben (inactive) is the placeholder: his open opportunity is unowned, not inactive, in both.
    const result = await loadAndAudit(generic(), { placeholderOwners: ['Ben'] });
    expect(result.load.inactiveOwners).toEqual({ accounts: 1, leads: 1 });
    expectSameCounts(result);
  });

  it('a kind whose every record is closed has 0 open records, said so', async () => {
    const dir = tempDir('crm-owners-counts-closed-');
    const files = {
      'owners.csv': csv('id,name,email,active', 'u1,Ann,ann@x.test,true'),
      'accounts.csv': csv('id,name,owner', 'a1,One,u1'),
      'leads.csv': csv('id,name,owner,converted', 'l1,Done,u1,true', 'l2,Done too,u1,true'),
    };
    const paths = Object.entries(files).map(([name, text]) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    });
    const result = await loadAndAudit(paths);
    expect(result.load.open.leads).toBe(0);
    expect(result.loadText).toContain('1 accounts · 0 contacts · 0 open leads (2 loaded)');
    expect(result.table.replace(/\s+/g, ' ')).toContain('1 owners · 1 accounts · 0 open leads (2 loaded)');
    expectSameCounts(result);
  });

  it('HubSpot exports with closed deals and tickets and Deactivated User', async () => {
    const result = await loadAndAudit([fixture('hubspot'), fixture('hubspot/sales')]);
    expectSameCounts(result);
    expect(Object.values(result.load.inactiveOwners as Counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(result.load.open.opportunities).toBeLessThan(result.load.counts.opportunities);
  });

  it('Salesforce Data Loader exports with closed opportunities and cases', async () => {
    expectSameCounts(await loadAndAudit([fixture('salesforce/dataloader'), fixture('salesforce/dataloader-sales')]));
  });
});
