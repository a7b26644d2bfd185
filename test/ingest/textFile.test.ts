import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { InputError } from '../../src/errors.js';
import { readTextFile, TEXT_FILE_LIMITS, type TextFileKind } from '../../src/ingest/sources/textFile.js';
import { tempDir } from '../helpers/cli.js';

const dir = tempDir('crm-owners-textfile-');
const MB = 1024 * 1024;

function write(name: string, bytes: Buffer | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** A file of `size` bytes that takes no room on disk (sparse): its size is all that is checked. */
function sparse(name: string, size: number): string {
  const file = write(name, '');
  truncateSync(file, size);
  return file;
}

function failure(read: () => unknown): InputError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('readTextFile: decoded like an export', () => {
  const text = 'territory,owner\nNord — Zürich,“Ann”\n';

  it('reads UTF-8, with or without a BOM (the BOM dropped)', () => {
    expect(readTextFile(write('plain.csv', text), 'rules')).toBe(text);
    expect(readTextFile(write('bom.csv', `\uFEFF${text}`), 'rules')).toBe(text);
  });

  it('reads Windows-1252 and UTF-16 with a BOM', () => {
    expect(readTextFile(write('cp1252.csv', iconv.encode(text, 'windows1252')), 'exclusions')).toBe(text);
    expect(readTextFile(write('utf16.csv', iconv.encode(text, 'utf16le', { addBOM: true })), 'exclusions')).toBe(text);
  });

  it('reads an empty file as empty text', () => {
    expect(readTextFile(write('empty.json', ''), 'config')).toBe('');
  });
});

describe('readTextFile: only regular files', () => {
  it('refuses a FIFO, a device and a folder at once, naming them', () => {
    const fifo = path.join(dir, 'rules.fifo');
    execFileSync('mkfifo', [fifo]);
    expect(failure(() => readTextFile(fifo, 'rules')).message).toBe(`${fifo}: is a FIFO, not a regular file`);
    expect(failure(() => readTextFile('/dev/zero', 'config')).message).toBe(
      '/dev/zero: is a character device, not a regular file',
    );
    const folder = path.join(dir, 'plan.d');
    mkdirSync(folder);
    expect(failure(() => readTextFile(folder, 'plan')).message).toBe(`${folder}: is a folder, not a regular file`);
  });

  it('names a missing file', () => {
    const missing = path.join(dir, 'missing.json');
    expect(failure(() => readTextFile(missing, 'baseline')).message).toBe(`${missing}: no such file or folder`);
  });
});

describe('readTextFile: size limits', () => {
  it('refuses a 300 MB rules file without reading it', () => {
    const file = sparse('huge-rules.csv', 300 * MB);
    expect(failure(() => readTextFile(file, 'rules')).message).toBe(
      `${file}: 300 MB is more than a rules file may be (limit 64 MB)`,
    );
  });

  const cases: [TextFileKind, string][] = [
    ['config', 'a config file may be (limit 1 MB)'],
    ['baseline', 'a baseline may be (limit 64 MB)'],
    ['rules', 'a rules file may be (limit 64 MB)'],
    ['exclusions', 'an exclusion list may be (limit 256 MB)'],
    ['plan', 'a plan file may be (limit 256 MB)'],
  ];
  it.each(cases)('%s: one byte over the limit is refused, the limit itself is read', (kind, words) => {
    const { limit } = TEXT_FILE_LIMITS[kind];
    const over = sparse(`${kind}-over`, limit + 1);
    expect(failure(() => readTextFile(over, kind)).message).toMatch(
      new RegExp(`^${over}: [0-9.]+ MB is more than ${words.replace(/[()]/g, '\\$&')}$`),
    );
    if (limit <= 64 * MB) expect(readTextFile(sparse(`${kind}-at`, limit), kind)).toHaveLength(limit);
  });

  it('rounds a size just over a limit up, so it never reads as the limit', () => {
    const file = sparse('config-just-over.json', MB + 1);
    expect(failure(() => readTextFile(file, 'config')).message).toBe(
      `${file}: 1.1 MB is more than a config file may be (limit 1 MB)`,
    );
  });
});
