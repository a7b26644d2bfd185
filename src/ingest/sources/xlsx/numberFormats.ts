/**
 * Which number formats show a date. A cell holds a date as a plain number (days since the
 * workbook's epoch); only its number format says it is one: a built-in date format id, or a
 * custom format code with day, month, year or time parts outside quoted text and brackets.
 */

/** Built-in formats that show dates or times (ECMA-376 Part 1, 18.8.30; 27–36 and 50–58 are the East Asian ones). */
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

export function isDateFormat(id: number, code: string | undefined): boolean {
  if (code === undefined) return BUILT_IN_DATES.has(id);
  // Only the first section (positive numbers) says what the cell shows.
  const shown = code
    .replace(/"[^"]*"/g, '') // quoted text
    .replace(/\\./g, '') // escaped characters
    .replace(/[_*]./g, '') // padding and fill characters
    .replace(/\[[^\]]*\]/g, '') // colours, conditions, locales ([h] elapsed hours are durations, not dates)
    .split(';')[0];
  return /[dmyhs]/i.test(shown) && !/^general$/i.test(shown.trim());
}
