import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compilePattern, PatternError } from '../../src/rules/pattern.js';

/** Asserts which of the values the pattern matches and which it does not. */
function expectPattern(pattern: string, matches: Array<string | undefined>, misses: Array<string | undefined>): void {
  const matcher = compilePattern(pattern);
  for (const value of matches) expect(matcher(value), `${pattern} should match ${JSON.stringify(value)}`).toBe(true);
  for (const value of misses)
    expect(matcher(value), `${pattern} should not match ${JSON.stringify(value)}`).toBe(false);
}

describe('compilePattern', () => {
  it('matches anything when empty or *', () => {
    for (const pattern of ['', '   ', '*', ' * ']) {
      expectPattern(pattern, ['CA', '', '  ', undefined, '*', 'anything at all'], []);
    }
  });

  it('compares a plain value case-insensitively, both sides trimmed', () => {
    expectPattern('CA', ['CA', 'ca', ' Ca ', '\tcA\n'], ['C A', 'CAL', 'NV', '', undefined]);
    expectPattern('  New York ', ['new york', 'NEW YORK'], ['newyork', 'new  york']);
  });

  it('folds case with toLowerCase, beyond ASCII', () => {
    expectPattern('ÎLE-DE-FRANCE', ['île-de-france', 'Île-de-France'], ['ile-de-france']);
    expectPattern('München', ['MÜNCHEN', 'münchen'], ['munchen']);
  });

  it('matches any of a list of alternatives, each trimmed', () => {
    expectPattern('CA|NV|OR', ['ca', 'NV', ' or '], ['WA', 'CA|NV', '', undefined]);
    expectPattern(' CA | NV ', ['CA', 'nv'], ['x', 'CA NV', 'CA|NV']);
  });

  it('negates a single value and the whole list', () => {
    expectPattern('!CA', ['NV', '', undefined, 'CAL'], ['CA', ' ca ']);
    expectPattern('!CA|NV', ['OR', '', undefined], ['CA', 'nv']);
    expectPattern('! CA | NV', ['OR'], ['CA', 'NV']);
  });

  it('matches globs anchored, case-insensitive', () => {
    expectPattern('San*', ['San Jose', 'san', 'SANTA CRUZ', ' San Diego '], ['Los Angeles', 'xSan', '', undefined]);
    expectPattern('*Corp', ['Acme Corp', 'corp', 'MEGACORP'], ['Corporation', 'Acme Corp.']);
    expectPattern('a*b*c', ['abc', 'aXbYc', 'A--B--C', 'abbc'], ['ab', 'bca', 'abcd']);
    expectPattern('*', ['line one\nline two'], []);
    expectPattern('a*', ['a\nb'], ['b\na']);
  });

  it('treats regex metacharacters in globs literally', () => {
    expectPattern('a.b*', ['a.b', 'A.Bcd'], ['axb', 'aXbcd']);
    expectPattern('(US)*', ['(us) west'], ['us west']);
    expectPattern('*[x]+?^$\\{2}', ['a[X]+?^$\\{2}'], ['x', 'xx']);
  });

  it('mixes forms among alternatives', () => {
    expectPattern('CA|New*|>=100', ['ca', 'New York', '150', '100'], ['99', 'NV', 'Old York']);
    expectPattern('!CA|New*', ['NV', ''], ['CA', 'newark']);
  });

  it('compares numbers, never matching a non-numeric value', () => {
    expectPattern(
      '>=1000',
      ['1000', '1000.0', '1e3', ' 2500 ', '+1001'],
      ['999', '', undefined, 'abc', '1,200', '$1000', '1000 employees', 'Infinity'],
    );
    expectPattern('>1000', ['1000.5', '1001'], ['1000', '1e3']);
    expectPattern('<=50', ['50', '-3', '0', '.5'], ['50.01', 'fifty', '']);
    expectPattern('<50', ['49.99', '-12.5'], ['50', 'NaN', '-']);
    expectPattern('>= 10', ['10'], ['9']);
    expectPattern('>-5', ['-4', '0'], ['-5', '-6']);
  });

  it('matches ranges inclusively', () => {
    expectPattern('100..999', ['100', '999', '500', '100.0', '9.99e2'], ['99', '999.5', '1000', 'x', '', undefined]);
    expectPattern('-10..-5', ['-10', '-7', '-5'], ['-4', '-11']);
    expectPattern('1.5..2.5', ['1.5', '2', '2.5'], ['1.4', '2.6']);
    expectPattern('5..5', ['5'], ['4', '6']);
    expectPattern('!100..999', ['99', 'abc', ''], ['500']);
  });

  it.each([
    ['>=', 'expected a number after >='],
    ['>', 'expected a number after >'],
    ['<=abc', 'expected a number after <='],
    ['<1,200', 'expected a number after <'],
    ['..5', 'both sides of ".."'],
    ['5..', 'both sides of ".."'],
    ['a..b', 'both sides of ".."'],
    ['10..2', 'empty range'],
    ['!', 'after "!"'],
    [' ! ', 'after "!"'],
    ['CA||NV', 'empty alternative'],
    ['CA|', 'empty alternative'],
    ['|CA', 'empty alternative'],
    ['CA|!NV', 'negates the whole list'],
    ['!!CA', 'negates the whole list'],
    ['!*', 'never matches'],
    ['!CA|*', 'never matches'],
  ])('rejects %j', (pattern, message) => {
    expect(() => compilePattern(pattern)).toThrow(PatternError);
    expect(() => compilePattern(pattern)).toThrow(message);
  });

  describe('properties', () => {
    // Words that are plain values: no `|` or `*`, no `..`, not starting with `!`, `<` or `>`, not blank.
    const word = fc
      .string({
        unit: fc.constantFrom('a', 'B', 'é', 'Σ', 'ß', 'İ', ' ', '-', '.', '1', '!', '<', '>'),
        minLength: 1,
        maxLength: 6,
      })
      .filter((text) => text.trim() !== '' && !text.includes('..') && !/^[!<>]/.test(text.trim()));
    const words = fc.array(word, { minLength: 1, maxLength: 5 });
    const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
    // Candidate values: the words, their case and whitespace variants, and unrelated strings.
    const candidates = (list: string[], others: string[]): string[] => [
      ...list,
      ...list.map((w) => ` ${w.toUpperCase()}\t`),
      ...list.map((w) => w.toLowerCase()),
      ...others,
      '',
    ];

    it('a list of words matches exactly the values equal to one of them; ! matches exactly the others', () => {
      fc.assert(
        fc.property(words, fc.array(word, { maxLength: 5 }), (list, others) => {
          const anyOf = compilePattern(list.join('|'));
          const noneOf = compilePattern(`!${list.join('|')}`);
          for (const value of candidates(list, others)) {
            const expected = list.some((w) => same(w, value));
            expect(anyOf(value)).toBe(expected);
            expect(noneOf(value)).toBe(!expected);
          }
          expect(anyOf(undefined)).toBe(false);
          expect(noneOf(undefined)).toBe(true);
        }),
      );
    });
  });
});
