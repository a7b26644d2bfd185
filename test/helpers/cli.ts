/** Runs the built binary the way a user or a CI job does: no TTY, no colour, exit code and both streams. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/crm-owners.js');
export const FIXTURES = path.join(ROOT, 'fixtures');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
}

export function run(args: string[], options: RunOptions = {}): RunResult {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: '1',
    CI: '1',
    CRM_OWNERS_DB: undefined,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: env as NodeJS.ProcessEnv,
    input: options.input,
    encoding: 'utf8',
    timeout: 300_000, // a hang guard, generous for a busy machine
    // `load --json` of thousands of files says how each was identified: more than the default 1 MB.
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs and parses stdout as JSON (for --json). */
export function runJson<T = any>(args: string[], options: RunOptions = {}): { code: number; json: T; stderr: string } {
  return withJson<T>(run(args, options));
}

/** A run's stdout parsed as JSON, or an error showing what it printed instead. */
export function withJson<T = any>(result: {
  code: number;
  stdout: string;
  stderr: string;
}): { code: number; json: T; stderr: string } {
  let json: T;
  try {
    json = JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return { code: result.code, json, stderr: result.stderr };
}

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'crm-owners-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function fixture(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}
