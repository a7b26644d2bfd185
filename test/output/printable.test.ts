/** What a terminal may be sent: values with their control and bidi characters escaped. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printable, printableLines } from '../../src/output/printable.js';

/** Every character a terminal must not get raw from a value: C0, DEL, C1 and the bidi controls. */
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  ...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)),
  '\u061c',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];

/** Text mixing terminal escape sequences, bidi controls and any other Unicode. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...CONTROLS, '\x1b[31m', '\x1b]0;title\x07', '\x1b[2J', '\r\n', '\\', '\\x1b'),
      fc.string({ unit: 'binary', maxLength: 8 }),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

describe('printable', () => {
  it('shows terminal sequences, line breaks and tabs escaped', () => {
    expect(printable('\x1b[31mred')).toBe('\\x1b[31mred');
    expect(printable('\x1b]0;title\x07')).toBe('\\x1b]0;title\\x07');
    expect(printable('a\r\nb\tc')).toBe('a\\r\\nb\\tc');
    expect(printable('\x00\x7f\x85\x9b')).toBe('\\x00\\x7f\\x85\\x9b');
  });

  it('shows bidi controls escaped', () => {
    expect(printable('evil\u202etxt.exe')).toBe('evil\\u202etxt.exe');
    expect(printable('\u2066a\u2069\u200e\u200f\u061c')).toBe('\\u2066a\\u2069\\u200e\\u200f\\u061c');
  });

  it('leaves printable text as it is: accents, CJK, emoji, backslashes, quotes', () => {
    for (const text of ['García Müller', '山田 太郎', 'Zoë 🚀', 'C:\\exports\\a.csv', `"O'Brien" <o@x.test>`, '']) {
      expect(printable(text)).toBe(text);
    }
  });

  it('property: the output holds no control, DEL, C1 or bidi character', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(printable(text)).not.toMatch(UNSAFE);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: text without such characters is unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const safe = text.replace(new RegExp(UNSAFE, 'gu'), '');
        expect(printable(safe)).toBe(safe);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('printableLines', () => {
  it('keeps the line breaks of a message and escapes the rest', () => {
    expect(printableLines("error: unknown option '\x1b[31m'\n(Did you mean --db?)\n")).toBe(
      "error: unknown option '\\x1b[31m'\n(Did you mean --db?)\n",
    );
  });

  it('property: only line feeds stay raw', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const shown = printableLines(text);
        expect(shown.split('\n').length).toBe(text.split('\n').length);
        expect(shown.replace(/\n/g, '')).not.toMatch(UNSAFE);
      }),
      { numRuns: 1000 },
    );
  });
});
