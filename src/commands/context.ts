/** What every command gets from the global flags. */
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { UsageError } from '../errors.js';
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
  refuseEmptyValues(command);
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

/**
 * An empty value (`--out ""`, an unset shell variable in quotes) names nothing: a usage error, not
 * the current folder, a throw-away database or an option quietly left out.
 */
function refuseEmptyValues(command: Command): void {
  const values = command.optsWithGlobals() as Record<string, unknown>;
  for (let owner: Command | null = command; owner; owner = owner.parent) {
    for (const option of owner.options) {
      if (!option.required && !option.optional) continue;
      const value = values[option.attributeName()];
      if (value === '' || (Array.isArray(value) && value.includes(''))) throw new UsageError(`${option.long ?? option.short} takes a value, got an empty string`);
    }
  }
  if (command.args.includes('')) throw new UsageError(`crm-owners ${command.name()}: an empty argument names no file or folder`);
}

/** Collects a repeatable flag's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
