import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { decodedText, fingerprint, normaliseEncoding } from '../../src/ingest/sources/decode.js';
import { UsageError } from '../../src/errors.js';
import { bufferSource, collect } from '../helpers/streams.js';

/** Chunk sizes the bytes are read in: 1, 2 and 3 cut every multi-byte sequence somewhere. */
const CHUNK_SIZES = [1, 2, 3, 5, 64 * 1024];

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);
const UTF16BE_BOM = Buffer.from([0xfe, 0xff]);

const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

/** A CSV with text that needs two, three and four bytes in UTF-8. */
const TEXT = 'Id,Name,City\r\n1,Tomasz Wójcik,Kraków\r\n2,"Zoë € 😀",東京\r\n';

async function decode(bytes: Buffer, chunkSize: number, encoding?: string): Promise<string> {
  const source = bufferSource(bytes, chunkSize);
  const print = await fingerprint(source);
  return (await collect(decodedText(source, encoding ?? print.encoding))).join('');
}

describe('fingerprint and decodedText', () => {
  it('reads UTF-8 without a BOM', async () => {
    for (const size of CHUNK_SIZES) {
      const bytes = Buffer.from(TEXT, 'utf8');
      expect(await fingerprint(bufferSource(bytes, size)), `chunks of ${size}`).toMatchObject({
        encoding: 'utf8',
        validUtf8: true,
        binary: false,
      });
      expect(await decode(bytes, size)).toBe(TEXT);
    }
  });

  it('reads UTF-8 with a BOM and strips the BOM from the text', async () => {
    for (const size of CHUNK_SIZES) {
      const bytes = Buffer.concat([UTF8_BOM, Buffer.from(TEXT, 'utf8')]);
      expect(await fingerprint(bufferSource(bytes, size)), `chunks of ${size}`).toMatchObject({
        encoding: 'utf8',
        validUtf8: true,
        binary: false,
      });
      const text = await decode(bytes, size);
      expect(text).toBe(TEXT);
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
    }
  });

  it('reads UTF-16LE with a BOM (not binary, though ASCII holds NUL bytes)', async () => {
    for (const size of CHUNK_SIZES) {
      const bytes = Buffer.concat([UTF16LE_BOM, Buffer.from(TEXT, 'utf16le')]);
      expect(await fingerprint(bufferSource(bytes, size)), `chunks of ${size}`).toMatchObject({
        encoding: 'utf16le',
        binary: false,
      });
      expect(await decode(bytes, size), `chunks of ${size}`).toBe(TEXT);
    }
  });

  it('reads UTF-16BE with a BOM', async () => {
    for (const size of CHUNK_SIZES) {
      const bytes = Buffer.concat([UTF16BE_BOM, utf16be(TEXT)]);
      expect(await fingerprint(bufferSource(bytes, size)), `chunks of ${size}`).toMatchObject({
        encoding: 'utf16be',
        binary: false,
      });
      expect(await decode(bytes, size), `chunks of ${size}`).toBe(TEXT);
    }
  });

  it('reads Windows-1252 when the bytes are not valid UTF-8, and decodes € ’ “ ” – é right', async () => {
    // Excel "CSV" on Windows: 0x80 €, 0x92 ’, 0x93 “, 0x94 ”, 0x96 –, 0xE9 é.
    const bytes = Buffer.concat([
      Buffer.from('Id;Name;Note\r\n1;Caf', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from(';', 'latin1'),
      Buffer.from([0x80, 0x20, 0x92, 0x20, 0x93, 0x78, 0x94, 0x20, 0x96]),
      Buffer.from('\r\n', 'latin1'),
    ]);
    for (const size of CHUNK_SIZES) {
      expect(await fingerprint(bufferSource(bytes, size)), `chunks of ${size}`).toMatchObject({
        encoding: 'windows1252',
        validUtf8: false,
        binary: false,
      });
      expect(await decode(bytes, size)).toBe('Id;Name;Note\r\n1;Café;€ ’ “x” –\r\n');
    }
  });

  it('keeps a valid UTF-8 file whose multi-byte characters straddle chunk boundaries as utf8', async () => {
    // Every character here is 2, 3 or 4 bytes long.
    const text = 'é€😀東ß'.repeat(50);
    const bytes = Buffer.from(text, 'utf8');
    for (const size of [1, 2, 3, 4, 5, 7, 11]) {
      expect(await fingerprint(bufferSource(bytes, size)), `chunks of ${size}`).toMatchObject({
        encoding: 'utf8',
        validUtf8: true,
      });
      expect(await decode(bytes, size)).toBe(text);
    }
  });

  it('does not take a file with a truncated multi-byte sequence at the very end as UTF-8', async () => {
    const euro = Buffer.from('€', 'utf8'); // e2 82 ac
    for (const cut of [1, 2]) {
      const bytes = Buffer.concat([Buffer.from('a,b\n1,', 'utf8'), euro.subarray(0, cut)]);
      for (const size of [1, 2, 3, 100]) {
        expect(await fingerprint(bufferSource(bytes, size)), `${cut} byte(s) of €, chunks of ${size}`).toMatchObject({
          validUtf8: false,
          encoding: 'windows1252',
        });
      }
    }
    // The same bytes with the sequence complete are UTF-8.
    expect(await fingerprint(bufferSource(Buffer.concat([Buffer.from('a,b\n1,'), euro]), 1))).toMatchObject({
      validUtf8: true,
      encoding: 'utf8',
    });
  });

  it('does not take a file with a bad sequence in the middle as UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0xe2, 0x28, 0xa1]), Buffer.from(',ok\n')]);
    for (const size of [1, 3, 100]) {
      expect(await fingerprint(bufferSource(bytes, size))).toMatchObject({ validUtf8: false, encoding: 'windows1252' });
    }
  });

  it('calls a file with NUL bytes near the start binary', async () => {
    const bytes = Buffer.concat([
      Buffer.from('PK'),
      Buffer.from([0x03, 0x04, 0x00, 0x00, 0x14]),
      Buffer.from('garbage'),
    ]);
    for (const size of [1, 2, 3, 1000]) {
      expect((await fingerprint(bufferSource(bytes, size))).binary, `chunks of ${size}`).toBe(true);
    }
    // UTF-16 without a BOM looks binary too, until the encoding is given.
    const utf16 = Buffer.from('a,b\n', 'utf16le');
    expect((await fingerprint(bufferSource(utf16, 3))).binary).toBe(true);
    expect(await fingerprint(bufferSource(utf16, 3), 'utf16le')).toMatchObject({ encoding: 'utf16le', binary: false });
  });

  it('looks for NUL bytes only near the start', async () => {
    const bytes = Buffer.concat([Buffer.from('x'.repeat(100_000)), Buffer.from([0])]);
    expect((await fingerprint(bufferSource(bytes, 4096))).binary).toBe(false);
  });

  it('gives the size and SHA-256 of the bytes, whatever the chunk size', async () => {
    const bytes = Buffer.concat([UTF8_BOM, Buffer.from(TEXT.repeat(20), 'utf8')]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    for (const size of CHUNK_SIZES) {
      expect(await fingerprint(bufferSource(bytes, size))).toMatchObject({ size: bytes.length, sha256 });
    }
    const empty = await fingerprint(bufferSource(Buffer.alloc(0)));
    expect(empty).toMatchObject({
      size: 0,
      sha256: createHash('sha256').digest('hex'),
      encoding: 'utf8',
      binary: false,
    });
  });

  it('uses a forced encoding over the BOM and the bytes', async () => {
    const bytes = Buffer.from('Café', 'utf8');
    expect((await fingerprint(bufferSource(bytes), 'latin1')).encoding).toBe('latin1');
    expect(await decode(bytes, 2, 'latin1')).toBe('CafÃ©');
    expect(
      (await fingerprint(bufferSource(Buffer.concat([UTF16LE_BOM, Buffer.from('a', 'utf16le')])), 'utf8')).encoding,
    ).toBe('utf8');
  });
});

describe('normaliseEncoding', () => {
  it('accepts the common spellings', () => {
    const cases: Record<string, string> = {
      'UTF-8': 'utf8',
      utf8: 'utf8',
      ' utf-8 ': 'utf8',
      'UTF-8-BOM': 'utf8',
      'UTF-16': 'utf16le',
      'utf-16le': 'utf16le',
      'UTF16-LE': 'utf16le',
      'UCS-2': 'utf16le',
      Unicode: 'utf16le',
      'UTF-16BE': 'utf16be',
      cp1252: 'windows1252',
      'Windows-1252': 'windows1252',
      ANSI: 'windows1252',
      latin1: 'latin1',
      'ISO-8859-1': 'latin1',
    };
    for (const [name, expected] of Object.entries(cases)) expect(normaliseEncoding(name), name).toBe(expected);
  });

  it('passes through other encodings iconv-lite knows', () => {
    expect(normaliseEncoding('Shift_JIS')).toBe('shiftjis');
    expect(normaliseEncoding('windows-1250')).toBe('windows1250');
  });

  it('rejects an unknown encoding with a usage error naming it', () => {
    expect(() => normaliseEncoding('klingon-8')).toThrow(UsageError);
    expect(() => normaliseEncoding('klingon-8')).toThrow('unknown encoding "klingon-8"');
    try {
      normaliseEncoding('');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).hint).toMatch(/utf-8.*windows-1252/);
    }
  });
});
