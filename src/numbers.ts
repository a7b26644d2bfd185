/**
 * Numbers given in flags and in the config, read one way everywhere: counts are whole numbers
 * written in decimal digits (no sign, exponent, hex or fraction), percentages are decimals from 0
 * to 100. Each option's limits are here, so a flag and its config key take the same values.
 * Also the arithmetic and formatting of counts and percentages that the audit and the reports share.
 */
import { UsageError } from './errors.js';

export interface NumberRule {
  whole: boolean;
  /** The least value (default 0). */
  min?: number;
  max: number;
  /** For messages: "--max-moves takes <what>". */
  what: string;
}

export const COUNT: NumberRule = { whole: true, max: Number.MAX_SAFE_INTEGER, what: 'a whole number (0, 1, 2, ...)' };
export const SNAPSHOT: NumberRule = { whole: true, max: Number.MAX_SAFE_INTEGER, what: 'a snapshot number' };
/** Beyond a century every record is stale, and far beyond it the cutoff is no date at all. */
export const DAYS: NumberRule = { whole: true, max: 36_500, what: 'a whole number of days, at most 36500 (100 years)' };
export const PERCENT: NumberRule = { whole: false, max: 100, what: 'a percentage from 0 to 100' };
export const POINTS: NumberRule = { whole: false, max: 100, what: 'a number of percentage points from 0 to 100' };

const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;

/** Whether a number (from JSON, or parsed) is one the rule takes. */
export function fitsRule(value: unknown, rule: NumberRule): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= (rule.min ?? 0) &&
    value <= rule.max &&
    (!rule.whole || Number.isSafeInteger(value))
  );
}

/** The number `text` writes, or undefined when it is not one the rule takes. */
export function parseNumber(text: string, rule: NumberRule): number | undefined {
  const trimmed = text.trim();
  if (!(rule.whole ? WHOLE : DECIMAL).test(trimmed)) return undefined;
  const value = Number(trimmed);
  return fitsRule(value, rule) ? value : undefined;
}

/** A flag's number; a usage error naming the flag when it is not one the rule takes. */
export function numberFlag(flag: string, text: string, rule: NumberRule): number {
  const value = parseNumber(text, rule);
  if (value === undefined) throw new UsageError(`${flag} takes ${rule.what}, got "${text}"`);
  return value;
}

/** Percent of `part` in `whole`, rounded to 2 decimals (0 when there is nothing). */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10000) / 100;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatPercent(value: number): string {
  return value.toFixed(2);
}
