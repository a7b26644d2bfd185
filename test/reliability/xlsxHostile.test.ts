/**
 * Hostile workbooks end to end: a cell past column XFD once filled memory until Node died (exit
 * 133), a row numbered "abc" was an internal error. Now both are errors naming the sheet and the
 * row, exit 2, wherever a workbook is read: a load, a load of a zip, --rules; and a bad row is
 * skipped into the rejects file with --on-bad-row skip.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, run, tempDir } from '../helpers/cli.js';
import { inlineCell, inlineRow, rawWorkbookBytes, writeRawWorkbook } from '../helpers/rawWorkbook.js';
import { zipBytes } from '../helpers/zip.js';
import { expectCleanMessage } from './helpers.js';

const dir = tempDir('crm-owners-xlsx-hostile-');
const HEADER = inlineRow('1', ['Id', 'Name', 'OwnerId']);
const GOOD = inlineRow('3', ['0018c000003SSALAA4', 'Redwood Logistics', '0058c00000l57zPAAQ']);
const PAST_XFD = `<row r="2">${inlineCell('ZZZZZZZZ2', 'x')}</row>`;

describe('a cell past column XFD is an error, exit 2', () => {
  it('in a loaded workbook', () => {
    const file = writeRawWorkbook(path.join(dir, 'Account.xlsx'), { sheetData: HEADER + PAST_XFD + GOOD });
    const result = run(['load', file, '--db', path.join(dir, 'a.db')]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(
      'Account.xlsx: sheet "Data", row 2: cell reference "ZZZZZZZZ2" is past column XFD (a sheet has at most 16,384 columns)',
    );
    expectCleanMessage(result);
  });

  it('in a workbook inside a zip', () => {
    const zip = path.join(dir, 'export.zip');
    writeFileSync(
      zip,
      zipBytes([{ name: 'Account.xlsx', data: rawWorkbookBytes({ sheetData: HEADER + PAST_XFD + GOOD }) }]),
    );
    const result = run(['load', zip, '--db', path.join(dir, 'z.db')]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(
      'export.zip:Account.xlsx: sheet "Data", row 2: cell reference "ZZZZZZZZ2" is past column XFD',
    );
  });

  it('in territory rules (--rules)', () => {
    const db = path.join(dir, 'rules.db');
    expect(run(['load', fixture('salesforce/dataloader'), '--db', db]).code).toBe(0);
    const rules = writeRawWorkbook(path.join(dir, 'rules.xlsx'), {
      sheetData:
        inlineRow('1', ['territory', 'priority', 'owners', 'BillingState']) +
        `<row r="2">${inlineCell('A2', 'West')}${inlineCell('ZZZZZZZZ2', 'x')}</row>`,
    });
    const result = run(['audit', '--db', db, '--rules', rules]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('rules.xlsx: sheet "Data", row 2: cell reference "ZZZZZZZZ2" is past column XFD');
    expectCleanMessage(result);
  });
});

describe('a bad row number is a bad row', () => {
  const sheetData = HEADER + inlineRow('abc', ['0018c00000fVpBVAA0', 'Pacific Crest', '0058c00000l57zPAAQ']) + GOOD;

  it('an error naming the sheet and the row, not an internal error', () => {
    const file = writeRawWorkbook(path.join(dir, 'Account.xlsx'), { sheetData });
    const result = run(['load', file, '--db', path.join(dir, 'r.db')]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(
      'Account.xlsx: sheet "Data", row 2: row number "abc" is not a whole number from 1 to 1,048,576',
    );
    expect(result.stderr).not.toMatch(/internal error|NOT NULL/);
  });

  it('skipped into the rejects file with --on-bad-row skip', () => {
    const file = writeRawWorkbook(path.join(dir, 'Account.xlsx'), { sheetData });
    const rejects = path.join(dir, 'rejects.csv');
    const result = run(['load', file, '--db', path.join(dir, 's.db'), '--on-bad-row', 'skip', '--rejects', rejects]);
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(rejects, 'utf8');
    expect(text).toContain('row number ""abc"" is not a whole number from 1 to 1,048,576');
    expect(text).toContain('Pacific Crest');
    expect(text).not.toContain('Redwood Logistics');
  });
});
