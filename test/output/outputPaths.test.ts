/**
 * refuseClobbering: an output may not be the database, its journal, an input or a file of an input
 * folder, however the path is spelled; a plan folder may not hold any of them, nor the current folder.
 */
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { refuseClobbering, resolvedPath } from '../../src/output/outputPaths.js';
import { tempDir } from '../helpers/cli.js';

const root = realpathSync(tempDir('crm-owners-paths-'));
const db = path.join(root, 's.db');
const rules = path.join(root, 'rules.csv');
const exports = path.join(root, 'exports');
mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
mkdirSync(exports);
writeFileSync(db, '');
writeFileSync(rules, '');
writeFileSync(path.join(exports, 'contacts.csv'), '');
symlinkSync(path.join(root, 'a', 'b'), path.join(root, 'link-to-b'));
symlinkSync(db, path.join(root, 'link.db'));

function refusal(work: () => void): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('resolvedPath', () => {
  it('follows symlinks of an existing file', () => {
    expect(resolvedPath(path.join(root, 'link.db'))).toBe(db);
  });

  it('resolves `..` after following the folder before it, as the system does', () => {
    // link-to-b/.. is a, not root (path.join would drop the `..` without following the link).
    expect(resolvedPath(`${root}/link-to-b/../new.csv`)).toBe(path.join(root, 'a', 'new.csv'));
    expect(resolvedPath(`${root}/link-to-b/../../s.db`)).toBe(db);
  });

  it('a file in folders that do not exist yet resolves through the nearest one that does', () => {
    expect(resolvedPath(path.join(root, 'link-to-b', 'x', 'y', 'f.csv'))).toBe(
      path.join(root, 'a', 'b', 'x', 'y', 'f.csv'),
    );
  });
});

describe('refuseClobbering', () => {
  const inputs = { '--rules': rules, FILE: [exports] };

  it.each([
    ['the database', db, `--findings ${db} would replace the database (--db ${db})`],
    ['the database through a symlink', path.join(root, 'link.db'), 'would replace the database'],
    ['the database through a `..`', `${root}/a/../s.db`, 'would replace the database'],
    ['the database through a symlinked folder and `..`', `${root}/link-to-b/../../s.db`, 'would replace the database'],
    ['the database journal', `${db}-journal`, "would replace the database's journal file"],
    ['the database WAL', `${db}-wal`, "would replace the database's wal file"],
    ['an input', rules, `would replace an input (--rules ${rules})`],
    [
      'a file of an input folder',
      path.join(exports, 'contacts.csv'),
      `would replace a file of an input (FILE ${exports})`,
    ],
  ])('an output file that is %s is refused, naming both', (_name, output, message) => {
    expect(refusal(() => refuseClobbering(db, { files: { '--findings': output } }, inputs))).toContain(message);
  });

  it('allows outputs elsewhere, a new file in an input folder, an undefined flag, and :memory:', () => {
    refuseClobbering(db, { files: { '--findings': path.join(root, 'findings.csv'), '--out': undefined } }, inputs);
    refuseClobbering(db, { files: { '--findings': path.join(exports, 'new.csv') } }, inputs);
    refuseClobbering(':memory:', { files: { '--findings': db } }, {});
  });

  it('a rolling output may replace the input it is the next version of, and no other', () => {
    const baseline = path.join(root, 'baseline.json');
    refuseClobbering(
      db,
      { files: { '--write-baseline': baseline } },
      { '--baseline': baseline },
      { '--write-baseline': '--baseline' },
    );
    expect(
      refusal(() =>
        refuseClobbering(
          db,
          { files: { '--findings': baseline } },
          { '--baseline': baseline },
          { '--write-baseline': '--baseline' },
        ),
      ),
    ).toContain('--findings');
  });

  it.each([
    ['holds the database', root, `--out ${root} holds the database (--db ${db})`],
    ['is an input', rules, `holds an input (--rules ${rules})`],
    ['holds the database through a symlinked folder and `..`', `${root}/link-to-b/../..`, 'holds the database'],
  ])('a plan folder that %s is refused', (_name, folder, message) => {
    expect(refusal(() => refuseClobbering(db, { folders: { '--out': folder } }, inputs))).toContain(message);
  });

  it('a plan folder that holds the current folder is refused; one beside the inputs is not', () => {
    const inside = path.join(root, 'a');
    const cwd = process.cwd();
    process.chdir(path.join(inside, 'b'));
    try {
      expect(refusal(() => refuseClobbering(db, { folders: { '--out': inside } }, inputs))).toContain(
        `--out ${inside} holds the current folder`,
      );
    } finally {
      process.chdir(cwd);
    }
    refuseClobbering(db, { folders: { '--out': path.join(root, 'plans', '2026-11') } }, inputs);
  });
});
