/**
 * Encodings. Exports arrive as UTF-8 (with or without BOM), UTF-16 with a BOM (Excel "Unicode
 * text"), or Windows-1252 (Excel "CSV" on Windows). We tell them apart by the BOM and by whether
 * the whole file is valid UTF-8, and decode with iconv-lite: Node's own windows-1252 decoder turns
 * `€ ’ “ –` into control characters.
 */
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describeFsError, InputError, UsageError } from '../../errors.js';
import { openRegularFile } from './regularFile.js';
import type { Source } from './sources.js';

export interface Fingerprint {
  size: number;
  sha256: string;
  /** iconv-lite encoding name. */
  encoding: string;
  /** Whether every byte sequence is valid UTF-8 (when not, UTF-8 text holds U+FFFD where bytes were lost). */
  validUtf8: boolean;
  /** NUL bytes near the start of a file that is not UTF-16: a binary file, not CSV. */
  binary: boolean;
}

/** Accepts the common spellings and anything iconv-lite knows. */
export function normaliseEncoding(name: string): string {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const aliases: Record<string, string> = {
    utf8: 'utf8',
    utf8bom: 'utf8',
    utf16: 'utf16le',
    utf16le: 'utf16le',
    ucs2: 'utf16le',
    unicode: 'utf16le',
    utf16be: 'utf16be',
    cp1252: 'windows1252',
    windows1252: 'windows1252',
    ansi: 'windows1252',
    latin1: 'latin1',
    iso88591: 'latin1',
  };
  const resolved = Object.hasOwn(aliases, key) ? aliases[key] : key;
  if (!iconv.encodingExists(resolved)) {
    throw new UsageError(`unknown encoding "${name}"`, 'use utf-8, utf-16le, utf-16be or windows-1252');
  }
  return resolved;
}

function bomEncoding(head: Buffer): string | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  return undefined;
}

/** The encoding a file's bytes say: its BOM, else UTF-8 if every byte sequence is valid UTF-8, else Windows-1252. */
function detectedEncoding(head: Buffer, validUtf8: boolean): string {
  return bomEncoding(head) ?? (validUtf8 ? 'utf8' : 'windows1252');
}

/** A whole small file's bytes as text, decoded as an export of the same bytes would be, BOM removed. */
export function decodeWhole(bytes: Buffer): string {
  return iconv.decode(bytes, detectedEncoding(bytes, isUtf8(bytes)), { stripBOM: true });
}

/** How much of the start of a file is checked for a BOM and for NUL bytes. */
const HEAD_BYTES = 64 * 1024;

/** Chunks for this pass, which keeps nothing: fewer reads. */
const PASS_CHUNK_BYTES = 1024 * 1024;

/**
 * A file's bytes for a pass that keeps none of them: read into one buffer again and again (each
 * chunk is good until the next). A new buffer per chunk, over a big file, piles up faster than it
 * is collected, and the process keeps the memory (30 MB more at peak on a 3M-contact load).
 */
async function* passChunks(source: Source): AsyncGenerator<Buffer> {
  if (!source.file) {
    yield* readable(await source.open(), source);
    return;
  }
  // No bigger than the file: a folder of thousands of small files would otherwise allocate a MiB for each.
  const buffer = Buffer.allocUnsafe(Math.min(PASS_CHUNK_BYTES, Math.max(source.size, 4096)));
  const handle = await openRegularFile(source.file);
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } catch (error) {
    throw new InputError({ file: source.path }, `cannot read: ${describeFsError(error)}`);
  } finally {
    await handle.close();
  }
}

/**
 * Reads the file once: size, SHA-256 and its encoding (BOM, else UTF-8 if every byte sequence is
 * valid UTF-8, else Windows-1252). With `upTo`, only about that many bytes are read: what the
 * file's start suggests, of the bytes read.
 */
export async function fingerprint(source: Source, forcedEncoding?: string, upTo = Infinity): Promise<Fingerprint> {
  const hash = createHash('sha256');
  let size = 0;
  // The first bytes, for the BOM and NUL checks: gathered across chunks, as a stream may start small.
  const headParts: Buffer[] = [];
  let headLength = 0;
  let validUtf8 = true;
  // Bytes of a UTF-8 sequence cut by a chunk boundary, checked with the next chunk.
  let carry = Buffer.alloc(0);
  for await (const chunk of passChunks(source)) {
    hash.update(chunk);
    size += chunk.length;
    if (headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - headLength);
      headParts.push(Buffer.from(part));
      headLength += part.length;
    }
    if (validUtf8) {
      const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = incompleteTail(bytes);
      validUtf8 = isUtf8(bytes.subarray(0, bytes.length - cut));
      carry = Buffer.from(bytes.subarray(bytes.length - cut));
    }
    if (size >= upTo) {
      carry = Buffer.alloc(0); // a sequence cut by stopping early is not invalid
      break;
    }
  }
  if (carry.length) validUtf8 = false;
  const head = Buffer.concat(headParts);
  const encoding = forcedEncoding ?? detectedEncoding(head, validUtf8);
  const binary = !encoding.startsWith('utf16') && head.includes(0);
  return { size, sha256: hash.digest('hex'), encoding, validUtf8, binary };
}

/** How many bytes at the end of `bytes` start a UTF-8 sequence that is not complete yet. */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

/** A file's bytes; a read error (a damaged zip entry, a vanished file) names the file. */
async function* readable(stream: Readable, source: Source): AsyncGenerator<Buffer> {
  try {
    yield* stream as AsyncIterable<Buffer>;
  } catch (error) {
    throw new InputError({ file: source.path }, `cannot read: ${describeFsError(error)}`);
  }
}

/** The file as a stream of text, BOM removed. */
export async function* decodedText(source: Source, encoding: string): AsyncGenerator<string> {
  const stream: Readable = await source.open();
  try {
    const decoder = iconv.getDecoder(encoding, { stripBOM: true });
    for await (const chunk of readable(stream, source)) {
      const text = decoder.write(chunk);
      if (text) yield text;
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    await closed(stream);
  }
}

/** Destroys a stream and waits until it has closed: stopped early, its file is closed when this returns. */
function closed(stream: Readable): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('close', () => resolve());
    stream.destroy();
  });
}
