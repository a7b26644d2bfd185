/** A command's option values: each flag's, else its config key's, else the table's default. */
import type { Config } from '../config.js';
import { attributeOf } from './commander.js';
import { OPTIONS, type CommandName, type OptionSpec } from './table.js';
import { commandsReading, flagValue, type OptionValues } from './values.js';

export function optionsOf(command: CommandName, flags: Record<string, unknown>, config: Config): OptionValues {
  const values: Record<string, unknown> = {};
  const fromConfig = config as Record<string, unknown>;
  for (const spec of OPTIONS as readonly OptionSpec[]) {
    if (spec.commands === 'global' || !commandsReading(spec).includes(command)) continue;
    const takesFlag = spec.flag !== undefined && spec.commands.includes(command);
    const raw = takesFlag ? flags[attributeOf(spec)] : undefined;
    if (raw !== undefined) values[spec.key] = flagValue(spec, raw);
    else if (spec.config && fromConfig[spec.key] !== undefined) values[spec.key] = fromConfig[spec.key];
    else if (spec.default !== undefined) values[spec.key] = spec.default;
  }
  return values as OptionValues;
}
