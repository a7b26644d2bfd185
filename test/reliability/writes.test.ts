/**
 * Writes that cannot finish, and writes that are interrupted:
 * - on a full disk (a small tmpfs mounted here; this needs root), `audit --findings`,
 *   `--write-baseline`, `load --rejects` and `plan --out` exit 2 naming the path and "no space
 *   left", and leave the old file or plan as it was and no temporary file;
 * - a plan interrupted by SIGINT, SIGTERM or SIGKILL while it writes (the kill is triggered by the
 *   first file system change the write makes, never by a timer) leaves at its folder the old plan or a complete one,
 *   no `*.tmp` anywhere, and the next `plan --force` goes through and clears what was left.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statfsSync,
  watch,
  writeFileSync,
  type FSWatcher,
} from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { dbState, expectCleanMessage, spawnCli } from './helpers.js';

const dir = tempDir('crm-owners-writes-');

/** `owners.csv` (10 active owners) and `contacts.csv` of `contacts` unowned contacts: a plan moves them all. */
function writeUnownedExport(folder: string, contacts: number): string {
  mkdirSync(folder, { recursive: true });
  const owners = [
    'id,name,email,active',
    ...Array.from({ length: 10 }, (_, i) => `u${i},Owner ${i},owner${i}@example.com,true`),
  ];
  writeFileSync(path.join(folder, 'owners.csv'), `${owners.join('\n')}\n`);
  const rows = ['id,name,email,account_id,owner\n'];
  for (let i = 0; i < contacts; i++) rows.push(`c-${i},Contact ${i},contact${i}@example.com,,\n`);
  writeFileSync(path.join(folder, 'contacts.csv'), rows.join(''));
  return folder;
}

async function load(files: string[], db: string): Promise<void> {
  const result = await runInProcess(['load', ...files, '--db', db, '-q']);
  expect(result.code, result.stderr).toBe(0);
}

/** Every file under `folder`, hidden ones and those in subfolders too. */
function allFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const tmpFiles = (folder: string) => allFiles(folder).filter((file) => file.endsWith('.tmp'));

/** Folders a plan into `out` stages beside it. */
const stagedBeside = (out: string) =>
  readdirSync(path.dirname(out)).filter((name) => name.startsWith(`.${path.basename(out)}.crm-owners-`));

const contents = (folder: string) =>
  Object.fromEntries(
    readdirSync(folder)
      .sort()
      .map((name) => [name, readFileSync(path.join(folder, name), 'utf8')]),
  );

/** A plan folder a CRM import can trust: summary.json parses, each import file has its rollback, and they hold the plan's moves. */
function expectCompletePlan(out: string): void {
  const names = readdirSync(out);
  const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { counts: { moves: number } };
  const imports = names.filter((name) => name.startsWith('import-'));
  let rows = 0;
  for (const name of imports) {
    const rollback = name.replace('import-', 'rollback-');
    expect(names, `${out}: ${name} without ${rollback}`).toContain(rollback);
    const lines = (file: string) => readFileSync(path.join(out, file), 'utf8').trimEnd().split('\n').length - 1;
    expect(lines(rollback)).toBe(lines(name));
    rows += lines(name);
  }
  expect(names.filter((name) => name.startsWith('rollback-')).length).toBe(imports.length);
  expect(rows).toBe(summary.counts.moves);
  const planLines = readFileSync(path.join(out, 'plan.csv'), 'utf8').trimEnd().split('\r\n').length - 1;
  expect(planLines).toBe(summary.counts.moves);
}

const IS_ROOT = process.getuid?.() === 0;
if (!IS_ROOT) console.log('writes.test.ts: the full-disk tests need root (they mount a small tmpfs); skipped');

describe.skipIf(!IS_ROOT)('on a full disk (a tmpfs mounted for each test)', () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const mount of mounts) spawnSync('umount', [mount]);
  });

  /** A new tmpfs of `size` bytes. */
  function tmpfs(size: number): string {
    const mount = path.join(dir, `tmpfs-${mounts.length + 1}`);
    mkdirSync(mount);
    const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount], { encoding: 'utf8' });
    expect(result.status, `mount: ${result.stderr}`).toBe(0);
    mounts.push(mount);
    return mount;
  }

  /** Fills the tmpfs until exactly `bytes` are left (a whole number of pages). */
  function leaveFree(mount: string, bytes: number): void {
    const free = () => {
      const stats = statfsSync(mount);
      return stats.bavail * stats.bsize;
    };
    writeFileSync(path.join(mount, 'filler'), Buffer.alloc(free() - bytes));
    expect(free()).toBe(bytes);
  }

  /** Exit 2 with a message naming the path and the full disk, and no stack trace. */
  function expectNoSpace(result: { code: number; stdout: string; stderr: string }, target: string): void {
    expectCleanMessage(result);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(target);
    expect(result.stderr).toMatch(/no space left/);
  }

  const smallDb = path.join(dir, 'small.db');
  const salesforceDb = path.join(dir, 'salesforce.db');
  beforeAll(async () => {
    await load([writeUnownedExport(path.join(dir, 'small'), 400)], smallDb);
    await load([fixture('salesforce/dataloader')], salesforceDb);
  });

  it('audit --findings: a findings file the disk cannot hold is an error, and the old one stays', async () => {
    const mount = tmpfs(64 * 1024);
    const findings = path.join(mount, 'findings.csv');
    writeFileSync(findings, 'the old findings\r\n');
    // The findings take about 20 KB, written at the end in one call: the disk takes 8 KB of it.
    leaveFree(mount, 8192);
    const result = await runInProcess(['audit', '--db', smallDb, '--findings', findings]);
    expectNoSpace(result, findings);
    expect(readFileSync(findings, 'utf8')).toBe('the old findings\r\n');
    expect(tmpFiles(mount)).toEqual([]);
  });

  it('audit --write-baseline: a baseline the disk cannot hold is an error, and the old one stays', async () => {
    const mount = tmpfs(64 * 1024);
    const baseline = path.join(mount, 'baseline.json');
    writeFileSync(baseline, '{"old": true}\n');
    // The baseline of the Salesforce sample with the territory rules is over 8 KB, written in one call.
    leaveFree(mount, 4096);
    const result = await runInProcess([
      'audit',
      '--db',
      salesforceDb,
      '--rules',
      fixture('rules/territories.csv'),
      '--write-baseline',
      baseline,
    ]);
    expectNoSpace(result, baseline);
    expect(readFileSync(baseline, 'utf8')).toBe('{"old": true}\n');
    expect(tmpFiles(mount)).toEqual([]);
    // With room, the same command writes the whole baseline.
    const roomy = path.join(dir, 'baseline.json');
    expect([0, 1]).toContain(
      (
        await runInProcess([
          'audit',
          '--db',
          salesforceDb,
          '--rules',
          fixture('rules/territories.csv'),
          '--write-baseline',
          roomy,
        ])
      ).code,
    );
    expect(readFileSync(roomy).length).toBeGreaterThan(8192);
    expect(() => JSON.parse(readFileSync(roomy, 'utf8'))).not.toThrow();
  });

  it('load --rejects: a rejects file the disk cannot hold is an error, and the load is not committed', async () => {
    const mount = tmpfs(64 * 1024);
    const bad = path.join(dir, 'contacts-bad-rows.csv');
    const rows = ['id,name,email,account_id,owner'];
    // About 35 KB of rejects, written at the end in one call.
    for (let i = 0; i < 200; i++) rows.push(`c-${i},Contact ${i},contact${i}@example.com,,u1,AN EXTRA FIELD`);
    writeFileSync(bad, `${rows.join('\n')}\n`);
    const db = path.join(dir, 'rejects.db');
    await load([fixture('generic')], db);
    const before = dbState(db);
    const rejects = path.join(mount, 'rejects.csv');
    leaveFree(mount, 8192);
    const result = await runInProcess([
      'load',
      bad,
      fixture('generic', 'owners.csv'),
      '--db',
      db,
      '--on-bad-row',
      'skip',
      '--rejects',
      rejects,
    ]);
    expectNoSpace(result, rejects);
    expect(existsSync(rejects)).toBe(false);
    expect(tmpFiles(mount)).toEqual([]);
    expect(dbState(db)).toEqual(before);
  });

  it('plan --out --force over an existing plan: the old plan stays whole, nothing is left beside it', async () => {
    const mount = tmpfs(128 * 1024);
    const out = path.join(mount, 'plan');
    const oldDb = path.join(dir, 'old-plan.db');
    await load([fixture('generic')], oldDb);
    expect((await runInProcess(['plan', '--db', oldDb, '--out', out, '-q'])).code).toBe(0);
    const old = contents(out);
    // The new plan (400 moves) takes about 28 KB.
    leaveFree(mount, 8192);
    const result = await runInProcess(['plan', '--db', smallDb, '--out', out, '--force']);
    expectNoSpace(result, out);
    expect(contents(out)).toEqual(old);
    expect(stagedBeside(out)).toEqual([]);
    expect(tmpFiles(mount)).toEqual([]);
  });

  it('plan --out into a new folder: no folder at all, nothing left beside it', async () => {
    const mount = tmpfs(64 * 1024);
    const out = path.join(mount, 'plan');
    leaveFree(mount, 8192);
    const result = await runInProcess(['plan', '--db', smallDb, '--out', out]);
    expectNoSpace(result, out);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(mount)).toEqual(['filler']);
  });
});

describe('a plan interrupted while it writes', () => {
  const CONTACTS = 100_000;
  const db = path.join(dir, 'big.db');
  beforeAll(async () => {
    await load([writeUnownedExport(path.join(dir, 'big'), CONTACTS)], db);
  });

  /**
   * Starts `plan --force` into `out` and sends `signal` as soon as it starts writing: a folder
   * appears beside `out`, or anything changes inside it (seen through file system watches, not a
   * timer). Not at all if the plan is done before.
   */
  async function planAndKill(out: string, signal: NodeJS.Signals) {
    const watchers: FSWatcher[] = [];
    const writing = new Promise<void>((resolve) => {
      watchers.push(watch(out, () => resolve()));
      watchers.push(
        watch(path.dirname(out), (_event, name) => {
          if (name !== path.basename(out)) resolve();
        }),
      );
    });
    const { child, done } = spawnCli(['plan', '--db', db, '--out', out, '--force', '-q']);
    const first = await Promise.race([writing.then(() => 'writing' as const), done.then(() => 'exited' as const)]);
    if (first === 'writing') child.kill(signal);
    for (const watcher of watchers) watcher.close();
    return { killed: first === 'writing', result: await done };
  }

  const cases: [NodeJS.Signals, number | undefined][] = [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGKILL', undefined],
  ];
  for (const [signal, exitCode] of cases) {
    it(`${signal}: the folder holds the old plan or a complete new one, no *.tmp anywhere, and the next plan --force goes through`, async () => {
      const parent = path.join(dir, `interrupted-${signal}`);
      const out = path.join(parent, 'plan');
      mkdirSync(parent);
      expect((await runInProcess(['plan', '--db', db, '--out', out, '--max-moves', '10', '-q'])).code).toBe(0);
      const old = contents(out);

      const { killed, result } = await planAndKill(out, signal);
      expectCleanMessage(result);
      // Stopped by its own handler (exit 130/143 after cleaning up), killed outright, or done before the signal came.
      const outcome = result.signal ?? result.code;
      expect(
        [signal, exitCode ?? signal, 0],
        `${signal}: exit ${result.code} ${result.signal}: ${result.stderr}`,
      ).toContain(outcome);
      if (!killed) expect(result.code).toBe(0);
      // For the report: how the run ended, and what the kill left.
      console.log(
        `writes: ${signal} ${killed ? 'sent when the plan started writing' : 'not sent (the plan was done first)'}: ${result.signal ?? `exit ${result.code}`}; ${out} ${existsSync(out) ? (JSON.stringify(contents(out)) === JSON.stringify(old) ? 'holds the old plan' : 'holds the new plan') : 'absent'}; left beside it: ${stagedBeside(out).join(', ') || 'nothing'}`,
      );
      if (result.code === exitCode) {
        expect(result.stderr).toContain(`interrupted (${signal}): the plan was not written; ${out} is as it was`);
        expect(contents(out)).toEqual(old);
        expect(stagedBeside(out)).toEqual([]);
      }

      if (existsSync(out)) expectCompletePlan(out);
      expect(tmpFiles(parent)).toEqual([]);
      // A killed plan's staged folder is hidden beside the plan folder, and named so the next plan knows it.
      for (const name of stagedBeside(out)) expect(name).toMatch(/^\.plan\.crm-owners-(new|old)-\d+-[a-z0-9]+$/);

      const again = await runInProcess(['plan', '--db', db, '--out', out, '--force', '-q']);
      expect(again.code, again.stderr).toBe(0);
      expectCompletePlan(out);
      expect(JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')).counts.moves).toBe(CONTACTS);
      expect(stagedBeside(out)).toEqual([]);
      expect(readdirSync(parent)).toEqual(['plan']);
    });
  }
});
