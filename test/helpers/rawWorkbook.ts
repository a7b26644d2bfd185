/**
 * A workbook written part by part from XML text, for the hostile shapes no spreadsheet program
 * writes (a cell past column XFD, a row numbered "abc", a zip bomb): one sheet named `Data`.
 */
import { writeFileSync } from 'node:fs';
import { zipBytes, type ZipEntrySpec } from './zip.js';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const RELS_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

export interface RawWorkbook {
  /** The `<sheetData>` content (rows), as XML text or bytes. */
  sheetData: string | Buffer;
  /** The whole shared strings part, when the workbook has one. */
  sharedStrings?: string | Buffer;
  /** The whole styles part, when the workbook has one. */
  styles?: string | Buffer;
  date1904?: boolean;
  /** Parts stored, not deflated (so a big part's size is its size in the file). */
  stored?: boolean;
}

export function rawWorkbookBytes(book: RawWorkbook): Buffer {
  const sheet = Buffer.concat([
    Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>`),
    Buffer.from(book.sheetData),
    Buffer.from('</sheetData></worksheet>'),
  ]);
  const entries: ZipEntrySpec[] = [
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0"?><workbook ${NS} ${RELS_NS}>${book.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ];
  if (book.sharedStrings !== undefined) entries.push({ name: 'xl/sharedStrings.xml', data: book.sharedStrings });
  if (book.styles !== undefined) entries.push({ name: 'xl/styles.xml', data: book.styles });
  return zipBytes(entries.map((entry) => ({ ...entry, stored: book.stored })));
}

export function writeRawWorkbook(file: string, book: RawWorkbook): string {
  writeFileSync(file, rawWorkbookBytes(book));
  return file;
}

/** An inline-string cell. */
export function inlineCell(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
}

/** A row of inline-string cells from column A, numbered `r` (any text: hostile rows too, whose cells then go without references). */
export function inlineRow(r: string, cells: string[]): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const numbered = /^[1-9][0-9]{0,6}$/.test(r);
  return `<row r="${r}">${cells.map((text, i) => (numbered ? inlineCell(`${letters[i]}${r}`, text) : `<c t="inlineStr"><is><t>${text}</t></is></c>`)).join('')}</row>`;
}
