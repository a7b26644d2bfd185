/**
 * Whether a header cell is one crm-owners knows: a column alias of some preset, a header that tells
 * a preset or a kind, or a column the config's `columns` mapping names. A workbook's header row is
 * the first row holding one (see xlsxFile.ts).
 */
import { kindFromHeaders } from './kinds.js';
import type { ColumnMapping } from './layout.js';
import { headerKey } from '../../records/model.js';
import { PRESETS } from './presets/index.js';

const ALIASES: ReadonlySet<string> = new Set(
  PRESETS.flatMap((preset) =>
    Object.values(preset.columns).flatMap((aliases) => Object.values(aliases).flat() as string[]),
  ),
);

/** Presets that recognise an export by a distinctive header (`generic` recognises anything). */
const DISTINCTIVE = PRESETS.filter((preset) => preset.name !== 'generic');

export function knownHeaderTest(mapping?: ColumnMapping): (key: string) => boolean {
  const mapped = new Set(
    Object.values(mapping ?? {}).flatMap((columns) => Object.values(columns ?? {}).map((header) => headerKey(header!))),
  );
  return (key) => {
    if (key === '') return false;
    if (ALIASES.has(key) || mapped.has(key)) return true;
    const alone = new Set([key]);
    return kindFromHeaders(alone) !== undefined || DISTINCTIVE.some((preset) => preset.recognises(alone));
  };
}
