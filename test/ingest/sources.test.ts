import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { InputError } from '../../src/errors.js';
import { fingerprint } from '../../src/ingest/sources/decode.js';
import { expandInputs, type Source } from '../../src/ingest/sources/sources.js';
import { tempDir } from '../helpers/cli.js';
import { zipBytes } from '../helpers/zip.js';

const root = tempDir('crm-owners-sources-');
let folders = 0;
/** A fresh folder for one test. */
function folder(): string {
  const dir = path.join(root, `case-${++folders}`);
  mkdirSync(dir);
  return dir;
}

function mkfifo(file: string): string {
  execFileSync('mkfifo', [file]);
  return file;
}

async function listening(file: string): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(file, resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return file;
}

async function textOf(source: Source): Promise<string> {
  let text = '';
  for await (const chunk of await source.open()) text += chunk.toString('utf8');
  return text;
}

async function rejection(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

/**
 * How many of this process's descriptors are open on `file`. Counted by what they point at, not in
 * total: descriptors of other work in the process (a file an earlier test closes late) come and go.
 */
function descriptorsOn(file: string): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === file) count++;
    } catch {
      // Closed between the listing and the look.
    }
  }
  return count;
}

describe('expandInputs: only regular files are read', () => {
  it('refuses a FIFO at once, naming it', async () => {
    const fifo = mkfifo(path.join(folder(), 'contacts.csv'));
    expect((await rejection(expandInputs([fifo]))).message).toBe(`${fifo}: is a FIFO, not a regular file`);
  });

  it('refuses a FIFO named like a zip', async () => {
    const fifo = mkfifo(path.join(folder(), 'export.zip'));
    expect((await rejection(expandInputs([fifo]))).message).toBe(`${fifo}: is a FIFO, not a regular file`);
  });

  it('refuses a device (/dev/zero never ends)', async () => {
    expect((await rejection(expandInputs(['/dev/zero']))).message).toBe(
      '/dev/zero: is a character device, not a regular file',
    );
  });

  it('refuses a socket', async () => {
    const socket = await listening(path.join(folder(), 'contacts.csv'));
    expect((await rejection(expandInputs([socket]))).message).toBe(`${socket}: is a socket, not a regular file`);
  });

  it('refuses to read a file that became a FIFO after it was listed, without blocking', async () => {
    const file = path.join(folder(), 'contacts.csv');
    writeFileSync(file, 'id,owner\n1,u1\n');
    const [source] = await expandInputs([file]);
    rmSync(file);
    mkfifo(file);
    expect((await rejection(source.open())).message).toBe(`${file}: is a FIFO, not a regular file`);
    expect((await rejection(fingerprint(source))).message).toBe(`${file}: is a FIFO, not a regular file`);
  });
});

describe('expandInputs: folders', () => {
  it('reports a symlink loop among the files, naming it', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'accounts.csv'), 'id,owner\n1,u1\n');
    symlinkSync('b.csv', path.join(dir, 'a.csv'));
    symlinkSync('a.csv', path.join(dir, 'b.csv'));
    expect((await rejection(expandInputs([dir]))).message).toBe(
      `${path.join(dir, 'a.csv')}: is a symlink loop (too many levels of symbolic links)`,
    );
  });

  it('reports a *.csv link to the folder itself as a folder, not a file', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'accounts.csv'), 'id,owner\n1,u1\n');
    symlinkSync('.', path.join(dir, 'loop.csv'));
    expect((await rejection(expandInputs([dir]))).message).toBe(
      `${path.join(dir, 'loop.csv')}: is a folder, not a regular file`,
    );
  });

  it('ignores a link back to the folder that is not named *.csv (folders are not read recursively)', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'accounts.csv'), 'id,owner\n1,u1\n');
    symlinkSync('.', path.join(dir, 'loop'));
    expect((await expandInputs([dir])).map((source) => source.name)).toEqual(['accounts.csv']);
  });

  it('reports a FIFO or a dangling link among the files, naming it', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'accounts.csv'), 'id,owner\n1,u1\n');
    mkfifo(path.join(dir, 'contacts.csv'));
    expect((await rejection(expandInputs([dir]))).message).toBe(
      `${path.join(dir, 'contacts.csv')}: is a FIFO, not a regular file`,
    );

    const other = folder();
    symlinkSync('missing.csv', path.join(other, 'leads.csv'));
    expect((await rejection(expandInputs([other]))).message).toBe(
      `${path.join(other, 'leads.csv')}: no such file or folder`,
    );
  });

  it('follows a link to a file outside the folder', async () => {
    const outside = path.join(folder(), 'real-owners.csv');
    writeFileSync(outside, 'id,name\nu1,Ann\n');
    const dir = folder();
    symlinkSync(outside, path.join(dir, 'owners.csv'));
    const [source] = await expandInputs([dir]);
    expect(source.name).toBe('owners.csv');
    expect(await textOf(source)).toBe('id,name\nu1,Ann\n');
  });
});

describe('expandInputs: zip files', () => {
  function writeZip(name: string, entries: Parameters<typeof zipBytes>[0]): string {
    const file = path.join(folder(), name);
    writeFileSync(file, zipBytes(entries));
    return file;
  }

  it('lists 2,000 entries and reads each one, from one reading of the central directory', async () => {
    const names = Array.from({ length: 2000 }, (_, i) => `accounts-${String(i).padStart(4, '0')}.csv`);
    const zip = writeZip('export.zip', [
      ...names.map((name, i) => ({ name, data: `id,owner\na${i},u${i % 7}\n`, stored: i % 2 === 0 })),
      { name: 'readme.txt', data: 'not a CSV' },
      { name: '__MACOSX/._accounts-0000.csv', data: 'resource fork' },
    ]);
    const sources = await expandInputs([zip]);
    // A .txt is listed too (Excel's "Unicode text"); one of no known object is skipped when planned.
    expect(sources.map((source) => source.name)).toEqual([...names, 'readme.txt']);
    expect(sources[1]).toMatchObject({ path: `${zip}:accounts-0001.csv`, size: 'id,owner\na1,u1\n'.length });
    for (const [i, source] of sources.slice(0, names.length).entries())
      expect(await textOf(source)).toBe(`id,owner\na${i},u${i % 7}\n`);
    // Opened again, in any order: each entry is read from its own offset.
    expect(await textOf(sources[1999])).toBe('id,owner\na1999,u4\n');
    expect(await textOf(sources[0])).toBe('id,owner\na0,u0\n');
  });

  it('holds no file open once the entries are listed', async () => {
    const zip = writeZip('export.zip', [{ name: 'contacts.csv', data: 'id,owner\n1,u1\n' }]);
    const [source] = await expandInputs([zip]);
    expect(descriptorsOn(realpathSync(zip))).toBe(0);
    expect(await textOf(source)).toBe('id,owner\n1,u1\n');
    expect(descriptorsOn(realpathSync(zip))).toBe(0);
  });

  it('refuses entry names that would escape a folder (zip slip)', async () => {
    const up = writeZip('up.zip', [{ name: '../../contacts.csv', data: 'id\n1\n' }]);
    expect((await rejection(expandInputs([up]))).message).toBe(
      `${up}: broken zip file (invalid relative path: ../../contacts.csv)`,
    );
    const absolute = writeZip('absolute.zip', [{ name: '/tmp/contacts.csv', data: 'id\n1\n' }]);
    expect((await rejection(expandInputs([absolute]))).message).toBe(
      `${absolute}: broken zip file (absolute path: /tmp/contacts.csv)`,
    );
  });

  it('stops an entry that inflates to more than it claims (zip bomb), naming it', async () => {
    const zip = writeZip('bomb.zip', [{ name: 'contacts.csv', data: 'x'.repeat(10_000_000), claimedSize: 1000 }]);
    const [source] = await expandInputs([zip]);
    expect(source.size).toBe(1000);
    const error = await rejection(fingerprint(source));
    expect(error.message).toMatch(
      new RegExp(
        `^${zip.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:contacts\\.csv: cannot read: too many bytes in the stream`,
      ),
    );
  });

  it('reports a zip that is not one, naming it', async () => {
    const file = path.join(folder(), 'export.zip');
    writeFileSync(file, 'id,owner\n1,u1\n');
    expect((await rejection(expandInputs([file]))).message).toMatch(new RegExp(`^${file}: not a readable zip file`));
  });
});
