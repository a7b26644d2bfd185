/**
 * What an output path may be: a regular file or a new path. A device, a FIFO or a socket is refused
 * (it would be replaced by a file: as root, `--out /dev/null` would replace the system's); a symlink
 * is written through to its target and stays a link; a standard stream is written through; two
 * outputs of one command naming the same file are refused.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, run, tempDir } from '../helpers/cli.js';
import { expectCleanMessage, leftoverTempFiles } from './helpers.js';

const dir = tempDir('crm-owners-targets-');
const db = path.join(dir, 's.db');
const d = path.join(dir, 'd');

beforeAll(() => {
  for (let i = 0; i < 2; i++) expect(run(['load', fixture('generic'), '--db', db]).code).toBe(0);
  mkdirSync(d);
  // A null device of our own (the real /dev/null is never touched), and a FIFO.
  expect(spawnSync('mknod', [path.join(d, 'mynull'), 'c', '1', '3']).status).toBe(0);
  expect(spawnSync('mkfifo', [path.join(d, 'fifo')]).status).toBe(0);
});

const isDevice = (file: string) => lstatSync(file).isCharacterDevice();
const isFifo = (file: string) => lstatSync(file).isFIFO();

describe('an output that is a device or a FIFO is refused, exit 2, and left as it was', () => {
  it.each([
    ['report --out', ['report', '--out'], 'mynull', isDevice, /--out .*mynull is a device/],
    ['diff --out', ['diff', '--out'], 'mynull', isDevice, /--out .*mynull is a device/],
    ['audit --findings (device)', ['audit', '--findings'], 'mynull', isDevice, /--findings .*mynull is a device/],
    ['audit --findings (FIFO)', ['audit', '--findings'], 'fifo', isFifo, /--findings .*fifo is a FIFO/],
    ['audit --write-baseline', ['audit', '--write-baseline'], 'fifo', isFifo, /--write-baseline .*fifo is a FIFO/],
    ['audit --report', ['audit', '--report'], 'mynull', isDevice, /--report .*mynull is a device/],
  ])('%s', (_name, args, target, stillThere, message) => {
    const file = path.join(d, target);
    const result = run([...args, file, '--db', db]);
    expectCleanMessage(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(stillThere(file)).toBe(true);
    expect(leftoverTempFiles(d)).toEqual([]);
  });

  it('a plan folder that is a device is refused too', () => {
    const result = run(['plan', '--out', path.join(d, 'mynull'), '--db', db]);
    expectCleanMessage(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--out .*mynull is a device, not a folder/);
    expect(isDevice(path.join(d, 'mynull'))).toBe(true);
  });
});

describe('a symlink is written through to its target', () => {
  it('to a target not there yet: the link stays, the target gets the findings', () => {
    const links = path.join(dir, 'links');
    mkdirSync(links);
    symlinkSync('target.txt', path.join(links, 'link.csv'));
    const result = run(['audit', '--findings', path.join(links, 'link.csv'), '--db', db]);
    expect(result.code).toBe(0);
    expect(lstatSync(path.join(links, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(links, 'link.csv'))).toBe('target.txt');
    expect(readFileSync(path.join(links, 'target.txt'), 'utf8')).toMatch(/^\uFEFFcheck,/);
    expect(leftoverTempFiles(links)).toEqual([]);
  });

  it('to a target in another folder: replaced beside the target, the link stays', () => {
    const here = path.join(dir, 'here');
    const there = path.join(dir, 'there');
    mkdirSync(here);
    mkdirSync(there);
    writeFileSync(path.join(there, 'report.html'), 'old');
    symlinkSync(path.join(there, 'report.html'), path.join(here, 'report.html'));
    const result = run(['report', '--out', path.join(here, 'report.html'), '--db', db]);
    expect(result.code).toBe(0);
    expect(lstatSync(path.join(here, 'report.html')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(there, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(statSync(path.join(there, 'report.html')).isFile()).toBe(true);
  });
});

it('/dev/stdout is written through (a pipe cannot be renamed over)', () => {
  const result = run(['audit', '--findings', '/dev/stdout', '--format', 'json', '--db', db]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('\uFEFFcheck,');
});

describe('two outputs of one command naming the same file are refused, exit 2, naming both', () => {
  it.each([
    [
      ['audit', '--write-baseline', 'same.json', '--findings', 'same.json'],
      ['--write-baseline', '--findings'],
    ],
    [
      ['audit', '--report', 'x', '--findings', 'x'],
      ['--report', '--findings'],
    ],
    [
      ['audit', fixture('generic'), '--on-bad-row', 'skip', '--rejects', 'y', '--findings', 'y', '--db', ':memory:'],
      ['--rejects', '--findings'],
    ],
    [
      ['report', '--out', 'r.html', '--findings', './sub/../r.html'],
      ['--out', '--findings'],
    ],
  ])('%j', (args, flags) => {
    const cwd = path.join(dir, `same-${flags.join('')}`);
    mkdirSync(path.join(cwd, 'sub'), { recursive: true });
    const result = run(args.includes('--db') ? args : [...args, '--db', db], { cwd });
    expectCleanMessage(result);
    expect(result.code).toBe(2);
    for (const flag of flags) expect(result.stderr).toContain(flag);
    expect(result.stderr).toMatch(/same file/);
  });

  it('through a symlink too', () => {
    const cwd = path.join(dir, 'same-link');
    mkdirSync(cwd);
    symlinkSync('findings.csv', path.join(cwd, 'alias.csv'));
    const result = run(['audit', '--findings', 'findings.csv', '--write-baseline', 'alias.csv', '--db', db], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--findings findings\.csv and --write-baseline alias\.csv are the same file/);
  });
});
