/** Tables count terminal columns: CJK and emoji take two, combining marks none, so columns still line up. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnsOf, padEndColumns, padStartColumns, truncate } from '../../src/output/width.js';
import { renderTable, type Column } from '../../src/report/tabular.js';

// 'José' written with a combining acute (U+0301): five code points, four columns.
const COMBINING = 'Jose\u0301 Nun\u0303ez';
const CJK = '山田太郎';
const EMOJI = 'Ana 😀';
// A family emoji: four people joined by ZWJ, one grapheme, two columns.
const FAMILY = '👨\u200d👩\u200d👧\u200d👦';

describe('columnsOf', () => {
  it('counts terminal columns, not code points', () => {
    expect(columnsOf(COMBINING)).toBe(10);
    expect(columnsOf(CJK)).toBe(8);
    expect(columnsOf(EMOJI)).toBe(6);
    expect(columnsOf(FAMILY)).toBe(2);
    expect(columnsOf('\x1b[31mred\x1b[0m')).toBe(3);
  });
});

describe('truncate in columns', () => {
  it('cuts wide characters by the columns they take', () => {
    expect(truncate(CJK, 5)).toBe('山田…');
    expect(truncate(CJK, 8)).toBe(CJK);
    expect(truncate('😀😀😀', 2)).toBe('…');
    expect(truncate('😀😀😀', 3)).toBe('😀…');
  });

  it('never separates a combining mark from its letter, nor splits a joined emoji', () => {
    expect(truncate(COMBINING, 5)).toBe('Jose\u0301…');
    expect(truncate(`${FAMILY}${FAMILY}`, 3)).toBe(`${FAMILY}…`);
  });

  it('fits any text into the columns given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 30 }), (text, width) => {
        const cut = truncate(text, width);
        expect(columnsOf(cut)).toBeLessThanOrEqual(width);
        if (columnsOf(text) <= width) expect(cut).toBe(text);
        if (cut !== text) expect(cut.endsWith('…')).toBe(true);
      }),
    );
  });
});

describe('padding in columns', () => {
  it('pads to the columns, not the code points', () => {
    expect(padEndColumns(CJK, 10)).toBe(`${CJK}  `);
    expect(padStartColumns(COMBINING, 12)).toBe(`  ${COMBINING}`);
  });
});

describe('renderTable with wide and combining characters', () => {
  const rows = [
    { name: CJK, id: '0058c00000SzZrrAAF', load: 12 },
    { name: COMBINING, id: '0058c00000SzZrsAAF', load: 1234 },
    { name: `${EMOJI} ${FAMILY}`, id: '0058c00000SzZrtAAF', load: 7 },
    { name: 'Dana Whitfield', id: '0058c00000SzZruAAF', load: 99 },
  ];
  const columns: Column<(typeof rows)[number]>[] = [
    { title: 'owner', value: (r) => r.name, role: 'name' },
    { title: 'id', value: (r) => r.id },
    { title: 'load', value: (r) => r.load, align: 'right' },
  ];

  /** The column where each id starts, per line: the same on every line when the table lines up. */
  const idColumns = (text: string) => text.split('\n').map((line) => columnsOf(line.slice(0, line.search(/0058|id/))));

  it('lines the columns up on the screen', () => {
    const text = renderTable(rows, columns, 200);
    expect(new Set(idColumns(text))).toEqual(new Set([16]));
    expect(new Set(text.split('\n').map(columnsOf)).size).toBe(1);
    expect(text).toContain(`${CJK}        0058c00000SzZrrAAF     12`);
  });

  it('folds wide names to fit the terminal and still lines up', () => {
    const text = renderTable(rows, columns, 36);
    for (const line of text.split('\n')) expect(columnsOf(line)).toBeLessThanOrEqual(36);
    const withIds = text.split('\n').filter((line) => /0058|id/.test(line));
    expect(withIds).toHaveLength(rows.length + 1);
    expect(new Set(idColumns(withIds.join('\n'))).size).toBe(1);
    expect(new Set(withIds.map(columnsOf)).size).toBe(1);
  });
});
