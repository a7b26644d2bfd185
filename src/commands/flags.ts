/** Inputs more than one command reads from an option's path, and checks more than one makes of an option's value. */
import { UsageError } from '../errors.js';
import { kindList, type RecordKind } from '../kinds/registry.js';
import { readTextFile } from '../ingest/sources/textFile.js';
import { parseRules, rulesOfRows, type TerritoryRules } from '../rules/rules.js';
import { isWorkbook } from '../ingest/sources/table.js';
import { readWorkbookRows } from '../ingest/sources/xlsxFile.js';

export async function loadRules(path: string | undefined): Promise<TerritoryRules | undefined> {
  if (!path) return undefined;
  if (isWorkbook(path))
    return rulesOfRows(
      path,
      (await readWorkbookRows(path, 'rules')).map((row) => ({ cells: row.fields, line: row.line })),
    );
  return parseRules(path, readTextFile(path, 'rules'));
}

/** Kinds a flag or config key took, refused unless among `allowed` (`--follow-accounts leads`). */
export function kindsAmong(name: string, kinds: readonly RecordKind[], allowed: readonly RecordKind[]): RecordKind[] {
  const refused = kinds.find((kind) => !allowed.includes(kind));
  if (refused !== undefined) throw new UsageError(`${name}: unknown kind "${refused}" (${kindList(allowed)})`);
  return [...kinds];
}
