/**
 * Reading a zip by its path, for the zips of exports (sources.ts) and the XLSX workbooks (xlsx/workbook.ts).
 * A leaf: it imports neither, so the two do not import each other.
 */
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { RandomAccessReader } from 'yauzl';
import { openRegularFile } from './regularFile.js';

export type Yauzl = typeof import('yauzl');

/** yauzl is loaded only for a zip: most runs read none. */
export async function loadYauzl(): Promise<Yauzl> {
  return (await import('yauzl')).default;
}

/**
 * Reads a zip by its path. The file is held open while the central directory and the entries'
 * local headers are read (many small reads), then released: each entry is then streamed from its
 * offset, opening the file for itself, and nothing stays open between entries.
 */
export interface ZipReader extends RandomAccessReader {
  hold(): Promise<void>;
  release(): Promise<void>;
}

export function zipReader(yauzl: Yauzl, file: string): ZipReader {
  class PathReader extends yauzl.RandomAccessReader {
    private held: FileHandle | undefined;

    async hold(): Promise<void> {
      this.held = await openRegularFile(file);
    }

    async release(): Promise<void> {
      const held = this.held;
      this.held = undefined;
      await held?.close();
    }

    override _readStreamForRange(start: number, end: number): Readable {
      return createReadStream(file, { start, end: end - 1, highWaterMark: 64 * 1024 });
    }

    override read(
      buffer: Buffer,
      offset: number,
      length: number,
      position: number,
      callback: (error: Error | null, bytesRead?: number) => void,
    ): void {
      if (!this.held) return callback(new Error('zip file read after its listing'));
      this.held.read(buffer, offset, length, position).then(({ bytesRead }) => callback(null, bytesRead), callback);
    }
  }
  return new PathReader();
}
