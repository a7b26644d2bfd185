/**
 * Special and huge inputs, end to end: FIFOs, devices and sockets wherever a file is read; size
 * limits on files read whole; symlink loops in folders; a zip of thousands of entries.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { fixture, run, runJson, tempDir } from '../helpers/cli.js';
import { zipBytes } from '../helpers/zip.js';
import { expectCleanMessage } from './helpers.js';

const dir = tempDir('crm-owners-inputs-');
const MB = 1024 * 1024;
const SALESFORCE = fixture('salesforce/dataloader');
const db = path.join(dir, 'crm.db');
const planDir = path.join(dir, 'plan');
const fifo = path.join(dir, 'export.csv');
const socket = path.join(dir, 'export.sock');
let server: Server;
let databases = 0;

/** A database path no test has used: commands that fail must leave it uncreated or unchanged. */
const newDb = () => path.join(dir, `new-${++databases}.db`);

beforeAll(async () => {
  expect(run(['load', SALESFORCE, '--db', db]).code).toBe(0);
  const plan = run(['plan', '--db', db, '--out', planDir, '--config', fixture('salesforce/crm-owners.config.json')]);
  expect(plan.code, plan.stderr).toBe(0);
  execFileSync('mkfifo', [fifo]);
  server = createServer();
  await new Promise<void>((resolve) => server.listen(socket, resolve));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Exit 2 with `path: reason` on stderr, and nothing a user should not see. */
function expectRefused(args: string[], file: string, reason: string): void {
  const result = run(args);
  expectCleanMessage(result, args.join(' '));
  expect(result.stderr).toContain(`${file}: ${reason}`);
  expect(result.code).toBe(2);
}

describe('only regular files are read: a FIFO, a device or a socket is refused at once, by name', () => {
  const FIFO = 'is a FIFO, not a regular file';
  const cases: [string, () => string[]][] = [
    ['load FILE', () => ['load', fifo, '--db', newDb()]],
    [
      'load --kind KIND=FILE',
      () => ['load', fixture('generic/contacts.csv'), '--kind', `owners=${fifo}`, '--db', newDb()],
    ],
    ['audit FILE', () => ['audit', fifo, '--db', newDb()]],
    ['verify DIR FILE', () => ['verify', planDir, fifo, '--db', newDb()]],
    ['--config', () => ['audit', '--db', db, '--config', fifo]],
    ['audit --rules', () => ['audit', '--db', db, '--rules', fifo]],
    ['plan --rules', () => ['plan', '--db', db, '--out', path.join(dir, `out-${++databases}`), '--rules', fifo]],
    ['plan --exclude', () => ['plan', '--db', db, '--out', path.join(dir, `out-${++databases}`), '--exclude', fifo]],
  ];
  it.each(cases)('%s', (_, args) => expectRefused(args(), fifo, FIFO));

  it('--baseline', () =>
    expectRefused(['audit', '--db', db, '--baseline', fifo, '--max-drop', '1'], fifo, `cannot read baseline: ${FIFO}`));
  it('load /dev/zero', () =>
    expectRefused(['load', '/dev/zero', '--db', newDb()], '/dev/zero', 'is a character device, not a regular file'));
  it('load SOCKET', () => expectRefused(['load', socket, '--db', newDb()], socket, 'is a socket, not a regular file'));
  it('--config /dev/zero', () =>
    expectRefused(
      ['audit', '--db', db, '--config', '/dev/zero'],
      '/dev/zero',
      'is a character device, not a regular file',
    ));

  it('a FIFO in a folder of exports', () => {
    const folder = path.join(dir, 'export-with-fifo');
    cpSync(SALESFORCE, folder, { recursive: true });
    execFileSync(
      'mkfifo',
      [path.join(folder, 'Lead.csv')].map((file) => (rmSync(file), file)),
    );
    expectRefused(['load', folder, '--db', newDb()], path.join(folder, 'Lead.csv'), FIFO);
  });

  it('a FIFO among the files of a plan folder (verify DIR)', () => {
    const plan = path.join(dir, 'plan-with-fifo');
    cpSync(planDir, plan, { recursive: true });
    const file = path.join(plan, 'import-contacts.csv');
    rmSync(file);
    execFileSync('mkfifo', [file]);
    expectRefused(['verify', plan, '--db', db], file, FIFO);
  });
});

describe('files read whole have a size limit', () => {
  /** A file of `size` bytes that takes no room on disk: only its size is looked at. */
  function sparse(name: string, size: number): string {
    const file = path.join(dir, name);
    writeFileSync(file, '');
    truncateSync(file, size);
    return file;
  }

  it('--rules: 300 MB', () => {
    const file = sparse('rules.csv', 300 * MB);
    expectRefused(
      ['audit', '--db', db, '--rules', file],
      file,
      '300 MB is more than a rules file may be (limit 64 MB)',
    );
  });

  it('--config: 2 MB', () => {
    const file = sparse('big.config.json', 2 * MB);
    expectRefused(['audit', '--db', db, '--config', file], file, '2 MB is more than a config file may be (limit 1 MB)');
  });

  it('--baseline: 65 MB', () => {
    const file = sparse('baseline.json', 65 * MB);
    expectRefused(
      ['audit', '--db', db, '--baseline', file, '--max-drop', '1'],
      file,
      'cannot read baseline: 65 MB is more than a baseline may be (limit 64 MB)',
    );
  });

  it('--exclude: 300 MB', () => {
    const file = sparse('exclude.csv', 300 * MB);
    expectRefused(
      ['plan', '--db', db, '--out', path.join(dir, 'out-exclude'), '--exclude', file],
      file,
      '300 MB is more than an exclusion list may be (limit 256 MB)',
    );
  });

  it('a plan file: 300 MB', () => {
    const plan = path.join(dir, 'plan-huge');
    cpSync(planDir, plan, { recursive: true });
    const file = path.join(plan, 'import-accounts.csv');
    truncateSync(file, 300 * MB);
    expectRefused(['verify', plan, '--db', db], file, '300 MB is more than a plan file may be (limit 256 MB)');
  });
});

describe('symlinks in a folder of exports', () => {
  it('a loop (a.csv -> b.csv -> a.csv) is an error naming it', () => {
    const folder = path.join(dir, 'export-with-loop');
    cpSync(SALESFORCE, folder, { recursive: true });
    symlinkSync('b.csv', path.join(folder, 'a.csv'));
    symlinkSync('a.csv', path.join(folder, 'b.csv'));
    expectRefused(
      ['load', folder, '--db', newDb()],
      path.join(folder, 'a.csv'),
      'is a symlink loop (too many levels of symbolic links)',
    );
  });

  it('a link to the folder itself named *.csv is an error naming it', () => {
    const folder = path.join(dir, 'export-with-self-link');
    cpSync(SALESFORCE, folder, { recursive: true });
    symlinkSync('.', path.join(folder, 'loop.csv'));
    expectRefused(['load', folder, '--db', newDb()], path.join(folder, 'loop.csv'), 'is a folder, not a regular file');
  });

  it('a link to a file outside the folder is followed', () => {
    const folder = path.join(dir, 'export-with-outside-link');
    mkdirSync(folder);
    for (const name of ['Account.csv', 'Contact.csv', 'User.csv'])
      symlinkSync(path.join(SALESFORCE, name), path.join(folder, name));
    const { code, json } = runJson(['load', folder, '--db', newDb(), '--json']);
    expect(code).toBe(0);
    expect(json.counts).toMatchObject({ accounts: 27, contacts: 40 });
  });
});

describe('a zip of thousands of entries', () => {
  it('loads 2,000 account files, the users and the contacts from one zip', () => {
    const entries = [
      {
        name: 'users.csv',
        data: `id,name,email,active\n${Array.from({ length: 20 }, (_, i) => `u${i},User ${i},u${i}@example.com,true\n`).join('')}`,
      },
      {
        name: 'contacts.csv',
        data: `id,name,email,account_id,owner\n${Array.from({ length: 500 }, (_, i) => `c${i},C ${i},c${i}@example.com,a${i}-0,u${i % 20}\n`).join('')}`,
      },
      ...Array.from({ length: 2000 }, (_, n) => ({
        name: `objects/accounts-${String(n).padStart(4, '0')}.csv`,
        data: `id,name,owner\n${[0, 1, 2].map((j) => `a${n}-${j},Account ${n}-${j},u${(n + j) % 20}\n`).join('')}`,
      })),
    ];
    const zip = path.join(dir, 'export.zip');
    writeFileSync(zip, zipBytes(entries));
    const { code, json, stderr } = runJson(['load', zip, '--db', newDb(), '--json']);
    expect(code, stderr).toBe(0);
    expect(json.counts).toEqual({ owners: 20, accounts: 6000, contacts: 500, leads: 0, opportunities: 0, cases: 0 });
    expect(json.files).toHaveLength(2002);
    expect(json.files[0].path).toBe(`${zip}:users.csv`);
  });
});
