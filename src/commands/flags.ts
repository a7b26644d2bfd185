/** Flags more than one command takes, parsed the same way for each. */
import { CHECK_IDS, isCheckId, type CheckId } from '../audit/checkIds.js';
import type { Config } from '../config.js';
import { UsageError } from '../errors.js';
import { kindList, kindNamed, RECORD_KINDS, type RecordKind } from '../kinds/registry.js';
import { readTextFile } from '../ingest/textFile.js';
import { flagOf, numberFlag, NUMBER_OPTIONS, type NumberOption } from '../numbers.js';
import { parseRules, rulesOfRows, type TerritoryRules } from '../rules/rules.js';
import { isWorkbook } from '../ingest/table.js';
import { readWorkbookRows } from '../ingest/xlsxFile.js';

/** A number option: the flag's value, else the config's (checked when the config was read). */
export function numberOption(option: NumberOption, value: string | undefined, config: Config): number | undefined {
  if (value === undefined) return config[option] as number | undefined;
  return numberFlag(flagOf(option), value, NUMBER_OPTIONS[option]);
}

export function parseCheckList(flag: string, values: string[] | undefined): CheckId[] | undefined {
  if (!values) return undefined;
  for (const value of values) {
    if (!isCheckId(value)) throw new UsageError(`${flag}: unknown check "${value}"`, `checks: ${CHECK_IDS.join(', ')}`);
  }
  return values as CheckId[];
}

/** A list of record kinds (`--kinds`, `--follow-accounts`, config `mismatchKinds`): plural or singular names. */
export function parseKindList(flag: string, values: string[] | undefined, allowed: readonly RecordKind[] = RECORD_KINDS): RecordKind[] | undefined {
  if (!values) return undefined;
  return values.map((value) => {
    const kind = kindNamed(value);
    if (kind === undefined || !allowed.includes(kind)) throw new UsageError(`${flag}: unknown kind "${value}" (${kindList(allowed)})`);
    return kind;
  });
}

export async function loadRules(path: string | undefined): Promise<TerritoryRules | undefined> {
  if (!path) return undefined;
  if (isWorkbook(path)) return rulesOfRows(path, (await readWorkbookRows(path, 'rules')).map((row) => ({ cells: row.fields, line: row.line })));
  return parseRules(path, readTextFile(path, 'rules'));
}
