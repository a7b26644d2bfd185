/**
 * Output on a real terminal, under a pseudo-terminal (util-linux `script`) that reports a width: the
 * progress line (shown there, silent with --quiet and on a pipe), and tables that fit the width.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, fixture, ROOT, run, tempDir } from '../helpers/cli.js';

const shellQuote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** stdout and stderr of the command run on a terminal `columns` wide, CI unset (the spinner's condition). */
function onTerminal(args: string[], columns = 100): string {
  const command = `stty cols ${columns} rows 40; ${[process.execPath, BIN, ...args].map(shellQuote).join(' ')}`;
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: '1',
    TERM: 'xterm-256color',
    CRM_OWNERS_DB: undefined,
    CI: undefined,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  expect(result.status, result.stdout).toBe(0);
  return result.stdout;
}

describe('progress on a terminal', () => {
  const dir = tempDir();
  const DATALOADER = fixture('salesforce/dataloader');

  it('a load names each file, which of how many, and how far it is; plan shows its phases', () => {
    const db = path.join(dir, 'a.db');
    const load = onTerminal(['load', DATALOADER, '--db', db]);
    for (const [i, name] of ['User.csv', 'Account.csv', 'Contact.csv', 'Lead.csv'].entries())
      expect(load).toMatch(new RegExp(`${name.replace('.', '\\.')} \\(file ${i + 1} of 4\\): [0-9,]+ rows · \\d+%`));
    const plan = onTerminal(['plan', '--db', db, '--out', path.join(dir, 'plan')]);
    for (const phase of ['Finding the flagged records…', 'Placing 9 records…', 'Writing the plan files…'])
      expect(plan).toContain(phase);
  });

  it('is silent with --quiet, and on a pipe', () => {
    expect(onTerminal(['load', DATALOADER, '--db', path.join(dir, 'q.db'), '--quiet'])).not.toContain('(file 1 of 4)');
    const piped = run(['load', DATALOADER, '--db', path.join(dir, 'p.db')], { env: { CI: undefined } });
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toContain('(file 1 of 4)');
  });
});

describe('tables on a terminal', () => {
  it('fit a 60-column terminal with every label whole', () => {
    const dir = tempDir();
    const db = path.join(dir, 't.db');
    const label = 'a-long-label-for-the-first-snapshot-of-the-year';
    expect(run(['load', fixture('salesforce/dataloader'), '--db', db, '--label', label, '-q']).code).toBe(0);
    const lines = onTerminal(['snapshots', '--db', db], 60).split(/\r?\n/);
    expect(lines.filter((line) => [...line].length > 60)).toEqual([]);
    expect(lines.some((line) => line.includes(label))).toBe(true);
  });
});
