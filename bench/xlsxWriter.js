/**
 * Writes small, valid XLSX workbooks (ECMA-376 SpreadsheetML in a zip) the way Excel lays them out:
 * strings in the shared string table (or inline, when asked), numbers as numbers, dates as serials
 * with a date number format, hidden columns and hidden sheets, the 1904 date system. Used by the
 * benchmark generator and by tests that need a workbook a spreadsheet program would not write on
 * its own (Dynamics' hidden columns, a report's title rows).
 *
 *   xlsxBytes({ sheets: [{ name: 'Account', rows: [['Id', 'Owner'], ['001…', 'Dana']] }] })
 *
 * A cell is a string, a number, a boolean, a Date, null (no cell), or an object:
 * `{ formula: 'A1*2', value: 4 }` (a formula with its cached value), `{ inline: 'text' }`,
 * `{ serial: 45000.5, format: 'yyyy-mm-dd hh:mm' }` (a number shown with that format).
 */
import { crc32, deflateRawSync } from 'node:zlib';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

const escape = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function columnLetters(index) {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Days since the epoch of the date system, as Excel stores a date. */
function serialOf(date, date1904) {
  const days = date.getTime() / 86_400_000 + 25569;
  return date1904 ? days - 1462 : days;
}

class Styles {
  // Style 0 is General; 1 is the built-in date format 14 (m/d/yyyy, shown by the locale).
  formats = new Map();
  xfs = [
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
  ];

  styleOf(format) {
    if (!this.formats.has(format)) {
      const id = 164 + this.formats.size;
      this.formats.set(format, { id, style: this.xfs.length });
      this.xfs.push(`<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`);
    }
    return this.formats.get(format).style;
  }

  xml() {
    const formats = [...this.formats]
      .map(([code, { id }]) => `<numFmt numFmtId="${id}" formatCode="${escape(code)}"/>`)
      .join('');
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN}">` +
      (formats ? `<numFmts count="${this.formats.size}">${formats}</numFmts>` : '') +
      '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
      '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs></styleSheet>`
    );
  }
}

class SharedStrings {
  index = new Map();
  list = [];
  count = 0;

  add(text) {
    this.count++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(text, i);
      this.list.push(text);
    }
    return i;
  }

  xml() {
    const items = this.list.map(
      (text) => `<si><t${/^\s|\s$/.test(text) ? ' xml:space="preserve"' : ''}>${escape(text)}</t></si>`,
    );
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="${this.count}" uniqueCount="${this.list.length}">${items.join('')}</sst>`;
  }
}

function cellXml(value, ref, context) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    if (context.inlineStrings) return `<c r="${ref}" t="inlineStr"><is><t>${escape(value)}</t></is></c>`;
    return `<c r="${ref}" t="s"><v>${context.strings.add(value)}</v></c>`;
  }
  if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  if (value instanceof Date) return `<c r="${ref}" s="1"><v>${serialOf(value, context.date1904)}</v></c>`;
  if ('inline' in value) return `<c r="${ref}" t="inlineStr"><is><t>${escape(value.inline)}</t></is></c>`;
  if ('serial' in value) return `<c r="${ref}" s="${context.styles.styleOf(value.format)}"><v>${value.serial}</v></c>`;
  if ('formula' in value) {
    const type = typeof value.value === 'string' ? ' t="str"' : typeof value.value === 'boolean' ? ' t="b"' : '';
    const cached = typeof value.value === 'boolean' ? (value.value ? 1 : 0) : escape(String(value.value));
    return `<c r="${ref}"${type}><f>${escape(value.formula)}</f><v>${cached}</v></c>`;
  }
  throw new Error(`cannot write cell ${JSON.stringify(value)}`);
}

/** One worksheet's XML, row by row (rows are strings joined at the end: fine for a benchmark's 100k rows). */
function sheetXml(sheet, context) {
  const parts = [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}">`,
  ];
  const hidden = sheet.hiddenColumns ?? [];
  if (hidden.length)
    parts.push(
      `<cols>${hidden.map((i) => `<col min="${i + 1}" max="${i + 1}" width="0" hidden="1" customWidth="1"/>`).join('')}</cols>`,
    );
  parts.push('<sheetData>');
  sheet.rows.forEach((row, r) => {
    const line = r + 1;
    let cells = '';
    row.forEach((value, c) => (cells += cellXml(value, `${columnLetters(c)}${line}`, context)));
    parts.push(`<row r="${line}">${cells}</row>`);
  });
  parts.push('</sheetData>');
  if (sheet.merge)
    parts.push(
      `<mergeCells count="${sheet.merge.length}">${sheet.merge.map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells>`,
    );
  parts.push('</worksheet>');
  return parts.join('');
}

/**
 * @param {{ sheets: { name: string, rows: unknown[][], hidden?: boolean, hiddenColumns?: number[], merge?: string[] }[], date1904?: boolean, inlineStrings?: boolean }} workbook
 * @returns {Buffer}
 */
export function xlsxBytes(workbook) {
  const context = {
    strings: new SharedStrings(),
    styles: new Styles(),
    date1904: !!workbook.date1904,
    inlineStrings: !!workbook.inlineStrings,
  };
  const sheets = workbook.sheets.map((sheet) => sheetXml(sheet, context));
  const sheetEntries = workbook.sheets
    .map(
      (sheet, i) =>
        `<sheet name="${escape(sheet.name)}" sheetId="${i + 1}"${sheet.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`,
    )
    .join('');
  const files = [
    [
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    ],
    [
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PACKAGE_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr${context.date1904 ? ' date1904="1"' : ''}/><sheets>${sheetEntries}</sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PACKAGE_REL}">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId${sheets.length + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ],
    ...sheets.map((xml, i) => [`xl/worksheets/sheet${i + 1}.xml`, xml]),
    ['xl/styles.xml', context.styles.xml()],
    ['xl/sharedStrings.xml', context.strings.xml()],
  ];
  return zip(files);
}

/** A zip of deflated entries (PKWARE APPNOTE 4.3: local headers, data, central directory, end record). */
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, 'utf8');
    const body = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
