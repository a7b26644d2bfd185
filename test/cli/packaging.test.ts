/**
 * The package as users get it: `npm pack`, install the tarball into an empty project, run the
 * installed binary on plain Node (README, "Quick start": Node 20.19 or later).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, fixture, tempDir } from '../helpers/cli.js';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const TMP = tempDir('crm-owners-pack-');
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

interface Spawned {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(command: string, args: string[], cwd: string, timeout = 280_000): Spawned {
  const env = { ...process.env, NO_COLOR: '1', CI: '1' } as NodeJS.ProcessEnv;
  delete env.CRM_OWNERS_DB;
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

interface PackJson {
  name: string;
  version: string;
  filename: string;
  files: { path: string }[];
}

/** `npm pack --json` prints a JSON array; lifecycle script output (prepare → build) may come first. */
function parsePackJson(stdout: string): PackJson[] {
  const start = stdout.search(/^\[/m);
  expect(start, `npm pack --json printed no JSON:\n${stdout}`).toBeGreaterThanOrEqual(0);
  return JSON.parse(stdout.slice(start)) as PackJson[];
}

/** better-sqlite3 (resolved from the package's dependencies) and its native module. */
function sqliteOf(project: string) {
  const dir = path.join(project, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  return { dir, version, addon: path.join(dir, 'build', 'Release', 'better_sqlite3.node') };
}

/**
 * Puts the native module built for this checkout into the installed better-sqlite3, which must be
 * the same version: what its install script would have compiled.
 */
function useBuiltSqlite(project: string): void {
  const installed = sqliteOf(project);
  const built = sqliteOf(ROOT);
  expect(installed.version).toBe(built.version);
  expect(existsSync(installed.addon), 'the install scripts ran').toBe(false);
  mkdirSync(path.dirname(installed.addon), { recursive: true });
  copyFileSync(built.addon, installed.addon);
}

let pack: PackJson;
let tarball: string;

beforeAll(() => {
  // --ignore-scripts: `prepare` would rebuild dist/ while the other test files run the built binary
  // in parallel; vitest's global setup has just built it (test/globalSetup.ts).
  const result = sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', TMP], ROOT);
  expect(result.code, `npm pack failed:\n${result.stderr}`).toBe(0);
  [pack] = parsePackJson(result.stdout);
  tarball = path.join(TMP, pack.filename);
});

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('npm pack', () => {
  it('makes a tarball named after the package', () => {
    expect(pack.name).toBe(PKG.name);
    expect(pack.version).toBe(PKG.version);
    expect(existsSync(tarball)).toBe(true);
  });

  it('ships the bin shim, the compiled dist/, package.json and README.md', () => {
    const files = pack.files.map((f) => f.path);
    for (const needed of ['bin/crm-owners.js', 'dist/cli.js', 'package.json', 'README.md'])
      expect(files, needed).toContain(needed);
  });

  it('ships no sources, tests or fixtures', () => {
    const files = pack.files.map((f) => f.path);
    const unwanted = files.filter((f) => /^(src|test|fixtures)\//.test(f));
    expect(unwanted).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });
});

describe('the installed package', () => {
  it('installs into an empty project and its binary loads the Data Loader fixtures', () => {
    const project = path.join(TMP, 'project');
    mkdirSync(project);
    expect(sh('npm', ['init', '-y'], project).code).toBe(0);

    // The dependencies are in the npm cache after `npm ci`: try offline first, then the registry.
    // --ignore-scripts: better-sqlite3's install script would compile its native module again
    // (a minute or more here); the module this checkout built goes in its place instead.
    const installArgs = ['install', tarball, '--no-audit', '--no-fund', '--ignore-scripts'];
    let install = sh('npm', [...installArgs, '--offline'], project);
    if (install.code !== 0) install = sh('npm', installArgs, project);
    expect(install.code, `npm install failed:\n${install.stderr}`).toBe(0);
    useBuiltSqlite(project);

    const bin = path.join(project, 'node_modules', '.bin', 'crm-owners');
    expect(existsSync(bin)).toBe(true);
    // Not a symlink back into the working tree: the package was really installed.
    expect(existsSync(path.join(project, 'node_modules', 'crm-owners', 'src'))).toBe(false);

    const version = sh(bin, ['--version'], project, 60_000);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(PKG.version);

    const db = path.join(TMP, 'p.db');
    const loaded = sh(bin, ['load', fixture('salesforce', 'dataloader'), '--db', db, '--json'], project, 60_000);
    expect(loaded.code, loaded.stderr).toBe(0);
    const summary = JSON.parse(loaded.stdout);
    expect(summary.snapshot).toBe(1);
    expect(summary.counts).toMatchObject({ accounts: 27, contacts: 40, leads: 8 });
    expect(summary.counts.owners).toBeGreaterThanOrEqual(11);
    expect(summary.files.map((f: { kind: string; rows: number }) => [f.kind, f.rows])).toEqual([
      ['owners', 11],
      ['accounts', 27],
      ['contacts', 40],
      ['leads', 8],
    ]);
    expect(existsSync(db)).toBe(true);
  });
});
