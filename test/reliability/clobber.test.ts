/**
 * No output path may replace the database or an input: `--findings`, `--write-baseline`, `diff
 * --out`, `--rejects`, `audit --report`, `report --out` and `plan`/`transfer --out` aimed at the database, its journal, an export,
 * the rules, exclusions, baseline or config file — directly, through a symlink or through `dir/..`
 * — exit 2 naming both, before any work: the database and every file are left byte for byte.
 */
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';
import { expectCleanMessage } from './helpers.js';

const dir = tempDir('crm-owners-clobber-');
const db = path.join(dir, 's.db');
const history = path.join(dir, 'history.db');
const exports = path.join(dir, 'exports');
const contacts = path.join(exports, 'contacts.csv');
const owners = path.join(exports, 'owners.csv');
const rules = path.join(dir, 'rules.csv');
const exclude = path.join(dir, 'exclude.csv');
const config = path.join(dir, 'config.json');
const baseline = path.join(dir, 'baseline.json');
const planDir = path.join(dir, 'plan');

/** Every file under the test folder, with its bytes. */
function snapshotOfFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      files[path.join(entry.parentPath, entry.name)] = readFileSync(path.join(entry.parentPath, entry.name)).toString(
        'base64',
      );
  }
  return files;
}

beforeAll(async () => {
  cpSync(fixture('generic'), exports, { recursive: true });
  copyFileSync(fixture('rules/territories.csv'), rules);
  writeFileSync(exclude, 'id\nnobody\n');
  writeFileSync(config, '{}\n');
  mkdirSync(path.join(dir, 'sub'));
  symlinkSync(db, path.join(dir, 'link.db'));
  for (const args of [
    ['load', exports, '--db', db],
    ['load', exports, '--db', history],
    ['load', exports, '--db', history],
    ['plan', '--db', db, '--out', planDir],
    ['audit', '--db', db, '--write-baseline', baseline],
  ]) {
    const result = await runInProcess([...args, '-q']);
    expect([0, 1], `${args.join(' ')}: ${result.stderr}`).toContain(result.code);
  }
});

describe('an output that would replace the database or an input: exit 2 naming both, nothing changed', () => {
  it.each([
    ['audit --findings the database', ['audit', '--db', db, '--findings', db], [db, `the database (--db ${db})`]],
    [
      'audit --findings the database through a symlink',
      ['audit', '--db', db, '--findings', path.join(dir, 'link.db')],
      ['link.db', 'the database'],
    ],
    [
      'audit --findings the database through dir/..',
      ['audit', '--db', db, '--findings', 'sub/../s.db'],
      ['sub/../s.db', 'the database'],
    ],
    [
      'audit --write-baseline the database',
      ['audit', '--db', db, '--write-baseline', db],
      ['--write-baseline', 'the database'],
    ],
    [
      'audit --write-baseline the database journal',
      ['audit', '--db', db, '--write-baseline', `${db}-journal`],
      ['-journal', "the database's journal file"],
    ],
    [
      'audit --findings the rules',
      ['audit', '--db', db, '--rules', rules, '--findings', rules],
      ['--findings', `an input (--rules ${rules})`],
    ],
    [
      'audit --findings the baseline',
      ['audit', '--db', db, '--baseline', baseline, '--findings', baseline],
      ['--findings', `an input (--baseline ${baseline})`],
    ],
    [
      'audit --write-baseline the config',
      ['--config', config, 'audit', '--db', db, '--write-baseline', config],
      ['--write-baseline', `an input (--config ${config})`],
    ],
    [
      'audit FILE... --findings an export',
      ['audit', contacts, owners, '--db', db, '--findings', contacts],
      ['--findings', `an input (FILE ${contacts})`],
    ],
    [
      'audit FOLDER --findings a file of the folder',
      ['audit', exports, '--db', db, '--findings', contacts],
      ['--findings', `a file of an input (FILE ${exports})`],
    ],
    [
      'load --rejects an export',
      ['load', contacts, owners, '--db', db, '--on-bad-row', 'skip', '--rejects', contacts],
      ['--rejects', `an input (FILE ${contacts})`],
    ],
    [
      'load --rejects an export through dir/..',
      ['load', exports, '--db', db, '--on-bad-row', 'skip', '--rejects', 'sub/../exports/contacts.csv'],
      ['--rejects sub/../exports/contacts.csv', 'an input (FILE'],
    ],
    [
      'load --rejects a --kind file',
      ['load', owners, '--kind', `contacts=${contacts}`, '--db', db, '--on-bad-row', 'skip', '--rejects', contacts],
      ['--rejects', 'an input (--kind'],
    ],
    [
      'load --rejects the database',
      ['load', exports, '--db', db, '--on-bad-row', 'skip', '--rejects', db],
      ['--rejects', 'the database'],
    ],
    [
      'verify --findings a file of the plan',
      ['verify', planDir, '--db', db, '--findings', path.join(planDir, 'plan.csv')],
      ['--findings', `a file of an input (DIR ${planDir})`],
    ],
    [
      'verify FILE --findings the export',
      ['verify', planDir, contacts, owners, '--db', db, '--findings', contacts],
      ['--findings', `an input (FILE ${contacts})`],
    ],
    [
      'diff --out the database',
      ['diff', '--db', history, '--out', history],
      ['--out', `the database (--db ${history})`],
    ],
    [
      'diff --out the database WAL',
      ['diff', '--db', history, '--out', `${history}-wal`],
      ['--out', "the database's wal file"],
    ],
    [
      'plan --out a folder that holds the database (with --force)',
      ['plan', '--db', db, '--out', dir, '--force'],
      [`--out ${dir} holds the database`, 'replaced whole'],
    ],
    [
      'plan --out the rules file',
      ['plan', '--db', db, '--rules', rules, '--out', rules],
      ['--out', `an input (--rules ${rules})`],
    ],
    [
      'plan --out a folder that holds the exclusions',
      ['plan', '--db', history, '--exclude', path.join(exports, '..', 'exclude.csv'), '--out', dir, '--force'],
      ['--out', 'holds'],
    ],
    ['plan --out the current folder', ['plan', '--db', db, '--out', '.'], ['--out .', 'holds']],
    ['audit --report the database', ['audit', '--db', db, '--report', db], ['--report', `the database (--db ${db})`]],
    [
      'report --out the database through a symlink',
      ['report', '--db', db, '--out', path.join(dir, 'link.db')],
      ['link.db', 'the database'],
    ],
    [
      'report --out the rules file',
      ['report', '--db', db, '--rules', rules, '--out', rules],
      ['--out', `an input (--rules ${rules})`],
    ],
    [
      'report --out a file of the plan',
      ['report', '--db', db, '--plan', planDir, '--out', path.join(planDir, 'summary.json')],
      ['--out', `a file of an input (--plan ${planDir})`],
    ],
    [
      'report --findings the config',
      ['--config', config, 'report', '--db', db, '--findings', config, '--out', path.join(dir, 'sub', 'r.html')],
      ['--findings', `an input (--config ${config})`],
    ],
    [
      'transfer --out a folder that holds the database',
      ['transfer', '--db', db, '--from', 'u101', '--to', 'u102', '--out', dir, '--force'],
      ['--out', 'holds the database'],
    ],
  ])('%s', async (_name, args, named) => {
    const before = snapshotOfFiles();
    // Relative paths are relative to the test folder; `--out .` runs inside the plan folder.
    const result = await runInProcess(args, { cwd: args.at(-1) === '.' ? planDir : dir });
    expectCleanMessage(result);
    expect(result.code, result.stderr).toBe(2);
    for (const text of named) expect(result.stderr).toContain(text);
    expect(snapshotOfFiles()).toEqual(before);
  });

  it('--write-baseline over the --baseline it compares with is the rolling baseline: allowed', async () => {
    // The same baseline, indented differently: the tool writes it back with its own indentation.
    const previous = JSON.parse(readFileSync(baseline, 'utf8'));
    writeFileSync(baseline, JSON.stringify(previous, null, 4));
    const result = await runInProcess([
      'audit',
      '--db',
      db,
      '--baseline',
      baseline,
      '--max-drop',
      '5',
      '--write-baseline',
      baseline,
    ]);
    expect([0, 1], result.stderr).toContain(result.code);
    const written = readFileSync(baseline, 'utf8');
    expect(written).toBe(`${JSON.stringify(JSON.parse(written), null, 2)}\n`);
    expect(JSON.parse(written).snapshot).toEqual(previous.snapshot);
  });

  it('the same outputs elsewhere are written', async () => {
    const findings = path.join(dir, 'sub', 'findings.csv');
    const result = await runInProcess(['audit', '--db', db, '--findings', findings]);
    expect([0, 1], result.stderr).toContain(result.code);
    expect(readFileSync(findings, 'utf8').startsWith('\uFEFF')).toBe(true);
    const report = path.join(dir, 'sub', 'report.html');
    expect((await runInProcess(['report', '--db', db, '--plan', planDir, '--out', report, '-q'])).code).toBe(0);
    expect(readFileSync(report, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });
});
