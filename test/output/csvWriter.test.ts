/**
 * CsvWriter joins the cells of rows that need no quotes itself and hands the other rows to
 * csv-stringify: whatever the cells, the bytes must be those csv-stringify writes row by row.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvWriter, csvText, type CsvAudience } from '../../src/output/csvWriter.js';
import { tempDir } from '../helpers/cli.js';

const dir = tempDir('crm-owners-csv-');

// Plain text, and the characters csv-stringify and the formula guard treat specially.
const cell = fc.oneof(
  fc.string(),
  fc.string({
    unit: fc.constantFrom(
      'a',
      'Z',
      '1',
      ' ',
      ',',
      ';',
      '"',
      "'",
      '\r',
      '\n',
      '\t',
      '=',
      '+',
      '-',
      '@',
      '.',
      'é',
      '＝',
      '－',
      '😀',
    ),
  }),
  fc.integer(),
  fc.double({ noNaN: true }),
);
const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 20 });

function written(audience: CsvAudience, header: string[], body: (string | number)[][]): string {
  const file = path.join(dir, `${audience}.csv`);
  const writer = new CsvWriter(file, audience, header);
  for (const row of body) writer.write(row);
  writer.commit();
  return readFileSync(file, 'utf8');
}

describe('CsvWriter', () => {
  for (const audience of ['people', 'machines'] as const) {
    it(`writes what csv-stringify writes, row by row (${audience})`, () => {
      fc.assert(
        fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), rows, (header, body) => {
          const expected =
            (audience === 'people' ? '\uFEFF' : '') + [header, ...body].map((row) => csvText([row], audience)).join('');
          expect(written(audience, header, body)).toBe(expected);
        }),
        { numRuns: 300 },
      );
    });
  }
});
