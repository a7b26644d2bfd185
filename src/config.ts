/**
 * The config file (`crm-owners.config.json`, or `--config PATH`): any audit or plan option under its
 * camelCase name. Flags override it; unknown keys and wrong types are errors that name the key.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { FILE_KINDS, isFileKind, type FileKind } from './records/model.js';
import { PRESETS } from './ingest/identify/presets/index.js';
import { readTextFile } from './ingest/sources/textFile.js';
import { shortened } from './output/printable.js';
import { CONFIG_OPTIONS, configTypeText, configValue, unknownChoice, type Config } from './options/values.js';
import { didYouMean } from './options/suggest.js';

export type { Config, ConfigKey } from './options/values.js';

/**
 * The fields `columns` may map for each kind: those some export format reads for it. A key that
 * names none (a typo like "ownr") would otherwise be ignored without a word.
 */
function mappableFields(kind: FileKind): string[] {
  return [...new Set(PRESETS.flatMap((preset) => Object.keys(preset.columns[kind] ?? {})))];
}

/** The first unknown key inside `columns`, as a path (`columns.contacts.ownr`) with the keys it may be. */
function unknownColumnsKey(columns: Record<string, unknown>): { message: string; hint: string } | undefined {
  const unknown = (at: string, known: readonly string[]) => ({
    message: `unknown key "${at}"${didYouMean(at.split('.').at(-1)!, known)}`,
    hint: `known keys there: ${known.join(', ')}`,
  });
  for (const [kind, fields] of Object.entries(columns)) {
    if (!isFileKind(kind)) return unknown(`columns.${kind}`, FILE_KINDS);
    const known = mappableFields(kind);
    const field = Object.keys(fields as object).find((name) => !known.includes(name));
    if (field !== undefined) return unknown(`columns.${kind}.${field}`, known);
  }
  return undefined;
}

/** A config value as a message shows it: JSON would print a number too large for a double as `null`. */
function shownValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a number too large to be read';
  return shortened(JSON.stringify(value));
}

export const DEFAULT_CONFIG_FILE = 'crm-owners.config.json';

export function loadConfig(explicitPath: string | undefined, cwd = process.cwd()): Config {
  const file = explicitPath ?? path.join(cwd, DEFAULT_CONFIG_FILE);
  if (!explicitPath && !existsSync(file)) return {};
  const text = readTextFile(file, 'config');
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    // Node names the offset where parsing stopped; a file cut short stops at its end.
    const at = /position (\d+)/.exec(message);
    const line = (at ? text.slice(0, Number(at[1])) : text.trimEnd()).split('\n').length;
    throw new InputError({ file, line }, `not valid JSON (${message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError({ file }, 'config must be a JSON object like {"minCoverage": 98}');
  }
  const config: Record<string, unknown> = { path: file };
  for (const [key, value] of Object.entries(data)) {
    // Editors find the file's JSON Schema (crm-owners config --schema) through "$schema".
    if (key === '$schema' && typeof value === 'string') continue;
    const spec = CONFIG_OPTIONS.find((option) => option.key === key);
    if (!spec) {
      const known = CONFIG_OPTIONS.map((option) => option.key);
      throw new InputError(
        { file },
        `unknown key "${key}"${didYouMean(key, known)}`,
        `known keys: ${known.join(', ')}`,
      );
    }
    const read = configValue(spec, value, file);
    if (!read) throw new InputError({ file }, `"${key}" must be ${configTypeText(spec)}, got ${shownValue(value)}`);
    const unknownItem = spec.type === 'list' ? unknownChoice(spec, read.value as string[]) : undefined;
    if (unknownItem) throw new InputError({ file }, `"${key}": ${unknownItem.message}`, unknownItem.hint);
    const unknownColumn = spec.type === 'columns' ? unknownColumnsKey(value as Record<string, unknown>) : undefined;
    if (unknownColumn) throw new InputError({ file }, unknownColumn.message, unknownColumn.hint);
    config[key] = read.value;
  }
  return config as Config;
}
