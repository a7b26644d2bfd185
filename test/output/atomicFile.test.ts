/**
 * AtomicFile: a write the system stores only in part is continued to the end; a write that cannot
 * finish (a full disk) is an error naming the file, and leaves the old file as it was and no
 * temporary file. The system's write is replaced by one that stores a few bytes at a time and
 * then runs out of space, so these run on any machine.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { AtomicFile, DurableFile, writeFileAtomic, type WriteBytes } from '../../src/output/atomicFile.js';
import { CsvWriter } from '../../src/output/csvWriter.js';
import { tempDir } from '../helpers/cli.js';

const dir = tempDir('crm-owners-atomic-');

/** Stores at most `chunk` bytes a call; after `capacity` bytes in all, fails as a full disk does. */
function shortWriter(chunk: number, capacity = Infinity): WriteBytes & { stored: number; calls: number } {
  const writer = Object.assign(
    (fd: number, buffer: Uint8Array, offset: number, length: number) => {
      writer.calls++;
      const room = capacity - writer.stored;
      if (room <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      const n = writeSync(fd, buffer, offset, Math.min(length, chunk, room));
      writer.stored += n;
      return n;
    },
    { stored: 0, calls: 0 },
  );
  return writer;
}

const tempFiles = () => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

function failure(work: () => void): InputError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('AtomicFile', () => {
  it('continues a write the system stores in part until every byte is written', () => {
    const target = path.join(dir, 'short.json');
    const content = `${JSON.stringify({ owners: Array.from({ length: 500 }, (_, i) => `owner ${i} · ü`) })}\n`;
    const writer = shortWriter(7);
    writeFileAtomic(target, content, writer);
    expect(readFileSync(target, 'utf8')).toBe(content);
    expect(writer.stored).toBe(Buffer.byteLength(content));
    expect(writer.calls).toBeGreaterThan(1000);
    expect(tempFiles()).toEqual([]);
  });

  it('a disk that fills up mid-way: an error naming the file and "no space left"; the old file stays, no temporary file', () => {
    const target = path.join(dir, 'baseline.json');
    writeFileSync(target, 'the old baseline\n');
    const writer = shortWriter(4096, 10_000);
    const error = failure(() => writeFileAtomic(target, 'x'.repeat(50_000), writer));
    expect(error.message).toContain(target);
    expect(error.message).toMatch(/no space left/);
    expect(writer.stored).toBe(10_000);
    expect(readFileSync(target, 'utf8')).toBe('the old baseline\n');
    expect(tempFiles()).toEqual([]);
  });

  it('a file that fills the disk with its first write leaves no file where there was none', () => {
    const target = path.join(dir, 'never.json');
    const error = failure(() => writeFileAtomic(target, 'x'.repeat(100), shortWriter(4096, 0)));
    expect(error.message).toContain(target);
    expect(existsSync(target)).toBe(false);
    expect(tempFiles()).toEqual([]);
  });

  it('nothing is in place before commit; abort leaves the old file', () => {
    const target = path.join(dir, 'pending.csv');
    writeFileSync(target, 'old');
    const file = new AtomicFile(target);
    file.write('new');
    expect(readFileSync(target, 'utf8')).toBe('old');
    file.abort();
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(tempFiles()).toEqual([]);
  });

  it('CsvWriter on a disk that fills up: the error names the CSV file, the old one stays', () => {
    const target = path.join(dir, 'findings.csv');
    writeFileSync(target, 'old findings\r\n');
    const writer = shortWriter(1000, 150_000);
    const csv = new CsvWriter(target, 'people', ['kind', 'record_id'], (file) => new AtomicFile(file, writer));
    const error = failure(() => {
      for (let i = 0; i < 20_000; i++) csv.write(['contacts', `c-${i}`]);
      csv.commit();
    });
    csv.abort();
    expect(error.message).toContain(target);
    expect(error.message).toMatch(/no space left/);
    expect(readFileSync(target, 'utf8')).toBe('old findings\r\n');
    expect(tempFiles()).toEqual([]);
  });
});

describe('DurableFile', () => {
  it('writes in place under its own name, names the given target in errors, and deletes itself on failure', () => {
    const file = path.join(dir, 'staged-plan.csv');
    const shown = '/plans/2026-11/plan.csv';
    const durable = new DurableFile(file, shown, shortWriter(3, 5));
    const error = failure(() => durable.write('more than five bytes'));
    expect(error.message).toContain(shown);
    expect(existsSync(file)).toBe(false);
  });
});
