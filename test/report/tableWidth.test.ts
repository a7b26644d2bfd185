/**
 * Tables on a terminal fit its width without cutting ids or labels (names fold, details give way);
 * tables on a pipe are never cut or folded.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnsOf, foldText, terminalWidth } from '../../src/output/width.js';
import { renderTable, type Column } from '../../src/report/tabular.js';
import { tempDir } from '../helpers/cli.js';
import { IDS, makeHistory } from '../helpers/history.js';
import { runInProcess } from '../helpers/inProcess.js';

interface Row {
  id: string;
  label: string;
  name: string;
  count: number;
  note: string;
}

const COLUMNS: Column<Row>[] = [
  { title: 'id', value: (r) => r.id },
  { title: 'label', value: (r) => r.label },
  { title: 'owner', value: (r) => r.name, role: 'name' },
  { title: 'records', value: (r) => r.count, align: 'right' },
  { title: 'note', value: (r) => r.note, role: 'detail' },
];

const token = (max: number) =>
  fc.string({ unit: fc.constantFrom(...'abcXYZ0123456789-'), minLength: 1, maxLength: max });
const row = fc.record({
  id: token(18),
  label: token(16),
  name: fc.string({ unit: 'grapheme', maxLength: 60 }),
  count: fc.nat(),
  note: fc.string({ unit: 'grapheme', maxLength: 40 }),
});

describe('renderTable at a terminal width', () => {
  it('never passes the width, and shows every id and label whole', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), fc.integer({ min: 30, max: 160 }), (rows, width) => {
        const text = renderTable(rows, COLUMNS, width);
        for (const line of text.split('\n')) expect(columnsOf(line)).toBeLessThanOrEqual(width);
        const lines = text.split('\n');
        for (const r of rows) {
          expect(lines.some((line) => line.includes(r.id))).toBe(true);
          expect(lines.some((line) => line.includes(r.label))).toBe(true);
        }
      }),
    );
  });

  const rows: Row[] = [
    {
      id: '0058c00000SzZrrAAF',
      label: '2026-11',
      name: 'Carlos Mendes-Oliveira',
      count: 1234,
      note: 'a note on the owner',
    },
    { id: '0058c00000SzZrsAAF', label: '2026-12', name: 'Sam Park → Dana Whitfield → Sam Park', count: 7, note: '' },
  ];

  it('folds names onto more lines between words rather than cutting them', () => {
    const text = renderTable(rows, COLUMNS.slice(0, 4), 54);
    expect(text).not.toContain('…');
    expect(text.split('\n').every((line) => columnsOf(line) <= 54)).toBe(true);
    expect(text).toContain('Carlos');
    expect(text).toContain('Mendes-Oliveira');
    expect(text).toMatch(/2026-11/);
    expect(text).toMatch(/2026-12/);
  });

  it('leaves a detail column out before folding names below a readable width', () => {
    const wide = renderTable(rows, COLUMNS, 200);
    expect(wide.split('\n')[0]).toMatch(/note$/);
    const narrow = renderTable(rows, COLUMNS, 66);
    expect(narrow.split('\n')[0]).not.toContain('note');
    expect(narrow).toContain('Carlos Mendes-Oliveira');
  });

  it('shows each row as a block when even folded names do not leave room', () => {
    const text = renderTable(rows, COLUMNS, 32);
    expect(text.split('\n').every((line) => columnsOf(line) <= 32)).toBe(true);
    expect(text).toContain('id       0058c00000SzZrrAAF');
    expect(text).toContain('label    2026-12');
  });

  it('is not limited on a pipe: every value whole on one line', () => {
    const text = renderTable(rows, COLUMNS, Infinity);
    expect(text.split('\n')).toHaveLength(3);
    expect(text).toContain('Sam Park → Dana Whitfield → Sam Park');
  });
});

describe('foldText', () => {
  it('folds between words, and inside a word only when it is wider than the line', () => {
    expect(foldText('Sam Park → Dana Whitfield', 12)).toEqual(['Sam Park →', 'Dana', 'Whitfield']);
    expect(foldText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 4, max: 30 }), (text, width) => {
        for (const line of foldText(text, width)) expect(columnsOf(line)).toBeLessThanOrEqual(width);
      }),
    );
  });
});

describe('terminalWidth', () => {
  it('has no limit on a pipe unless COLUMNS asks for one', () => {
    expect(terminalWidth({ isTTY: false }, {})).toBe(Infinity);
    expect(terminalWidth({ isTTY: false }, { COLUMNS: '60' })).toBe(60);
    expect(terminalWidth({ isTTY: true, columns: 132 }, { COLUMNS: '60' })).toBe(132);
    expect(terminalWidth({ isTTY: true }, {})).toBe(80);
  });
});

describe('commands', () => {
  let db: string;
  beforeAll(async () => {
    db = await makeHistory(tempDir('crm-owners-table-width-'));
  });

  it('snapshots on a pipe: labels whole, nothing cut', async () => {
    const result = await runInProcess(['snapshots', '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('…');
    expect(result.stdout).toMatch(/ 2026-11 /);
    expect(result.stdout).toMatch(/ 2026-10 /);
  });

  it.each([
    ['snapshots'],
    ['history', '--owner', 'Mei Chen'],
    ['history', IDS.libertyContact],
    ['churn'],
    ['owners'],
    ['diff', '--from', '1', '--to', '2'],
  ])('%s at COLUMNS=60 and 80: no line wider, no id or label cut', async (...args) => {
    for (const columns of [60, 80]) {
      const result = await runInProcess([...args, '--db', db], { env: { COLUMNS: String(columns) } });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.split('\n').filter((line) => columnsOf(line) > columns)).toEqual([]);
      // Every id and label the JSON holds is on some line whole.
      const json = await runInProcess([...args, '--db', db, '--json']);
      // (churn names only the first and last snapshot.)
      const keys = args[0] === 'churn' ? 'id|ownerId|recordId' : 'id|label|ownerId|recordId';
      const values = new Set([...json.stdout.matchAll(new RegExp(`"(?:${keys})": "([^"]+)"`, 'g'))].map((m) => m[1]));
      for (const value of values) expect(result.stdout, `${args.join(' ')} ${value}`).toContain(value);
    }
  });
});
