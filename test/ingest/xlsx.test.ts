import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPosition, InputError } from '../../src/errors.js';
import { booleanText, dateText, numberText, ooxmlText } from '../../src/ingest/sources/xlsx/cellText.js';
import { isDateFormat } from '../../src/ingest/sources/xlsx/numberFormats.js';
import { columnIndex } from '../../src/ingest/sources/xlsx/sheetRows.js';
import { attribute, xmlScanner } from '../../src/ingest/sources/xlsx/xml.js';
import { chooseSheet, csvLine, openXlsx, readWorkbookRows } from '../../src/ingest/sources/xlsxFile.js';
import { knownHeaderTest } from '../../src/ingest/identify/knownHeaders.js';
import type { Source } from '../../src/ingest/sources/sources.js';
import { fixture, tempDir } from '../helpers/cli.js';
import { writeWorkbook, type SheetSpec } from '../helpers/workbooks.js';

const dir = tempDir('crm-owners-xlsx-');
let n = 0;

function sourceOf(file: string): Source {
  const size = readFileSync(file).length;
  return {
    path: file,
    name: path.basename(file),
    size,
    file,
    open: () => Promise.reject(new Error('not opened as a stream')),
  };
}

/** The header and data rows of a workbook, as openXlsx reads them. */
async function read(sheets: SheetSpec[], options: { date1904?: boolean; inlineStrings?: boolean } = {}) {
  const file = writeWorkbook(path.join(dir, `book${n++}.xlsx`), { sheets, ...options });
  const table = await openXlsx(sourceOf(file), knownHeaderTest());
  const rows = [];
  for await (const batch of table.rows) rows.push(...batch);
  await table.close();
  return { table, header: table.header, rows };
}

async function readError(sheets: SheetSpec[]): Promise<InputError> {
  const file = writeWorkbook(path.join(dir, `bad${n++}.xlsx`), { sheets });
  const error = await openXlsx(sourceOf(file), knownHeaderTest()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('numberText: numbers as the user sees them', () => {
  it('writes integers in full, never in exponent form or with .0', () => {
    expect(numberText(151081000000)).toBe('151081000000');
    expect(numberText(300000000000000)).toBe('300000000000000');
    expect(numberText(1e20)).toBe('100000000000000000000');
    expect(numberText(42)).toBe('42');
    expect(numberText(-7)).toBe('-7');
    expect(numberText(0)).toBe('0');
  });

  it("rounds a double's noise to 15 significant digits, as Excel shows it", () => {
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(1234.5)).toBe('1234.5');
    expect(numberText(0.0000001)).toBe('0.0000001');
  });
});

describe('dateText: date serials as ISO 8601', () => {
  it('reads the 1900 date system, with and without a time of day', () => {
    expect(dateText(45292, false)).toBe('2024-01-01');
    expect(dateText(46326.5, false)).toBe('2026-10-31T12:00:00');
    expect(dateText(61, false)).toBe('1900-03-01');
    expect(dateText(59, false)).toBe('1900-02-28');
  });

  it('reads the 1904 date system: the same day is 1462 less', () => {
    expect(dateText(45292 - 1462, true)).toBe('2024-01-01');
    expect(dateText(0, true)).toBe('1904-01-01');
    expect(dateText(1, true)).toBe('1904-01-02');
  });

  it('reads a time of day alone as the time', () => {
    expect(dateText(0.75, false)).toBe('18:00:00');
  });
});

describe('booleans and string escapes', () => {
  it('writes booleans as true/false', () => {
    expect(booleanText('1')).toBe('true');
    expect(booleanText('0')).toBe('false');
  });

  it('decodes the _xHHHH_ escapes OOXML writes for control characters', () => {
    expect(ooxmlText('line one_x000D_\nline two')).toBe('line one\r\nline two');
    expect(ooxmlText('plain')).toBe('plain');
  });
});

describe('isDateFormat', () => {
  it('knows the built-in date formats by id', () => {
    expect(isDateFormat(14, undefined)).toBe(true);
    expect(isDateFormat(22, undefined)).toBe(true);
    expect(isDateFormat(0, undefined)).toBe(false);
    expect(isDateFormat(49, undefined)).toBe(false); // @ (text)
  });

  it('reads custom format codes, ignoring quoted text, colours and locales', () => {
    expect(isDateFormat(164, 'yyyy-mm-dd')).toBe(true);
    expect(isDateFormat(165, '[$-409]m/d/yy h:mm AM/PM;@')).toBe(true);
    expect(isDateFormat(166, '#,##0.00')).toBe(false);
    expect(isDateFormat(167, '"days"0')).toBe(false);
    expect(isDateFormat(168, '[Red]0.00')).toBe(false);
    expect(isDateFormat(169, '0.00E+00')).toBe(false);
    expect(isDateFormat(170, 'General')).toBe(false);
  });
});

describe('the XML scanner', () => {
  function events(xml: string, chunks: number[] = []): string[] {
    const seen: string[] = [];
    const scanner = xmlScanner({
      open: (name, attributes) => seen.push(`<${name} r=${attribute(attributes, 'r') ?? '-'}>`),
      close: (name) => seen.push(`</${name}>`),
      text: (text) => seen.push(`#${text}`),
    });
    let at = 0;
    for (const size of chunks) {
      scanner.write(xml.slice(at, at + size));
      at += size;
    }
    scanner.write(xml.slice(at));
    scanner.close();
    // Text may come in pieces (CDATA too) when no tag is between: join them.
    return seen
      .reduce<string[]>(
        (out, e) =>
          out.length && e.startsWith('#') && out[out.length - 1].startsWith('#')
            ? [...out.slice(0, -1), out[out.length - 1] + e.slice(1)]
            : [...out, e],
        [],
      )
      .map((e) => (e.startsWith('#') ? e.slice(1) : e));
  }

  const SAMPLE =
    '<?xml version="1.0"?><!-- c --><x:row r="2" spans="1:3"><x:c r="B2" t="s" note="a>b"><x:v>1 &amp; 2 &#x41;&#66;</x:v></x:c><c r=\'C2\'/><c><is><t><![CDATA[<raw>]]></t></is></c></x:row>';

  it('reads prefixed names, attributes (a > inside a value), entities, CDATA and empty elements', () => {
    expect(events(SAMPLE)).toEqual([
      '<row r=2>',
      '<c r=B2>',
      '<v r=->',
      '1 & 2 AB',
      '</v>',
      '</c>',
      '<c r=C2>',
      '</c>',
      '<c r=->',
      '<is r=->',
      '<t r=->',
      '<raw>',
      '</t>',
      '</is>',
      '</c>',
      '</row>',
    ]);
  });

  it('reads the same whatever the chunks the text comes in', () => {
    const whole = events(SAMPLE);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 20 }), (chunks) => {
        expect(events(SAMPLE, chunks)).toEqual(whole);
      }),
    );
  });

  it('does not take " spans" for an attribute named "r"', () => {
    expect(attribute(' spans="1:3" r="7"', 'r')).toBe('7');
    expect(attribute(' xr:uid="{A}" r:id="rId1"', 'id')).toBe('rId1');
  });

  it('reports a part cut short', () => {
    expect(() => events('<row r="1"><c r="A1"')).toThrow(/unfinished tag/);
  });
});

describe('cell references and rendering rows', () => {
  it('reads column letters', () => {
    expect(columnIndex('A1')).toBe(0);
    expect(columnIndex('C12')).toBe(2);
    expect(columnIndex('AA3')).toBe(26);
    expect(columnIndex('XFD1048576')).toBe(16383);
  });

  it('renders a row as one CSV line', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines'])).toBe('a,"b,c","say ""hi""","two\nlines"');
  });

  it('names the sheet and the cell in messages', () => {
    expect(formatPosition({ file: 'Accounts.xlsx', sheet: 'Account', line: 12, column: 3 })).toBe(
      'Accounts.xlsx: sheet "Account", cell C12',
    );
    expect(formatPosition({ file: 'Accounts.xlsx', sheet: 'Account', line: 4 })).toBe(
      'Accounts.xlsx: sheet "Account", row 4',
    );
    expect(formatPosition({ file: 'Accounts.xlsx', sheet: 'Account' })).toBe('Accounts.xlsx: sheet "Account"');
  });
});

describe('openXlsx: cells as the user sees them', () => {
  const HEADER = ['Id', 'Name', 'Phone', 'Score', 'IsActive', 'CreatedDate', 'Total', 'Label'];

  it('reads shared strings, numbers, booleans, dates, formulas by their cached value', async () => {
    const { rows } = await read([
      {
        name: 'Account',
        rows: [
          HEADER,
          [
            '001x0000002xLCV',
            'Alpine',
            151081000000,
            12.5,
            true,
            new Date(Date.UTC(2026, 9, 21)),
            { formula: 'D2*2', value: 25 },
            { formula: 'B2&"!"', value: 'Alpine!' },
          ],
          [
            '001x0000002xLCVAA2',
            { inline: 'Inline Co' },
            3e14,
            0,
            false,
            { serial: 46326.5, format: 'yyyy-mm-dd hh:mm' },
            { formula: 'D3>1', value: false },
            null,
          ],
        ],
      },
    ]);
    expect(rows.map((row) => row.fields)).toEqual([
      ['001x0000002xLCV', 'Alpine', '151081000000', '12.5', 'true', '2026-10-21', '25', 'Alpine!'],
      ['001x0000002xLCVAA2', 'Inline Co', '300000000000000', '0', 'false', '2026-10-31T12:00:00', 'false', ''],
    ]);
    expect(rows.map((row) => row.line)).toEqual([2, 3]);
    expect(rows[0].raw).toBe('001x0000002xLCV,Alpine,151081000000,12.5,true,2026-10-21,25,Alpine!');
  });

  it('reads dates of the 1904 date system', async () => {
    const { rows } = await read(
      [
        {
          name: 'Account',
          rows: [
            ['Id', 'CreatedDate'],
            ['1', new Date(Date.UTC(2026, 9, 21))],
          ],
        },
      ],
      { date1904: true },
    );
    expect(rows[0].fields).toEqual(['1', '2026-10-21']);
  });

  it('reads a workbook whose strings are all inline', async () => {
    const { header, rows } = await read(
      [
        {
          name: 'Contact',
          rows: [
            ['Id', 'Email'],
            ['003A', 'a@example.com'],
          ],
        },
      ],
      { inlineStrings: true },
    );
    expect(header.fields).toEqual(['Id', 'Email']);
    expect(rows[0].fields).toEqual(['003A', 'a@example.com']);
  });

  it('reads hidden columns like visible ones', async () => {
    const { header, rows } = await read([
      {
        name: 'My Active Accounts',
        hiddenColumns: [0, 1],
        rows: [
          ['(Do Not Modify) Account', '(Do Not Modify) Row Checksum', 'Account Name', 'Owner'],
          ['5b0c', 'p9Yw', 'Alpine', 'Avery'],
        ],
      },
    ]);
    expect(header.fields).toEqual(['(Do Not Modify) Account', '(Do Not Modify) Row Checksum', 'Account Name', 'Owner']);
    expect(rows[0].fields).toEqual(['5b0c', 'p9Yw', 'Alpine', 'Avery']);
  });

  it('finds the header below title rows, skips blank rows and pads rows Excel left short', async () => {
    const { header, rows, table } = await read([
      {
        name: 'Report',
        rows: [
          ['Contacts report'],
          ['As of today'],
          [],
          ['Contact ID', 'Contact Owner', 'Email'],
          ['0038c00000nPKA2', 'Dana'],
          [],
          ['0038c00000bWypk', 'Dana', 'm@example.com'],
        ],
      },
    ]);
    expect(header).toMatchObject({ line: 4, fields: ['Contact ID', 'Contact Owner', 'Email'] });
    expect(rows.map((row) => [row.line, row.fields])).toEqual([
      [5, ['0038c00000nPKA2', 'Dana', '']],
      [7, ['0038c00000bWypk', 'Dana', 'm@example.com']],
    ]);
    expect(table.position(5, 2)).toEqual({
      file: expect.stringMatching(/\.xlsx$/),
      sheet: 'Report',
      line: 5,
      column: 2,
    });
  });

  it('reads the first visible sheet, or the one named like a kind', async () => {
    expect(
      chooseSheet([
        { name: 'hiddenSheet', part: 'a', hidden: true },
        { name: 'Sheet1', part: 'b', hidden: false },
      ])?.name,
    ).toBe('Sheet1');
    expect(
      chooseSheet([
        { name: 'Summary', part: 'a', hidden: false },
        { name: 'Contacts', part: 'b', hidden: false },
      ])?.name,
    ).toBe('Contacts');
    const { header } = await read([
      { name: 'Summary', rows: [['Total'], [3]] },
      {
        name: 'Accounts',
        rows: [
          ['Id', 'OwnerId'],
          ['001A', '005A'],
        ],
      },
    ]);
    expect(header.fields).toEqual(['Id', 'OwnerId']);
  });

  it('streams a sheet longer than one chunk, every row once and in order', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [
      `003x${String(i).padStart(11, '0')}`,
      `person${i}@example.com`,
      i,
    ]);
    const { rows: read1 } = await read([{ name: 'Contacts', rows: [['Id', 'Email', 'Number'], ...rows] }]);
    expect(read1).toHaveLength(20_000);
    expect(read1.at(-1)!.fields).toEqual(['003x00000019999', 'person19999@example.com', '19999']);
    expect(read1.every((row, i) => row.line === i + 2 && row.fields[2] === String(i))).toBe(true);
  });
});

describe('openXlsx: bad sheets', () => {
  it('an empty sheet names the file and the sheet', async () => {
    const error = await readError([{ name: 'Account', rows: [] }]);
    expect(error.message).toMatch(/bad\d+\.xlsx: sheet "Account": the sheet is empty/);
  });

  it('a sheet with no known header names the sheet and quotes its first row', async () => {
    const error = await readError([
      { name: 'Data', rows: [['Quarterly numbers'], ['Region', 'Revenue'], ['West', 10]] },
    ]);
    expect(error.message).toMatch(
      /sheet "Data": no row in the first 3 rows holds a header crm-owners knows \(row 1: "Quarterly numbers"\)/,
    );
  });

  it('a workbook with only hidden sheets says so', async () => {
    const error = await readError([{ name: 'hiddenSheet', hidden: true, rows: [['Id'], ['1']] }]);
    expect(error.message).toMatch(/no visible worksheet/);
  });
});

describe('readWorkbookRows (rules, exclusion lists)', () => {
  it('reads every row from the first non-blank one, as wide as the header', async () => {
    const file = writeWorkbook(path.join(dir, 'rules.xlsx'), {
      sheets: [
        {
          name: 'Rules',
          rows: [[], ['territory', 'BillingState', 'owners'], ['West', 'CA|WA'], ['East', 'NY', 'Grace']],
        },
      ],
    });
    const rows = await readWorkbookRows(file, 'rules');
    expect(rows.map((row) => [row.line, row.fields])).toEqual([
      [2, ['territory', 'BillingState', 'owners']],
      [3, ['West', 'CA|WA', '']],
      [4, ['East', 'NY', 'Grace']],
    ]);
  });

  it('reads the LibreOffice conversion of the rules fixture like the CSV', async () => {
    const rows = await readWorkbookRows(fixture('xlsx', 'rules', 'territories.xlsx'), 'rules');
    const csv = readFileSync(fixture('rules', 'territories.csv'), 'utf8').trim().split('\n');
    expect(rows.map((row) => row.fields.join(','))).toEqual(csv.map((line) => line.replace(/"/g, '')));
  });
});
