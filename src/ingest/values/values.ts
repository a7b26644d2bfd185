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

/** How a date written with slashes is read: `9/4/2026` is 4 September (`mdy`, US) or 9 April (`dmy`). */
export type DateOrder = 'mdy' | 'dmy';

/**
 * Excel's two-digit years: 00–29 are 2000–2029, 30–99 are 1930–1999 (a file it re-saved with
 * `M/D/YY` dates means what Excel showed).
 */
function fullYear(year: string): number {
  if (year.length === 4) return +year;
  return +year < 30 ? 2000 + +year : 1900 + +year;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `M/D/YY[YY]` or `D.M.YYYY`, with an optional `h:mm[:ss]` time and AM/PM. */
const LOCALE_DATE =
  /^(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?$/;

function localeDate(first: number, second: number, year: number, order: DateOrder): string | undefined {
  const [month, day] = order === 'mdy' ? [first, second] : [second, first];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * A date or date-time as an ISO string (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`); '' when the cell is
 * empty (or a zero date like MySQL's `0000-00-00`, which means "none"); undefined when the cell holds
 * text that is not a date — never to be taken for "no date".
 *
 * Understands ISO (`2006-04-15T03:23:15.000Z`), the Weekly Data Export's `2012-08-27 03:20:21`,
 * `M/D/YY[YY][ h:mm[:ss][ AM|PM]]` as US exports and Excel write them (`D/M/YYYY` with order
 * `dmy`), and `D.M.YYYY` (dots: always day first). A date that can be read only one way (`24/9/2025`)
 * is read that way whatever the order.
 */
export function parseDate(value: string, order: DateOrder = 'mdy'): string | undefined {
  const text = value.trim();
  if (text === '') return '';
  // Most exports write plain ISO dates: take them as they are when they are valid (read without
  // building substrings: this runs twice a record).
  if (
    text.length === 10 &&
    text.charCodeAt(4) === DASH &&
    text.charCodeAt(7) === DASH &&
    digits(text, 0, 4) &&
    digits(text, 5, 7) &&
    digits(text, 8, 10)
  ) {
    const month = number(text, 5, 7);
    const day = number(text, 8, 10);
    // (A day past the 28th is checked against its month: Excel's 1900-02-29 is no date.)
    if (month >= 1 && month <= 12 && day >= 1 && (day <= 28 || day <= daysIn(month, number(text, 0, 4)))) return text;
  }
  let match =
    /^(\d{4})-(\d{2})-(\d{2})(?:(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text,
    );
  if (match) {
    const [, y, m, d, hh, mm, ss] = match;
    if (+y === 0 && +m === 0 && +d === 0) return '';
    if (+m < 1 || +m > 12 || +d < 1 || +d > daysIn(+m, +y)) return undefined;
    if (hh === undefined) return `${y}-${m}-${d}`;
    if (+hh > 23 || +mm > 59 || +(ss ?? 0) > 59) return undefined;
    return `${y}-${m}-${d}T${pad(+hh)}:${mm}:${ss ?? '00'}`;
  }
  match = LOCALE_DATE.exec(text);
  if (!match) return undefined;
  const [, a, separator, b, y, hh, mm, ss, ampm] = match;
  const year = fullYear(y);
  const preferred: DateOrder = separator === '.' ? 'dmy' : order;
  const date = localeDate(+a, +b, year, preferred) ?? localeDate(+a, +b, year, preferred === 'mdy' ? 'dmy' : 'mdy');
  if (date === undefined) return undefined;
  if (hh === undefined) return date;
  let hour = +hh;
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (ampm.toLowerCase() === 'p' ? 12 : 0);
  }
  if (hour > 23 || +mm > 59 || +(ss ?? 0) > 59) return undefined;
  return `${date}T${pad(hour)}:${mm}:${ss ?? '00'}`;
}

/**
 * The order a file's slash dates settle by themselves: `dmy` when a first field exceeds 12 (`24/9/25`),
 * `mdy` when a second one does (`9/24/25`); undefined when none does, or both do.
 */
export function settledDateOrder(values: Iterable<string>): DateOrder | undefined {
  let dayFirst = false;
  let monthFirst = false;
  for (const value of values) {
    const match = LOCALE_DATE.exec(value.trim());
    if (!match || match[2] !== '/') continue;
    if (+match[1] > 12 && +match[3] <= 12) dayFirst = true;
    if (+match[3] > 12 && +match[1] <= 12) monthFirst = true;
  }
  return dayFirst === monthFirst ? undefined : dayFirst ? 'dmy' : 'mdy';
}

/**
 * What a date cell that is not a date is stored as: the text behind a `?`, so it is kept for people
 * to see and never read as "no date" ('') nor compared as one (`?` sorts after every digit).
 */
export const UNREADABLE_DATE_MARK = '?';

export function storedDate(value: string, order: DateOrder): string {
  const date = parseDate(value, order);
  return date ?? UNREADABLE_DATE_MARK + value.trim();
}

export function isUnreadableDate(stored: string): boolean {
  return stored.charCodeAt(0) === 63; // '?'
}

/** An id Excel turned into a number in scientific notation (`1.51081E+11`): its digits are lost. */
const SCIENTIFIC = /^\d+(?:[.,]\d+)?E\+\d+$/i;

export function isMangledId(value: string): boolean {
  // Checked for every id of every record: the regular expression only for values with a `+`.
  return value.length > 3 && value.includes('+') && SCIENTIFIC.test(value.trim());
}

/** A whole number of records, or undefined for an empty cell; NaN when the cell is not a number. */
export function parseCount(value: string): number | undefined {
  const text = value.trim().replace(/[,_ ](?=\d{3}\b)/g, '');
  if (text === '') return undefined;
  return /^\d+(\.0+)?$/.test(text) ? Number.parseInt(text, 10) : Number.NaN;
}
