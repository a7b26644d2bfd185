/** What every command gets from the global flags. */
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { createTerminal, type Terminal } from '../output/terminal.js';

export type Format = 'table' | 'json' | 'markdown' | 'csv';

export interface Context {
  dbPath: string;
  config: Config;
  format: Format;
  quiet: boolean;
  terminal: Terminal;
}

interface GlobalFlags {
  db: string;
  config?: string;
  format?: Format;
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
}

export function contextOf(command: Command): Context {
  const flags = command.optsWithGlobals() as GlobalFlags;
  const format: Format = flags.json ? 'json' : (flags.format ?? 'table');
  const quiet = Boolean(flags.quiet);
  return {
    dbPath: flags.db,
    config: loadConfig(flags.config),
    format,
    quiet,
    terminal: createTerminal({ quiet, json: format === 'json', color: flags.color }),
  };
}

/** Collects a repeatable flag's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
