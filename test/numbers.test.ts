/** One reading of numbers for every flag and config key: counts, days and percentages. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COUNT, DAYS, fitsRule, numberFlag, parseNumber, PERCENT, POINTS, SNAPSHOT } from '../src/numbers.js';
import { UsageError } from '../src/errors.js';

describe('counts', () => {
  it.each(['0', '1', '42', '007', ' 12 ', '9007199254740991'])('"%s" is a count', (text) => {
    expect(parseNumber(text, COUNT)).toBe(Number(text));
  });

  it.each([
    '',
    ' ',
    '0x10',
    '1e3',
    '1.5',
    '1.0',
    '12abc',
    '-1',
    '+1',
    'NaN',
    'Infinity',
    '1_000',
    '1,000',
    '٣',
    '9007199254740992',
    '99999999999999999999',
  ])('"%s" is not', (text) => {
    expect(parseNumber(text, COUNT)).toBeUndefined();
  });

  it('reads back every safe whole number written in decimal, and nothing else', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const value = parseNumber(text, COUNT);
        if (value === undefined) return true;
        return /^\d+$/.test(text.trim()) && Number.isSafeInteger(value) && BigInt(text.trim()) === BigInt(value);
      }),
    );
    fc.assert(fc.property(fc.maxSafeNat(), (n) => parseNumber(String(n), COUNT) === n));
  });
});

describe('days, percentages and points', () => {
  it('days stop at a century: a cutoff further back would be no date', () => {
    expect(parseNumber('36500', DAYS)).toBe(36_500);
    expect(parseNumber('36501', DAYS)).toBeUndefined();
    expect(parseNumber('1000000000000000', DAYS)).toBeUndefined();
  });

  it.each(['0', '100', '99.5', '0.25', '12.50'])('"%s" is a percentage', (text) => {
    expect(parseNumber(text, PERCENT)).toBe(Number(text));
    expect(parseNumber(text, POINTS)).toBe(Number(text));
  });

  it.each(['100.01', '150', '-1', '1e2', '.5', '5.', '0x1', '50%', 'abc'])('"%s" is not', (text) => {
    expect(parseNumber(text, PERCENT)).toBeUndefined();
  });

  it('every percentage parsed lies in 0..100', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const value = parseNumber(text, PERCENT);
        return value === undefined || (value >= 0 && value <= 100);
      }),
    );
  });
});

describe('values from the config (JSON numbers)', () => {
  it.each([
    [COUNT, 5, true],
    [COUNT, 2.5, false],
    [COUNT, -1, false],
    [COUNT, 1e20, false],
    [DAYS, 1e22, false],
    [PERCENT, 150, false],
    [PERCENT, 99.9, true],
    [SNAPSHOT, Number.NaN, false],
    [COUNT, '5', false],
  ])('%j takes %s: %s', (rule, value, fits) => {
    expect(fitsRule(value, rule)).toBe(fits);
  });
});

describe('flags', () => {
  it('a bad value names the flag', () => {
    expect(() => numberFlag('--max-moves', '1e3', COUNT)).toThrow(UsageError);
    expect(() => numberFlag('--max-moves', '1e3', COUNT)).toThrow(
      '--max-moves takes a whole number (0, 1, 2, ...), got "1e3"',
    );
    expect(numberFlag('--max-moves', '1000', COUNT)).toBe(1000);
  });
});
