/** Cell values as exports write them: booleans, dates, lists. Values stay strings unless asked. */

const TRUE = new Set(['true', '1', 'yes', 'y', 't', 'active', 'enabled', 'x']);
const FALSE = new Set(['false', '0', 'no', 'n', 'f', 'inactive', 'disabled', 'deactivated', '']);

/** `true/false`, `1/0` (Weekly Data Export), `Yes/No`, `Enabled/Disabled` (Dynamics status). */
export function parseBoolean(value: string): boolean | undefined {
  const key = value.trim().toLowerCase();
  if (TRUE.has(key)) return true;
  if (FALSE.has(key)) return false;
  return undefined;
}

export function splitList(value: string): string[] {
  if (!value.includes(';')) return value.trim() === '' ? [] : [value.trim()];
  return value
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

const pad = (n: number) => String(n).padStart(2, '0');
const DASH = 45;
const ZERO = 48;

function digits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < ZERO || code > ZERO + 9) return false;
  }
  return true;
}

function number(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + text.charCodeAt(i) - ZERO;
  return n;
}

/**
 * A date or date-time as an ISO string (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`), or '' when the
 * value is empty or not a date. Understands ISO (`2006-04-15T03:23:15.000Z`), the Weekly Data
 * Export's `2012-08-27 03:20:21`, and locale dates `1/12/2026` (month first, as US exports write
 * them, unless the first number cannot be a month) with an optional `9:14 AM` time.
 */
export function parseDate(value: string): string {
  const text = value.trim();
  if (text === '') return '';
  // Most exports write plain ISO dates: take them as they are when they are valid (read without
  // building substrings: this runs twice a record).
  if (text.length === 10 && text.charCodeAt(4) === DASH && text.charCodeAt(7) === DASH && digits(text, 0, 4) && digits(text, 5, 7) && digits(text, 8, 10)) {
    const month = number(text, 5, 7);
    const day = number(text, 8, 10);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return text;
  }
  let match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  if (match) {
    const [, y, m, d, hh, mm, ss] = match;
    // Not a date: MySQL-style zero dates (`0000-00-00`) and the like.
    if (+m < 1 || +m > 12 || +d < 1 || +d > 31) return '';
    return hh === undefined ? `${y}-${m}-${d}` : `${y}-${m}-${d}T${pad(+hh)}:${mm}:${ss ?? '00'}`;
  }
  match = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(text);
  if (match) {
    const [, a, b, y, hh, mm, ss, ampm] = match;
    let month = +a;
    let day = +b;
    if (month > 12 && day <= 12) [month, day] = [day, month];
    if (month < 1 || month > 12 || day < 1 || day > 31) return '';
    const date = `${y}-${pad(month)}-${pad(day)}`;
    if (hh === undefined) return date;
    let hour = +hh % 12;
    if (!ampm) hour = +hh;
    else if (ampm.toLowerCase() === 'pm') hour += 12;
    return `${date}T${pad(hour)}:${mm}:${ss ?? '00'}`;
  }
  return '';
}

/** A whole number of records, or undefined for an empty cell; NaN when the cell is not a number. */
export function parseCount(value: string): number | undefined {
  const text = value.trim().replace(/[,_ ](?=\d{3}\b)/g, '');
  if (text === '') return undefined;
  return /^\d+(\.0+)?$/.test(text) ? Number.parseInt(text, 10) : Number.NaN;
}

/**
 * A copy of `text` that does not keep the text it was cut from alive. V8 makes a substring of 13
 * characters or more a view into its parent: one such value kept for the whole load (a map key)
 * would keep a whole chunk of the file in memory with it.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}
