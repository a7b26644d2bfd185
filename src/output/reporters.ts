/**
 * The output contract: a command declares a reporter per format it prints, and only those formats.
 * The CLI refuses any other format before the command does any work (`refuseUnsupportedFormat`);
 * the command hands its result to `report`, which runs the reporter for the chosen format.
 * Reporters put data on stdout (`terminal.out`) and prose on stderr (`terminal.info`/`warn`).
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { FORMATS, type Format } from '../options/formats.js';
import type { Terminal } from './terminal.js';

export type Reporter<R> = (result: R, terminal: Terminal) => void;
export type Reporters<R> = Partial<Record<Format, Reporter<R>>>;

interface Declared {
  formats: readonly Format[];
  /** Where the data of another format is, for the refusal's hint ("for CSV use --findings FILE"). */
  elsewhere?: string;
}

const DECLARED = new WeakMap<Command, Declared>();

/** Declares what a command prints; its formats are the reporters' keys, the first one the default. */
export function declareReporters<R>(command: Command, reporters: Reporters<R>, elsewhere?: string): Reporters<R> {
  DECLARED.set(command, {
    formats: (Object.keys(reporters) as Format[]).filter((format) => FORMATS.includes(format)),
    elsewhere,
  });
  return reporters;
}

function declared(command: Command): Declared {
  const found = DECLARED.get(command);
  if (!found) throw new Error(`crm-owners ${command.name()} declares no output formats`);
  return found;
}

export function formatsOf(command: Command): readonly Format[] {
  return declared(command).formats;
}

/** The format the flags ask for (`--json` is `--format json`), or the command's default. */
export function chosenFormat(command: Command): Format {
  const flags = command.optsWithGlobals() as { format?: Format; json?: boolean };
  return flags.json ? 'json' : (flags.format ?? formatsOf(command)[0]);
}

/** A usage error when the command does not print the format asked for. */
export function refuseUnsupportedFormat(command: Command): void {
  const format = chosenFormat(command);
  const { formats, elsewhere } = declared(command);
  if (!formats.includes(format)) {
    const prints = `it prints ${formats.join(', ')} (--format ${formats.join('|')})`;
    throw new UsageError(
      `crm-owners ${command.name()} does not print ${format}`,
      elsewhere ? `${prints}; ${elsewhere}` : prints,
    );
  }
}

export function report<R>(reporters: Reporters<R>, format: Format, result: R, terminal: Terminal): void {
  const reporter = reporters[format];
  // Unreachable: the CLI refused the format before the command ran.
  if (!reporter) throw new Error(`no ${format} reporter`);
  reporter(result, terminal);
}
