/** The shared table renderers escape values for their format, so every reporter's tables are safe. */
import { describe, expect, it } from 'vitest';
import { renderCsv, renderMarkdown, renderTable, type Column } from '../../src/report/tabular.js';

interface Row {
  id: string;
  name: string;
  load: number;
}

const COLUMNS: Column<Row>[] = [
  { title: 'id', value: (r) => r.id, code: true },
  { title: 'owner', value: (r) => r.name },
  { title: 'load', value: (r) => r.load, align: 'right' },
];

const ROWS: Row[] = [
  { id: 'u1', name: 'Dana \x1b[31mRed\x1b[0m', load: 1200 },
  { id: 'u2', name: 'Omar\u202eevil', load: 3 },
  { id: 'u|3', name: 'Line\r\nBreak\t<img src=x onerror=alert(1)>', load: 45 },
];

describe('renderTable', () => {
  it('shows control and bidi characters escaped, and aligns the columns on what is shown', () => {
    const text = renderTable(ROWS, COLUMNS);
    expect(text).toBe(
      [
        'id   owner                                         load',
        'u1   Dana \\x1b[31mRed\\x1b[0m                      1,200',
        'u2   Omar\\u202eevil                                   3',
        'u|3  Line\\r\\nBreak\\t<img src=x onerror=alert(1)>     45',
      ].join('\n'),
    );
    // The last column is right-aligned: every line is as long as the header.
    expect(new Set(text.split('\n').map((line) => line.length)).size).toBe(1);
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
  });
});

describe('renderMarkdown', () => {
  it('shows values as literal text, one row per line, one cell per column', () => {
    const text = renderMarkdown(ROWS, COLUMNS);
    expect(text).toBe(
      [
        '| id | owner | load |',
        '| --- | --- | ---: |',
        '| `u1` | Dana \\\\x1b\\[31mRed\\\\x1b\\[0m | 1,200 |',
        '| `u2` | Omar\\\\u202eevil | 3 |',
        '| u&#124;3 | Line Break\\\\t&lt;img src=x onerror=alert(1)&gt; | 45 |',
      ].join('\n'),
    );
    for (const line of text.split('\n')) expect(line.split('|').length).toBe(5);
  });
});

describe('renderCsv', () => {
  it('keeps values as they are: CSV is data', () => {
    const text = renderCsv(ROWS, COLUMNS);
    expect(text).toContain('u1,Dana \x1b[31mRed\x1b[0m,1200\r\n');
    expect(text).toContain('u|3,"Line\r\nBreak\t<img src=x onerror=alert(1)>",45\r\n');
  });
});
