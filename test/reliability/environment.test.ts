/**
 * Surroundings the tool cannot choose: a pseudo-terminal that reports 0 columns (`script` with no
 * terminal behind it, some CI and container ptys) is no terminal, so no spinner redraws without
 * end; and an install whose better-sqlite3 has no native build says what to run, exit 2.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, fixture, tempDir } from '../helpers/cli.js';
import { expectCleanMessage } from './helpers.js';

const dir = tempDir('crm-owners-environment-');

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

describe('a pseudo-terminal of 0 columns', () => {
  it('a load under `script` (stdin not a terminal) shows no spinner and ends', () => {
    const log = path.join(dir, 'script.log');
    const db = path.join(dir, 'pty.db');
    const command = [process.execPath, BIN, 'load', fixture('generic'), '--db', db].map(quote).join(' ');
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.CI;
    delete env.CRM_OWNERS_DB;
    // `timeout` only turns the old endless redraw into a failure instead of a hung test.
    const result = spawnSync('timeout', ['120', 'script', '-qec', `stty cols 0 rows 0 2>/dev/null; ${command}`, log], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const text = readFileSync(log, 'utf8');
    expect(text).toMatch(/Loaded snapshot 1|snapshot 1/);
    // No cursor-up / erase-line redraws, and a log the size of the summary, not of a redraw loop.
    expect(text).not.toContain('\x1b[1A');
    expect(statSync(log).size).toBeLessThan(20_000);
  });
});

describe('better-sqlite3 without its native build', () => {
  it('says to rebuild it, exit 2, no "internal error" and no literal \\n', () => {
    // The message the `bindings` package throws when no compiled better_sqlite3.node is found.
    const hook = path.join(dir, 'no-bindings.cjs');
    writeFileSync(
      hook,
      `const Module = require('module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'bindings') return () => { throw new Error('Could not locate the bindings file. Tried:\\n → /opt/app/node_modules/better-sqlite3/build/better_sqlite3.node\\n → /opt/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'); };
  return load.call(this, request, ...rest);
};
`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
    delete env.CRM_OWNERS_DB;
    const db = path.join(dir, 'never.db');
    const result = spawnSync(process.execPath, ['--require', hook, BIN, 'load', fixture('generic'), '--db', db], {
      env,
      encoding: 'utf8',
    });
    expectCleanMessage({ stdout: result.stdout, stderr: result.stderr });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('npm rebuild better-sqlite3');
    expect(result.stderr).not.toContain('\\n');
    expect(result.stderr).not.toMatch(/this is a bug/);
    expect(() => statSync(db)).toThrow();
  });
});
