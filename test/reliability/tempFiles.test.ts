/**
 * The hidden temporary file an output is written to (`.F.csv.<pid>.<random>.tmp`) never outlives
 * its writer: SIGINT and SIGTERM remove it before the process ends, and what `kill -9` left is
 * removed by the next write to that path once its process is gone. A test-only pause
 * (CRM_OWNERS_TEST_HOLD_WRITE) holds the writer while its temporary file exists, so the signal
 * comes at that exact point whatever the machine's speed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, run, tempDir } from '../helpers/cli.js';
import { leftoverTempFiles, spawnCli } from './helpers.js';

const dir = tempDir('crm-owners-tempfiles-');
const db = path.join(dir, 's.db');

beforeAll(() => {
  expect(run(['load', fixture('generic'), '--db', db]).code).toBe(0);
});

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** Waits (polling) for the writer to say its temporary file exists; returns that file's path. */
async function heldAt(ready: string, done: Promise<unknown>): Promise<string> {
  let finished = false;
  void done.then(() => (finished = true));
  while (!existsSync(ready)) {
    if (finished) throw new Error('the command ended before it held its write');
    await sleep(20);
  }
  return readFileSync(ready, 'utf8');
}

describe('temporary files left by killed writers', () => {
  it('the next write to the path removes those of dead processes, and keeps a running one’s', () => {
    const out = path.join(dir, 'leftovers');
    mkdirSync(out);
    const dead = [`.findings.csv.${deadPid()}.k9x2ab.tmp`, `.findings.csv.${deadPid()}.zz01.tmp`];
    const running = `.findings.csv.${process.pid}.live01.tmp`;
    const other = `.other.csv.${deadPid()}.abc123.tmp`;
    for (const name of [...dead, running, other]) writeFileSync(path.join(out, name), 'x'.repeat(1000));
    const result = run(['audit', '--findings', path.join(out, 'findings.csv'), '--db', db]);
    expect(result.code).toBe(0);
    expect(leftoverTempFiles(out).sort()).toEqual([running, other].sort());
  });
});

describe('a signal while an output is being written', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s: the temporary file is removed, the command ends as signalled',
    async (signal) => {
      const out = path.join(dir, `signal-${signal}`);
      mkdirSync(out);
      const ready = path.join(out, 'ready');
      const cli = spawnCli(['audit', '--findings', path.join(out, 'findings.csv'), '--db', db], {
        env: { CRM_OWNERS_TEST_HOLD_WRITE: ready },
      });
      const temp = await heldAt(ready, cli.done);
      expect(existsSync(temp)).toBe(true);
      cli.child.kill(signal);
      writeFileSync(`${ready}.go`, '');
      const result = await cli.done;
      expect(result.signal === signal || result.code === 128 + (signal === 'SIGINT' ? 2 : 15)).toBe(true);
      expect(leftoverTempFiles(out)).toEqual([]);
    },
  );

  it('during a load that writes rejects: no temporary file is left, and the rejects file is there only with its snapshot', async () => {
    const out = path.join(dir, 'signal-load');
    mkdirSync(out);
    const exports = path.join(out, 'exports');
    mkdirSync(exports);
    const rows = ['id,name,email,account_id,owner', 'bad,"unclosed,x@example.com,,u1'];
    for (let i = 0; i < 20_000; i++) rows.push(`c-${i},Contact ${i},c${i}@example.com,,u1`);
    writeFileSync(path.join(exports, 'contacts.csv'), `${rows.join('\n')}\n`);
    const ready = path.join(out, 'ready');
    const before = run(['snapshots', '--json', '--db', db]).stdout;
    const cli = spawnCli(
      [
        'load',
        path.join(exports, 'contacts.csv'),
        '--kind',
        `contacts=${path.join(exports, 'contacts.csv')}`,
        '--on-bad-row',
        'skip',
        '--rejects',
        path.join(out, 'rejects.csv'),
        '--db',
        db,
      ],
      {
        env: { CRM_OWNERS_TEST_HOLD_WRITE: ready },
      },
    );
    await heldAt(ready, cli.done);
    cli.child.kill('SIGTERM');
    writeFileSync(`${ready}.go`, '');
    const result = await cli.done;
    expect(result.signal === 'SIGTERM' || result.code === 143).toBe(true);
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // Whether the load got to commit before the signal was delivered depends on where it was held.
    const added = run(['snapshots', '--json', '--db', db]).stdout !== before;
    expect(existsSync(path.join(out, 'rejects.csv'))).toBe(added);
  });
});
