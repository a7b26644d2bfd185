/** Flags more than one command takes, parsed the same way for each. */
import { CHECK_IDS, isCheckId, type CheckId } from '../audit/checkIds.js';
import { UsageError } from '../errors.js';
import { readTextFile } from '../ingest/textFile.js';
import { parseRules, type TerritoryRules } from '../rules/rules.js';

/** A non-negative number flag, else the config's value. */
export function numberFlag(flag: string, value: string | undefined, configValue: unknown): number | undefined {
  if (value === undefined) return configValue as number | undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag} takes a number, got "${value}"`);
  return n;
}

export function parseCheckList(flag: string, values: string[] | undefined): CheckId[] | undefined {
  if (!values) return undefined;
  for (const value of values) {
    if (!isCheckId(value)) throw new UsageError(`${flag}: unknown check "${value}"`, `checks: ${CHECK_IDS.join(', ')}`);
  }
  return values as CheckId[];
}

export async function loadRules(path: string | undefined): Promise<TerritoryRules | undefined> {
  if (!path) return undefined;
  return parseRules(path, readTextFile(path, 'rules'));
}
