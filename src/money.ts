/**
 * Money, exactly. An amount is read from its cell into an integer count of its smallest written
 * unit (a bigint) and a scale — `12,500.75` is 1250075 at scale 2 — and sums are bigint sums at the
 * largest scale met, so no cent is lost to binary floating point however many amounts are added.
 * Amounts leave as decimal strings (`"1250075.10"`), never as JSON numbers.
 */

/** An exact decimal: `units / 10^scale`. */
export interface Decimal {
  units: bigint;
  scale: number;
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

/** Currency marks an amount cell may carry around its number: symbols and ISO codes (`$`, `€`, `USD `). */
const CURRENCY_MARK = /^(?:[A-Z]{3}|[$€£¥₹₩₽₺₪₫฿₱₦₴₡₲₵₸₼₾]|[A-Z]{1,3}\$|kr|Fr\.?|R\$|zł)$/i;
/** Spaces used between groups of thousands: ordinary, no-break, narrow no-break, thin. */
const GROUP_SPACES = /[ \u00a0\u202f\u2009]/g;
const EXPONENT = /^(\d+)(?:\.(\d*))?e([+-]?\d{1,4})$/i;

/** The number in `text` without a currency mark before or after it (`USD 1,200.00`, `1.200,00 €`). */
function withoutMarks(text: string): string {
  let t = text.trim();
  const lead = /^(\D+?)\s*(?=[\d(+\-−.,])/.exec(t);
  if (lead && CURRENCY_MARK.test(lead[1]!.trim())) t = t.slice(lead[0].length);
  const trail = /(?<=[\d)])\s*(\D+)$/.exec(t);
  if (trail && CURRENCY_MARK.test(trail[1]!.trim())) t = t.slice(0, trail.index);
  return t.trim();
}

/** Digits with group separators checked: every group after the first has three digits. */
function grouped(whole: string, separator: string): string | undefined {
  if (separator === '') return /^\d+$/.test(whole) ? whole : undefined;
  const groups = whole.split(separator);
  if (!/^\d{1,3}$/.test(groups[0]!) || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return undefined;
  return groups.join('');
}

/** Reads the digits of an unsigned amount with its separators: `1,234.56`, `1.234,56`, `1 234,56`, `1'234.5`, `1234`. */
function readDigits(text: string): Decimal | undefined {
  const exponent = EXPONENT.exec(text);
  if (exponent) {
    // Excel writes large amounts as 1.5E+7: exact in decimal.
    const fraction = exponent[2] ?? '';
    const shift = Number(exponent[3]);
    const units = BigInt(exponent[1]! + fraction);
    const scale = fraction.length - shift;
    return scale >= 0 ? { units, scale } : { units: units * 10n ** BigInt(-scale), scale: 0 };
  }
  const t = text.replace(GROUP_SPACES, ' ');
  if (!/^\d[\d.,' ]*$/.test(t) || !/\d$/.test(t)) return undefined;
  const dot = t.lastIndexOf('.');
  const comma = t.lastIndexOf(',');
  let decimal = '';
  if (dot >= 0 && comma >= 0) decimal = dot > comma ? '.' : ',';
  else if (dot >= 0) decimal = t.indexOf('.') === dot ? '.' : '';
  // One comma before exactly three digits groups thousands (`1,234`); otherwise it is a decimal comma (`12,5`).
  else if (comma >= 0) decimal = t.indexOf(',') === comma && !/,\d{3}$/.test(t) ? ',' : '';
  const at = decimal === '' ? -1 : t.lastIndexOf(decimal);
  const whole = at < 0 ? t : t.slice(0, at);
  const fraction = at < 0 ? '' : t.slice(at + 1);
  if (!/^\d*$/.test(fraction)) return undefined;
  const separators = new Set(whole.replace(/\d/g, ''));
  if (separators.size > 1 || separators.has(decimal)) return undefined;
  const digits = grouped(whole, [...separators][0] ?? '');
  if (digits === undefined) return undefined;
  return { units: BigInt(digits + fraction), scale: fraction.length };
}

/**
 * The amount a cell writes, exactly; `null` for an empty cell, `undefined` when it is no amount.
 * A sign before the number (or trailing `-`), or parentheses, make it negative.
 */
export function parseAmount(text: string): Decimal | null | undefined {
  let t = withoutMarks(text);
  if (t === '') return text.trim() === '' ? null : undefined;
  let negative = false;
  if (/^\(.*\)$/.test(t)) [t, negative] = [withoutMarks(t.slice(1, -1)), true];
  else if (/^[-−]/.test(t)) [t, negative] = [withoutMarks(t.slice(1)), true];
  else if (t.startsWith('+')) t = withoutMarks(t.slice(1));
  else if (/\d-$/.test(t)) [t, negative] = [t.slice(0, -1), true];
  const value = readDigits(t);
  if (value === undefined) return undefined;
  return negative ? { units: -value.units, scale: value.scale } : value;
}

function atScale(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: atScale(a, scale) + atScale(b, scale), scale };
}

/** `value × times`: one amount that `times` records share. */
export function timesDecimal(value: Decimal, times: number): Decimal {
  return { units: value.units * BigInt(times), scale: value.scale };
}

/**
 * The decimal string of an amount: no grouping, a `.` before its decimals, which are at least two
 * when it has any (`1250075.10`, `1200`), and at least `atLeast` (amounts shown together show the same
 * decimals). `grouping` adds commas between thousands, for people.
 */
export function formatDecimal(value: Decimal, grouping = false, atLeast = 0): string {
  const least = Math.max(value.scale, atLeast);
  const scale = least === 0 ? 0 : Math.max(2, least);
  const units = atScale(value, scale);
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  let whole = digits.slice(0, digits.length - scale);
  if (grouping) whole = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  const sign = units < 0n ? '-' : '';
  return scale === 0 ? `${sign}${whole}` : `${sign}${whole}.${digits.slice(digits.length - scale)}`;
}

/** A decimal string this module wrote, read back (summaries, baselines). */
export function decimalOf(text: string): Decimal | undefined {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  const units = BigInt(match[2]! + (match[3] ?? ''));
  return { units: match[1] ? -units : units, scale: match[3]?.length ?? 0 };
}

/** A currency cell as grouped: ISO codes in capitals; empty for none. */
export function currencyKey(value: unknown): string {
  const text = typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';
  return /^[a-z]{3}$/i.test(text) ? text.toUpperCase() : text;
}
