/** Commander's options, made from the option table. */
import { Option, type Command } from 'commander';
import { globalOptions, commandOptions } from './values.js';
import type { CommandName, OptionSpec } from './table.js';

/** `-q, --quiet`, `--min-coverage <PCT>`: the flags as commander and help write them. */
function flagsText(spec: OptionSpec): string {
  return `${spec.short ? `${spec.short}, ` : ''}${spec.flag}${spec.value ? ` <${spec.value}>` : ''}`;
}

/** The help line: the help text, its default and whether it is required. */
export function helpText(spec: OptionSpec, command?: CommandName): string {
  const notes: string[] = [];
  if (spec.default !== undefined && spec.type !== 'switch') notes.push(`default: ${spec.default}`);
  else if (spec.defaultText) notes.push(`default: ${spec.defaultText}`);
  if (spec.env) notes.push(`env ${spec.env}`);
  if (spec.config) notes.push(`config ${spec.key}`);
  if (command && spec.required?.includes(command)) notes.unshift('required');
  return notes.length ? `${spec.help} (${notes.join('; ')})` : spec.help;
}

/** Collects a repeatable flag's values. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function commanderOptions(spec: OptionSpec, command?: CommandName): Option[] {
  const option = new Option(flagsText(spec), helpText(spec, command));
  if (spec.type === 'choice') option.choices(spec.choices!);
  if (spec.type === 'repeatable' || spec.type === 'list') option.argParser(collect);
  if (command && spec.required?.includes(command)) option.makeOptionMandatory();
  const options = [option];
  if (spec.negatable) options.push(new Option(`--no-${spec.flag!.slice(2)}`, spec.negatable.help));
  return options;
}

/** The attribute commander keeps the flag's value under (`--no-color` → color). */
export function attributeOf(spec: OptionSpec): string {
  return new Option(flagsText(spec)).attributeName();
}

export function addGlobalOptions(program: Command): Command {
  for (const spec of globalOptions()) for (const option of commanderOptions(spec)) program.addOption(option);
  return program;
}

export function addCommandOptions(command: Command, name: CommandName): Command {
  for (const spec of commandOptions(name)) for (const option of commanderOptions(spec, name)) command.addOption(option);
  return command;
}
