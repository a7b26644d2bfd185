/** Text reports fit the terminal: the width, cutting names with …, wrapping headlines between parts. */
import { describe, expect, it } from 'vitest';
import { fitHeadline, terminalWidth, truncate, wrapParts } from '../../src/output/width.js';
import { renderTable, type Column } from '../../src/report/tabular.js';

describe('terminalWidth', () => {
  it("is the terminal's columns, else env COLUMNS, else 80 on a terminal and no limit on a pipe", () => {
    expect(terminalWidth({ isTTY: true, columns: 132 }, {})).toBe(132);
    expect(terminalWidth({}, { COLUMNS: '100' })).toBe(100);
    expect(terminalWidth({ isTTY: true }, {})).toBe(80);
    expect(terminalWidth({}, {})).toBe(Infinity);
    expect(terminalWidth({ isTTY: true }, { COLUMNS: 'wide' })).toBe(80);
  });
});

describe('truncate and headlines', () => {
  it('cuts with … only what does not fit, counting terminal columns, not UTF-16 units', () => {
    expect(truncate('Dana Whitfield', 14)).toBe('Dana Whitfield');
    expect(truncate('Dana Whitfield', 8)).toBe('Dana Wh…');
    expect(truncate('😀😀😀', 3)).toBe('😀…');
  });

  it('wraps between parts and keeps the separator at the end of a wrapped line', () => {
    expect(wrapParts(['aaaa', 'bbbb', 'cccc'], ' · ', 13)).toBe('aaaa · bbbb ·\ncccc');
    // A line keeps room for its trailing separator.
    expect(wrapParts(['aaaa', 'bbbb', 'cccc'], ' · ', 12)).toBe('aaaa ·\nbbbb · cccc');
    expect(fitHeadline('head · a part far too long to fit in twenty', 20)).toBe(
      'head ·\na part far too long\nto fit in twenty',
    );
  });
});

describe('renderTable at a width', () => {
  const rows = [{ name: 'Priya Natarajan-Whitfield', id: '0058c00000SzZrrAAF', load: 1234 }];
  const columns: Column<(typeof rows)[number]>[] = [
    { title: 'owner', value: (r) => r.name, role: 'name' },
    { title: 'id', value: (r) => r.id },
    { title: 'load', value: (r) => r.load, align: 'right' },
  ];

  it('keeps every value whole when it fits', () => {
    expect(renderTable(rows, columns, 200).split('\n')[1]).toBe('Priya Natarajan-Whitfield  0058c00000SzZrrAAF  1,234');
  });

  it('folds the name columns to fit, never ids or numbers', () => {
    const [, first, second] = renderTable(rows, columns, 46).split('\n');
    expect(first).toBe(`${'Priya'.padEnd(19)}  0058c00000SzZrrAAF  1,234`);
    expect(second).toBe('Natarajan-Whitfield');
    expect(first.length).toBeLessThanOrEqual(46);
  });
});
