/**
 * Where things go: data to stdout, messages to stderr. Colour only on a TTY and never with
 * `--no-color` or NO_COLOR (chalk ignores NO_COLOR itself); a spinner only on an interactive stderr
 * and never under CI, `--quiet` or `--json`. Messages are built from values (file names, labels),
 * so they are made printable here; stdout gets what the reporters made (CSV and JSON are data).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Ora } from 'ora';
import { printable, printableMessage, StyledText } from './printable.js';

/**
 * Whether a stream is a terminal a progress line can be drawn on: a TTY that reports its width.
 * Some CI and container ptys (`script` without a terminal behind it) report 0 columns; a spinner
 * there never finds the end of its line and redraws without end, so such a stream is no terminal.
 */
export function isDrawableTerminal(stream: { isTTY?: boolean; columns?: number }): boolean {
  return Boolean(stream.isTTY) && (stream.columns ?? 0) > 0;
}

// ora takes a tenth of a second to load, more than a small audit takes: it is loaded only where a
// spinner can be shown at all.
const ora = isDrawableTerminal(process.stderr) && !process.env.CI ? (await import('ora')).default : undefined;

export interface Terminal {
  color: ChalkInstance;
  /** Writes data to stdout, as it is. */
  out(text: string): void;
  /** Informational message, or a styled report, to stderr (silenced by --quiet). */
  info(text: string | StyledText): void;
  /** Warning to stderr (always shown). */
  warn(text: string): void;
  /** A progress line on stderr; a no-op when progress is not shown. */
  progress(text: string): Progress;
}

export interface Progress {
  /** The new text, or what makes it: not made when no line is drawn (`--quiet`, no terminal). */
  update(text: string | (() => string)): void;
  stop(): void;
}

/** Draws a progress line on a stream: ora's spinner, or a test's recorder. */
export type SpinnerFactory = (text: string, stream: NodeJS.WriteStream) => { update(text: string): void; stop(): void };

export interface TerminalOptions {
  quiet?: boolean;
  json?: boolean;
  color?: boolean;
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  spinner?: SpinnerFactory;
}

/**
 * ora's spinner. A new text is drawn at once: the work between updates (a plan, an audit) is
 * synchronous, and the spinner's own timer would not draw it until the work is done.
 */
const oraSpinner: SpinnerFactory | undefined = ora
  ? (text, stream) => {
      const spinner: Ora = ora({ text, stream, color: 'cyan' }).start();
      return {
        update: (next) => {
          spinner.text = next;
          spinner.render();
        },
        stop: () => void spinner.stop(),
      };
    }
  : undefined;

const SILENT: Progress = { update: () => {}, stop: () => {} };

function message(text: string | StyledText): string {
  return text instanceof StyledText ? text.text : printableMessage(text);
}

export function createTerminal(options: TerminalOptions = {}): Terminal {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const colorWanted = options.color !== false && !env.NO_COLOR && Boolean(stdout.isTTY);
  const color = new Chalk({ level: colorWanted ? 1 : 0 });
  const showProgress = isDrawableTerminal(stderr) && !env.CI && !options.quiet && !options.json;
  const messageColor = new Chalk({ level: options.color !== false && !env.NO_COLOR && stderr.isTTY ? 1 : 0 });
  return {
    color,
    out: (text) => void stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    info: (text) => {
      if (!options.quiet) stderr.write(`${message(text)}\n`);
    },
    warn: (text) => void stderr.write(`${messageColor.yellow('warning:')} ${printableMessage(text)}\n`),
    progress: (text) => {
      const spinner = options.spinner ?? oraSpinner;
      if (!showProgress || !spinner) return SILENT;
      const line = spinner(printable(text), stderr);
      return {
        update: (next) => line.update(printable(typeof next === 'function' ? next() : next)),
        stop: () => line.stop(),
      };
    },
  };
}
