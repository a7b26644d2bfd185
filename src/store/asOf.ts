/**
 * A snapshot's as-of date: when its exports were taken, which may be long before they are loaded
 * (back-filled monthly exports). History, trends, the report and stale-ownership go by it.
 * `--as-of` takes a date (`2026-10-31`, midnight UTC) or an ISO timestamp (`2026-10-31T18:00:00Z`,
 * with an offset or `Z`; without one it is read as UTC, like every time the tool stores).
 */
import { UsageError } from '../errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** How far past the load time an as-of may be: a date written in a time zone ahead of UTC is "today" there. */
export const AS_OF_AHEAD_MS = 86_400_000;

/** Whether year, month and day name a day of the calendar (no 2026-02-30). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The as-of of `--as-of TEXT` as a stored ISO timestamp (UTC, milliseconds), checked against the
 * load time `now`: a date after it (beyond a day's time-zone slack) is refused, as a snapshot cannot
 * show exports not taken yet.
 */
export function parseAsOf(text: string, now: Date, flag = '--as-of'): string {
  const value = text.trim();
  const hint =
    'give the day the exports were taken, as YYYY-MM-DD (e.g. 2026-10-31) or an ISO timestamp (2026-10-31T18:00:00Z)';
  const date = DATE.exec(value);
  const stamp = date ? undefined : TIMESTAMP.exec(value);
  const parts = date ?? stamp;
  if (!parts) throw new UsageError(`${flag} takes a date, got "${text}"`, hint);
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (!isCalendarDay(year, month, day)) throw new UsageError(`${flag}: ${value} is no day of the calendar`, hint);
  let time: number;
  if (date) time = Date.UTC(year, month - 1, day);
  else {
    const [hours, minutes, seconds] = [Number(stamp![4]), Number(stamp![5]), Number(stamp![6] ?? 0)];
    if (hours > 23 || minutes > 59 || seconds > 59) throw new UsageError(`${flag}: ${value} is no time of day`, hint);
    const zone = stamp![8] ?? 'Z';
    const normalised = `${stamp![1]}-${stamp![2]}-${stamp![3]}T${stamp![4]}:${stamp![5]}:${String(seconds).padStart(2, '0')}${stamp![7] ? `.${stamp![7].slice(0, 3).padEnd(3, '0')}` : ''}${zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`}`;
    time = Date.parse(normalised);
    if (Number.isNaN(time)) throw new UsageError(`${flag} takes a date, got "${text}"`, hint);
  }
  if (time > now.getTime() + AS_OF_AHEAD_MS) {
    throw new UsageError(
      `${flag} ${value} is after the load time (${now.toISOString().slice(0, 16).replace('T', ' ')} UTC): a snapshot cannot hold exports not taken yet`,
      'give the day the exports were taken; leave --as-of out for exports taken now',
    );
  }
  return new Date(time).toISOString();
}
