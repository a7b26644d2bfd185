/** Small builders for feeding the ingest layer text and bytes in chunks of a chosen size. */
import { Readable } from 'node:stream';
import type { Source } from '../../src/ingest/sources/sources.js';

/** `text` cut into pieces of `size` characters (UTF-16 code units). */
export function splitString(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

/** `bytes` cut into pieces of `size` bytes, so multi-byte sequences straddle chunk boundaries. */
export function splitBuffer(bytes: Buffer, size: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(Buffer.from(bytes.subarray(i, i + size)));
  return pieces;
}

export async function* asyncChunks<T>(chunks: Iterable<T>): AsyncGenerator<T> {
  for (const chunk of chunks) yield chunk;
}

/** A `Source` over bytes in memory, read back in chunks of `chunkSize` bytes. */
export function bufferSource(bytes: Buffer, chunkSize = 3, name = 'test.csv'): Source {
  return {
    path: `/virtual/${name}`,
    name,
    size: bytes.length,
    open: async () => Readable.from(splitBuffer(bytes, chunkSize)),
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
