/**
 * A damaged database (a page overwritten, as a disk or a copy can do) is neither loaded into nor
 * read: every command refuses it, exit 2, pointing at doctor, and the file stays byte for byte as
 * it was. The damage is made the way the doctor tests make it.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, run, runJson, tempDir } from '../helpers/cli.js';
import { expectCleanMessage } from './helpers.js';

const dir = tempDir('crm-owners-damaged-');
const healthy = path.join(dir, 'healthy.db');
const damaged = path.join(dir, 'damaged.db');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
let before: string;

beforeAll(() => {
  for (let i = 0; i < 2; i++)
    expect(run(['load', fixture('generic'), '--db', healthy, '--label', `s${i + 1}`]).code).toBe(0);
  copyFileSync(healthy, damaged);
  // One page near the end overwritten (the page size is in the header, bytes 16–17).
  const pageSize = readFileSync(damaged).readUInt16BE(16);
  const pages = statSync(damaged).size / pageSize;
  const fd = openSync(damaged, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, pageSize * (pages - 2));
  closeSync(fd);
  before = sha256(damaged);
  expect(runJson(['doctor', '--json', '--db', damaged]).code).toBe(1);
});

describe('a damaged database', () => {
  it('a load into it is refused and leaves the file exactly as it was', () => {
    const result = run(['load', fixture('generic'), '--db', damaged]);
    expectCleanMessage(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/damaged\.db: the database is damaged/);
    expect(result.stderr).toContain(`crm-owners doctor --db ${damaged}`);
    expect(sha256(damaged)).toBe(before);
  });

  it.each([
    ['diff'],
    ['history', 'u101'],
    ['churn'],
    ['snapshots'],
    ['owners'],
    ['audit'],
    ['report', '--out', path.join(dir, 'r.html')],
  ])('%s refuses it, exit 2, pointing at doctor', (...args) => {
    const result = run([...args, '--db', damaged]);
    expectCleanMessage(result);
    expect(result.code, result.stdout).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/damaged\.db: the database is damaged/);
    expect(result.stderr).toContain(`crm-owners doctor --db ${damaged}`);
    expect(sha256(damaged)).toBe(before);
  });

  it('the healthy copy is read as before', () => {
    expect(run(['diff', '--db', healthy]).code).toBe(0);
  });
});
