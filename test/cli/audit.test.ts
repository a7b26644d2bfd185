/**
 * `crm-owners audit` end to end: the built binary on the fixtures, as a user or a CI job runs it.
 * Expected numbers are fixtures/README.md's "Expected audit facts — salesforce/dataloader/".
 */
import { parse } from 'csv-parse/sync';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, run, runJson, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

const DATALOADER = fixture('salesforce/dataloader');
const CONFIG = fixture('salesforce/crm-owners.config.json');
const RULES = fixture('rules/territories.csv');

type Kind = 'accounts' | 'contacts' | 'leads';
interface CheckRow {
  check: string;
  kind: Kind;
  count: number;
  total: number;
  percent: number;
  status: string;
}

/** README column A: with --rules and the placeholder config. `undefined`: not reported for the kind. */
const EXPECTED_A: Record<string, Partial<Record<Kind, number>>> = {
  unowned: { accounts: 3, contacts: 3, leads: 0 },
  'inactive-owner': { accounts: 2, contacts: 2, leads: 1 },
  'unknown-owner': { accounts: 1, contacts: 1, leads: 0 },
  'overloaded-owner': { accounts: 4, contacts: 2, leads: 0 },
  // The queue's account A24 and leads L01–L03 wait in a queue no rule names: no territory findings.
  'territory-conflict': { accounts: 3, contacts: 5, leads: 0 },
  'no-territory': { accounts: 2, contacts: 4, leads: 5 },
  'account-owner-mismatch': { contacts: 6 },
  'duplicate-id': { accounts: 0, contacts: 0, leads: 0 },
  'mangled-id': { accounts: 0, contacts: 0, leads: 0 },
  'split-ownership': { contacts: 2, leads: 0 },
};

/** README column B: no config, no rules. */
const EXPECTED_B: Record<string, Partial<Record<Kind, number>>> = {
  unowned: { accounts: 1, contacts: 1, leads: 0 },
  'inactive-owner': { accounts: 2, contacts: 2, leads: 1 },
  'unknown-owner': { accounts: 1, contacts: 1, leads: 0 },
  'overloaded-owner': { accounts: 4, contacts: 2, leads: 0 },
  'account-owner-mismatch': { contacts: 7 },
  'duplicate-id': { accounts: 0, contacts: 0, leads: 0 },
  'mangled-id': { accounts: 0, contacts: 0, leads: 0 },
  'split-ownership': { contacts: 2, leads: 0 },
};

const TOTALS: Record<Kind, number> = { accounts: 27, contacts: 40, leads: 8 };

/** The records README names for each check (column A), by id. */
const FLAGGED_A: Record<string, string[]> = {
  unowned: [
    '0018c00000MUxtRAAT',
    '0018c00000MCmmYAAT',
    '0018c00000Xqxh5AAB',
    '0038c00000vXc6tAAC',
    '0038c000004fttIAAQ',
    '0038c00000jw1DxAAI',
  ],
  'inactive-owner': [
    '0018c00000fL37BAAS',
    '0018c00000f7WXrAAM',
    '0038c00000UHxsPAAT',
    '0038c00000GaHdQAAV',
    '00Q8c00000XeaLzEAJ',
  ],
  'unknown-owner': ['0018c00000eewUiAAI', '0038c00000oWtlQAAS'],
  'overloaded-owner': [
    '0018c00000BDoX2AAL',
    '0018c00000bUDUTAA4',
    '0018c00000mY9tzAAC',
    '0018c00000i7h9qAAA',
    '0038c00000vheZqAAI',
    '0038c00000H7Y7zAAF',
  ],
  'territory-conflict': [
    '0018c00000uyjs0AAA',
    '0018c00000BDoX2AAL',
    '0018c00000UzajBAAR',
    '0038c000002P20XAAS',
    '0038c00000H7Y7zAAF',
    '0038c00000rONB2AAO',
    '0038c00000voLKVAA2',
    '0038c00000iQsLKAA0',
  ],
  'account-owner-mismatch': [
    '0038c00000TTyVWAA1',
    '0038c00000iplT4AAI',
    '0038c00000lOE4oAAG',
    '0038c00000rONB2AAO',
    '0038c00000oQ1HpAAK',
    '0038c00000v8prgAAA',
  ],
  'split-ownership': ['0038c00000e0BD2AAM', '0038c00000vheZqAAI'],
};

function expectCounts(checks: CheckRow[], expected: Record<string, Partial<Record<Kind, number>>>) {
  const actual = checks.map((r) => `${r.check}/${r.kind}=${r.count}`);
  const wanted = Object.entries(expected).flatMap(([check, kinds]) =>
    Object.entries(kinds).map(([kind, count]) => `${check}/${kind}=${count}`),
  );
  expect(actual).toEqual(wanted);
  for (const row of checks) {
    expect(row.total).toBe(TOTALS[row.kind]);
    expect(row.status).toBe(row.count > 0 ? 'warn' : 'pass');
    expect(row.percent).toBe(Math.round((row.count / row.total) * 10000) / 100);
  }
}

const audit = (...args: string[]) => ['audit', DATALOADER, '--db', ':memory:', ...args];
const auditA = (...args: string[]) => audit('--rules', RULES, '--config', CONFIG, ...args);

describe('audit on fixtures/salesforce/dataloader', () => {
  it('with the rules and the placeholder config: every count of README column A', async () => {
    const { code, json } = await runJsonInProcess(auditA('--json'));
    expect(code).toBe(0);
    expect(json.schema).toBe('crm-owners/audit@1');
    expect(json.snapshot).toMatchObject({ id: 1, label: null, counts: { accounts: 27, contacts: 40, leads: 8 } });
    expectCounts(json.checks, EXPECTED_A);
    expect(json.coverage).toEqual({ overall: 82.67, accounts: 77.78, contacts: 85, leads: 87.5 });
    expect(json.gate).toEqual({ passed: true, reasons: [], baseline: null });
  });

  it('without config and rules: every count of README column B', async () => {
    const dir = tempDir();
    const { code, json } = await runJsonInProcess(audit('--json'), { cwd: dir });
    expect(code).toBe(0);
    expectCounts(json.checks, EXPECTED_B);
    expect(json.coverage).toEqual({ overall: 88, accounts: 85.19, contacts: 90, leads: 87.5 });
  });

  it('--findings writes one row per flagged record, the records README names', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'findings.csv');
    const result = await runInProcess(auditA('--findings', file, '--json'));
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    const total = (json.checks as CheckRow[]).reduce((sum, r) => sum + r.count, 0);
    expect(total).toBe(46);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFFcheck,kind,record_id,record_name,owner,owner_id,owner_name,detail\r\n')).toBe(true);
    const rows = parse(text, { bom: true, columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    expect(rows).toHaveLength(46);
    // Per check and kind, as many rows as the count.
    for (const row of json.checks as CheckRow[]) {
      expect(rows.filter((r) => r.check === row.check && r.kind === row.kind)).toHaveLength(row.count);
    }
    for (const [check, ids] of Object.entries(FLAGGED_A)) {
      expect(
        rows
          .filter((r) => r.check === check)
          .map((r) => r.record_id)
          .sort(),
      ).toEqual([...ids].sort());
    }
    const leads = rows.filter((r) => r.check === 'no-territory' && r.kind === 'leads');
    expect(leads).toHaveLength(5);
    const dana = rows.find((r) => r.check === 'overloaded-owner' && r.record_id === '0018c00000BDoX2AAL')!;
    expect(dana).toMatchObject({
      kind: 'accounts',
      record_name: 'Lone Star Fabrication',
      owner: '0058c00000l57zPAAQ',
      owner_id: '0058c00000l57zPAAQ',
      owner_name: 'Dana Whitfield',
    });
    expect(result.stderr).toContain(`Findings: 37 records in 46 rows → ${file}`);
  });

  it('the table (NO_COLOR) has the headline, the coverage and the verdict, without colour codes', async () => {
    const dir = tempDir();
    const result = await runInProcess(auditA(), { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('crm-owners audit · snapshot 1');
    expect(result.stdout).toContain('Coverage 82.67%');
    expect(result.stdout).toContain('accounts 77.78%');
    expect(result.stdout).toMatch(/^overloaded-owner\s+accounts\s+4\s+14\.81\s+warn$/m);
    expect(result.stdout).toMatch(/^Dana Whitfield\s+10\s+6\s+█+ \+4$/m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('PASS  (warnings only)');
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it('--format markdown prints a Markdown table', async () => {
    const result = await runInProcess(auditA('--format', 'markdown'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| check | kind | count | % | status |');
    expect(result.stdout).toContain('| --- | --- | ---: | ---: | --- |');
    expect(result.stdout).toContain('| `unowned` | accounts | 3 | 11.11 | ⚠️ warn |');
    expect(result.stdout).toContain('**Coverage 82.67%**');
  });

  it('--format csv is refused (findings are the CSV)', async () => {
    const result = await runInProcess(auditA('--format', 'csv'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--findings');
  });

  it('--checks limits the checks', async () => {
    const { code, json } = await runJsonInProcess(auditA('--json', '--checks', 'unowned,split-ownership'));
    expect(code).toBe(0);
    expect((json.checks as CheckRow[]).map((r) => `${r.check}/${r.kind}`)).toEqual([
      'unowned/accounts',
      'unowned/contacts',
      'unowned/leads',
      'split-ownership/contacts',
      'split-ownership/leads',
    ]);
  });
});

describe('audit FILE... --db :memory: (one shot, no prior state)', () => {
  it('loads and audits in one command, leaving no database behind', async () => {
    const dir = tempDir();
    const { code, json, stderr } = await runJsonInProcess(
      ['audit', DATALOADER, '--db', ':memory:', '--json', '--config', CONFIG],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(json.snapshot.id).toBe(1);
    expect(json.coverage.overall).toBe(82.67);
    expect(stderr).toContain('Loaded snapshot 1');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--quiet silences the informational messages', async () => {
    const dir = tempDir();
    const result = await runInProcess(
      ['audit', DATALOADER, '--db', ':memory:', '--quiet', '--findings', path.join(dir, 'f.csv')],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('exit codes', () => {
  // The first of each code spawns the binary, so the process's own exit code is checked; the rest run in-process.
  it('0 with warnings only', () => {
    const result = run(auditA());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('warn');
  });

  it('1 when a --fail-on threshold is crossed, with the reason', () => {
    const { code, json } = runJson(auditA('--json', '--fail-on', 'unowned>0'));
    expect(code).toBe(1);
    expect(json.gate.passed).toBe(false);
    expect(json.gate.reasons).toEqual(['unowned accounts 3 > 0', 'unowned contacts 3 > 0']);
    expect((json.checks as CheckRow[]).filter((r) => r.status === 'fail').map((r) => `${r.check}/${r.kind}`)).toEqual([
      'unowned/accounts',
      'unowned/contacts',
    ]);
    const table = run(auditA('--fail-on', 'unowned>0'));
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^unowned\s+accounts\s+3\s+11\.11\s+FAIL {2}> 0$/m);
    expect(table.stdout.trimEnd().split('\n').slice(-2)).toEqual([
      'FAIL  unowned accounts 3 > 0',
      '      unowned contacts 3 > 0',
    ]);
  });

  it('1 with a percent and a kind-specific threshold; 0 when not crossed', async () => {
    expect((await runInProcess(auditA('--fail-on', 'inactive-owner:leads>10%'))).code).toBe(1); // 12.50%
    expect((await runInProcess(auditA('--fail-on', 'inactive-owner:leads>12.5%'))).code).toBe(0);
    expect((await runInProcess(auditA('--fail-on', 'unowned>11.11%'))).code).toBe(0);
    expect((await runInProcess(auditA('--fail-on', 'unowned>3', '--fail-on', 'overloaded-owner>4'))).code).toBe(0);
    expect((await runInProcess(auditA('--fail-on', 'unowned>3', '--fail-on', 'overloaded-owner>3'))).code).toBe(1);
  });

  it('1 when coverage is below --min-coverage', async () => {
    const { code, json } = await runJsonInProcess(auditA('--json', '--min-coverage', '99'));
    expect(code).toBe(1);
    expect(json.gate.reasons).toEqual(['coverage 82.67% is below the minimum 99%']);
    expect((await runInProcess(auditA('--min-coverage', '82.67'))).code).toBe(0);
  });

  it('2 for an unknown check in --fail-on', () => {
    const result = run(auditA('--fail-on', 'bogus>1'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bogus');
    expect(result.stdout).toBe('');
  });

  it('2 for --fail-on with bad syntax', async () => {
    const result = await runInProcess(auditA('--fail-on', 'unowned=1'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unowned=1');
  });

  it('2 for an unknown check in --checks, and for --snapshot with FILEs to load', async () => {
    const checks = await runInProcess(auditA('--checks', 'unowned,bogus'));
    expect(checks.code).toBe(2);
    expect(checks.stderr).toContain('unknown check "bogus"');
    const both = await runInProcess(auditA('--snapshot', '1'));
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--snapshot');
  });

  it('2 for --snapshot that does not exist', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'crm.db');
    expect((await runInProcess(['load', DATALOADER, '--db', db, '--quiet'])).code).toBe(0);
    const result = await runInProcess(['audit', '--db', db, '--snapshot', '99']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no snapshot 99');
  });

  it('2 for a missing database without FILEs, and none is created', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'missing.db');
    const result = await runInProcess(['audit', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(db);
    expect(existsSync(db)).toBe(false);
  });
});

describe('rules files that are wrong (exit 2, naming the file and line)', () => {
  const cases: [what: string, text: string, line: number, reason: RegExp][] = [
    [
      'an unknown owner',
      'territory,owners,BillingState\nWest,Dana Whitfield,CA\nEast,Nobody Atall,NY\n',
      3,
      /unknown owner "Nobody Atall"/,
    ],
    ['an unknown column', 'territory,Bogus Column\nWest,CA\n', 2, /unknown column "Bogus Column"/],
    [
      'a bad pattern',
      'territory,BillingState,NumberOfEmployees\nWest,CA,\nEast,NY,>=lots\n',
      3,
      /bad pattern ">=lots"/,
    ],
  ];

  it.each(cases)('%s', async (_what, text, line, reason) => {
    const dir = tempDir();
    const rules = path.join(dir, 'rules.csv');
    writeFileSync(rules, text);
    const result = await runInProcess(['audit', DATALOADER, '--db', ':memory:', '--rules', rules]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${rules}:${line}`);
    expect(result.stderr).toMatch(reason);
    expect(result.stdout).toBe('');
  });
});

describe('--max-drop, --baseline and --write-baseline', () => {
  let dir: string;
  let db: string;
  let worse: string;

  beforeAll(() => {
    dir = tempDir();
    db = path.join(dir, 'crm.db');
    // A later export where Dana Whitfield's 12 contacts lost their owner: contacts coverage 34 → 22
    // of 40, overall 62 → 50 of 75 (with the placeholder config): 82.67% → 66.67%, a 16-point drop.
    worse = path.join(dir, 'worse');
    cpSync(DATALOADER, worse, { recursive: true });
    const contacts = path.join(worse, 'Contact.csv');
    const text = readFileSync(contacts, 'utf8');
    const changed = text.replaceAll('"0058c00000l57zPAAQ"', '""');
    expect(changed).not.toBe(text);
    writeFileSync(contacts, changed);
  });

  it('fails when coverage fell more than --max-drop since the previous snapshot', async () => {
    expect((await runInProcess(['load', DATALOADER, '--db', db, '--quiet'])).code).toBe(0);
    expect((await runInProcess(['load', worse, '--db', db, '--quiet'])).code).toBe(0);
    const { code, json } = await runJsonInProcess([
      'audit',
      '--db',
      db,
      '--config',
      CONFIG,
      '--max-drop',
      '5',
      '--json',
    ]);
    expect(code).toBe(1);
    expect(json.snapshot.id).toBe(2);
    expect(json.coverage.overall).toBe(66.67);
    expect(json.gate.baseline).toMatchObject({ coverage: 82.67, drop: 16 });
    expect(json.gate.reasons).toEqual(['coverage fell 16.00 pts since snapshot 1 (at most 5 allowed)']);
    expect((await runInProcess(['audit', '--db', db, '--config', CONFIG, '--max-drop', '16'])).code).toBe(0);
    expect(
      (await runInProcess(['audit', '--db', db, '--config', CONFIG, '--max-drop', '5', '--baseline', 'previous'])).code,
    ).toBe(1);
    // The table shows the trend.
    const table = await runInProcess(['audit', '--db', db, '--config', CONFIG]);
    expect(table.stdout).toContain('▼ 16.00 pts since snapshot 1');
    // Snapshot 1 has nothing before it: warned, not failed.
    const first = await runInProcess(['audit', '--db', db, '--config', CONFIG, '--snapshot', '1', '--max-drop', '5']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('--max-drop was not checked');
  });

  it('--write-baseline writes this run’s JSON; --baseline FILE compares with it', async () => {
    const baseline = path.join(dir, 'baseline.json');
    const first = await runInProcess([
      'audit',
      DATALOADER,
      '--db',
      ':memory:',
      '--config',
      CONFIG,
      '--write-baseline',
      baseline,
    ]);
    expect(first.code).toBe(0);
    const written = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(written).toMatchObject({ schema: 'crm-owners/audit@1', coverage: { overall: 82.67 } });
    expect(readdirSync(dir).filter((name) => name.startsWith('baseline'))).toEqual(['baseline.json']);

    const later = await runJsonInProcess([
      'audit',
      worse,
      '--db',
      ':memory:',
      '--config',
      CONFIG,
      '--baseline',
      baseline,
      '--max-drop',
      '1',
      '--json',
    ]);
    expect(later.code).toBe(1);
    expect(later.json.gate.baseline).toMatchObject({ coverage: 82.67, drop: 16 });
    expect(later.json.gate.reasons[0]).toContain('coverage fell 16.00 pts since');
    expect(later.json.gate.reasons[0]).toContain(baseline);
    expect(
      (
        await runInProcess([
          'audit',
          worse,
          '--db',
          ':memory:',
          '--config',
          CONFIG,
          '--baseline',
          baseline,
          '--max-drop',
          '20',
        ])
      ).code,
    ).toBe(0);
  });

  it('--baseline FILE that is missing is exit 2 naming it', async () => {
    const missing = path.join(dir, 'nope.json');
    const result = await runInProcess(['audit', worse, '--db', ':memory:', '--baseline', missing, '--max-drop', '1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(missing);
  });
});

describe('config keys, and flags over config', () => {
  function config(data: Record<string, unknown>): string {
    const dir = tempDir();
    const file = path.join(dir, 'crm-owners.config.json');
    writeFileSync(file, JSON.stringify(data));
    return file;
  }

  it('minCoverage from config; --min-coverage overrides it', async () => {
    const file = config({ minCoverage: 99, placeholderOwners: ['Integration User'] });
    expect((await runInProcess(audit('--config', file))).code).toBe(1);
    expect((await runInProcess(audit('--config', file, '--min-coverage', '80'))).code).toBe(0);
  });

  it('failOn from config; --fail-on overrides it', async () => {
    const file = config({ failOn: ['unowned>0'] });
    const failing = await runJsonInProcess(audit('--config', file, '--json'));
    expect(failing.code).toBe(1);
    expect(failing.json.gate.reasons).toEqual(['unowned accounts 1 > 0', 'unowned contacts 1 > 0']);
    expect((await runInProcess(audit('--config', file, '--fail-on', 'unowned>5'))).code).toBe(0);
    // A string is a comma-separated list.
    expect(
      (await runInProcess(audit('--config', config({ failOn: 'duplicate-id>0,inactive-owner:leads>0' })))).code,
    ).toBe(1);
  });

  it('placeholderOwners from config; --placeholder overrides it', async () => {
    const file = config({ placeholderOwners: ['sf-integration@lumenridge.io'] });
    const withConfig = await runJsonInProcess(audit('--config', file, '--json'));
    expect(withConfig.json.coverage.overall).toBe(82.67);
    expect(
      (withConfig.json.checks as CheckRow[]).find((r) => r.check === 'unowned' && r.kind === 'accounts')!.count,
    ).toBe(3);
    const overridden = await runJsonInProcess(audit('--config', file, '--placeholder', '0058c00000l57zPAAQ', '--json'));
    // Dana Whitfield as the placeholder instead: her 10 accounts, 12 contacts and 1 lead are unowned,
    // plus A22 and C35 (empty); Integration User is an ordinary owner again.
    const unowned = (overridden.json.checks as CheckRow[]).filter((r) => r.check === 'unowned').map((r) => r.count);
    expect(unowned).toEqual([11, 13, 1]);
  });

  it('rules from config (relative to the config file); --rules overrides it', async () => {
    const file = config({ rules: 'territories.csv', placeholderOwners: ['Integration User'] });
    cpSync(RULES, path.join(path.dirname(file), 'territories.csv'));
    const { code, json } = await runJsonInProcess(audit('--config', file, '--json'), { cwd: tempDir() });
    expect(code).toBe(0);
    expectCounts(json.checks, EXPECTED_A);
    // One catch-all territory that nobody serves: every record has a territory, no conflicts.
    const everywhere = path.join(tempDir(), 'everywhere.csv');
    writeFileSync(everywhere, 'territory,BillingCountry\nEverywhere,*\n');
    const overridden = await runJsonInProcess(audit('--config', file, '--rules', everywhere, '--json'));
    const territory = (overridden.json.checks as CheckRow[]).filter((r) => r.check.includes('territory'));
    expect(territory.map((r) => `${r.check}/${r.kind}=${r.count}`)).toEqual([
      'territory-conflict/accounts=0',
      'territory-conflict/contacts=0',
      'territory-conflict/leads=0',
      'no-territory/accounts=0',
      'no-territory/contacts=0',
      'no-territory/leads=0',
    ]);
  });

  it('checks and staleDays from config', async () => {
    const file = config({ checks: ['stale-ownership'], staleDays: 30 });
    const { json } = await runJsonInProcess(audit('--config', file, '--json'));
    expect((json.checks as CheckRow[]).map((r) => `${r.check}/${r.kind}`)).toEqual([
      'stale-ownership/accounts',
      'stale-ownership/contacts',
      'stale-ownership/leads',
    ]);
  });

  it('an unknown config key is exit 2 naming the key', async () => {
    const file = config({ minCoverge: 98 });
    const result = await runInProcess(audit('--config', file));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('minCoverge');
    expect(result.stderr).toContain(file);
  });
});
