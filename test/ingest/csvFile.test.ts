import { describe, it, expect } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { CsvProblem } from '../../src/csv.js';
import { openCsv } from '../../src/ingest/sources/csvFile.js';
import { fingerprint } from '../../src/ingest/sources/decode.js';
import { expandInputs, type Source } from '../../src/ingest/sources/sources.js';
import { tempDir } from '../helpers/cli.js';

const dir = tempDir('crm-owners-csvfile-');
const MB = 1024 * 1024;

/** The source, counting the bytes read from it so far. */
function counting(source: Source) {
  const state = { bytes: 0 };
  async function* bytesOf(stream: Readable) {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      state.bytes += chunk.length;
      yield chunk;
    }
  }
  const counted: Source = { ...source, open: async () => Readable.from(bytesOf(await source.open())) };
  return { counted, state };
}

describe('openCsv in skip mode: a 40 MB line without a line break', () => {
  it('is rejected once the row limit is passed, its rest dropped unread into memory, and the rows after it load', async () => {
    const file = path.join(dir, 'contacts.csv');
    writeFileSync(file, `id,name\n1,a\n2,${'x'.repeat(40 * MB)}\n3,c\n4,d\n`);
    const [source] = await expandInputs([file]);
    const { counted, state } = counting(source);
    const problems: (CsvProblem & { bytesRead: number })[] = [];
    const csv = await openCsv(counted, await fingerprint(source), {
      maxRowChars: MB,
      onBadRow: (problem) => problems.push({ ...problem, bytesRead: state.bytes }),
    });
    const rows = [];
    for await (const batch of csv.rows) rows.push(...batch);

    expect(csv.header.fields).toEqual(['id', 'name']);
    expect(rows.map((row) => [row.line, row.fields])).toEqual([
      [2, ['1', 'a']],
      [4, ['3', 'c']],
      [5, ['4', 'd']],
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      line: 3,
      column: 1,
      reason: 'row is longer than 1,048,576 characters',
      raw: `2,${'x'.repeat(998)}…`,
    });
    // Rejected after a few MB of the 40, not once the whole line was in memory.
    expect(problems[0].bytesRead).toBeLessThan(8 * MB);
  });
});

describe('openCsv: closing', () => {
  it('closes the file when only the header was read', async () => {
    const file = path.join(dir, 'accounts.csv');
    writeFileSync(file, 'id,owner\n1,u1\n2,u2\n');
    const [source] = await expandInputs([file]);
    const descriptors = () => readdirSync('/proc/self/fd').length;
    const before = descriptors();
    const csv = await openCsv(source, await fingerprint(source));
    expect(csv.header.fields).toEqual(['id', 'owner']);
    expect(descriptors()).toBe(before + 1);
    await csv.close();
    expect(descriptors()).toBe(before);
  });
});
