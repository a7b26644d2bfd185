import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/csv.js';
import { decodeCells, encodeCells } from '../../src/store/cells.js';

describe('stored cells', () => {
  it('joins plain cells with the unit separator', () => {
    expect(encodeCells(['001', 'Acme, Inc.', '"quoted"'])).toBe('001\x1fAcme, Inc.\x1f"quoted"');
    expect(decodeCells('001\x1fAcme, Inc.\x1f"quoted"')).toEqual(['001', 'Acme, Inc.', '"quoted"']);
  });

  it('keeps a cell that holds the separator or starts with the JSON mark', () => {
    for (const cells of [['a\x1fb', 'c'], ['\x1e[1]', 'x'], ['\x1e']])
      expect(decodeCells(encodeCells(cells))).toEqual(cells);
  });

  it('keeps one empty cell apart from none', () => {
    expect(decodeCells(encodeCells(['']))).toEqual(['']);
    expect(decodeCells(encodeCells(['', '']))).toEqual(['', '']);
  });

  it("gives the same with the row's text as without it when no delimiter is named", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 8 }), (cells) => {
        const text = cells.join(',');
        expect(encodeCells(cells, text)).toBe(encodeCells(cells));
      }),
    );
  });

  it('stores a CSV row that quoted nothing as its own text, behind the separator it uses', () => {
    expect(encodeCells(['001', 'Acme', ''], '001;Acme;', ';')).toBe('\x1e;001;Acme;');
    expect(decodeCells('\x1e;001;Acme;')).toEqual(['001', 'Acme', '']);
    // A quoted cell makes the text longer than its cells: they are joined instead.
    expect(encodeCells(['001', 'Acme, Inc.'], '001,"Acme, Inc."', ',')).toBe('001\x1fAcme, Inc.');
  });

  it('reads every row the CSV reader gives back as its cells, whatever the delimiter and quoting', () => {
    // Two cells at least: a row of one empty cell is a blank line, which parseCsvText skips.
    const cell = fc.string({ unit: fc.constantFrom('a', ',', ';', '\t', '"', '\n', '\x1e', '\x1f', '[', ' ') });
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: 2, maxLength: 6 }),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.boolean(),
        (cells, delimiter, quoteAll) => {
          const text = cells
            .map((c) =>
              quoteAll || /["\r\n]/.test(c) || c.includes(delimiter) || c === '' ? `"${c.replace(/"/g, '""')}"` : c,
            )
            .join(delimiter);
          const [row] = parseCsvText(text, delimiter);
          expect(row.fields).toEqual(cells);
          expect(decodeCells(encodeCells(row.fields, row.raw, delimiter))).toEqual(cells);
        },
      ),
    );
  });

  it('reads the forms written before the separator form', () => {
    expect(decodeCells('a\x1fb')).toEqual(['a', 'b']);
    expect(decodeCells('\x1e' + JSON.stringify(['a\x1fb', 'c']))).toEqual(['a\x1fb', 'c']);
  });

  it('round-trips any row of at least one cell', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 8 }), (cells) => {
        expect(decodeCells(encodeCells(cells))).toEqual(cells);
      }),
    );
  });
});
