/**
 * A cell's value as the user sees it in the spreadsheet, as text: what a CSV export of the same
 * sheet would hold, so every later step reads an XLSX row like a CSV row.
 */
import { XmlSyntaxError } from './xml.js';

/** Days from the 1900 date system's day 0 to 1970-01-01 (Excel's 1900-02-29, which never was, included). */
const DAYS_1900_TO_UNIX = 25569;
/** The 1904 date system (old Mac workbooks) counts from 1904-01-01, 1462 days later. */
const DAYS_1904_TO_UNIX = DAYS_1900_TO_UNIX - 1462;
const MS_PER_DAY = 86_400_000;

/**
 * A number as Excel's General format shows it, without its 11-character display limit: integers in
 * full (no exponent, no `.0`: an id stored as a number is read back as its digits), other numbers
 * to 15 significant digits (a double's noise, `0.30000000000000004`, is not what anyone typed).
 */
export function numberText(value: number): string {
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value);
  const rounded = Number(value.toPrecision(15));
  const text = String(rounded);
  if (!/e/i.test(text)) return text;
  // Very small or large fractions: written out, not in exponent form.
  return rounded.toFixed(20).replace(/\.?0+$/, '');
}

/**
 * A date serial as ISO 8601: the date alone when it has no time of day, else date and time to the
 * second. Dates before 1900-03-01 in the 1900 system skip Excel's phantom 1900-02-29; serial 60,
 * that day itself, is shown as Excel shows it, `1900-02-29` (a date that never was, not the day
 * before or after). In the 1904 system serial 0 is 1904-01-01; a fraction alone is a time of day.
 */
export function dateText(serial: number, date1904: boolean): string {
  // A time of day alone (`h:mm` formats) has no date part: serial 0 is no day in the 1900 system.
  if (serial > 0 && serial < 1) return timeText(serial);
  if (serial === 0 && !date1904) return timeText(0);
  if (!date1904 && serial >= 60 && serial < 61)
    return serial === 60 ? '1900-02-29' : `1900-02-29T${timeText(serial - 60)}`;
  let days = serial - (date1904 ? DAYS_1904_TO_UNIX : DAYS_1900_TO_UNIX);
  if (!date1904 && serial < 60) days += 1;
  const ms = Math.round((days * MS_PER_DAY) / 1000) * 1000;
  const iso = new Date(ms).toISOString();
  return ms % MS_PER_DAY === 0 ? iso.slice(0, 10) : iso.slice(0, 19);
}

function timeText(fraction: number): string {
  return new Date(Math.round((fraction * MS_PER_DAY) / 1000) * 1000).toISOString().slice(11, 19);
}

export function booleanText(value: string): string {
  return value === '1' || value.toLowerCase() === 'true' ? 'true' : 'false';
}

/**
 * A string cell's text: OOXML writes characters XML cannot hold (a carriage return, other
 * controls) as `_xHHHH_`, and a literal `_x` that would read as one as `_x005F_x`.
 */
export function ooxmlText(value: string): string {
  if (!value.includes('_x')) return value;
  return value.replace(/_x([0-9A-Fa-f]{4})_/g, (whole: string, hex: string) => {
    const code = parseInt(hex, 16);
    // As `&#0;`: a NUL would cut the value short further on.
    if (code === 0) throw new XmlSyntaxError(`${whole} (U+0000) is not a character a value may hold`);
    return String.fromCharCode(code);
  });
}

/** A row's cells as one CSV line (comma, RFC 4180 quoting): its text in the rejects file and in the store. */
export function csvLine(cells: string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (i > 0) line += ',';
    line += /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  }
  return line;
}
