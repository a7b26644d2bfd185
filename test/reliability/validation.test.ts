/**
 * Config and rules files are validated with messages that name the key or the line; SQL in headers,
 * values, labels and rules never reaches SQL as code (values are bound parameters, header names are
 * data).
 */
import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, run, runJson, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { dbState, expectCleanMessage, spawnCli } from './helpers.js';

const dir = tempDir('crm-owners-validation-');
const db = path.join(dir, 'v.db');

beforeAll(() => {
  const loaded = run(['load', fixture('generic'), '--db', db, '-q']);
  expect(loaded.code, loaded.stderr).toBe(0);
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A usage error is decided before any work: checked in-process (see test/helpers/inProcess.ts). */
async function expectUsageError(args: string[], ...messages: (string | RegExp)[]) {
  const result = await runInProcess(args);
  expectCleanMessage(result);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  for (const message of messages) {
    if (typeof message === 'string') expect(result.stderr).toContain(message);
    else expect(result.stderr).toMatch(message);
  }
  return result;
}

describe('config file', () => {
  it.each([
    ['an unknown key', '{"minCoverage": 98, "minCoverge": 97}', /c\.json: unknown key "minCoverge"/],
    ['minCoverage as a string', '{"minCoverage": "98"}', /"minCoverage" must be a percentage from 0 to 100, got "98"/],
    ['placeholderOwners as a string', '{"placeholderOwners": "x"}', /"placeholderOwners" must be a list.*got "x"/],
    ['columns as a list', '{"columns": []}', /"columns" must be .*got \[\]/],
    ['a column mapped to a number', '{"columns": {"contacts": {"owner": 5}}}', /"columns" must be/],
    ['onBadRow not fail or skip', '{"onBadRow": "ignore"}', /"onBadRow" must be .*"fail" or "skip".*got "ignore"/],
    [
      'contactsFollowAccounts as a string',
      '{"contactsFollowAccounts": "yes"}',
      /"contactsFollowAccounts" must be true or false/,
    ],
    ['a list, not an object', '[{"minCoverage": 98}]', /config must be a JSON object/],
    ['a negative defaultCapacity (the flag refuses it too)', '{"defaultCapacity": -5}', /defaultCapacity/],
    ['a negative staleDays (the flag refuses it too)', '{"staleDays": -1}', /staleDays/],
    [
      'staleDays beyond any date (1e22)',
      '{"staleDays": 1e22}',
      /"staleDays" must be a whole number of days, at most 36500 \(100 years\), got 1e\+22/,
    ],
    ['a fractional staleDays', '{"staleDays": 1.5}', /"staleDays" must be a whole number of days/],
    ['minCoverage above 100', '{"minCoverage": 150}', /"minCoverage" must be a percentage from 0 to 100, got 150/],
    ['maxDrop above 100', '{"maxDrop": 101}', /"maxDrop" must be a number of percentage points from 0 to 100/],
    ['a fractional defaultCapacity', '{"defaultCapacity": 2.5}', /"defaultCapacity" must be a whole number/],
    ['a maxMoves too big to count exactly', '{"maxMoves": 1e20}', /"maxMoves" must be a whole number/],
    ['an empty path', '{"rules": ""}', /"rules" must be a string \(a path\), got ""/],
    ['an unknown kind in columns', '{"columns": {"contact": {"owner": "Rep"}}}', /unknown key "columns\.contact"/],
    [
      'an unknown field in columns',
      '{"columns": {"contacts": {"ownr": "Rep"}}}',
      /unknown key "columns\.contacts\.ownr"/,
    ],
    [
      'a field of another kind in columns',
      '{"columns": {"owners": {"account_id": "Company"}}}',
      /unknown key "columns\.owners\.account_id"/,
    ],
    [
      '__proto__ as a kind in columns',
      '{"columns": {"__proto__": {"owner": "Rep"}}}',
      /unknown key "columns\.__proto__"/,
    ],
    [
      'constructor as a field in columns',
      '{"columns": {"contacts": {"constructor": "Rep"}}}',
      /unknown key "columns\.contacts\.constructor"/,
    ],
  ])('%s: exit 2 naming the key', async (_name, text, message) => {
    const config = write('c.json', text);
    await expectUsageError(['audit', '--db', db, '--config', config], message);
  });

  it.each([
    ['a missing comma', '{\n  "minCoverage": 98\n  "maxDrop": 1\n}\n', 3],
    ['a trailing comma', '{\n  "minCoverage": 98,\n}\n', 3],
    ['an unquoted key', '{\n  "minCoverage": 98,\n  maxDrop: 1\n}\n', 3],
    ['text after the object', '{"minCoverage": 98}\n\nxyz\n', 3],
    ['a file cut off in the middle', '{\n  "minCoverage": 98,\n  "maxDrop": \n', 3],
  ])('invalid JSON, %s: exit 2 naming the line', async (_name, text, line) => {
    const config = write('bad.json', text);
    await expectUsageError(['audit', '--db', db, '--config', config], `bad.json:${line}: not valid JSON`);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'a key named like a built-in property (%s) is an unknown key, not a crash',
    async (key) => {
      const config = write('proto.json', `{"${key}": {"minCoverage": 0}}`);
      await expectUsageError(['audit', '--db', db, '--config', config], `unknown key "${key}"`);
    },
  );

  it('a config file that is not there: exit 2 naming it', async () => {
    await expectUsageError(['audit', '--db', db, '--config', path.join(dir, 'missing.json')], 'missing.json');
  });

  it('a config file that is a folder: exit 2 naming it', async () => {
    await expectUsageError(['audit', '--db', db, '--config', dir], dir);
  });
});

describe('rules file', () => {
  it.each([
    [
      'an unknown owner',
      'territory,owners,region\nNorth,rachel.stone@fieldstone.example,North\nSouth,nobody@nowhere.example,South\n',
      /rules\.csv:3: unknown owner "nobody@nowhere\.example"/,
    ],
    [
      'an unknown column',
      'territory,region,shoe_size\nNorth,North,\nSouth,South,42\n',
      /rules\.csv:3: unknown column "shoe_size"/,
    ],
    ['a bad numeric pattern', 'territory,employees\nNorth,>=abc\n', /rules\.csv:2: bad pattern ">=abc"/],
    ['an empty range', 'territory,employees\nNorth,10..1\n', /rules\.csv:2: bad pattern "10\.\.1"/],
    ['a bare negation', 'territory,region\nNorth,North\nSouth,!\n', /rules\.csv:3: bad pattern "!"/],
    ['"!*", which matches nothing', 'territory,region\nNorth,!*\n', /rules\.csv:2: bad pattern "!\*"/],
    ['no territory column', 'name,region\nNorth,North\n', /rules\.csv:1: missing the required "territory" column/],
    [
      'a priority that is not a number',
      'territory,priority,region\nNorth,high,North\n',
      /rules\.csv:2: priority "high"/,
    ],
    [
      'an unknown kind',
      'territory,kind,region\nNorth,deals,North\n',
      /rules\.csv:2: kind "deals" is not one of accounts, contacts, leads, opportunities, cases/,
    ],
    [
      'an unclosed quote',
      'territory,region\nNorth,North\nSouth,"South\n',
      /rules\.csv:3: quote opened here is never closed/,
    ],
    ['a row with too many fields', 'territory,region\nNorth,North,extra\n', /rules\.csv:2: /],
    ['a duplicate column', 'territory,region,Region\nNorth,North,North\n', /rules\.csv:1: duplicate column/],
    ['an empty file', '', /rules\.csv: the rules file is empty/],
    [
      'a column named constructor',
      'territory,region,constructor\nNorth,North,x*\n',
      /rules\.csv:2: unknown column "constructor"/,
    ],
    ['a column named __proto__', 'territory,__proto__\nNorth,x*\n', /rules\.csv:2: unknown column "__proto__"/],
    ['a column named toString', 'territory,toString\nNorth,x*\n', /rules\.csv:2: unknown column "toString"/],
    [
      'a kind named constructor',
      'territory,kind,region\nNorth,constructor,North\n',
      /rules\.csv:2: kind "constructor" is not one of accounts, contacts, leads, opportunities, cases/,
    ],
  ])('%s: exit 2 naming the line', async (_name, text, message) => {
    const rules = write('rules.csv', text);
    await expectUsageError(['audit', '--db', db, '--rules', rules], message);
    // plan reads the same rules and says the same.
    await expectUsageError(['plan', '--db', db, '--rules', rules, '--out', path.join(dir, 'never-written')], message);
  });

  it('a glob with many stars against long values finishes (no catastrophic backtracking)', async () => {
    const longDb = path.join(dir, 'long-values.db');
    const accounts = write(
      'accounts-long.csv',
      `id,name,owner,region\n${Array.from({ length: 20 }, (_, i) => `acc-${i},Account ${i},u101,${'a'.repeat(40 + i)}`).join('\n')}\n`,
    );
    expect(run(['load', accounts, fixture('generic', 'owners.csv'), '--db', longDb, '-q']).code).toBe(0);
    const rules = write('stars.csv', `territory,region\nStars,${'*a'.repeat(14)}*b\nRest,*\n`);
    const { child, done } = spawnCli(['audit', '--db', longDb, '--rules', rules, '--json']);
    // A hang guard, not a timing assertion: a linear matcher needs well under a second here.
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const result = await done;
    clearTimeout(guard);
    expect(result.signal, 'audit was still matching the glob after 120 s').toBeNull();
    expect([0, 1]).toContain(result.code);
  });
});

describe('SQL in headers, values, labels, flags and rules', () => {
  const DROP_RECORDS = '"); DROP TABLE records; --';
  const OR_TRUE = "' OR 1=1 --";
  const sqlDb = path.join(dir, 'sql.db');
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;

  beforeAll(() => {
    write(
      'sql-owners.csv',
      `id,name,email,active\n"u1'); DROP TABLE snapshots;--",Robert'); DROP TABLE owners;--,bobby@example.com,true\nu2,Alice,alice@example.com,true\n`,
    );
    write(
      'sql-contacts.csv',
      [
        `id,name,email,account_id,owner,${quote(DROP_RECORDS)},${quote(OR_TRUE)}`,
        `c1,${quote("x'); DELETE FROM records; --")},c1@example.com,,${quote("u1'); DROP TABLE snapshots;--")},${quote('DROP it')},${quote(OR_TRUE)}`,
        `c2,Plain,c2@example.com,,u2,keep,${quote('1; UPDATE owners SET active = 0')}`,
        `c3,${quote(OR_TRUE)},c3@example.com,,${quote(OR_TRUE)},DROPPED,x`,
      ].join('\n') + '\n',
    );
  });

  it('loads: every value stored as written, every table intact', async () => {
    const loaded = runJson([
      'load',
      path.join(dir, 'sql-owners.csv'),
      path.join(dir, 'sql-contacts.csv'),
      '--db',
      sqlDb,
      '--label',
      "'); DROP TABLE snapshots; --",
      '--json',
    ]);
    expectCleanMessage(loaded);
    expect(loaded.code).toBe(0);
    expect(loaded.json.counts).toMatchObject({ owners: 2, contacts: 3 });
    const state = dbState(sqlDb);
    expect(state.integrity).toBe('ok');
    expect(Object.keys(state.rows)).toEqual(
      expect.arrayContaining([
        'snapshots',
        'snapshot_files',
        'owners',
        'records',
        'duplicate_rows',
        'plans',
        'plan_rows',
      ]),
    );
    expect(state.rows).toMatchObject({ snapshots: 1, owners: 2, records: 3 });
    const raw = new Database(sqlDb, { readonly: true });
    try {
      expect(raw.prepare('SELECT label FROM snapshots').get()).toEqual({ label: "'); DROP TABLE snapshots; --" });
      expect(raw.prepare("SELECT name FROM records WHERE id = 'c1'").get()).toEqual({
        name: "x'); DELETE FROM records; --",
      });
      expect(raw.prepare("SELECT owner_id FROM records WHERE id = 'c1'").get()).toEqual({
        owner_id: "u1'); DROP TABLE snapshots;--",
      });
      expect(raw.prepare('SELECT count(*) AS n FROM owners WHERE active = 1').get()).toEqual({ n: 2 });
      expect(
        JSON.parse(
          (raw.prepare('SELECT headers FROM snapshot_files WHERE kind = ?').get('contacts') as { headers: string })
            .headers,
        ),
      ).toContain(DROP_RECORDS);
    } finally {
      raw.close();
    }
  });

  it('audits with a rules column named like SQL; placeholders, checks and snapshot flags stay data', async () => {
    const rules = write('sql-rules.csv', `territory,owners,${quote(DROP_RECORDS)}\nDropped,u2,DROP*\nOthers,,*\n`);
    const audit = runJson(['audit', '--db', sqlDb, '--rules', rules, '--placeholder', "x' OR '1'='1", '--json']);
    expectCleanMessage(audit);
    expect([0, 1]).toContain(audit.code);
    const count = (check: string) =>
      audit.json.checks
        .filter((c: { check: string }) => c.check === check)
        .reduce((n: number, c: { count: number }) => n + c.count, 0);
    // c1 ("DROP it", owner u1) and c3 ("DROPPED", owner unknown) are in territory Dropped, served by u2 only.
    expect(count('territory-conflict')).toBe(1);
    expect(count('no-territory')).toBe(0);
    expect(count('unowned')).toBe(0);
    expect(count('unknown-owner')).toBe(1);

    await expectUsageError(['audit', '--db', sqlDb, '--snapshot', '1 OR 1=1'], /--snapshot takes a snapshot number/);
    await expectUsageError(['audit', '--db', sqlDb, '--checks', "unowned'); DROP TABLE records; --"], /unknown check/);
    await expectUsageError(['diff', '--db', sqlDb, '--from', '0 OR 1=1', '--to', '1'], /--from/);
    expect(dbState(sqlDb).rows).toMatchObject({ snapshots: 1, owners: 2, records: 3 });
  });

  it('a config `columns` mapping to a header named like SQL', async () => {
    const config = write('sql-config.json', JSON.stringify({ columns: { contacts: { owner: OR_TRUE } } }));
    const mapped = path.join(dir, 'mapped.db');
    const loaded = runJson([
      'load',
      path.join(dir, 'sql-owners.csv'),
      path.join(dir, 'sql-contacts.csv'),
      '--db',
      mapped,
      '--config',
      config,
      '--json',
    ]);
    expectCleanMessage(loaded);
    expect(loaded.code).toBe(0);
    const raw = new Database(mapped, { readonly: true });
    try {
      expect(raw.prepare("SELECT owner FROM records WHERE id = 'c2'").get()).toEqual({
        owner: '1; UPDATE owners SET active = 0',
      });
    } finally {
      raw.close();
    }
    expect(dbState(mapped).rows).toMatchObject({ snapshots: 1, owners: 2, records: 3 });
  });
});

describe('numbers read the same in every command', () => {
  const plan = path.join(dir, 'numbers-plan');
  beforeAll(() => {
    const planned = run(['plan', '--db', db, '--out', plan, '-q']);
    expect(planned.code, planned.stderr).toBe(0);
  });
  const out = () => path.join(dir, 'never-written');

  // Every flag that takes a count, each with one of the spellings a count is not (all of them in
  // turn): the parser itself is checked against every spelling in test/numbers.test.ts.
  const COUNT_FLAGS: [string, (value: string) => string[]][] = [
    ['--default-capacity', (v) => ['audit', '--default-capacity', v]],
    ['--default-capacity', (v) => ['owners', '--default-capacity', v]],
    ['--default-capacity', (v) => ['plan', '--out', out(), '--default-capacity', v]],
    ['--max-moves', (v) => ['plan', '--out', out(), '--max-moves', v]],
    ['--max-moves', (v) => ['transfer', '--from', 'u101', '--to', 'u102', '--out', out(), '--max-moves', v]],
    ['--stale-days', (v) => ['audit', '--stale-days', v]],
    ['--snapshot', (v) => ['audit', '--snapshot', v]],
    ['--snapshot', (v) => ['owners', '--snapshot', v]],
    ['--snapshot', (v) => ['plan', '--out', out(), '--snapshot', v]],
    ['--snapshot', (v) => ['verify', plan, '--snapshot', v]],
    ['--from', (v) => ['diff', '--from', v, '--to', '1']],
    ['--to', (v) => ['diff', '--to', v]],
  ];
  const NOT_COUNTS = ['0x10', '1e3', '1.5', '12abc', '-1', 'NaN', 'Infinity', '99999999999999999999'];

  it.each(COUNT_FLAGS.map(([flag, args], i) => [flag, NOT_COUNTS[i % NOT_COUNTS.length], args] as const))(
    '%s %s: exit 2, not a whole number in decimal digits',
    async (flag, value, args) => {
      await expectUsageError([...args(value), '--db', db], `${flag} takes `, `got "${value}"`);
      expect(existsSync(out())).toBe(false);
    },
  );

  it.each([
    [['audit', '--min-coverage', '150'], '--min-coverage takes a percentage from 0 to 100, got "150"'],
    [['audit', '--min-coverage', '1e2'], '--min-coverage takes a percentage'],
    [['audit', '--max-drop', '101'], '--max-drop takes a number of percentage points from 0 to 100, got "101"'],
    [['audit', '--max-drop', '-0.5'], '--max-drop takes'],
    [['audit', '--fail-on', 'unowned>150%'], '--fail-on "unowned>150%": the limit takes a percentage from 0 to 100'],
    [['audit', '--fail-on', 'unowned>1.5'], '--fail-on "unowned>1.5": the limit takes a whole number'],
    [['audit', '--fail-on', 'unowned>0x10'], '--fail-on "unowned>0x10"'],
    [['audit', '--stale-days', '1e15'], '--stale-days takes a whole number of days, at most 36500'],
    [['audit', '--stale-days', '36501'], '--stale-days takes a whole number of days, at most 36500'],
  ])('%j: exit 2 naming the flag', async (args, message) => {
    await expectUsageError([...args, '--db', db], message);
  });

  it.each([
    ['1e400', 'Infinity'],
    ['150', '150'],
    ['-3', '-3'],
  ])('a baseline file whose coverage is %s: exit 2 naming the file', async (written, shown) => {
    const baseline = write('baseline.json', `{"coverage": {"overall": ${written}}}`);
    await expectUsageError(
      ['audit', '--db', db, '--baseline', baseline, '--max-drop', '1'],
      `baseline.json: baseline coverage.overall is ${shown}, not a percentage from 0 to 100`,
    );
  });

  it('the largest values each flag takes still work', async () => {
    for (const args of [
      [
        'audit',
        '--stale-days',
        '36500',
        '--min-coverage',
        '100',
        '--max-drop',
        '100',
        '--fail-on',
        'unowned>100%',
        '--json',
      ],
      ['audit', '--default-capacity', '9007199254740991', '--fail-on', 'unowned>9007199254740991', '--json'],
    ]) {
      const result = run([...args, '--db', db]);
      expectCleanMessage(result);
      expect([0, 1], result.stderr).toContain(result.code);
    }
  });

  it.each([['0'], ['99999999999999999999'.slice(0, 15)]])('--snapshot %s: no such snapshot, exit 2', async (value) => {
    await expectUsageError(['audit', '--snapshot', value, '--db', db], `no snapshot ${value}`);
  });
});

describe('an empty value names nothing: exit 2 naming the flag, nothing written', () => {
  const out = path.join(dir, 'empty-values');
  it.each([
    [['audit', '--findings', ''], '--findings'],
    [['audit', '--rules', ''], '--rules'],
    [['audit', '--write-baseline', ''], '--write-baseline'],
    [['audit', '--baseline', '', '--max-drop', '1'], '--baseline'],
    [['audit', '--placeholder', 'u101', '--placeholder', ''], '--placeholder'],
    [['audit', '--checks', ''], '--checks'],
    [['plan', '--out', ''], '--out'],
    [['plan', '--out', out, '--exclude', ''], '--exclude'],
    [['plan', '--out', out, '--pool', ''], '--pool'],
    [['plan', '--out', out, '--fix', ''], '--fix'],
    [['transfer', '--from', '', '--to', 'u102', '--out', out], '--from'],
    [['transfer', '--from', 'u101', '--to', '', '--out', out], '--to'],
    [['transfer', '--from', 'u101', '--kinds', '', '--out', out], '--kinds'],
    [['diff', '--from', ''], '--from'],
    [['diff', '--to', ''], '--to'],
    [['diff', '--out', ''], '--out'],
    [['verify', path.join(dir, 'no-plan'), '--findings', ''], '--findings'],
    [['load', fixture('generic'), '--label', ''], '--label'],
    [['load', fixture('generic'), '--rejects', ''], '--rejects'],
    [['load', fixture('generic'), '--encoding', ''], '--encoding'],
    [['audit', '--config', ''], '--config'],
  ])('%j', async (args, flag) => {
    const before = dbState(db);
    const result = await runInProcess([...args, '--db', db], { cwd: dir });
    expectCleanMessage(result);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`${flag} takes a value, got an empty string`);
    expect(existsSync(out)).toBe(false);
    expect(dbState(db)).toEqual(before);
  });

  it.each([[['load', '']], [['audit', '']], [['verify', '']]])('an empty argument: %j', async (args) => {
    const result = await runInProcess([...args, '--db', db], { cwd: dir });
    expectCleanMessage(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/an empty argument names no file or folder/);
  });
});

describe('words looked up in tables are never Object.prototype members', () => {
  it.each([
    [['load', fixture('generic'), '--delimiter', 'constructor'], /delimiter must be one character/],
    [['load', fixture('generic'), '--encoding', 'constructor'], /unknown encoding "constructor"/],
    [['load', fixture('generic'), '--encoding', '__proto__'], /unknown encoding "__proto__"/],
    [['load', fixture('generic'), '--kind', 'constructor=x.csv'], /--kind takes KIND=FILE/],
  ])('%j: exit 2', async (args, message) => {
    await expectUsageError([...args, '--db', path.join(dir, 'never-created.db')], message);
    expect(existsSync(path.join(dir, 'never-created.db'))).toBe(false);
  });
});
