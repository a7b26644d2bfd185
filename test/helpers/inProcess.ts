/**
 * Runs the CLI inside the test process, for tests of argument, flag and config checking: there,
 * starting Node and loading the commands is nearly all the cost of a spawned run. Same result shape
 * and environment as `run` (no TTY, no colour, CI set); tests of real processes (exit codes of the
 * binary, signals, locks, packaging) keep spawning it.
 */
import { main } from '../../dist/cli.js';
import { BIN, ROOT, withJson, type RunOptions, type RunResult } from './cli.js';

type Write = typeof process.stdout.write;

/**
 * Hides a stream's terminal properties (`isTTY`, `columns`) for the run, as a spawned run's pipes
 * have none: a test run from a terminal then sees what it sees under CI. Returns the undo.
 */
function notATerminal(stream: NodeJS.WriteStream): () => void {
  const saved = (['isTTY', 'columns'] as const).map(
    (key) => [key, Object.getOwnPropertyDescriptor(stream, key)] as const,
  );
  for (const [key] of saved)
    Object.defineProperty(stream, key, { value: undefined, configurable: true, writable: true });
  return () => {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(stream, key, descriptor);
      else delete (stream as unknown as Record<string, unknown>)[key];
    }
  };
}

export async function runInProcess(args: string[], options: Omit<RunOptions, 'input'> = {}): Promise<RunResult> {
  const saved = {
    env: process.env,
    cwd: process.cwd(),
    exitCode: process.exitCode,
    stdout: process.stdout.write,
    stderr: process.stderr.write,
  };
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: '1',
    CI: '1',
    CRM_OWNERS_DB: undefined,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void): Write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as Write;
  process.env = env as NodeJS.ProcessEnv;
  process.chdir(options.cwd ?? ROOT);
  process.exitCode = undefined;
  process.stdout.write = capture((text) => (stdout += text));
  process.stderr.write = capture((text) => (stderr += text));
  const restore = [notATerminal(process.stdout), notATerminal(process.stderr)];
  try {
    const code = await main([process.execPath, BIN, ...args]);
    return { code, stdout, stderr };
  } finally {
    for (const undo of restore) undo();
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    process.exitCode = saved.exitCode;
    process.chdir(saved.cwd);
    process.env = saved.env;
  }
}

/** `runInProcess` and parse stdout as JSON (for --json), like `runJson`. */
export async function runJsonInProcess<T = any>(
  args: string[],
  options: Omit<RunOptions, 'input'> = {},
): Promise<{ code: number; json: T; stderr: string }> {
  return withJson<T>(await runInProcess(args, options));
}
