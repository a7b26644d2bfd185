/**
 * A message quotes a value from an export to show which one is meant, never the whole of it: a
 * 15 MB cell is shown as its first 80 characters and `…`, and no message line passes 2,000.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, printableMessage, shortened } from '../../dist/output/printable.js';
import { run, tempDir } from '../helpers/cli.js';
import { expectCleanMessage } from './helpers.js';

const dir = tempDir('crm-owners-long-');
const HUGE = 'x'.repeat(15_000_000);

describe('a huge cell in a message', () => {
  it('a warning about an unreadable date quotes 80 characters of it', () => {
    const file = path.join(dir, 'contacts.csv');
    writeFileSync(
      file,
      `id,name,email,account_id,owner,created\nc1,A,a@x.test,,u1,${HUGE}\nc2,B,b@x.test,,u1,2024-01-01\n`,
    );
    const result = run(['load', file, '--kind', `contacts=${file}`, '--db', path.join(dir, 'dates.db')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`not a date (e.g. "${'x'.repeat(80)}"…)`);
    expect(result.stderr.length).toBeLessThan(5_000);
  });

  it('an error about a row quotes 80 characters of the cell', () => {
    const file = path.join(dir, 'owners.csv');
    writeFileSync(file, `id,name,email,active\nu1,A,a@x.test,${HUGE}\n`);
    const result = run(['load', file, '--kind', `owners=${file}`, '--db', path.join(dir, 'active.db')]);
    expectCleanMessage(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot tell active from "${'x'.repeat(80)}"…`);
    expect(result.stderr.length).toBeLessThan(5_000);
  });

  it('a rules file value is cut the same way', () => {
    const rules = path.join(dir, 'rules.csv');
    writeFileSync(rules, `territory,owners,priority\nWest,u1,${'9x'.repeat(1_000_000)}\n`);
    const db = path.join(dir, 'rules.db');
    writeFileSync(path.join(dir, 'o.csv'), 'id,name,email,active\nu1,A,a@x.test,true\n');
    expect(run(['load', path.join(dir, 'o.csv'), '--kind', `owners=${path.join(dir, 'o.csv')}`, '--db', db]).code).toBe(
      0,
    );
    const result = run(['audit', '--rules', rules, '--db', db]);
    expectCleanMessage(result);
    expect(result.code).toBe(2);
    expect(result.stderr.length).toBeLessThan(5_000);
  });
});

describe('the helpers', () => {
  it('example: short values whole, long ones cut at 80 code points (never inside a surrogate pair)', () => {
    expect(example('Acme')).toBe('"Acme"');
    expect(example('a'.repeat(80))).toBe(`"${'a'.repeat(80)}"`);
    expect(example('a'.repeat(81))).toBe(`"${'a'.repeat(80)}"…`);
    expect(example('😀'.repeat(200))).toBe(`"${'😀'.repeat(80)}"…`);
    expect(shortened('b'.repeat(100))).toBe(`${'b'.repeat(80)}…`);
  });

  it('printableMessage: a line past 2,000 characters is cut; control characters are escaped', () => {
    expect(printableMessage(`a\x1b${'z'.repeat(5000)}`).length).toBeLessThanOrEqual(2_004);
    expect(printableMessage('short\x1b')).toBe('short\\x1b');
  });
});
