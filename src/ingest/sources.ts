/**
 * Input files: a FILE argument may be a CSV file, a folder (every *.csv in it) or a .zip of CSVs
 * (HubSpot delivers its exports zipped).
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Entry, ZipFile } from 'yauzl';
import { describeFsError, InputError } from '../errors.js';

export interface Source {
  /** What messages call the file: its path, or `archive.zip:entry.csv`. */
  path: string;
  /** The file's own name, used to tell its kind. */
  name: string;
  size: number;
  /** The file on disk, when the source is one (not a zip entry). */
  file?: string;
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
    throw new InputError({ file: input }, describeFsError(error), 'check the path; a FILE may be a CSV file, a folder of CSV files or a .zip');
  }
  if (stat.isDirectory()) {
    const names = (await fs.readdir(input)).filter((name) => /\.csv$/i.test(name)).sort();
    if (names.length === 0) throw new InputError({ file: input }, 'folder holds no *.csv files');
    return Promise.all(names.map((name) => fileSource(path.join(input, name))));
  }
  if (/\.zip$/i.test(input)) return zipSources(input);
  return [await fileSource(input, stat.size)];
}

async function fileSource(file: string, size?: number): Promise<Source> {
  return {
    path: file,
    name: path.basename(file),
    size: size ?? (await fs.stat(file)).size,
    file,
    open: async () => {
      // Chunks of 64 KiB: a decoded chunk then stays below V8's large-object size and is collected
      // young, where 256 KiB chunks piled up in the large-object space (50 MB more at peak).
      const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', (error) => reject(new InputError({ file }, describeFsError(error))));
      });
      return stream;
    },
  };
}

/** yauzl is loaded only for a zip: most runs read none. */
async function openZip(file: string): Promise<ZipFile> {
  const { default: yauzl } = await import('yauzl');
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error || !zip) reject(new InputError({ file }, `not a readable zip file (${error?.message ?? 'unknown error'})`));
      else resolve(zip);
    });
  });
}

/** Calls `visit` for each entry until it returns true or the archive ends. */
function eachEntry(zip: ZipFile, file: string, visit: (entry: Entry) => boolean | Promise<boolean>): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.on('entry', async (entry: Entry) => {
      try {
        if (await visit(entry)) resolve();
        else zip.readEntry();
      } catch (error) {
        reject(error);
      }
    });
    zip.once('end', () => resolve());
    zip.once('error', (error: Error) => reject(new InputError({ file }, `broken zip file (${error.message})`)));
    zip.readEntry();
  });
}

function isCsvEntry(entry: Entry): boolean {
  const name = entry.fileName;
  return !name.endsWith('/') && !name.startsWith('__MACOSX/') && !path.basename(name).startsWith('._') && /\.csv$/i.test(name);
}

async function zipSources(file: string): Promise<Source[]> {
  const zip = await openZip(file);
  const entries: { name: string; size: number }[] = [];
  try {
    await eachEntry(zip, file, (entry) => {
      if (isCsvEntry(entry)) entries.push({ name: entry.fileName, size: entry.uncompressedSize });
      return false;
    });
  } finally {
    zip.close();
  }
  if (entries.length === 0) throw new InputError({ file }, 'zip file holds no *.csv files');
  entries.sort((a, b) => a.name.localeCompare(b.name));
  return entries.map(({ name, size }) => ({
    path: `${file}:${name}`,
    name: path.basename(name),
    size,
    open: () => openZipEntry(file, name),
  }));
}

async function openZipEntry(file: string, name: string): Promise<Readable> {
  const zip = await openZip(file);
  let stream: Readable | undefined;
  await eachEntry(zip, file, async (entry) => {
    if (entry.fileName !== name) return false;
    stream = await new Promise<Readable>((resolve, reject) =>
      zip.openReadStream(entry, (error, readable) => (error || !readable ? reject(new InputError({ file: `${file}:${name}` }, `cannot read zip entry (${error?.message})`)) : resolve(readable))),
    );
    return true;
  });
  if (!stream) throw new InputError({ file: `${file}:${name}` }, 'zip entry disappeared while loading');
  stream.once('close', () => zip.close());
  stream.once('end', () => zip.close());
  return stream;
}
