import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachRow, RowPacker, type Value } from '../../src/records/packedRows.js';

function unpack(packer: RowPacker): Value[][] {
  const rows: Value[][] = [];
  forEachRow(packer.take(), (values) => rows.push([...values]));
  return rows;
}

describe('RowPacker', () => {
  it('gives back strings, numbers and nulls as they were pushed, row by row', () => {
    const packer = new RowPacker(4);
    for (const value of ['0035g00000AbCdEAAZ', '', null, 42, 'Zoë "Z" Ng,\r\nline two', -1.5, null, ''])
      packer.push(value);
    expect(packer.rows).toBe(2);
    expect(unpack(packer)).toEqual([
      ['0035g00000AbCdEAAZ', '', null, 42],
      ['Zoë "Z" Ng,\r\nline two', -1.5, null, ''],
    ]);
    expect(packer.rows).toBe(0);
  });

  it('round-trips any rows, across batches', () => {
    const value = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.integer(), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { maxLength: 600 }), (rows) => {
        const packer = new RowPacker(3);
        for (const row of rows) for (const v of row) packer.push(v);
        expect(unpack(packer)).toEqual(rows);
        packer.push('again');
        packer.push(null);
        packer.push(7);
        expect(unpack(packer)).toEqual([['again', null, 7]]);
      }),
      { numRuns: 50 },
    );
  });
});
