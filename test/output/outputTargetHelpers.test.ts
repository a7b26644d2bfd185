/** The helpers behind output targets: standard streams, symlinks followed, dead writers' leftovers. */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AtomicFile, clearDeadTempFiles, openOutputFile, StreamFile } from '../../src/output/atomicFile.js';
import { followLinks, isStandardStream } from '../../src/output/outputPaths.js';

const dir = mkdtempSync(path.join(tmpdir(), 'crm-owners-target-helpers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const deadPid = () =>
  Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

describe('isStandardStream', () => {
  it.each(['/dev/stdout', '/dev/stderr', '/dev/fd/3', '/proc/self/fd/1'])('%s is one', (file) =>
    expect(isStandardStream(file)).toBe(true),
  );
  it.each(['/dev/null', '/dev/fd/x', 'stdout', '/dev/stdout2', path.join(dir, 'dev/stdout')])('%s is not', (file) =>
    expect(isStandardStream(file)).toBe(false),
  );
  it('a standard stream is opened as a StreamFile, anything else atomically', () => {
    expect(openOutputFile('/dev/stdout')).toBeInstanceOf(StreamFile);
    const file = openOutputFile(path.join(dir, 'plain.txt'));
    expect(file).toBeInstanceOf(AtomicFile);
    file.abort();
  });
});

describe('followLinks', () => {
  it('follows chains of links, relative to each link, to a target not there yet', () => {
    const sub = path.join(dir, 'links');
    mkdirSync(path.join(sub, 'b'), { recursive: true });
    symlinkSync('b/second', path.join(sub, 'first'));
    symlinkSync('../final.txt', path.join(sub, 'b', 'second'));
    expect(followLinks(path.join(sub, 'first'))).toBe(path.join(sub, 'final.txt'));
    expect(followLinks(path.join(sub, 'plain'))).toBe(path.join(sub, 'plain'));
  });

  it('stops on a loop instead of spinning', () => {
    symlinkSync('loop-b', path.join(dir, 'loop-a'));
    symlinkSync('loop-a', path.join(dir, 'loop-b'));
    expect([path.join(dir, 'loop-a'), path.join(dir, 'loop-b')]).toContain(followLinks(path.join(dir, 'loop-a')));
  });

  it('an AtomicFile through a link replaces the target and keeps the link', () => {
    writeFileSync(path.join(dir, 'real.csv'), 'old');
    symlinkSync('real.csv', path.join(dir, 'alias.csv'));
    const file = new AtomicFile(path.join(dir, 'alias.csv'));
    file.write('new');
    file.commit();
    expect(readFileSync(path.join(dir, 'real.csv'), 'utf8')).toBe('new');
    expect(readFileSync(path.join(dir, 'alias.csv'), 'utf8')).toBe('new');
  });
});

describe('clearDeadTempFiles', () => {
  it('removes only the named target’s temporary files of ended processes', () => {
    const sub = path.join(dir, 'temps');
    mkdirSync(sub);
    const dead = deadPid();
    const names = {
      dead: `.out.csv.${dead}.ab12cd.tmp`,
      alive: `.out.csv.${process.pid}.ab12cd.tmp`,
      otherTarget: `.out.csv.bak.${dead}.ab12cd.tmp`,
      notOurs: `.out.csv.${dead}.ab12cd.tmp.keep`,
      odd: `.out.csv.notapid.tmp`,
    };
    for (const name of Object.values(names)) writeFileSync(path.join(sub, name), '');
    clearDeadTempFiles(path.join(sub, 'out.csv'));
    expect(readdirSync(sub).sort()).toEqual([names.alive, names.otherTarget, names.notOurs, names.odd].sort());
    expect(existsSync(path.join(sub, names.dead))).toBe(false);
  });
});
