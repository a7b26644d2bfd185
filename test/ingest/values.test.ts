import { describe, it, expect } from 'vitest';
import { parseBoolean, parseCount, parseDate, splitList } from '../../src/ingest/values.js';

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

  it("gives '' for ISO-shaped values that are not dates (MySQL zero dates)", () => {
    for (const value of ['0000-00-00', '0000-00-00 00:00:00', '2026-13-01', '2026-00-10', '2026-10-00', '2026-10-32']) {
      expect(parseDate(value), JSON.stringify(value)).toBe('');
    }
  });

  it("gives '' for empty or garbage", () => {
    for (const value of ['', '   ', 'never', 'yesterday', '13/13/2026', '0/5/2026', '5/0/2026', '5/40/2026', '2026', '2026-1-5x']) {
      expect(parseDate(value), JSON.stringify(value)).toBe('');
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
