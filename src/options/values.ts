/**
 * Option values, typed from the table: a flag's text and a config file's JSON value are read and
 * checked here, one way per value type, so a flag and its config key take the same values.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { ColumnMapping } from '../ingest/identify/layout.js';
import { fitsRule, numberFlag } from '../numbers.js';
import { example } from '../output/printable.js';
import { OPTIONS, type CommandName, type Option, type OptionSpec } from './table.js';

type ValueOf<S> = S extends { type: 'switch' }
  ? boolean
  : S extends { type: 'number' }
    ? number
    : S extends { type: 'list'; choices: readonly (infer C)[] }
      ? C[]
      : S extends { type: 'list' | 'repeatable' }
        ? string[]
        : S extends { type: 'choice'; choices: readonly (infer C)[] }
          ? C
          : S extends { type: 'columns' }
            ? ColumnMapping
            : string;

/** Every option's value, by key, as a command gets it. */
export type OptionValues = { [S in Option as S['key']]?: ValueOf<S> };

type ConfigOption = Extract<Option, { config: true }>;
export type ConfigKey = ConfigOption['key'];
/** The config file, checked and typed; `path` is where it was read from. */
export type Config = { [S in ConfigOption as S['key']]?: ValueOf<S> } & { path?: string };

export const CONFIG_OPTIONS: readonly OptionSpec[] = OPTIONS.filter((spec: OptionSpec) => spec.config);

/** The option `key` names. */
export function optionSpec(key: string): OptionSpec {
  const spec = (OPTIONS as readonly OptionSpec[]).find((s) => s.key === key);
  if (!spec) throw new Error(`no option "${key}"`);
  return spec;
}

/** The options a command takes as flags (global ones not included), in table order. */
export function commandOptions(command: CommandName): OptionSpec[] {
  return (OPTIONS as readonly OptionSpec[]).filter(
    (spec) => spec.flag && spec.commands !== 'global' && spec.commands.includes(command),
  );
}

export function globalOptions(): OptionSpec[] {
  return (OPTIONS as readonly OptionSpec[]).filter((spec) => spec.commands === 'global');
}

/** Commands that read an option: its flag's, and those reading only its config key. */
export function commandsReading(spec: OptionSpec): readonly CommandName[] {
  return spec.commands === 'global' ? [] : [...new Set([...spec.commands, ...(spec.alsoFromConfig ?? [])])];
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The message and hint for the first item that is none of the option's choices, if any. */
export function unknownChoice(spec: OptionSpec, values: string[]): { message: string; hint: string } | undefined {
  const bad = spec.choices && values.find((value) => !spec.choices!.includes(value));
  if (bad === undefined) return undefined;
  return {
    message: `unknown ${spec.item ?? 'value'} "${bad}"`,
    hint: `${spec.item ? `${spec.item}s` : 'values'}: ${spec.choices!.join(', ')}`,
  };
}

/** Items given by another name (`case` for cases) read as the choices they mean; others kept, to be refused. */
function namedItems(spec: OptionSpec, items: string[]): string[] {
  const aliases = spec.aliases;
  return aliases ? items.map((item) => (Object.hasOwn(aliases, item) ? aliases[item] : item)) : items;
}

/** A flag's value as commander gives it (text, a list of texts, or a boolean), read by its type. */
export function flagValue(spec: OptionSpec, raw: unknown): unknown {
  const flag = spec.flag!;
  switch (spec.type) {
    case 'number':
      return numberFlag(flag, String(raw), spec.rule!);
    case 'list': {
      // `--no-<flag>` of a negatable list: none.
      if (raw === false) return [];
      const items = namedItems(spec, (raw as string[]).flatMap(splitList));
      if (items.length === 0)
        throw new UsageError(
          `${flag} names nothing (${example((raw as string[]).join(','))})`,
          `give ${spec.value ?? 'values'}, comma-separated`,
        );
      const unknown = unknownChoice(spec, items);
      if (unknown) throw new UsageError(`${flag}: ${unknown.message}`, unknown.hint);
      return items;
    }
    default:
      // `--no-<flag>` of a negatable value: none, whatever the config says.
      return raw === false && spec.type !== 'switch' ? undefined : raw;
  }
}

/** What a config value must be, for the message that refuses another. */
export function configTypeText(spec: OptionSpec): string {
  switch (spec.type) {
    case 'number':
      return spec.rule!.what;
    case 'switch':
      return 'true or false';
    case 'path':
      return 'a string (a path)';
    case 'choice':
      return spec.choices!.map((c) => JSON.stringify(c)).join(' or ');
    case 'list':
      return spec.choices
        ? `a list of ${spec.item}s (${spec.choices.join(', ')})`
        : 'a list of strings (or one comma-separated string)';
    case 'repeatable':
      return 'a list of strings';
    case 'columns':
      return 'an object like {"contacts": {"owner": "Rep Email"}}';
    default:
      return 'a string';
  }
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a config value has the option's type (before choices are checked). */
function hasType(spec: OptionSpec, value: unknown): boolean {
  switch (spec.type) {
    case 'number':
      return fitsRule(value, spec.rule!);
    case 'switch':
      return typeof value === 'boolean';
    case 'choice':
      return typeof value === 'string' && spec.choices!.includes(value);
    case 'list':
      return isString(value) || isStringList(value);
    case 'repeatable':
      return isStringList(value);
    case 'columns':
      return isObject(value) && Object.values(value).every((m) => isObject(m) && Object.values(m).every(isString));
    default:
      return isString(value);
  }
}

/**
 * A config value read by its type; `undefined` when it is not of that type (the caller names the
 * key and the file). Paths are read relative to the config file's folder; lists become arrays.
 */
export function configValue(spec: OptionSpec, value: unknown, file: string): { value: unknown } | undefined {
  if (!hasType(spec, value)) return undefined;
  if (spec.type === 'path') return { value: path.resolve(path.dirname(file), value as string) };
  if (spec.type === 'list') {
    const items = Array.isArray(value) ? value : splitList(value as string);
    // A string of commas names nothing: a typo, not "none".
    if (!Array.isArray(value) && items.length === 0) return undefined;
    return { value: namedItems(spec, items) };
  }
  return { value };
}
