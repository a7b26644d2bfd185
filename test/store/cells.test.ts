import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCells, encodeCells } from '../../src/store/cells.js';

describe('stored cells', () => {
  it('joins plain cells with the unit separator', () => {
    expect(encodeCells(['001', 'Acme, Inc.', '"quoted"'])).toBe('001\x1fAcme, Inc.\x1f"quoted"');
    expect(decodeCells('001\x1fAcme, Inc.\x1f"quoted"')).toEqual(['001', 'Acme, Inc.', '"quoted"']);
  });

  it('keeps a cell that holds the separator or starts with the JSON mark', () => {
    for (const cells of [['a\x1fb', 'c'], ['\x1e[1]', 'x'], ['\x1e']]) expect(decodeCells(encodeCells(cells))).toEqual(cells);
  });

  it('keeps one empty cell apart from none', () => {
    expect(decodeCells(encodeCells(['']))).toEqual(['']);
    expect(decodeCells(encodeCells(['', '']))).toEqual(['', '']);
  });

  it('gives the same with the row\'s text as without it (the load path\'s shortcut)', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 8 }), (cells) => {
      const text = cells.join(',');
      expect(encodeCells(cells, text)).toBe(encodeCells(cells));
    }));
  });

  it('round-trips any row of at least one cell', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 8 }), (cells) => {
      expect(decodeCells(encodeCells(cells))).toEqual(cells);
    }));
  });
});
