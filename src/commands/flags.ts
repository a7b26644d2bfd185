/** Inputs more than one command reads from an option's path. */
import { readTextFile } from '../ingest/textFile.js';
import { parseRules, type TerritoryRules } from '../rules/rules.js';

export async function loadRules(path: string | undefined): Promise<TerritoryRules | undefined> {
  if (!path) return undefined;
  return parseRules(path, readTextFile(path, 'rules'));
}
