/**
 * Where things go: data to stdout, messages to stderr. Colour only on a TTY and never with
 * `--no-color` or NO_COLOR (chalk ignores NO_COLOR itself); a spinner only on an interactive stderr
 * and never under CI, `--quiet` or `--json`.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Ora } from 'ora';

// ora takes a tenth of a second to load, more than a small audit takes: it is loaded only where a
// spinner can be shown at all.
const ora = process.stderr.isTTY && !process.env.CI ? (await import('ora')).default : undefined;

export interface Terminal {
  color: ChalkInstance;
  /** Writes data to stdout. */
  out(text: string): void;
  /** Informational message to stderr (silenced by --quiet). */
  info(text: string): void;
  /** Warning to stderr (always shown). */
  warn(text: string): void;
  /** A progress line on stderr; a no-op when progress is not shown. */
  progress(text: string): Progress;
}

export interface Progress {
  update(text: string): void;
  stop(): void;
}

export interface TerminalOptions {
  quiet?: boolean;
  json?: boolean;
  color?: boolean;
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
}

const SILENT: Progress = { update: () => {}, stop: () => {} };

export function createTerminal(options: TerminalOptions = {}): Terminal {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const colorWanted = options.color !== false && !env.NO_COLOR && Boolean(stdout.isTTY);
  const color = new Chalk({ level: colorWanted ? 1 : 0 });
  const showProgress = Boolean(stderr.isTTY) && !env.CI && !options.quiet && !options.json;
  const messageColor = new Chalk({ level: options.color !== false && !env.NO_COLOR && stderr.isTTY ? 1 : 0 });
  return {
    color,
    out: (text) => void stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    info: (text) => {
      if (!options.quiet) stderr.write(`${text}\n`);
    },
    warn: (text) => void stderr.write(`${messageColor.yellow('warning:')} ${text}\n`),
    progress: (text) => {
      if (!showProgress || !ora) return SILENT;
      const spinner: Ora = ora({ text, stream: stderr, color: 'cyan' }).start();
      return { update: (next) => void (spinner.text = next), stop: () => void spinner.stop() };
    },
  };
}
