/**
 * An XLSX workbook as a package (a zip of XML parts, ECMA-376): its worksheets, date system, cell
 * styles and shared strings. Parts are streamed from the zip as they are needed; only the shared
 * strings and one flag per cell style are kept.
 *
 * Files that are not such a package are told apart by their first bytes, so the message says what
 * the file is: a password-protected workbook and an old `.xls` are both OLE compound files.
 */
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { Entry, ZipFile, ZipFileOptions } from 'yauzl';
import { InputError } from '../../../errors.js';
import { openRegularFile } from '../regularFile.js';
import type { Source } from '../sources.js';
import { loadYauzl, zipReader } from '../zipReader.js';
import { compoundFileStreams } from './compoundFile.js';
import { count, XLSX_LIMITS } from './limits.js';
import { isDateFormat } from './numberFormats.js';
import { SharedStrings } from './sharedStrings.js';
import { attributesOf, parseXml } from './xml.js';

export interface SheetInfo {
  name: string;
  /** The part's path in the package (`xl/worksheets/sheet1.xml`). */
  part: string;
  hidden: boolean;
}

export interface Workbook {
  file: string;
  sheets: SheetInfo[];
  /** Dates count from 1904-01-01 (old Mac workbooks), not 1900-01-01. */
  date1904: boolean;
  /** Per cell style (`s` attribute): whether its number format shows a date. */
  dateStyles: boolean[];
  /** The shared string table (`t="s"` cells hold an index into it). */
  sharedStrings: SharedStrings;
  /** A part's bytes, inflated; `held` for a part kept in memory (a lower cap than a streamed sheet's). */
  openPart(part: string, held?: boolean): Promise<Readable>;
  close(): Promise<void>;
}

const ZIP_MAGIC = Buffer.from('PK');
const COMPOUND_FILE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const SAVE_AS_XLSX = 'open it in Excel and save it as an Excel Workbook (.xlsx), or export CSV';
/** An XLSX file inside a zip is read into memory (a zip entry cannot be read at random): up to this size. */
const MAX_NESTED_BYTES = 256 * 1024 * 1024;

type Yauzl = typeof import('yauzl');

/** Opens the package; a file that is not one gets an error saying what it is. */
export async function openWorkbook(source: Source): Promise<Workbook> {
  const yauzl = await loadYauzl();
  const file = source.path;
  const { zip, close } = source.file ? await zipOfFile(yauzl, source.file) : await zipOfBytes(yauzl, source);
  try {
    const entries = await entriesOf(zip, file);
    const openPart = (part: string, held = false) =>
      openEntry(zip, entries, part, file, held ? XLSX_LIMITS.maxHeldPartBytes : XLSX_LIMITS.maxSheetPartBytes);
    const openHeld = (part: string) => openPart(part, true);
    const hasPart = (part: string) => entries.has(part.toLowerCase());
    const { sheets, date1904 } = await readWorkbookPart(openHeld, hasPart, file);
    const dateStyles = hasPart('xl/styles.xml') ? await readDateStyles(await openHeld('xl/styles.xml'), file) : [];
    const sharedStrings = new SharedStrings(
      hasPart('xl/sharedStrings.xml') ? () => openHeld('xl/sharedStrings.xml') : undefined,
      file,
    );
    const closeAll = async () => {
      await sharedStrings.close();
      await close();
    };
    return { file, sheets, date1904, dateStyles, sharedStrings, openPart, close: closeAll };
  } catch (error) {
    await close();
    throw error instanceof InputError
      ? error
      : new InputError({ file }, `not a readable XLSX workbook (${(error as Error).message})`, SAVE_AS_XLSX);
  }
}

/**
 * The workbook's zip, read by path like a zip of exports (sources.ts): its listing through a held
 * handle, each part streamed from its own range. (yauzl's own reader over one descriptor fails when
 * a part's stream is stopped while another is read.)
 */
async function zipOfFile(yauzl: Yauzl, file: string): Promise<{ zip: ZipFile; close: () => Promise<void> }> {
  const handle = await openRegularFile(file);
  let size: number;
  try {
    const head = Buffer.alloc(8);
    await handle.read(head, 0, 8, 0);
    if (head.equals(COMPOUND_FILE_MAGIC)) {
      throw notAPackage(
        file,
        await compoundFileStreams(async (position, length) => {
          const buffer = Buffer.alloc(length);
          const { bytesRead } = await handle.read(buffer, 0, length, position);
          return buffer.subarray(0, bytesRead);
        }),
      );
    }
    if (!head.subarray(0, 2).equals(ZIP_MAGIC)) throw notAPackage(file);
    size = (await handle.stat()).size;
  } finally {
    await handle.close();
  }
  const reader = zipReader(yauzl, file);
  await reader.hold();
  try {
    const zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.fromRandomAccessReader(reader, size, { lazyEntries: true, autoClose: false }, (error, zip) =>
        error || !zip ? reject(corrupt(file, error)) : resolve(zip),
      ),
    );
    let closed: Promise<void> | undefined;
    return { zip, close: () => (closed ??= reader.release()) };
  } catch (error) {
    await reader.release();
    throw error;
  }
}

async function zipOfBytes(yauzl: Yauzl, source: Source): Promise<{ zip: ZipFile; close: () => Promise<void> }> {
  const file = source.path;
  if (source.size > MAX_NESTED_BYTES)
    throw new InputError(
      { file },
      `an XLSX file inside a zip is read into memory, and this one is over ${MAX_NESTED_BYTES / 1024 / 1024} MB`,
      'unzip it and load the .xlsx file',
    );
  const parts: Buffer[] = [];
  for await (const chunk of (await source.open()) as AsyncIterable<Buffer>) parts.push(chunk);
  const bytes = Buffer.concat(parts);
  if (bytes.subarray(0, 8).equals(COMPOUND_FILE_MAGIC))
    throw notAPackage(
      file,
      await compoundFileStreams(async (position, length) => bytes.subarray(position, position + length)),
    );
  if (!bytes.subarray(0, 2).equals(ZIP_MAGIC)) throw notAPackage(file);
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) =>
      error || !zip ? reject(corrupt(file, error)) : resolve(zip),
    ),
  );
  return { zip, close: async () => void (zip.isOpen && zip.close()) };
}

/** An OLE compound file (or no zip at all) where a workbook package was expected. */
function notAPackage(file: string, streams?: string[]): InputError {
  if (!streams) return new InputError({ file }, 'not an XLSX workbook (the file is not a zip package)', SAVE_AS_XLSX);
  if (streams.includes('EncryptedPackage')) {
    return new InputError(
      { file },
      'the workbook is encrypted (password-protected)',
      'open it in Excel, remove the password (File > Info > Protect Workbook) and save it again, or export CSV',
    );
  }
  if (streams.includes('Workbook') || streams.includes('Book')) {
    return new InputError({ file }, 'old binary Excel workbook (.xls, Excel 97-2003), not XLSX', SAVE_AS_XLSX);
  }
  return new InputError({ file }, 'an OLE compound file, not an XLSX workbook', SAVE_AS_XLSX);
}

function corrupt(file: string, error: Error | null | undefined): InputError {
  return new InputError(
    { file },
    `not a readable XLSX workbook: broken zip (${error?.message ?? 'unknown error'})`,
    'export it again',
  );
}

function entriesOf(zip: ZipFile, file: string): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      // Part names are case-insensitive (ECMA-376 Part 2); some writers spell them otherwise.
      entries.set(entry.fileName.toLowerCase(), entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (error: Error) => reject(corrupt(file, error)));
    zip.readEntry();
  });
}

function openEntry(
  zip: ZipFile,
  entries: Map<string, Entry>,
  part: string,
  file: string,
  cap: number,
): Promise<Readable> {
  const entry = entries.get(part.toLowerCase());
  if (!entry)
    return Promise.reject(
      new InputError({ file }, `not a readable XLSX workbook: part ${part} is missing`, 'export it again'),
    );
  if (entry.isEncrypted())
    return Promise.reject(
      new InputError({ file }, `not a readable XLSX workbook: part ${part} is encrypted`, 'export it again'),
    );
  const deflated = entry.compressionMethod === 8;
  if (!deflated && entry.compressionMethod !== 0)
    return Promise.reject(
      new InputError(
        { file },
        `not a readable XLSX workbook: part ${part} uses compression method ${entry.compressionMethod}`,
        'export it again',
      ),
    );
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, { decompress: deflated ? false : null } as unknown as ZipFileOptions, (error, stream) => {
      if (error || !stream) return reject(corrupt(file, error));
      resolve(deflated ? inflated(stream, entry.uncompressedSize, file, part, cap) : capped(stream, file, part, cap));
    }),
  );
}

function tooLarge(file: string, part: string, reason: string): InputError {
  return new InputError(
    { file },
    `refused: part ${part} ${reason} (a zip bomb?)`,
    'open it in Excel and save it again, or export CSV',
  );
}

/** A stored (not deflated) part, its size held to the cap as it is read. */
function capped(stream: Readable, file: string, part: string, cap: number): Readable {
  let size = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > cap ? tooLarge(file, part, `is larger than ${count(cap)} bytes`) : null, chunk);
    },
  });
  stream.on('error', (error) => counted.destroy(error));
  counted.on('close', () => stream.destroy());
  return stream.pipe(counted);
}

/**
 * A deflated part, inflated in big chunks: yauzl's own inflate hands out 16 KiB at a time, and a
 * sheet then costs one trip to the thread pool per 16 KiB. The inflated size is checked as it
 * grows, not from what the zip declares: against the declared size (as yauzl would), against a
 * ratio of the compressed bytes read so far, and against an absolute cap.
 */
function inflated(compressed: Readable, declaredSize: number, file: string, part: string, cap: number): Readable {
  const broken = (reason: string) =>
    new InputError({ file }, `not a readable XLSX workbook: part ${part} ${reason}`, 'export it again');
  const { maxInflateRatio, inflateRatioGrace } = XLSX_LIMITS;
  let size = 0;
  const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > cap) return done(tooLarge(file, part, `inflates to more than ${count(cap)} bytes`));
      // Against the compressed bytes inflated so far (not those read ahead of it).
      if (size > inflateRatioGrace && size > inflate.bytesWritten * maxInflateRatio)
        return done(tooLarge(file, part, `inflates to more than ${maxInflateRatio} times its compressed size`));
      done(
        size > declaredSize ? broken(`inflates to more than the ${declaredSize} bytes its zip entry declares`) : null,
        chunk,
      );
    },
    flush(done) {
      done(
        size < declaredSize
          ? broken(`inflates to ${size} bytes, not the ${declaredSize} its zip entry declares`)
          : null,
      );
    },
  });
  compressed.on('error', (error) => counted.destroy(broken(`cannot be read (${error.message})`)));
  inflate.on('error', (error) => counted.destroy(broken(`is not valid deflate data (${error.message})`)));
  counted.on('close', () => {
    inflate.destroy();
    compressed.destroy();
  });
  return compressed.pipe(inflate).pipe(counted);
}

/** The worksheets in workbook order, with where each part is, and the date system. */
async function readWorkbookPart(
  openPart: (part: string) => Promise<Readable>,
  hasPart: (part: string) => boolean,
  file: string,
): Promise<{ sheets: SheetInfo[]; date1904: boolean }> {
  if (!hasPart('xl/workbook.xml')) {
    throw new InputError(
      { file },
      hasPart('word/document.xml') || hasPart('ppt/presentation.xml')
        ? 'not an XLSX workbook (an Office document of another kind)'
        : 'not an XLSX workbook (no xl/workbook.xml part)',
      SAVE_AS_XLSX,
    );
  }
  const targets = new Map<string, string>();
  if (hasPart('xl/_rels/workbook.xml.rels')) {
    await parseXml(await openPart('xl/_rels/workbook.xml.rels'), {
      open(name, tag) {
        const attributes = attributesOf(tag);
        if (name === 'Relationship' && /\/worksheet$/.test(attributes.Type ?? ''))
          targets.set(attributes.Id, partPath(attributes.Target));
      },
    });
  }
  const sheets: SheetInfo[] = [];
  let date1904 = false;
  await parseXml(await openPart('xl/workbook.xml'), {
    open(name, tag) {
      const attributes = attributesOf(tag);
      if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
      if (name !== 'sheet') return;
      const id = Object.entries(attributes).find(([key]) => key === 'r:id' || key.endsWith(':id'))?.[1];
      const part = id === undefined ? undefined : targets.get(id);
      // Chart sheets and dialog sheets have no relationship of the worksheet type: not tables.
      if (part)
        sheets.push({
          name: attributes.name ?? '',
          part,
          hidden: attributes.state === 'hidden' || attributes.state === 'veryHidden',
        });
    },
  });
  return { sheets, date1904 };
}

/** A relationship target as a part path: relative to `xl/`, or absolute from the package root. */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : path.posix.normalize(`xl/${target}`);
}

/** For each cell style (`cellXfs`, in order), whether its number format shows a date. */
async function readDateStyles(stream: Readable, file: string): Promise<boolean[]> {
  const codes = new Map<number, string>();
  const styles: number[] = [];
  let inCellXfs = false;
  let formats = 0;
  const { maxStyles } = XLSX_LIMITS;
  const tooMany = (what: string) =>
    new InputError(
      { file },
      `refused: part xl/styles.xml holds more than ${count(maxStyles)} ${what}`,
      'open it in Excel and save it again, or export CSV',
    );
  await parseXml(stream, {
    open(name, tag) {
      if (name === 'numFmt') {
        if (++formats > maxStyles) throw tooMany('number formats (numFmt)');
        const attributes = attributesOf(tag);
        codes.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
      } else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        if (styles.length >= maxStyles) throw tooMany('cell formats (xf)');
        styles.push(Number(attributesOf(tag).numFmtId ?? 0));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styles.map((id) => isDateFormat(id, codes.get(id)));
}
