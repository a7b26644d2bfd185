import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { DELIMITERS, parseDelimiter, sniffDelimiter } from '../../src/ingest/sources/dialect.js';

describe('sniffDelimiter', () => {
  it('finds each candidate delimiter in a header line', () => {
    expect(sniffDelimiter('Id,Name,OwnerId\n1,a,b\n')).toBe(',');
    expect(sniffDelimiter('Id;Name;OwnerId\r\n1;a;b\r\n')).toBe(';');
    expect(sniffDelimiter('Id\tName\tOwnerId\n')).toBe('\t');
    expect(sniffDelimiter('Id|Name|OwnerId')).toBe('|');
    expect(DELIMITERS).toEqual([',', ';', '\t', '|']);
  });

  it('reads only the first line', () => {
    // The data lines have many commas; the header has semicolons.
    expect(sniffDelimiter('Id;Name;Note\n1;"a, b, c, d, e";x,y,z\n')).toBe(';');
    expect(sniffDelimiter('a;b\rc,d,e,f\r')).toBe(';');
  });

  it('ignores delimiters inside quoted header cells', () => {
    expect(sniffDelimiter('"Name, first";"Name, last";"City, State"\n')).toBe(';');
    expect(sniffDelimiter('"a;b;c;d"|"e;f"|g\n')).toBe('|');
    expect(sniffDelimiter('"say ""x,y,z""",b\tc\td\n')).toBe('\t');
  });

  it('takes a quote inside an unquoted header cell as text, as the reader does', () => {
    // A stray inch mark must not hide the rest of the header line.
    expect(sniffDelimiter('Screen 5";Name;Id;Owner\n')).toBe(';');
    expect(sniffDelimiter('Id|Size 2"|Size 3"|Name\n')).toBe('|');
    // A quote after a space is not at the start of the cell either.
    expect(sniffDelimiter('a; "b,c,d";e\n')).toBe(',');
  });

  it('ignores a line break inside a quoted header cell', () => {
    expect(sniffDelimiter('"Account\nName";Owner;Id\n')).toBe(';');
  });

  it('is not confused by dotted emails and names', () => {
    expect(sniffDelimiter('Owner.Name,Owner.Email,Account.Name\n')).toBe(',');
    expect(sniffDelimiter('dana.whitfield@lumenridge.io;mei.chen@lumenridge.io\n')).toBe(';');
  });

  it('picks a comma on a tie or when there is no candidate', () => {
    expect(sniffDelimiter('a;b,c\n')).toBe(',');
    expect(sniffDelimiter('a,b|c\td\n')).toBe(',');
    expect(sniffDelimiter('Email\n')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
  });

  it('picks the most frequent candidate', () => {
    expect(sniffDelimiter('a,b;c;d\n')).toBe(';');
    expect(sniffDelimiter('a|b|c,d\n')).toBe('|');
    expect(sniffDelimiter('a\tb\tc;d\n')).toBe('\t');
  });
});

describe('sniffDelimiter on headers written by csv-stringify (property)', () => {
  const delimiter = fc.constantFrom(...DELIMITERS);
  const text = (chars: string[]) =>
    fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 8 }).map((c) => c.join(''));
  const LETTERS = 'abcXYZ .@_-#é'.split('');

  it('finds the delimiter of a header of two or more cells holding quotes and any delimiter, all quoted', () => {
    fc.assert(
      fc.property(
        delimiter,
        fc.array(text([...LETTERS, '"', ...DELIMITERS, '\n']), { minLength: 2, maxLength: 8 }),
        (d, cells) => {
          const header = stringify([cells], { delimiter: d, quoted: true });
          expect(sniffDelimiter(header + 'x,y;z|w\tv\n')).toBe(d);
        },
      ),
    );
  });

  it('finds the delimiter of a header quoted only where needed, with stray quotes in cells', () => {
    fc.assert(
      fc.property(delimiter, fc.array(text([...LETTERS, '"']), { minLength: 2, maxLength: 8 }), (d, cells) => {
        // csv-stringify quotes a cell holding a quote; strip that so stray quotes stay mid-cell.
        const header = cells.map((cell) => (cell.startsWith('"') ? `x${cell}` : cell)).join(d);
        expect(sniffDelimiter(`${header}\r\n1${d}2`)).toBe(d);
      }),
    );
  });
});

describe('parseDelimiter', () => {
  it('accepts the characters themselves', () => {
    for (const d of [',', ';', '|', '\t', ':']) expect(parseDelimiter(d)).toBe(d);
  });

  it('accepts the words people type', () => {
    expect(parseDelimiter('tab')).toBe('\t');
    expect(parseDelimiter('TAB')).toBe('\t');
    expect(parseDelimiter('\\t')).toBe('\t');
    expect(parseDelimiter('comma')).toBe(',');
    expect(parseDelimiter('Semicolon')).toBe(';');
    expect(parseDelimiter('pipe')).toBe('|');
  });

  it('rejects what cannot be a delimiter, quoting the value', () => {
    for (const bad of ['', ',,', 'space', '"', '\n', '\r']) {
      expect(() => parseDelimiter(bad), JSON.stringify(bad)).toThrow(/delimiter must be one character/);
    }
    expect(() => parseDelimiter('colon')).toThrow('"colon"');
  });
});
