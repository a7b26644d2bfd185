/**
 * The config file (`crm-owners.config.json`, or `--config PATH`): any audit or plan option under its
 * camelCase name. Flags override it; unknown keys and wrong types are errors that name the key.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { FILE_KINDS, isFileKind, type FileKind } from './ingest/model.js';
import { PRESETS } from './ingest/presets/index.js';
import { readTextFile } from './ingest/textFile.js';
import { fitsRule, NUMBER_OPTIONS, type NumberOption } from './numbers.js';

type Check = (value: unknown) => boolean;

/** Strings name something (a path, a preset, a column): an empty one is a mistake, not "unset". */
const isString: Check = (v) => typeof v === 'string' && v !== '';
const isBoolean: Check = (v) => typeof v === 'boolean';
const isStringList: Check = (v) => Array.isArray(v) && v.every(isString);
const isStringOrList: Check = (v) => isString(v) || isStringList(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isObjectOfMappings: Check = (v) => isObject(v) && Object.values(v).every((m) => isObject(m) && Object.values(m).every(isString));
const number = (option: NumberOption) => ({ check: (v: unknown) => fitsRule(v, NUMBER_OPTIONS[option]), type: NUMBER_OPTIONS[option].what });

/** Every key the config file may hold, with the JSON type it takes. */
export const CONFIG_KEYS = {
  // load
  preset: { check: isString, type: 'a string' },
  encoding: { check: isString, type: 'a string' },
  delimiter: { check: isString, type: 'a string' },
  onBadRow: { check: (v: unknown) => v === 'fail' || v === 'skip', type: '"fail" or "skip"' },
  rejects: { check: isString, type: 'a string (a path)' },
  columns: { check: isObjectOfMappings, type: 'an object like {"contacts": {"owner": "Rep Email"}}' },
  dateOrder: { check: (v: unknown) => v === 'mdy' || v === 'dmy', type: '"mdy" or "dmy"' },
  // audit
  rules: { check: isString, type: 'a string (a path)' },
  checks: { check: isStringOrList, type: 'a list of check ids' },
  minCoverage: number('minCoverage'),
  maxDrop: number('maxDrop'),
  failOn: { check: isStringOrList, type: 'a list like ["unowned>1%"]' },
  baseline: { check: isString, type: '"previous" or a path' },
  placeholderOwners: { check: isStringList, type: 'a list of owner ids, emails or names' },
  systemOwners: { check: isStringList, type: 'a list of owner ids, emails or names' },
  defaultCapacity: number('defaultCapacity'),
  staleDays: number('staleDays'),
  mismatchKinds: { check: isStringOrList, type: 'a list of kinds whose parent is accounts' },
  // plan
  fix: { check: isStringOrList, type: 'a list of check ids' },
  strategy: { check: isString, type: 'a string' },
  contactsFollowAccounts: { check: isBoolean, type: 'true or false' },
  followAccounts: { check: isStringOrList, type: 'a list of kinds whose parent is accounts' },
  includeClosed: { check: isBoolean, type: 'true or false' },
  pool: { check: isStringOrList, type: 'a list of owners' },
  exclude: { check: isString, type: 'a string (a path)' },
  lockColumn: { check: isString, type: 'a column name' },
  maxMoves: number('maxMoves'),
  crm: { check: isString, type: 'a string' },
} as const;

/**
 * The fields `columns` may map for each kind: those some export format reads for it. A key that
 * names none (a typo like "ownr") would otherwise be ignored without a word.
 */
function mappableFields(kind: FileKind): string[] {
  return [...new Set(PRESETS.flatMap((preset) => Object.keys(preset.columns[kind] ?? {})))];
}

/** The first unknown key inside `columns`, as a path (`columns.contacts.ownr`) with the keys it may be. */
function unknownColumnsKey(columns: Record<string, unknown>): { path: string; known: string[] } | undefined {
  for (const [kind, fields] of Object.entries(columns)) {
    if (!isFileKind(kind)) return { path: `columns.${kind}`, known: [...FILE_KINDS] };
    const known = mappableFields(kind);
    const field = Object.keys(fields as object).find((name) => !known.includes(name));
    if (field !== undefined) return { path: `columns.${kind}.${field}`, known };
  }
  return undefined;
}

export type ConfigKey = keyof typeof CONFIG_KEYS;
export type Config = Partial<Record<ConfigKey, unknown>> & { path?: string };

/** Keys whose value is a path: read relative to the config file's folder. */
const PATH_KEYS: ConfigKey[] = ['rules', 'rejects', 'exclude'];

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
  const config: Config = { path: file };
  for (const [key, value] of Object.entries(data)) {
    const spec = Object.hasOwn(CONFIG_KEYS, key) ? (CONFIG_KEYS as Record<string, { check: Check; type: string }>)[key] : undefined;
    if (!spec) {
      throw new InputError({ file }, `unknown key "${key}"`, `known keys: ${Object.keys(CONFIG_KEYS).join(', ')}`);
    }
    if (!spec.check(value)) throw new InputError({ file }, `"${key}" must be ${spec.type}, got ${JSON.stringify(value)}`);
    const unknown = key === 'columns' ? unknownColumnsKey(value as Record<string, unknown>) : undefined;
    if (unknown) throw new InputError({ file }, `unknown key "${unknown.path}"`, `known keys there: ${unknown.known.join(', ')}`);
    config[key as ConfigKey] = PATH_KEYS.includes(key as ConfigKey) ? path.resolve(path.dirname(file), value as string) : value;
  }
  return config;
}

/** A list option from the config: a string is split on commas. */
export function configList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value as string[];
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
