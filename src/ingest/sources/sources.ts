/**
 * Input files: a FILE argument may be a CSV or XLSX file, a folder (every *.csv, *.txt and *.xlsx in it)
 * or a .zip of them (HubSpot delivers its exports zipped). Only regular files are read (see
 * regularFile.ts).
 */
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Entry, ZipFile } from 'yauzl';
import { describeFsError, InputError } from '../../errors.js';
import { checkRegularFile, openRegularFile } from './regularFile.js';
import { isTableName } from './table.js';
import { loadYauzl, zipReader, type Yauzl, type ZipReader } from './zipReader.js';

export interface Source {
  /** What messages call the file: its path, or `archive.zip:entry.csv`. */
  path: string;
  /** The file's own name, used to tell its kind. */
  name: string;
  size: number;
  /** The file on disk, when the source is one (not a zip entry). */
  file?: string;
  /** Found in a folder or zip rather than named by the user: a file of another object is skipped, not an error. */
  member?: boolean;
  /** A folder's or zip's file that is not read, and why (a zip inside, a second zip entry of one name). */
  skipped?: string;
  /** The folder or zip it was found in: one CRM's export. */
  container?: string;
  open(): Promise<Readable>;
}

export async function expandInputs(inputs: string[]): Promise<Source[]> {
  const sources: Source[] = [];
  for (const input of inputs) sources.push(...(await expandInput(input)));
  return sources;
}

async function expandInput(input: string): Promise<Source[]> {
  let stat;
  try {
    stat = await fs.stat(input);
  } catch (error) {
    throw new InputError(
      { file: input },
      describeFsError(error),
      'check the path; a FILE may be a CSV or XLSX file, a folder of them or a .zip',
    );
  }
  if (stat.isDirectory()) return folderSources(input);
  checkRegularFile(input, stat);
  if (/\.zip$/i.test(input)) return zipSources(input, stat.size);
  return [fileSource(input, stat.size)];
}

/** Why a zip found in a folder or in a zip is not read: it is listed as skipped. */
const NESTED_ZIP = 'a zip inside a folder or zip: unzip it, or name it on the command line';
const SAME_NAME = 'a second zip entry of the same name: only the first is read';
/** The reasons a listed file is not read at all (not a file of another object). */
export const UNREAD_REASONS: readonly string[] = [NESTED_ZIP, SAME_NAME];

/** A folder's or zip's file listed as skipped, not read. */
function skippedSource(where: string, reason: string): Source {
  return {
    path: where,
    name: path.basename(where),
    size: 0,
    member: true,
    skipped: reason,
    open: () => Promise.reject(new Error(`${where} is not read`)),
  };
}

/**
 * Every *.csv, *.txt (Excel "Unicode text") and *.xlsx in a folder (not Excel's `~$` lock files),
 * and a zip in it listed as skipped. A symlink is followed wherever it points (the user put it
 * there); one that loops or dangles, or an entry that is not a regular file, is an error naming
 * it, not a file silently left out of the snapshot.
 */
async function folderSources(dir: string): Promise<Source[]> {
  const all = (await fs.readdir(dir)).sort();
  const names = all.filter(isTableName);
  const zips = all
    .filter((name) => /\.zip$/i.test(name))
    .map((name) => skippedSource(path.join(dir, name), NESTED_ZIP));
  if (names.length === 0)
    throw new InputError(
      { file: dir },
      `folder holds no *.csv, *.txt or *.xlsx files${zips.length ? ` (a zip inside is not read: ${zips[0].name})` : ''}`,
    );
  const files = names.map((name) => path.join(dir, name));
  const stats = await Promise.allSettled(files.map(statFolderEntry));
  // The first bad entry in name order, whichever failed first.
  const failed = stats.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return [
    ...files.map((file, i) => ({
      ...fileSource(file, (stats[i] as PromiseFulfilledResult<Stats>).value.size),
      member: true,
      container: dir,
    })),
    ...zips,
  ];
}

async function statFolderEntry(file: string): Promise<Stats> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    throw new InputError({ file }, describeFsError(error));
  }
  checkRegularFile(file, stat);
  return stat;
}

function fileSource(file: string, size: number): Source {
  return {
    path: file,
    name: path.basename(file),
    size,
    file,
    // Chunks of 64 KiB: a decoded chunk then stays below V8's large-object size and is collected
    // young, where 256 KiB chunks piled up in the large-object space (50 MB more at peak).
    open: async () => (await openRegularFile(file)).createReadStream({ highWaterMark: 64 * 1024 }),
  };
}

async function openZip(yauzl: Yauzl, reader: ZipReader, file: string, size: number): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromRandomAccessReader(reader, size, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error || !zip)
        reject(new InputError({ file }, `not a readable zip file (${error?.message ?? 'unknown error'})`));
      else resolve(zip);
    });
  });
}

function isTableEntry(entry: Entry): boolean {
  return isFileEntry(entry) && isTableName(path.basename(entry.fileName));
}

/** A file of the zip, not a folder or macOS's resource forks. */
function isFileEntry(entry: Entry): boolean {
  const name = entry.fileName;
  return !name.endsWith('/') && !name.startsWith('__MACOSX/') && !path.basename(name).startsWith('._');
}

/**
 * The CSV and XLSX entries, in one pass over the central directory. yauzl refuses entry names that would
 * escape a folder (absolute, `..`) here, and streams check each entry's size as they inflate.
 */
function tableEntries(zip: ZipFile, file: string): Promise<{ entries: Entry[]; skipped: Source[] }> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    const skipped: Source[] = [];
    const names = new Set<string>();
    zip.on('entry', (entry: Entry) => {
      const where = `${file}:${entry.fileName}`;
      if (isTableEntry(entry)) {
        if (names.has(entry.fileName)) skipped.push(skippedSource(where, SAME_NAME));
        else {
          names.add(entry.fileName);
          entries.push(entry);
        }
      } else if (isFileEntry(entry) && /\.zip$/i.test(entry.fileName)) skipped.push(skippedSource(where, NESTED_ZIP));
      zip.readEntry();
    });
    zip.once('end', () => resolve({ entries, skipped }));
    zip.once('error', (error: Error) => reject(new InputError({ file }, `broken zip file (${error.message})`)));
    zip.readEntry();
  });
}

/** A CSV or XLSX entry, with where its data starts: read once, so opening it is one read of that range. */
interface ZipEntry {
  entry: Entry;
  dataStart: number;
}

async function zipEntry(zip: ZipFile, entry: Entry, where: string): Promise<ZipEntry> {
  if (entry.isEncrypted())
    throw new InputError({ file: where }, 'zip entry is encrypted', 'unzip it with its password and load the file');
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new InputError(
      { file: where },
      `zip entry uses compression method ${entry.compressionMethod}; only stored and deflated entries can be read`,
      'unzip it and load the file',
    );
  }
  const header = await zip.readLocalFileHeaderPromise(entry, { minimal: true }).catch((error: Error) => {
    throw new InputError({ file: where }, `broken zip entry (${error.message})`);
  });
  return { entry, dataStart: header.fileDataStart };
}

async function zipSources(file: string, size: number): Promise<Source[]> {
  const yauzl = await loadYauzl();
  const reader = zipReader(yauzl, file);
  await reader.hold();
  let zip: ZipFile;
  const entries: ZipEntry[] = [];
  let skipped: Source[];
  try {
    zip = await openZip(yauzl, reader, file, size);
    const listed = await tableEntries(zip, file);
    skipped = listed.skipped;
    const tables = listed.entries.sort((a, b) => a.fileName.localeCompare(b.fileName));
    for (const entry of tables) entries.push(await zipEntry(zip, entry, `${file}:${entry.fileName}`));
  } finally {
    await reader.release();
  }
  if (entries.length === 0)
    throw new InputError(
      { file },
      `zip file holds no *.csv, *.txt or *.xlsx files${skipped.length ? ` (not read: ${skipped[0].path.slice(file.length + 1)}: ${skipped[0].skipped})` : ''}`,
    );
  const sources = entries.map(({ entry, dataStart }): Source => {
    const where = `${file}:${entry.fileName}`;
    return {
      path: where,
      name: path.basename(entry.fileName),
      size: entry.uncompressedSize,
      member: true,
      container: file,
      open: () => openEntry(zip, entry, dataStart, where),
    };
  });
  return [...sources, ...skipped];
}

/** yauzl checks the inflated size against the entry's as it streams: a zip bomb fails, naming the entry. */
function openEntry(zip: ZipFile, entry: Entry, dataStart: number, where: string): Promise<Readable> {
  return new Promise((resolve, reject) =>
    // (yauzl 3.4's openReadStreamLowLevelPromise calls the wrong function.)
    zip.openReadStreamLowLevel(
      dataStart,
      entry.compressedSize,
      0,
      entry.compressedSize,
      entry.compressionMethod === 8,
      entry.uncompressedSize,
      (error, stream) =>
        error || !stream
          ? reject(new InputError({ file: where }, `cannot read zip entry (${error?.message})`))
          : resolve(stream),
    ),
  );
}

/** yauzl 3's low-level reads, which @types/yauzl (2.x) does not list. */
declare module 'yauzl' {
  interface ZipFile {
    readLocalFileHeaderPromise(entry: Entry, options: { minimal: true }): Promise<{ fileDataStart: number }>;
    openReadStreamLowLevel(
      fileDataStart: number,
      compressedSize: number,
      relativeStart: number,
      relativeEnd: number,
      decompress: boolean,
      uncompressedSize: number,
      callback: (error: Error | null, stream?: Readable) => void,
    ): void;
  }
}
