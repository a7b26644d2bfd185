/**
 * Hostile workbooks read in process: cell references and row numbers past Excel's sheet, bad row
 * attributes, cells longer than a CSV row may be, zip bombs (by ratio, by cap, by count), and the
 * values a reader must not get wrong (the 1904 system's day 0, Excel's 1900-02-29, bytes that are
 * not UTF-8, `&#0;`). Limits that need gigabytes to reach are lowered with the test-only
 * `withXlsxLimits`; the checks that run are the same.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { DEFAULT_MAX_ROW_CHARS, type CsvProblem } from '../../src/csv.js';
import { knownHeaderTest } from '../../src/ingest/identify/knownHeaders.js';
import { storedDate } from '../../src/ingest/values/values.js';
import type { Source } from '../../src/ingest/sources/sources.js';
import { withXlsxLimits, XLSX_LIMITS } from '../../src/ingest/sources/xlsx/limits.js';
import { decodeEntities, xmlScanner, type XmlScanStats } from '../../src/ingest/sources/xlsx/xml.js';
import { openXlsx } from '../../src/ingest/sources/xlsxFile.js';
import { tempDir } from '../helpers/cli.js';
import { inlineCell, inlineRow, writeRawWorkbook, type RawWorkbook } from '../helpers/rawWorkbook.js';

const dir = tempDir('crm-owners-xlsx-limits-');
let n = 0;
const HEADER = inlineRow('1', ['Id', 'Name', 'OwnerId']);

function sourceOf(file: string): Source {
  return {
    path: file,
    name: path.basename(file),
    size: readFileSync(file).length,
    file,
    open: () => Promise.reject(new Error('not opened as a stream')),
  };
}

/** Reads every data row; with `problems`, in skip mode. */
async function read(book: RawWorkbook, problems?: CsvProblem[]) {
  const file = writeRawWorkbook(path.join(dir, `book${n++}.xlsx`), book);
  const table = await openXlsx(
    sourceOf(file),
    knownHeaderTest(),
    problems ? (problem) => void problems.push(problem) : undefined,
  );
  const rows = [];
  try {
    for await (const batch of table.rows) rows.push(...batch);
  } finally {
    await table.close();
  }
  return rows.map((row) => ({ line: row.line, fields: row.fields }));
}

async function readError(book: RawWorkbook): Promise<InputError> {
  const error = await read(book).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('cell references and row numbers', () => {
  it('a cell past column XFD is an error naming the sheet, the row and the reference (it once filled memory until Node died)', async () => {
    const error = await readError({ sheetData: HEADER + `<row r="2">${inlineCell('ZZZZZZZZ2', 'x')}</row>` });
    expect(error.message).toMatch(
      /book\d+\.xlsx: sheet "Data", row 2: cell reference "ZZZZZZZZ2" is past column XFD \(a sheet has at most 16,384 columns\)/,
    );
    expect((await readError({ sheetData: HEADER + `<row r="2">${inlineCell('XFE2', 'x')}</row>` })).message).toMatch(
      /"XFE2" is past column XFD/,
    );
  });

  it('reads column XFD, the last one', async () => {
    const rows = await read({
      sheetData: HEADER + `<row r="2">${inlineCell('A2', '1')}${inlineCell('XFD2', 'last')}</row>`,
    });
    expect(rows[0].fields).toHaveLength(16_384);
    expect(rows[0].fields[16_383]).toBe('last');
  });

  it('a row past 1,048,576 is an error, in a row number or in a cell reference', async () => {
    expect((await readError({ sheetData: HEADER + inlineRow('1048577', ['a', 'b', 'c']) })).message).toMatch(
      /sheet "Data", row 2: row number "1048577" is not a whole number from 1 to 1,048,576/,
    );
    expect(
      (await readError({ sheetData: HEADER + `<row r="2">${inlineCell('A1048577', 'x')}</row>` })).message,
    ).toMatch(/cell reference "A1048577" is outside rows 1 to 1,048,576/);
  });

  it.each(['1A', '$F$2', '', 'A', 'A-2', 'A2.5'])('the cell reference %j is an error, not dropped', async (ref) => {
    const error = await readError({ sheetData: HEADER + `<row r="2">${inlineCell(ref, 'x')}</row>` });
    expect(error.message).toContain(
      `sheet "Data", row 2: cell reference ${JSON.stringify(ref)} is not column letters followed by a row number`,
    );
  });

  it('cells without references counted past column XFD are an error too', async () => {
    const cells = '<c t="inlineStr"><is><t>a</t></is></c>'.repeat(16_385);
    const error = await readError({ sheetData: HEADER + `<row r="2">${cells}</row>` });
    expect(error.message).toContain(
      'sheet "Data", row 2: cell 16,385 of the row is past column XFD (a sheet has at most 16,384 columns)',
    );
  });

  it('a cell without a reference is legal: it follows the one before it', async () => {
    const rows = await read({
      sheetData:
        HEADER + '<row r="2"><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>',
    });
    expect(rows).toEqual([{ line: 2, fields: ['a', 'b', ''] }]);
  });

  it.each(['abc', '99999999999999999999', 'Infinity', '0', '-3', '2.5', ''])(
    'row r=%j is a bad row naming the sheet and the row',
    async (r) => {
      const error = await readError({ sheetData: HEADER + inlineRow(r, ['1', 'two', '3']) });
      expect(error.message).toContain(
        `sheet "Data", row 2: row number ${JSON.stringify(r)} is not a whole number from 1 to 1,048,576`,
      );
    },
  );

  it('in skip mode a bad row is handed on (with its text, for the rejects file) and the rows after it are read', async () => {
    const problems: CsvProblem[] = [];
    const rows = await read(
      {
        sheetData:
          HEADER +
          inlineRow('abc', ['1', 'bad', '3']) +
          inlineRow('3', ['4', 'good', '6']) +
          `<row r="4">${inlineCell('ZZZZZZZZ4', 'x')}</row>` +
          inlineRow('5', ['7', 'also', '9']),
      },
      problems,
    );
    expect(rows).toEqual([
      { line: 3, fields: ['4', 'good', '6'] },
      { line: 5, fields: ['7', 'also', '9'] },
    ]);
    expect(problems).toEqual([
      { line: 2, column: 1, reason: 'row number "abc" is not a whole number from 1 to 1,048,576', raw: '1,bad,3' },
      {
        line: 4,
        column: 1,
        reason: 'cell reference "ZZZZZZZZ4" is past column XFD (a sheet has at most 16,384 columns)',
        raw: 'x',
      },
    ]);
  });
});

describe('the XML scanner reads each character once', () => {
  /** Feeds `parts` as chunks; returns what was looked at and held, and the text taken. */
  function scan(parts: string[]): { stats: XmlScanStats; text: number; total: number } {
    const stats: XmlScanStats = { scanned: 0, heldMost: 0 };
    let text = 0;
    const scanner = xmlScanner({ text: (t) => void (text += t.length) }, stats);
    for (const part of parts) scanner.write(part);
    scanner.close();
    return { stats, text, total: parts.reduce((sum, part) => sum + part.length, 0) };
  }

  it('a long cell in many small chunks: handed on as it comes, nothing but a cut reference held', () => {
    const chunks = Array.from({ length: 20_000 }, (_, i) => (i % 7 === 0 ? 'ab &amp' : ';cd efgh'));
    const { stats, text, total } = scan(['<c><is><t>', ...chunks, '</t></is></c>']);
    expect(text).toBe(decodeEntities(chunks.join('')).length);
    // Every character once, and a few carried over per chunk (a reference cut in two).
    expect(stats.scanned).toBeGreaterThanOrEqual(total);
    expect(stats.scanned).toBeLessThanOrEqual(total + 10 * chunks.length);
    expect(stats.heldMost).toBeLessThanOrEqual(10);
  });

  it('a long unfinished tag and a long CDATA section: the search for their end goes on where it stopped', () => {
    const tag = ['<c r="A1" note="', ...Array.from({ length: 10_000 }, () => 'x>y'), '">', '</c>'];
    const tagScan = scan(tag);
    expect(tagScan.stats.scanned).toBeLessThanOrEqual(tagScan.total + 10 * tag.length);
    const cdata = ['<t><![CDATA[', ...Array.from({ length: 10_000 }, () => 'a]]b]'), ']]></t>'];
    const cdataScan = scan(cdata);
    expect(cdataScan.text).toBe(50_000);
    expect(cdataScan.stats.scanned).toBeLessThanOrEqual(cdataScan.total + 10 * cdata.length);
    expect(cdataScan.stats.heldMost).toBeLessThanOrEqual(10);
  });
});

describe('a cell holds at most as many characters as a CSV row', () => {
  it('the limit is the CSV row limit', () => {
    expect(XLSX_LIMITS.maxCellChars).toBe(DEFAULT_MAX_ROW_CHARS);
  });

  it('a longer cell is a bad row with the CSV wording, whether inline or shared', async () => {
    await withXlsxLimits({ maxCellChars: 1000 }, async () => {
      const long = 'x'.repeat(1001);
      const inline = await readError({ sheetData: HEADER + inlineRow('2', ['1', long, '3']) });
      expect(inline.message).toContain('sheet "Data", row 2: cell is longer than 1,000 characters');
      const problems: CsvProblem[] = [];
      expect(
        await read(
          { sheetData: HEADER + inlineRow('2', ['1', long, '3']) + inlineRow('3', ['4', 'ok', '6']) },
          problems,
        ),
      ).toEqual([{ line: 3, fields: ['4', 'ok', '6'] }]);
      expect(problems.map((p) => [p.line, p.column, p.reason])).toEqual([
        [2, 2, 'cell is longer than 1,000 characters'],
      ]);
      const shared = await readError({
        sheetData: HEADER + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
        sharedStrings: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>${long}</t></si></sst>`,
      });
      expect(shared.message).toMatch(
        /book\d+\.xlsx: refused: part xl\/sharedStrings\.xml string 1 is longer than 1,000 characters/,
      );
    });
  });
});

describe('zip bombs: inflated bytes are counted as they come, not taken from the zip', () => {
  it('a part that inflates to more than 250 times its compressed bytes is refused, naming the file and the part', async () => {
    // Two megabytes of one empty row repeated deflate to a few kilobytes.
    const error = await readError({ sheetData: HEADER + '<row/>'.repeat(350_000) });
    expect(error.message).toMatch(
      /book\d+\.xlsx: refused: part xl\/worksheets\/sheet1\.xml inflates to more than 250 times its compressed size \(a zip bomb\?\)/,
    );
  });

  it('a part larger than the cap is refused, stored or deflated (the test lowers the 4 GiB and 1 GiB caps)', async () => {
    await withXlsxLimits({ maxSheetPartBytes: 64 * 1024, maxHeldPartBytes: 64 * 1024 }, async () => {
      const rows = Array.from({ length: 2000 }, (_, i) => inlineRow(String(i + 2), [String(i), `n${i}`, 'o'])).join('');
      for (const stored of [true, false]) {
        const error = await readError({ sheetData: HEADER + rows, stored });
        expect(error.message).toMatch(
          new RegExp(
            `refused: part xl/worksheets/sheet1\\.xml ${stored ? 'is larger than' : 'inflates to more than'} 65,536 bytes`,
          ),
        );
      }
      const strings = Array.from({ length: 5000 }, (_, i) => `<si><t>string ${i}</t></si>`).join('');
      const error = await readError({
        sheetData: HEADER + '<row r="2"><c r="A2" t="s"><v>4999</v></c></row>',
        sharedStrings: `<sst>${strings}</sst>`,
        stored: true,
      });
      expect(error.message).toMatch(/refused: part xl\/sharedStrings\.xml is larger than 65,536 bytes/);
    });
  });

  it('a shared string table of more entries than the limit is refused (the test lowers the 16,777,216)', async () => {
    expect(XLSX_LIMITS.maxSharedStrings).toBe(16_777_216);
    await withXlsxLimits({ maxSharedStrings: 100 }, async () => {
      const error = await readError({
        sheetData: HEADER + '<row r="2"><c r="A2" t="s"><v>150</v></c></row>',
        sharedStrings: `<sst>${'<si><t>a</t></si>'.repeat(200)}</sst>`,
      });
      expect(error.message).toMatch(/book\d+\.xlsx: refused: part xl\/sharedStrings\.xml holds more than 100 strings/);
    });
  });

  it('a styles part of more than 65,536 cell formats is refused', async () => {
    const styles = `<styleSheet><cellXfs count="65537">${'<xf numFmtId="0"/>'.repeat(65_537)}</cellXfs></styleSheet>`;
    const error = await readError({ sheetData: HEADER, styles, stored: true });
    expect(error.message).toMatch(
      /book\d+\.xlsx: refused: part xl\/styles\.xml holds more than 65,536 cell formats \(xf\)/,
    );
  });
});

describe('values', () => {
  const DATE_STYLES = '<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>';
  const dateRow = (r: string, serial: string) =>
    `<row r="${r}">${inlineCell(`A${r}`, r)}<c r="B${r}" s="1"><v>${serial}</v></c></row>`;

  it('serial 0 of the 1904 date system is 1904-01-01', async () => {
    const rows = await read({
      sheetData: HEADER + dateRow('2', '0') + dateRow('3', '1'),
      styles: DATE_STYLES,
      date1904: true,
    });
    expect(rows.map((row) => row.fields[1])).toEqual(['1904-01-01', '1904-01-02']);
  });

  it("serial 60 is Excel's 1900-02-29, not the day before it", async () => {
    const rows = await read({
      sheetData: HEADER + dateRow('2', '59') + dateRow('3', '60') + dateRow('4', '61') + dateRow('5', '60.5'),
      styles: DATE_STYLES,
    });
    expect(rows.map((row) => row.fields[1])).toEqual(['1900-02-28', '1900-02-29', '1900-03-01', '1900-02-29T12:00:00']);
    // A date column keeps it as an unreadable date, not as a day that was.
    expect(storedDate('1900-02-29', 'mdy')).toBe('?1900-02-29');
    expect(storedDate('1900-02-28', 'mdy')).toBe('1900-02-28');
    expect(storedDate('2024-02-29', 'mdy')).toBe('2024-02-29');
  });

  it('bytes that are not UTF-8 in the sheet are an error naming the sheet', async () => {
    const sheetData = Buffer.concat([
      Buffer.from(HEADER + '<row r="2"><c r="A2" t="inlineStr"><is><t>caf'),
      Buffer.from([0xe9]),
      Buffer.from('</t></is></c></row>'),
    ]);
    const error = await readError({ sheetData });
    expect(error.message).toMatch(/sheet "Data", row 2: bytes that are not valid UTF-8/);
  });

  it('&#0; is refused: a value never holds a NUL', async () => {
    const error = await readError({ sheetData: HEADER + `<row r="2">${inlineCell('A2', 'a&#0;b')}</row>` });
    expect(error.message).toMatch(/sheet "Data", row 2: .*&#0; is not a character XML allows/);
    // OOXML's own escape for it, too.
    expect(
      (await readError({ sheetData: HEADER + `<row r="2">${inlineCell('A2', 'a_x0000_b')}</row>` })).message,
    ).toMatch(/sheet "Data", row 2: .*_x0000_ \(U\+0000\) is not a character a value may hold/);
  });
});
