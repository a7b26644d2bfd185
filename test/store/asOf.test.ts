/** `--as-of DATE`: what it takes, how it is stored, and what it refuses (exit 2, naming the flag). */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseAsOf } from '../../src/store/asOf.js';

const NOW = new Date('2026-12-07T02:00:00Z');

describe('parseAsOf', () => {
  it('stores a date as midnight UTC, and a timestamp in UTC (no offset: UTC)', () => {
    expect(parseAsOf('2026-10-31', NOW)).toBe('2026-10-31T00:00:00.000Z');
    expect(parseAsOf(' 2026-10-31 ', NOW)).toBe('2026-10-31T00:00:00.000Z');
    expect(parseAsOf('2026-10-31T18:00:00+02:00', NOW)).toBe('2026-10-31T16:00:00.000Z');
    expect(parseAsOf('2026-10-31T18:00-0530', NOW)).toBe('2026-10-31T23:30:00.000Z');
    expect(parseAsOf('2026-10-31T18:00:05.5Z', NOW)).toBe('2026-10-31T18:00:05.500Z');
    expect(parseAsOf('2026-10-31 18:00:05', NOW)).toBe('2026-10-31T18:00:05.000Z');
    expect(parseAsOf('2024-02-29', NOW)).toBe('2024-02-29T00:00:00.000Z');
  });

  it('takes today in a time zone ahead of UTC (a day of slack), and refuses later dates', () => {
    expect(parseAsOf('2026-12-08', NOW)).toBe('2026-12-08T00:00:00.000Z');
    expect(() => parseAsOf('2026-12-09', NOW)).toThrow(/--as-of 2026-12-09 is after the load time/);
    expect(() => parseAsOf('2027-01-01T00:00:00Z', NOW)).toThrow(UsageError);
  });

  it('refuses what is no date, naming the flag', () => {
    for (const bad of [
      '',
      'yesterday',
      '2026-10',
      '10/31/2026',
      '2026-10-31T',
      '2026-1-5',
      '2025-02-29',
      '2026-04-31',
      '2026-10-31T24:00:00Z',
      '2026-10-31T12:60Z',
      '2026-10-31T12:00:00+25:00',
    ]) {
      expect(() => parseAsOf(bad, NOW), bad).toThrow(UsageError);
      expect(() => parseAsOf(bad, NOW), bad).toThrow(/--as-of/);
    }
  });
});
