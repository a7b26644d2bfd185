/**
 * StagedFolder: a folder replaced whole, through a hidden folder beside it; what a killed process
 * leaves beside it is undone or removed by the next write. Interrupts: SIGINT/SIGTERM during the
 * work stop it at the next checkpoint with exit code 130/143.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { catchingInterrupts, Interrupted } from '../../src/output/interrupt.js';
import { clearLeftovers, leftoversOf, StagedFolder } from '../../src/output/stagedFolder.js';
import { tempDir } from '../helpers/cli.js';

const root = tempDir('crm-owners-staged-');
let count = 0;
/** A fresh parent folder and a target path in it. */
function place(): { parent: string; target: string } {
  const parent = path.join(root, `case-${++count}`);
  mkdirSync(parent);
  return { parent, target: path.join(parent, 'plan') };
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const contents = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]),
  );

describe('StagedFolder', () => {
  it('writes beside the target under a hidden name and puts it in place on commit', () => {
    const { parent, target } = place();
    const staged = new StagedFolder(target);
    expect(path.dirname(staged.path)).toBe(parent);
    expect(path.basename(staged.path).startsWith('.plan.crm-owners-new-')).toBe(true);
    writeFileSync(path.join(staged.path, 'a.csv'), 'new');
    expect(existsSync(target)).toBe(false);
    staged.commit();
    expect(contents(target)).toEqual({ 'a.csv': 'new' });
    expect(readdirSync(parent)).toEqual(['plan']);
  });

  it("replaces an existing folder whole, keeps the files it is told to (same file, not a copy) and the folder's mode", () => {
    const { parent, target } = place();
    mkdirSync(target, { mode: 0o750 });
    writeFileSync(path.join(target, 'old.csv'), 'old');
    writeFileSync(path.join(target, 'notes.txt'), 'mine');
    const inode = statSync(path.join(target, 'notes.txt')).ino;
    const staged = new StagedFolder(target);
    writeFileSync(path.join(staged.path, 'new.csv'), 'new');
    staged.commit(['notes.txt']);
    expect(contents(target)).toEqual({ 'new.csv': 'new', 'notes.txt': 'mine' });
    expect(statSync(path.join(target, 'notes.txt')).ino).toBe(inode);
    expect(statSync(target).mode & 0o777).toBe(0o750);
    expect(readdirSync(parent)).toEqual(['plan']);
  });

  it('abort leaves the target as it was and nothing beside it', () => {
    const { parent, target } = place();
    mkdirSync(target);
    writeFileSync(path.join(target, 'old.csv'), 'old');
    const staged = new StagedFolder(target);
    writeFileSync(path.join(staged.path, 'new.csv'), 'new');
    staged.abort();
    expect(contents(target)).toEqual({ 'old.csv': 'old' });
    expect(readdirSync(parent)).toEqual(['plan']);
  });

  it('a commit that cannot put the folder in place restores the old one and names the target', () => {
    const { parent, target } = place();
    mkdirSync(target);
    writeFileSync(path.join(target, 'old.csv'), 'old');
    const staged = new StagedFolder(target);
    // A file to keep that is not there: linking it fails before anything is moved.
    let error: unknown;
    try {
      staged.commit(['missing.txt']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(target);
    expect(contents(target)).toEqual({ 'old.csv': 'old' });
    expect(readdirSync(parent)).toEqual(['plan']);
  });
});

describe('leftovers of a killed process', () => {
  it('a staged folder of a process that is gone is removed by the next write; one of a running process is not', () => {
    const { parent, target } = place();
    const dead = path.join(parent, `.plan.crm-owners-new-${deadPid()}-abc123`);
    const running = path.join(parent, `.plan.crm-owners-new-${process.pid}-def456`);
    const otherTarget = path.join(parent, `.other.crm-owners-new-${deadPid()}-abc123`);
    for (const dir of [dead, running, otherTarget]) mkdirSync(dir);
    writeFileSync(path.join(dead, 'import-contacts.csv'), 'half');
    expect(leftoversOf(target).map((l) => l.path)).toEqual([dead]);
    const staged = new StagedFolder(target);
    staged.commit();
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(running)).toBe(true);
    expect(existsSync(otherTarget)).toBe(true);
  });

  it('killed between the two renames (no folder, the old one aside): the old folder goes back', () => {
    const { parent, target } = place();
    mkdirSync(target);
    writeFileSync(path.join(target, 'old.csv'), 'old');
    const pid = deadPid();
    renameSync(target, path.join(parent, `.plan.crm-owners-old-${pid}-aaaaaa`));
    mkdirSync(path.join(parent, `.plan.crm-owners-new-${pid}-bbbbbb`));
    clearLeftovers(target);
    expect(contents(target)).toEqual({ 'old.csv': 'old' });
    expect(readdirSync(parent)).toEqual(['plan']);
  });

  it('killed after the swap (the new folder in place, the old one aside): the old one is removed', () => {
    const { parent, target } = place();
    mkdirSync(target);
    writeFileSync(path.join(target, 'new.csv'), 'new');
    const aside = path.join(parent, `.plan.crm-owners-old-${deadPid()}-cccccc`);
    mkdirSync(aside);
    writeFileSync(path.join(aside, 'old.csv'), 'old');
    clearLeftovers(target);
    expect(contents(target)).toEqual({ 'new.csv': 'new' });
    expect(readdirSync(parent)).toEqual(['plan']);
  });
});

describe('catchingInterrupts', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} during the work: the next checkpoint throws Interrupted (exit ${code}) and the work cleans up`, async () => {
      const listeners = process.listenerCount(signal);
      let cleaned = false;
      let steps = 0;
      const work = catchingInterrupts('nothing was written', async (checkpoint) => {
        try {
          for (; steps < 1000; steps++) {
            if (steps === 3) process.kill(process.pid, signal);
            await checkpoint();
          }
        } finally {
          cleaned = true;
        }
      });
      const error = await work.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Interrupted);
      expect((error as Interrupted).exitCode).toBe(code);
      expect((error as Interrupted).message).toBe(`interrupted (${signal}): nothing was written`);
      expect(cleaned).toBe(true);
      expect(steps).toBeLessThan(1000);
      // The handlers are gone once the work is over.
      expect(process.listenerCount(signal)).toBe(listeners);
    });
  }

  it('a signal during the last step, after the work is done: the result stands and the exit code says so', async () => {
    const before = process.exitCode;
    try {
      const result = await catchingInterrupts('nothing was written', async () => {
        process.kill(process.pid, 'SIGINT');
        return 'done';
      });
      expect(result).toBe('done');
      expect(process.exitCode).toBe(130);
    } finally {
      process.exitCode = before;
    }
  });
});
