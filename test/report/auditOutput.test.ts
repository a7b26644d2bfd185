/**
 * What `audit` prints: the table (for people at a terminal), Markdown (for CI summaries), the
 * `crm-owners/audit@1` JSON (for scripts and baselines) and the findings CSV (README, `audit`).
 */
import { Chalk } from 'chalk';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/audit/check.js';
import { parseThreshold } from '../../src/audit/gate.js';
import { auditFindings, runAudit, type AuditResult } from '../../src/audit/runAudit.js';
import { auditJson } from '../../src/report/auditJson.js';
import { auditMarkdown } from '../../src/report/auditMarkdown.js';
import { auditTable } from '../../src/report/auditTable.js';
import { FINDINGS_HEADER, writeFindings } from '../../src/report/findingsCsv.js';
import { parseRules } from '../../src/rules/rules.js';
import { openDatabase } from '../../src/store/database.js';
import { loadSnapshot } from '../../src/load/loadSnapshot.js';
import { loadRules } from '../../src/commands/flags.js';
import {
  ACCOUNTS_HEADER,
  CONTACTS_HEADER,
  OWNERS_HEADER,
  auditOf,
  auditOptions,
  csv,
  loadInto,
  scratchDir,
} from '../audit/helpers.js';
import { fixture } from '../helpers/cli.js';

const plain = new Chalk({ level: 0 });

const owners = csv(
  OWNERS_HEADER,
  'u1,Dana Whitfield,dana@x.test,true,user,West,3',
  'u2,Omar Haddad,omar@x.test,true,user,East,5',
  'u3,Sam Patel,sam@x.test,false,user,East,5',
  'u4,Integration User,int@x.test,true,user,,',
);
const accounts = (a8owner: string) =>
  csv(
    ACCOUNTS_HEADER,
    'a1,Redwood Logistics,u1,West,2026-01-01',
    'a2,Pacific Crest,u1,West,2026-02-01',
    'a3,Cascade Timber,u1,West,2026-03-01',
    'a4,Sierra Solar,u1,West,2026-04-01', // Dana: 4 accounts, capacity 3 → a4 is the excess
    'a5,Hudson Analytics,u2,East,2026-01-15',
    'a6,Garden Pharma,u3,East,2026-01-20', // inactive owner
    'a7,Gulf Petrochem,u4,West,2026-01-25', // placeholder → unowned
    `a8,Empire Interiors,${a8owner},East,2026-02-10`,
  );
const contacts = csv(
  CONTACTS_HEADER,
  'c1,Harper Lindqvist,harper@x.test,a1,u1,2026-10-20,',
  'c2,Marco Bellini,marco@x.test,a1,u2,2026-10-21,', // account owned by Dana → mismatch
  'c3,Renee Okafor,renee@x.test,a5,u2,2026-10-22,',
  'c4,Claudia Ferraro,claudia@x.test,a6,u3,2026-10-23,', // inactive
  'c5,Marcus Feld,marcus@x.test,,,2026-10-24,', // unowned, no account → no territory
  'c6,Lorraine Pike,lorraine@x.test,a5,Jordan Blake,2026-10-25,', // unknown
);
const rules = parseRules('territories.csv', csv('territory,region', 'West,West', 'East,East'));

/**
 * Two snapshots: 1 "2026-10" where a8 belongs to Omar, 2 "2026-11" where it has no owner.
 * Snapshot 2: accounts a1–a5 covered = 5/8 = 62.5%; contacts c1–c3 = 3/6 = 50%; overall 8/14 = 57.14%.
 * Snapshot 1: 9/14 = 64.29% → ▼ 7.15 pts (the difference of the two rounded coverages).
 */
async function fixedAudit(options: Partial<Parameters<typeof auditOptions>[0]> = {}): Promise<AuditResult> {
  const db = openDatabase(':memory:');
  await loadInto(
    db,
    { 'owners.csv': owners, 'accounts.csv': accounts('u2'), 'contacts.csv': contacts },
    { now: new Date('2026-10-01T09:00:00Z'), load: { label: '2026-10' } },
  );
  await loadInto(
    db,
    { 'owners.csv': owners, 'accounts.csv': accounts(''), 'contacts.csv': contacts },
    { now: new Date('2026-11-01T09:00:00Z'), load: { label: '2026-11' } },
  );
  return runAudit(db, auditOptions({ rules, placeholderOwners: ['Integration User'], ...options }));
}

const columns = (text: string) => text.split('\n').map((line) => [...line].length);

describe('auditTable', () => {
  it('renders the headline, coverage, checks, busiest owners and verdict', async () => {
    const result = await fixedAudit({ failOn: [parseThreshold('unowned>20%')] });
    const text = auditTable(result, plain, 80);
    expect(text).toMatchInlineSnapshot(`
      "crm-owners audit · snapshot 2 "2026-11" · 4 owners · 8 accounts · 6 contacts

      Coverage 57.14%   accounts 62.50%   contacts 50.00%
      ▼ 7.15 pts since snapshot 1

      check                   kind          count       %  status
      unowned                 accounts          2   25.00  FAIL  > 20%
      unowned                 contacts          1   16.67  warn
      inactive-owner          accounts          1   12.50  warn
      inactive-owner          contacts          1   16.67  warn
      unknown-owner           accounts          0    0.00  pass
      unknown-owner           contacts          1   16.67  warn
      overloaded-owner        accounts          1   12.50  warn
      overloaded-owner        contacts          0    0.00  pass
      territory-conflict      accounts          0    0.00  pass
      territory-conflict      contacts          1   16.67  warn
      no-territory            accounts          0    0.00  pass
      no-territory            contacts          1   16.67  warn
      account-owner-mismatch  contacts          1   16.67  warn
      duplicate-id            accounts          0    0.00  pass
      duplicate-id            contacts          0    0.00  pass
      mangled-id              accounts          0    0.00  pass
      mangled-id              contacts          0    0.00  pass
      split-ownership         contacts          0    0.00  pass

      Busiest owners  accounts  capacity
      Dana Whitfield         4         3  ███████████████████▎ +1
      Omar Haddad            1         5  ████▊

      Busiest owners  contacts  capacity
      Omar Haddad            2         5  █████████▋
      Dana Whitfield         1         3  ████▊

      FAIL  unowned accounts 25.00% > 20%"
    `);
    // The check rows and owner rows are narrow whatever the data: name ≤ 24, bar 24.
    const body = text.split('\n').slice(4);
    expect(Math.max(...columns(body.join('\n')))).toBeLessThanOrEqual(80);
  });

  it('says PASS with warnings only', async () => {
    const result = await fixedAudit();
    const text = auditTable(result, plain, 80);
    expect(text.split('\n').at(-1)).toBe('PASS  (warnings only)');
    expect(text).not.toContain('FAIL');
  });

  it('has no colour codes with a level-0 chalk, and colours the status otherwise', async () => {
    const result = await fixedAudit({ failOn: [parseThreshold('unowned>20%')] });
    expect(auditTable(result, plain, 80)).not.toMatch(/\u001b\[/);
    const coloured = auditTable(result, new Chalk({ level: 1 }), 80);
    expect(coloured).toContain('\u001b[31m'); // red FAIL
    expect(coloured).toContain('\u001b[33mwarn'); // yellow warn
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(auditTable(result, plain, 80));
  });

  /**
   * A realistic CI run: the dataloader fixture twice (a month apart, labelled), with the rules and the
   * placeholder config, failing on unowned>5% and a minimum coverage of 98%.
   */
  async function realisticRun(): Promise<string> {
    const db = openDatabase(':memory:');
    const files = [fixture('salesforce/dataloader')];
    const dir = scratchDir();
    await loadSnapshot(db, {
      files,
      rejectsPath: path.join(dir, 'r.csv'),
      now: new Date('2026-10-01T00:00:00Z'),
      label: '2026-10',
    });
    await loadSnapshot(db, {
      files,
      rejectsPath: path.join(dir, 'r.csv'),
      now: new Date('2026-11-01T00:00:00Z'),
      label: '2026-11',
    });
    const result = runAudit(
      db,
      auditOptions({
        rules: await loadRules(fixture('rules/territories.csv')),
        placeholderOwners: ['Integration User'],
        failOn: [parseThreshold('unowned>5%')],
        minCoverage: 98,
      }),
    );
    return auditTable(result, plain, 80);
  }

  it('realistic run: check rows and busiest-owner rows fit in 80 columns', async () => {
    const lines = (await realisticRun()).split('\n');
    const rows = lines.filter(
      (line) => /^(\S+-\S+|unowned)\s+(accounts|contacts|leads)\s/.test(line) || /█/.test(line),
    );
    expect(rows.length).toBeGreaterThan(25);
    expect(rows.filter((line) => [...line].length > 80)).toEqual([]);
  });

  it('realistic run: the verdict gives one reason per line, each within 80 columns', async () => {
    const lines = (await realisticRun()).split('\n');
    const verdict = lines.slice(lines.findIndex((line) => line.startsWith('FAIL')));
    expect(verdict.length).toBe(3);
    expect(verdict[0]).toMatch(/^FAIL  unowned /);
    expect(verdict.filter((line) => [...line].length > 80)).toEqual([]);
  });

  it('realistic run: the headline and the coverage line wrap within 80 columns', async () => {
    const text = await realisticRun();
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^crm-owners audit · snapshot 2 "2026-11"/);
    expect(text).toMatch(/^Coverage 82\.67%/m);
    expect(lines.filter((line) => [...line].length > 80)).toEqual([]);
  });
});

describe('auditMarkdown', () => {
  it('renders the same report as Markdown tables', async () => {
    const result = await fixedAudit({ failOn: [parseThreshold('unowned>20%')] });
    const text = auditMarkdown(result);
    expect(text).toMatchInlineSnapshot(`
      "### ❌ crm-owners audit · snapshot 2 "2026-11" · 4 owners · 8 accounts · 6 contacts

      **Coverage 57.14%** · accounts 62.50% · contacts 50.00% · ▼ 7.15 pts since snapshot 1

      | check | kind | count | % | status |
      | --- | --- | ---: | ---: | --- |
      | \`unowned\` | accounts | 2 | 25.00 | ❌ FAIL &gt; 20% |
      | \`unowned\` | contacts | 1 | 16.67 | ⚠️ warn |
      | \`inactive-owner\` | accounts | 1 | 12.50 | ⚠️ warn |
      | \`inactive-owner\` | contacts | 1 | 16.67 | ⚠️ warn |
      | \`unknown-owner\` | accounts | 0 | 0.00 | ✅ pass |
      | \`unknown-owner\` | contacts | 1 | 16.67 | ⚠️ warn |
      | \`overloaded-owner\` | accounts | 1 | 12.50 | ⚠️ warn |
      | \`overloaded-owner\` | contacts | 0 | 0.00 | ✅ pass |
      | \`territory-conflict\` | accounts | 0 | 0.00 | ✅ pass |
      | \`territory-conflict\` | contacts | 1 | 16.67 | ⚠️ warn |
      | \`no-territory\` | accounts | 0 | 0.00 | ✅ pass |
      | \`no-territory\` | contacts | 1 | 16.67 | ⚠️ warn |
      | \`account-owner-mismatch\` | contacts | 1 | 16.67 | ⚠️ warn |
      | \`duplicate-id\` | accounts | 0 | 0.00 | ✅ pass |
      | \`duplicate-id\` | contacts | 0 | 0.00 | ✅ pass |
      | \`mangled-id\` | accounts | 0 | 0.00 | ✅ pass |
      | \`mangled-id\` | contacts | 0 | 0.00 | ✅ pass |
      | \`split-ownership\` | contacts | 0 | 0.00 | ✅ pass |

      | Busiest owners (accounts) | load | capacity | over |
      | --- | ---: | ---: | ---: |
      | Dana Whitfield | 4 | 3 | +1 |
      | Omar Haddad | 1 | 5 |  |

      | Busiest owners (contacts) | load | capacity | over |
      | --- | ---: | ---: | ---: |
      | Omar Haddad | 2 | 5 |  |
      | Dana Whitfield | 1 | 3 |  |

      **FAIL** 
      - unowned accounts 25.00% &gt; 20%"
    `);
    // Every table row has the same number of cells as its header.
    for (const table of text.split('\n\n').filter((part) => part.startsWith('|'))) {
      const [head, ...body] = table.split('\n');
      const cells = (line: string) => line.split(/(?<!\\)\|/).length;
      for (const line of body) expect(cells(line)).toBe(cells(head));
    }
  });
});

describe('auditJson (crm-owners/audit@1)', () => {
  it('has exactly the documented shape', async () => {
    const result = await fixedAudit({ failOn: [parseThreshold('unowned>20%')], minCoverage: 60, maxDrop: 5 });
    const json = JSON.parse(JSON.stringify(auditJson(result)));
    expect(Object.keys(json)).toEqual([
      'schema',
      'snapshot',
      'warnings',
      'coverage',
      'checks',
      'pipeline',
      'owners',
      'gate',
    ]);
    expect(json.schema).toBe('crm-owners/audit@1');
    // Loaded with an owners file: nothing to warn of.
    expect(json.warnings).toEqual([]);
    expect(json.snapshot).toEqual({
      id: 2,
      label: '2026-11',
      loadedAt: '2026-11-01T09:00:00.000Z',
      asOf: '2026-11-01T09:00:00.000Z',
      counts: { owners: 4, accounts: 8, contacts: 6, leads: 0, opportunities: 0, cases: 0 },
      open: { accounts: 8, contacts: 6, leads: 0, opportunities: 0, cases: 0 },
    });
    // Only the kinds present, plus overall.
    expect(json.coverage).toEqual({ overall: 57.14, accounts: 62.5, contacts: 50 });
    for (const row of json.checks)
      expect(Object.keys(row)).toEqual(['check', 'kind', 'count', 'total', 'percent', 'status']);
    expect(json.checks.slice(0, 2)).toEqual([
      { check: 'unowned', kind: 'accounts', count: 2, total: 8, percent: 25, status: 'fail' },
      { check: 'unowned', kind: 'contacts', count: 1, total: 6, percent: 16.67, status: 'warn' },
    ]);
    // Every enabled check for every kind present, passing ones included.
    expect(
      json.checks.find((r: { check: string; kind: string }) => r.check === 'duplicate-id' && r.kind === 'contacts'),
    ).toEqual({
      check: 'duplicate-id',
      kind: 'contacts',
      count: 0,
      total: 6,
      percent: 0,
      status: 'pass',
    });
    expect(json.checks).toHaveLength(18);
    for (const owner of json.owners) {
      for (const key of ['id', 'name', 'active', 'loads', 'capacity']) expect(owner).toHaveProperty(key);
    }
    expect(json.owners.find((o: { id: string }) => o.id === 'u1')).toMatchObject({
      id: 'u1',
      name: 'Dana Whitfield',
      active: true,
      loads: { accounts: 4, contacts: 1 },
    });
    expect(Object.keys(json.gate)).toEqual(['passed', 'reasons', 'baseline']);
    expect(json.gate.passed).toBe(false);
    expect(json.gate.reasons).toEqual([
      'unowned accounts 25.00% > 20%',
      'coverage 57.14% is below the minimum 60%',
      'coverage fell 7.15 pts since snapshot 1 (at most 5 allowed)',
    ]);
    expect(json.gate.baseline).toMatchObject({ coverage: 64.29, drop: 7.15 });
  });

  it('rounds every percentage to 2 decimals', async () => {
    // 1 of 3 accounts unowned → 33.33; 2 of 3 covered → 66.67; 1 of 7 contacts → 14.29.
    const audit = await auditOf({
      'owners.csv': csv(OWNERS_HEADER, 'u1,Ann,ann@x.test,true,user,,'),
      'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,A,u1,,', 'a2,B,u1,,', 'a3,C,,,'),
      'contacts.csv': csv(CONTACTS_HEADER, 'c1,A,,,,,', ...[2, 3, 4, 5, 6, 7].map((i) => `c${i},X,,,u1,,`)),
    });
    const json = auditJson(audit.result);
    const decimals = (n: number) => (String(n).split('.')[1] ?? '').length;
    for (const value of [...Object.values(json.coverage), ...json.checks.map((r) => r.percent)])
      expect(decimals(value as number)).toBeLessThanOrEqual(2);
    expect(json.coverage).toEqual({ overall: 80, accounts: 66.67, contacts: 85.71 });
    expect(json.checks[0]).toMatchObject({ check: 'unowned', kind: 'accounts', percent: 33.33 });
    expect(json.checks[1]).toMatchObject({ check: 'unowned', kind: 'contacts', percent: 14.29 });
    expect(json.gate).toEqual({ passed: true, reasons: [], baseline: null });
  });
});

describe('writeFindings', () => {
  const finding = (recordId: string, recordName: string, detail = 'no owner'): Finding => ({
    check: 'unowned',
    kind: 'contacts',
    recordId,
    recordName,
    owner: '',
    ownerId: '',
    ownerName: '',
    detail,
  });

  it('writes a file for people: BOM, CRLF, the header, formulas neutralised', () => {
    const dir = scratchDir();
    const file = path.join(dir, 'findings.csv');
    const count = writeFindings(file, [
      finding('c1', '=HYPERLINK("x")'),
      finding('c2', '+1-555'),
      finding('c3', '-42'),
      finding('c4', '@SUM(A1)'),
      finding('c5', '-abc'),
      finding('c6', 'Ann, Jr.'),
      finding('c7', '3.5'),
    ]);
    expect(count).toEqual({ rows: 7, records: 7 });
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(FINDINGS_HEADER.join(',')).toBe('check,kind,record_id,record_name,owner,owner_id,owner_name,detail');
    expect(text.split('\r\n')).toEqual([
      'check,kind,record_id,record_name,owner,owner_id,owner_name,detail',
      `unowned,contacts,c1,"'=HYPERLINK(""x"")",,,,no owner`,
      `unowned,contacts,c2,'+1-555,,,,no owner`,
      'unowned,contacts,c3,-42,,,,no owner',
      `unowned,contacts,c4,'@SUM(A1),,,,no owner`,
      `unowned,contacts,c5,'-abc,,,,no owner`,
      'unowned,contacts,c6,"Ann, Jr.",,,,no owner',
      'unowned,contacts,c7,3.5,,,,no owner',
      '',
    ]);
    // No bare LF anywhere; nothing else left in the folder (written via a temp file and a rename).
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(readdirSync(dir)).toEqual(['findings.csv']);
  });

  it('writes one row per flagged record of an audit, with the header even when there are none', async () => {
    const audit = await auditOf({
      'owners.csv': csv(OWNERS_HEADER, 'u1,Ann,ann@x.test,true,user,,'),
      'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,=cmd|calc,,,', 'a2,B,ghost,,', 'a3,C,u1,,'),
    });
    const dir = scratchDir();
    const file = path.join(dir, 'findings.csv');
    expect(writeFindings(file, auditFindings(audit.session))).toEqual({ rows: 2, records: 2 });
    const lines = readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines).toEqual([
      'check,kind,record_id,record_name,owner,owner_id,owner_name,detail',
      `unowned,accounts,a1,'=cmd|calc,,,,no owner`,
      'unknown-owner,accounts,a2,B,ghost,,,no such owner',
      '',
    ]);
    const empty = path.join(dir, 'empty.csv');
    expect(writeFindings(empty, [])).toEqual({ rows: 0, records: 0 });
    expect(readFileSync(empty, 'utf8')).toBe(
      '\uFEFFcheck,kind,record_id,record_name,owner,owner_id,owner_name,detail\r\n',
    );
  });
});
