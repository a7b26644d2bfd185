/** What every command gets from the global flags. */
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { UsageError } from '../errors.js';
import type { Format } from '../options/formats.js';
import { optionsOf } from '../options/resolve.js';
import { DEFAULT_DB, type CommandName } from '../options/table.js';
import type { OptionValues } from '../options/values.js';
import { chosenFormat } from '../output/reporters.js';
import { createTerminal, type Terminal } from '../output/terminal.js';
import { openDatabase, type Access, type Db } from '../store/database.js';

export type { Format } from '../options/formats.js';

export interface Context {
  dbPath: string;
  config: Config;
  /** The command's options: flags over config over defaults, checked and typed. */
  options: OptionValues;
  format: Format;
  quiet: boolean;
  terminal: Terminal;
}

interface GlobalFlags {
  db?: string;
  config?: string;
  quiet?: boolean;
  color?: boolean;
}

export function contextOf(command: Command): Context {
  refuseEmptyValues(command);
  const flags = command.optsWithGlobals() as GlobalFlags;
  const format = chosenFormat(command);
  const quiet = Boolean(flags.quiet);
  const config = loadConfig(flags.config);
  return {
    dbPath: flags.db ?? (process.env.CRM_OWNERS_DB || DEFAULT_DB),
    config,
    options: optionsOf(command.name() as CommandName, command.opts(), config),
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
      if (value === '' || (Array.isArray(value) && value.includes('')))
        throw new UsageError(`${option.long ?? option.short} takes a value, got an empty string`);
    }
  }
  if (command.args.includes(''))
    throw new UsageError(`crm-owners ${command.name()}: an empty argument names no file or folder`);
}

/**
 * Runs `fn` with the command's database open, and closes it however `fn` ends (a step may have
 * closed it already, as discarding a database just created does).
 */
export async function withDatabase<T>(
  context: Pick<Context, 'dbPath'>,
  access: Access,
  fn: (db: Db) => T | Promise<T>,
): Promise<T> {
  const db = openDatabase(context.dbPath, access);
  try {
    return await fn(db);
  } finally {
    if (db.open) db.close();
  }
}
