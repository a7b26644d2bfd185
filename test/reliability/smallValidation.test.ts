/**
 * Small refusals: the database path may not be an input; a failed load into a new path leaves no
 * empty database; a config number too large to read says so (not "got null"), while `1e3` is the
 * JSON number 1000 as the config's JSON Schema says; a plan's snapshot number must be one; a list flag of only commas names nothing.
 *
 * Messages and exit codes of argument and config checking: run in-process (the binary's own exit
 * codes are tested where a real process is the point: test/cli/ and the rest of test/reliability/).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess as run } from '../helpers/inProcess.js';
import { expectCleanMessage } from './helpers.js';

const dir = tempDir('crm-owners-small-');
const db = path.join(dir, 's.db');

beforeAll(async () => {
  expect((await run(['load', fixture('generic'), '--db', db])).code).toBe(0);
});

async function refused(args: string[], message: RegExp, cwd = dir) {
  const result = await run(args, { cwd });
  expectCleanMessage(result);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(message);
  return result;
}

describe('the database and the inputs', () => {
  it('load x.csv --db x.csv (x.csv not there) is refused and creates nothing', async () => {
    await refused(['load', 'x.csv', '--db', 'x.csv'], /--db x\.csv is an input \(FILE x\.csv\)/);
    expect(existsSync(path.join(dir, 'x.csv'))).toBe(false);
  });

  it('a failed load into a new path leaves no database file', async () => {
    const owners = path.join(dir, 'owners-bad.csv');
    writeFileSync(owners, 'id,name,email,active\nu1,A,a@x.test,maybe\n');
    const fresh = path.join(dir, 'fresh.db');
    await refused(['load', owners, '--kind', `owners=${owners}`, '--db', fresh], /cannot tell active/);
    for (const suffix of ['', '-journal', '-wal']) expect(existsSync(`${fresh}${suffix}`)).toBe(false);
  });

  it('a failed load into an existing database leaves it, with its snapshots', async () => {
    const owners = path.join(dir, 'owners-bad2.csv');
    writeFileSync(owners, 'id,name,email,active\nu1,A,a@x.test,maybe\n');
    await refused(['load', owners, '--kind', `owners=${owners}`, '--db', db], /cannot tell active/);
    expect(JSON.parse((await run(['snapshots', '--json', '--db', db])).stdout)).toHaveLength(1);
  });
});

describe('numbers in the config', () => {
  it.each([
    ['{"defaultCapacity": 1e400}', 'e400'],
    [`{"defaultCapacity": 1${'0'.repeat(400)}}`, 'digits'],
    ['{"minCoverage": -1e999}', 'negative'],
  ])('%s is refused, saying the number is too large (not "got null")', async (json, name) => {
    const config = path.join(dir, `config-${name}.json`);
    writeFileSync(config, json);
    const result = await refused(
      ['audit', '--config', config, '--db', db],
      /must be .*, got a number too large to be read/,
    );
    expect(result.stderr).not.toMatch(/got null/);
  });

  it('1e3 is the JSON number 1000 (as the JSON Schema and every JSON reader say)', async () => {
    const config = path.join(dir, 'config-1e3.json');
    writeFileSync(config, '{"defaultCapacity": 1e3}');
    expect([0, 1]).toContain((await run(['audit', '--config', config, '--db', db])).code);
  });
});

describe('a plan whose summary.json has an impossible snapshot number', () => {
  it.each(['1e308', '0', '-3', '9007199254740993'])('"snapshot": %s is refused by verify', async (value) => {
    const plan = path.join(dir, `plan-${value}`);
    expect((await run(['plan', '--pool', 'u101', '--out', plan, '--db', db])).code).toBe(0);
    const summary = path.join(plan, 'summary.json');
    writeFileSync(summary, readFileSync(summary, 'utf8').replace(/"snapshot": \d+/, `"snapshot": ${value}`));
    await refused(['verify', plan, '--db', db], /"snapshot" must be a snapshot number/);
  });
});

describe('a list flag of only commas', () => {
  it('--pool ",,," is refused (it does not mean "no pool")', async () => {
    await refused(['plan', '--pool', ',,,', '--out', path.join(dir, 'p-commas'), '--db', db], /--pool names nothing/);
    expect(existsSync(path.join(dir, 'p-commas'))).toBe(false);
  });

  it('"pool": ",,," in the config is refused', async () => {
    const config = path.join(dir, 'pool.json');
    mkdirSync(path.join(dir, 'pool'), { recursive: true });
    writeFileSync(config, '{"pool": ",,,"}');
    await refused(
      ['plan', '--config', config, '--out', path.join(dir, 'pool', 'p'), '--db', db],
      /"pool" must be a list/,
    );
  });
});
