import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  isMangledId,
  isUnreadableDate,
  parseBoolean,
  parseCount,
  parseDate,
  settledDateOrder,
  splitList,
  storedDate,
  type DateOrder,
} from '../../src/ingest/values/values.js';

describe('parseBoolean', () => {
  it('reads true/false, 1/0, yes/no and status words, any case, trimmed', () => {
    for (const value of ['true', 'TRUE', 'True', '1', 'yes', 'Yes', 'Y', 't', 'Active', 'Enabled', ' true ', 'x']) {
      expect(parseBoolean(value), JSON.stringify(value)).toBe(true);
    }
    for (const value of ['false', 'FALSE', '0', 'no', 'No', 'N', 'f', 'Inactive', 'Disabled', 'Deactivated', ' 0 ']) {
      expect(parseBoolean(value), JSON.stringify(value)).toBe(false);
    }
  });

  it('gives undefined for anything else', () => {
    for (const value of ['maybe', '2', '-1', 'truthy', 'on', 'off', '1.0', 'yes!', 'null']) {
      expect(parseBoolean(value), JSON.stringify(value)).toBeUndefined();
    }
  });
});

describe('parseDate', () => {
  it('reads ISO date-times (Data Loader), dropping millis and the Z', () => {
    expect(parseDate('2006-04-15T03:23:15.000Z')).toBe('2006-04-15T03:23:15');
    expect(parseDate('2006-04-15T03:23:15Z')).toBe('2006-04-15T03:23:15');
    expect(parseDate('2021-05-11T18:02:44.000+0000')).toBe('2021-05-11T18:02:44');
  });

  it('reads plain ISO dates', () => {
    expect(parseDate('2026-10-21')).toBe('2026-10-21');
    expect(parseDate(' 2026-10-21 ')).toBe('2026-10-21');
  });

  it('reads the Weekly Data Export and HubSpot forms', () => {
    expect(parseDate('2012-08-27 03:20:21')).toBe('2012-08-27T03:20:21');
    expect(parseDate('2026-10-03 14:22')).toBe('2026-10-03T14:22:00');
    expect(parseDate('2026-10-03 9:05')).toBe('2026-10-03T09:05:00');
  });

  it('reads report dates month first', () => {
    expect(parseDate('1/12/2026')).toBe('2026-01-12');
    expect(parseDate('10/21/2026')).toBe('2026-10-21');
    expect(parseDate('01/02/2026')).toBe('2026-01-02');
  });

  it('falls back to day first when the first number cannot be a month', () => {
    expect(parseDate('13/1/2026')).toBe('2026-01-13');
    expect(parseDate('31.12.2026')).toBe('2026-12-31');
  });

  it('reads a 12-hour time with AM/PM', () => {
    expect(parseDate('11/1/2026 9:14 AM')).toBe('2026-11-01T09:14:00');
    expect(parseDate('11/1/2026 9:14 PM')).toBe('2026-11-01T21:14:00');
    expect(parseDate('10/30/2026 3:12 pm')).toBe('2026-10-30T15:12:00');
    expect(parseDate('1/5/2026 12:30 AM')).toBe('2026-01-05T00:30:00');
    expect(parseDate('1/5/2026 12:30 PM')).toBe('2026-01-05T12:30:00');
    expect(parseDate('1/5/2026, 4:05:09 PM')).toBe('2026-01-05T16:05:09');
    expect(parseDate('1/5/2026 16:05')).toBe('2026-01-05T16:05:00');
  });

  it("gives '' for empty cells and zero dates (MySQL's way of writing none)", () => {
    for (const value of ['', '   ', '0000-00-00', '0000-00-00 00:00:00']) {
      expect(parseDate(value), JSON.stringify(value)).toBe('');
    }
  });

  it('gives undefined for text that is not a date: never taken for "no date"', () => {
    for (const value of [
      'never',
      'yesterday',
      '13/13/2026',
      '0/5/2026',
      '5/0/2026',
      '5/40/2026',
      '2026',
      '2026-1-5x',
      '2026-13-01',
      '2026-00-10',
      '2026-10-00',
      '2026-10-32',
      '2/30/2026',
      '9/24/25 25:00',
      '9/24/25 13:00 PM',
      'N/A',
    ]) {
      expect(parseDate(value), JSON.stringify(value)).toBeUndefined();
    }
  });

  it('reads Excel re-saved dates: two-digit years, 12-hour times', () => {
    expect(parseDate('9/24/25 22:00')).toBe('2025-09-24T22:00:00');
    expect(parseDate('9/24/25 10:00 PM')).toBe('2025-09-24T22:00:00');
    expect(parseDate('3/7/29')).toBe('2029-03-07');
    expect(parseDate('3/7/30')).toBe('1930-03-07');
    expect(parseDate('12/31/99 11:59:59 PM')).toBe('1999-12-31T23:59:59');
  });

  it('reads D.M.YYYY day first whatever the order, and D/M/YYYY with dmy', () => {
    expect(parseDate('1.2.2026')).toBe('2026-02-01');
    expect(parseDate('1.2.2026', 'mdy')).toBe('2026-02-01');
    expect(parseDate('24.09.2025 14:30')).toBe('2025-09-24T14:30:00');
    expect(parseDate('1/2/2026', 'dmy')).toBe('2026-02-01');
    expect(parseDate('1/2/2026', 'mdy')).toBe('2026-01-02');
    // Readable only one way: read that way.
    expect(parseDate('9/24/2025', 'dmy')).toBe('2025-09-24');
  });

  it('takes leap years into account', () => {
    expect(parseDate('2/29/2024')).toBe('2024-02-29');
    expect(parseDate('2/29/2025')).toBeUndefined();
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
  });

  it('reads back every date it writes, in either order (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2029-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.constantFrom<DateOrder>('mdy', 'dmy'),
        fc.boolean(),
        (date, order, twoDigits) => {
          const y = date.getUTCFullYear();
          const m = date.getUTCMonth() + 1;
          const d = date.getUTCDate();
          const h = date.getUTCHours();
          const year = twoDigits ? String(y % 100).padStart(2, '0') : String(y);
          const [first, second] = order === 'mdy' ? [m, d] : [d, m];
          const twelve = `${h % 12 === 0 ? 12 : h % 12}:${String(date.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
          const iso = date.toISOString().slice(0, 16) + ':00';
          expect(parseDate(`${first}/${second}/${year} ${twelve}`, order)).toBe(iso);
          expect(parseDate(`${d}.${m}.${year}`, order)).toBe(iso.slice(0, 10));
          expect(parseDate(date.toISOString(), order)).toBe(date.toISOString().slice(0, 19));
        },
      ),
    );
  });
});

describe('settledDateOrder', () => {
  it('settles day first when a first field exceeds 12, month first when a second one does', () => {
    expect(settledDateOrder(['1/2/2026', '24/9/2025'])).toBe('dmy');
    expect(settledDateOrder(['1/2/2026', '9/24/25 10:00 PM'])).toBe('mdy');
  });

  it('leaves it open when nothing tells, or both do', () => {
    expect(settledDateOrder(['1/2/2026', '', '2026-10-21'])).toBeUndefined();
    expect(settledDateOrder(['24/9/2025', '9/24/2025'])).toBeUndefined();
    // Dots are always day first: they settle nothing about slashes.
    expect(settledDateOrder(['24.9.2025'])).toBeUndefined();
  });
});

describe('storedDate', () => {
  it("keeps a value that is no date behind '?', so it is neither a date nor empty", () => {
    expect(storedDate('soon', 'mdy')).toBe('?soon');
    expect(isUnreadableDate(storedDate('soon', 'mdy'))).toBe(true);
    expect(storedDate('', 'mdy')).toBe('');
    expect(storedDate('9/24/25', 'mdy')).toBe('2025-09-24');
    expect(isUnreadableDate('2025-09-24')).toBe(false);
    expect(isUnreadableDate('')).toBe(false);
  });
});

describe('isMangledId', () => {
  it('spots ids Excel wrote in scientific notation', () => {
    for (const value of ['1.51081E+11', '3.00E+14', '3E+18', '1,51081E+11', '1.5e+11', ' 3.65E+18 ']) {
      expect(isMangledId(value), JSON.stringify(value)).toBe(true);
    }
  });

  it('leaves real ids alone: digits, Salesforce ids, phone-like and GUID values', () => {
    for (const value of [
      '151081234567',
      '003x0000004abcDAAQ',
      '+14155550100',
      'E+11',
      '1.5E11',
      '1.5E-11',
      'A1.5E+11',
      '6a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b',
      '',
      '12+3',
    ]) {
      expect(isMangledId(value), JSON.stringify(value)).toBe(false);
    }
  });
});

describe('parseCount', () => {
  it('reads whole numbers, with thousands separators', () => {
    expect(parseCount('0')).toBe(0);
    expect(parseCount('6')).toBe(6);
    expect(parseCount(' 20 ')).toBe(20);
    expect(parseCount('1,000')).toBe(1000);
    expect(parseCount('1 000 000')).toBe(1_000_000);
    expect(parseCount('1_500')).toBe(1500);
    expect(parseCount('12.0')).toBe(12);
  });

  it('gives undefined for an empty cell', () => {
    expect(parseCount('')).toBeUndefined();
    expect(parseCount('  ')).toBeUndefined();
  });

  it('gives NaN for what is not a whole number of records', () => {
    for (const value of ['abc', '-1', '1.5', '1,5', '1,0000', 'ten', '5 records', '+3']) {
      expect(parseCount(value), JSON.stringify(value)).toBeNaN();
    }
  });
});

describe('splitList', () => {
  it('splits on semicolons, trims and drops empty parts', () => {
    expect(splitList('North;East')).toEqual(['North', 'East']);
    expect(splitList(' North ; East ;; ')).toEqual(['North', 'East']);
    expect(splitList('18402937511;18402937512')).toEqual(['18402937511', '18402937512']);
    expect(splitList('West')).toEqual(['West']);
    expect(splitList('')).toEqual([]);
    expect(splitList(' ; ')).toEqual([]);
  });

  it('does not split on commas', () => {
    expect(splitList('Bay Area, CA;Nevada')).toEqual(['Bay Area, CA', 'Nevada']);
  });
});
