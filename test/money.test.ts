/** Amounts read and added exactly (src/money.ts): no cent lost to floating point. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  currencyKey,
  decimalOf,
  formatDecimal,
  parseAmount,
  timesDecimal,
  ZERO,
  type Decimal,
} from '../src/money.js';

const read = (text: string) => {
  const value = parseAmount(text);
  return value ? formatDecimal(value) : value;
};

describe('parseAmount', () => {
  it.each([
    ['84000', '84000'],
    ['84000.5', '84000.50'],
    ['12,500.75', '12500.75'],
    ['1,234,567.891', '1234567.891'],
    ['1.234.567,89', '1234567.89'],
    ['1 234 567,89', '1234567.89'],
    ['1\u202f234,5', '1234.50'],
    ["1'234.50", '1234.50'],
    ['12,5', '12.50'],
    ['1,234', '1234'],
    ['0.10', '0.10'],
    ['$12,500.00', '12500.00'],
    ['USD 12,500.00', '12500.00'],
    ['12.500,00 €', '12500.00'],
    ['-250.25', '-250.25'],
    ['(250.25)', '-250.25'],
    ['250.25-', '-250.25'],
    ['+7', '7'],
    ['1.5E+7', '15000000'],
    ['2.5e-2', '0.025'],
    ['  42  ', '42'],
  ])('reads %j as %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it('says null for an empty cell', () => {
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('   ')).toBeNull();
  });

  it.each(['n/a', 'TBD', '12..5', '1,23,456', '1.234,5.6', '12,345,67', '--5', '5 apples', '$', '1,2.3,4'])(
    'finds no amount in %j',
    (text) => {
      expect(parseAmount(text)).toBeUndefined();
    },
  );
});

describe('sums', () => {
  it('add 0.10 and 0.20 to 0.30, where floating point gives 0.30000000000000004', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(formatDecimal(addDecimal(parseAmount('0.10')!, parseAmount('0.20')!))).toBe('0.30');
  });

  it('keep every cent of a million amounts of 0.01 … and of sums beyond 2^53', () => {
    expect(formatDecimal(timesDecimal(parseAmount('0.01')!, 1_000_000))).toBe('10000.00');
    const big = parseAmount('9007199254740993.01')!;
    expect(formatDecimal(addDecimal(big, big), true)).toBe('18,014,398,509,481,986.02');
  });

  it('equal the sum of the amounts in whole cents, for any amounts (property)', () => {
    const cents = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
    fc.assert(
      fc.property(fc.array(cents, { maxLength: 60 }), (values) => {
        const texts = values.map((c) => {
          const negative = c < 0n;
          const digits = (negative ? -c : c).toString().padStart(3, '0');
          const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ',');
          return `${negative ? '-' : ''}${whole}.${digits.slice(-2)}`;
        });
        const sum = texts.reduce<Decimal>((acc, text) => addDecimal(acc, parseAmount(text)!), ZERO);
        expect(decimalOf(formatDecimal(sum, false, 2))).toEqual({
          units: values.reduce((a, b) => a + b, 0n),
          scale: 2,
        });
      }),
      { seed: 20261207, numRuns: 200 },
    );
  });
});

describe('formatDecimal and decimalOf', () => {
  it('write at least two decimals when there are any, and as many as asked', () => {
    expect(formatDecimal({ units: 5n, scale: 1 })).toBe('0.50');
    expect(formatDecimal({ units: 1234567n, scale: 0 }, true)).toBe('1,234,567');
    expect(formatDecimal({ units: 1234567n, scale: 0 }, true, 2)).toBe('1,234,567.00');
    expect(formatDecimal({ units: -5n, scale: 3 })).toBe('-0.005');
  });

  it('read back what they write', () => {
    expect(decimalOf('-1234.50')).toEqual({ units: -123450n, scale: 2 });
    expect(decimalOf('1,234')).toBeUndefined();
  });
});

describe('currencyKey', () => {
  it('capitalises ISO codes and keeps other names as written', () => {
    expect(currencyKey(' usd ')).toBe('USD');
    expect(currencyKey('US  Dollar')).toBe('US Dollar');
    expect(currencyKey(null)).toBe('');
  });
});
