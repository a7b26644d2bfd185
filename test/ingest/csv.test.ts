import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CsvSyntaxError, readCsvRows, type CsvProblem, type CsvReadOptions, type CsvRow } from '../../src/csv.js';
import { asyncChunks, collect, splitString } from '../helpers/streams.js';

/** Every read below is repeated with these chunk sizes, and must come out the same as reading the text whole. */
const CHUNK_SIZES = [1, 2, 3, 7];
const COMMA: CsvReadOptions = { delimiter: ',' };

function readIn(text: string, size: number, options: CsvReadOptions = COMMA): Promise<CsvRow[]> {
  return collect(readCsvRows(asyncChunks(splitString(text, size)), options));
}

/** The rows of `text`, checked to be the same whatever the chunk size. */
async function readRows(text: string, options: CsvReadOptions = COMMA): Promise<CsvRow[]> {
  const whole = await readIn(text, Math.max(1, text.length), options);
  for (const size of CHUNK_SIZES) {
    expect(await readIn(text, size, options), `chunks of ${size}`).toEqual(whole);
  }
  return whole;
}

const fieldsOf = (rows: CsvRow[]) => rows.map((row) => row.fields);
const linesOf = (rows: CsvRow[]) => rows.map((row) => row.line);

async function problemIn(text: string, size: number, options: CsvReadOptions): Promise<CsvProblem> {
  try {
    await readIn(text, size, options);
  } catch (error) {
    expect(error).toBeInstanceOf(CsvSyntaxError);
    return (error as CsvSyntaxError).problem;
  }
  throw new Error(`expected a CsvSyntaxError (chunks of ${size})`);
}

/** The syntax error `text` fails with, checked to be the same whatever the chunk size. */
async function syntaxError(text: string, options: CsvReadOptions = COMMA): Promise<CsvProblem> {
  const whole = await problemIn(text, Math.max(1, text.length), options);
  for (const size of CHUNK_SIZES) expect(await problemIn(text, size, options), `chunks of ${size}`).toEqual(whole);
  return whole;
}

/** Skip mode: the rows read and the problems reported, checked to be the same whatever the chunk size. */
async function readSkipping(
  text: string,
  options: CsvReadOptions = COMMA,
): Promise<{ rows: CsvRow[]; problems: CsvProblem[] }> {
  const run = async (size: number) => {
    const problems: CsvProblem[] = [];
    const rows = await readIn(text, size, { ...options, onBadRow: (problem) => problems.push(problem) });
    return { rows, problems };
  };
  const whole = await run(Math.max(1, text.length));
  for (const size of CHUNK_SIZES) expect(await run(size), `chunks of ${size}`).toEqual(whole);
  return whole;
}

describe('readCsvRows: rows and fields', () => {
  it('reads simple rows with their line and raw text', async () => {
    const rows = await readRows('id,name,owner\n1,Ada,u1\n2,Bob,u2\n');
    expect(rows).toEqual([
      { fields: ['id', 'name', 'owner'], line: 1, raw: 'id,name,owner' },
      { fields: ['1', 'Ada', 'u1'], line: 2, raw: '1,Ada,u1' },
      { fields: ['2', 'Bob', 'u2'], line: 3, raw: '2,Bob,u2' },
    ]);
  });

  it('reads the last row with or without a trailing line break', async () => {
    for (const ending of ['', '\n', '\r\n', '\r']) {
      expect(fieldsOf(await readRows(`a,b\n1,2${ending}`)), JSON.stringify(ending)).toEqual([
        ['a', 'b'],
        ['1', '2'],
      ]);
    }
  });

  it('reads nothing from empty text or text of blank lines', async () => {
    expect(await readRows('')).toEqual([]);
    expect(await readRows('\n\r\n\r\n')).toEqual([]);
  });

  it('reads quoted fields holding the delimiter, doubled quotes and line breaks', async () => {
    const rows = await readRows(
      'a,b\n' + '"x, y","say ""hi"""\n' + '"line\nbreak","crlf\r\ninside"\n' + '"lone\rcr",""""\n' + '"",","\n',
    );
    expect(fieldsOf(rows)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['line\nbreak', 'crlf\r\ninside'],
      ['lone\rcr', '"'],
      ['', ','],
    ]);
  });

  it('keeps spaces and a stray quote inside an unquoted field', async () => {
    expect(fieldsOf(await readRows(' a , b\nO"Neil,5" screen\n'))).toEqual([
      [' a ', ' b'],
      ['O"Neil', '5" screen'],
    ]);
  });

  it('reads empty fields, leading and trailing', async () => {
    expect(fieldsOf(await readRows(',,\na,,\n,,c\n"",,""\na,\n'))).toEqual([
      ['', '', ''],
      ['a', '', ''],
      ['', '', 'c'],
      ['', '', ''],
      ['a', ''],
    ]);
  });

  it('keeps values as strings: leading zeros, plus signs, long digit ids', async () => {
    expect(fieldsOf(await readRows('00123,+14155550100,123456789012345678,1e5,true\n'))).toEqual([
      ['00123', '+14155550100', '123456789012345678', '1e5', 'true'],
    ]);
  });

  it('reads unicode text as is', async () => {
    expect(fieldsOf(await readRows('name,city\nTomasz Wójcik,Kraków\n"Zoë, 😀",東京\n'))).toEqual([
      ['name', 'city'],
      ['Tomasz Wójcik', 'Kraków'],
      ['Zoë, 😀', '東京'],
    ]);
  });

  it('skips blank lines but counts them', async () => {
    const rows = await readRows('a\n\n\nb\r\n\r\nc\r\rd\n');
    expect(fieldsOf(rows)).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(linesOf(rows)).toEqual([1, 4, 6, 8]);
  });

  it('reads a line `""` as a row of one empty field, not as a blank line', async () => {
    // A blank line is skipped; a quoted empty value is data (the loader then checks its field count).
    const rows = await readRows('a\n""\n\nb\n');
    expect(rows).toEqual([
      { fields: ['a'], line: 1, raw: 'a' },
      { fields: [''], line: 2, raw: '""' },
      { fields: ['b'], line: 4, raw: 'b' },
    ]);
  });

  it('reads other delimiters: semicolon, tab, pipe', async () => {
    expect(fieldsOf(await readRows('id;name;revenue\n1;"Müller; GmbH";1,5\n', { delimiter: ';' }))).toEqual([
      ['id', 'name', 'revenue'],
      ['1', 'Müller; GmbH', '1,5'],
    ]);
    expect(fieldsOf(await readRows('id\tname\n1\t"a\tb"\n2\tc, d\n', { delimiter: '\t' }))).toEqual([
      ['id', 'name'],
      ['1', 'a\tb'],
      ['2', 'c, d'],
    ]);
    expect(fieldsOf(await readRows('id|name\n1|"a|b"\n2|c,d;e\n', { delimiter: '|' }))).toEqual([
      ['id', 'name'],
      ['1', 'a|b'],
      ['2', 'c,d;e'],
    ]);
  });
});

describe('readCsvRows: physical line numbers and raw text', () => {
  it('counts a CRLF inside a quoted field once', async () => {
    const rows = await readRows('a,b\r\n1,"x\r\ny\r\nz"\r\n2,w\r\n');
    expect(linesOf(rows)).toEqual([1, 2, 5]);
  });

  it('counts LF, lone CR and LF CR (two breaks) inside quoted fields', async () => {
    const rows = await readRows('h\n"a\nb"\n"c\rd"\n"e\n\rf"\n"g\r"\nlast\n');
    expect(fieldsOf(rows)).toEqual([['h'], ['a\nb'], ['c\rd'], ['e\n\rf'], ['g\r'], ['last']]);
    expect(linesOf(rows)).toEqual([1, 2, 4, 6, 9, 11]);
  });

  it('counts lone CR line endings', async () => {
    expect(linesOf(await readRows('a\rb\rc\r'))).toEqual([1, 2, 3]);
  });

  it('counts mixed LF, CRLF and CR line endings', async () => {
    const rows = await readRows('a,1\nb,2\r\nc,3\rd,4\n\re,5');
    expect(fieldsOf(rows)).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
      ['e', '5'],
    ]);
    expect(linesOf(rows)).toEqual([1, 2, 3, 4, 6]);
  });

  it('gives the raw text of a row as in the file, quotes and inner line breaks kept, ending dropped', async () => {
    const rows = await readRows('id,note\r\n1,"two\r\nlines, ""quoted"""\r\n2,plain\n');
    expect(rows.map((row) => row.raw)).toEqual(['id,note', '1,"two\r\nlines, ""quoted"""', '2,plain']);
  });
});

describe('readCsvRows: syntax errors', () => {
  it('reports an unclosed quote with the line the row starts on and its field', async () => {
    const problem = await syntaxError('a,b\n1,2\n3,"never closed\n4,5\n');
    expect(problem).toMatchObject({ line: 3, column: 2, raw: '3,"never closed' });
    expect(problem.reason).toMatch(/never closed/);
  });

  it('reports an unclosed quote in the first field', async () => {
    expect(await syntaxError('a\n"x')).toMatchObject({ line: 2, column: 1, raw: '"x' });
  });

  it('reports text after a closing quote with line and field', async () => {
    const problem = await syntaxError('a,b,c\n1,"x"y,3\n');
    expect(problem).toMatchObject({ line: 2, column: 2, raw: '1,"x"y,3' });
    expect(problem.reason).toMatch(/after a closing quote/);
    expect(problem.reason).toContain('"y"');
  });

  it('names the physical line after earlier multi-line fields', async () => {
    const problem = await syntaxError('h,i\r\n"a\r\nb",c\r\n\r\nd,"e" \r\n');
    expect(problem).toMatchObject({ line: 5, column: 2, raw: 'd,"e" ' });
  });

  it('throws a CsvSyntaxError whose message is the reason', async () => {
    const error = await readIn('a\n"b"c\n', 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe((error as CsvSyntaxError).problem.reason);
  });
});

describe('readCsvRows: skip mode (onBadRow)', () => {
  it('reports a bad row and resumes at the next line', async () => {
    const { rows, problems } = await readSkipping('a,b\n1,"x"y\n2,3\n');
    expect(rows).toEqual([
      { fields: ['a', 'b'], line: 1, raw: 'a,b' },
      { fields: ['2', '3'], line: 3, raw: '2,3' },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2, column: 2, raw: '1,"x"y' });
  });

  it('skips only the first line of a row whose quote is never closed', async () => {
    const { rows, problems } = await readSkipping('a,b\r\n1,"open\r\n2,3\r\n4,5');
    expect(fieldsOf(rows)).toEqual([
      ['a', 'b'],
      ['2', '3'],
      ['4', '5'],
    ]);
    expect(linesOf(rows)).toEqual([1, 3, 4]);
    expect(problems).toEqual([expect.objectContaining({ line: 2, column: 2, raw: '1,"open' })]);
  });

  it('lists every problem in order and keeps counting lines', async () => {
    const { rows, problems } = await readSkipping('h\n"a"b\nok1\n"c"d\n\n"e\nf"\n"g"h');
    expect(problems.map((p) => [p.line, p.column, p.raw])).toEqual([
      [2, 1, '"a"b'],
      [4, 1, '"c"d'],
      [8, 1, '"g"h'],
    ]);
    expect(rows.map((row) => [row.line, row.fields])).toEqual([
      [1, ['h']],
      [3, ['ok1']],
      [6, ['e\nf']],
    ]);
  });

  it('resumes after a bad row whose line ends in a later chunk', async () => {
    // The error is seen before the end of its line has arrived: the reader must read on, not stop.
    const problems: CsvProblem[] = [];
    const rows = await collect(
      readCsvRows(asyncChunks(['a,b\n', '"x"y', ',z\nc,d\n']), { delimiter: ',', onBadRow: (p) => problems.push(p) }),
    );
    expect(rows.map((row) => [row.line, row.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['c', 'd']],
    ]);
    expect(problems).toEqual([expect.objectContaining({ line: 2, column: 1, raw: '"x"y,z' })]);
  });

  it('does not count a CRLF cut by a chunk boundary twice after a bad row', async () => {
    const problems: CsvProblem[] = [];
    const rows = await collect(
      readCsvRows(asyncChunks(['a,b\n"x"y,z\r', '\nc,d\n']), { delimiter: ',', onBadRow: (p) => problems.push(p) }),
    );
    expect(rows.map((row) => [row.line, row.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['c', 'd']],
    ]);
    expect(problems.map((p) => p.line)).toEqual([2]);
  });

  it('throws from onBadRow stop the read', async () => {
    const read = collect(
      readCsvRows(asyncChunks(['a\n"x"y\nb\n']), {
        delimiter: ',',
        onBadRow: () => {
          throw new Error('stop');
        },
      }),
    );
    await expect(read).rejects.toThrow('stop');
  });
});

describe('readCsvRows: maximum row length (maxRowChars)', () => {
  it('rejects a complete row longer than the limit', async () => {
    const text = `a,b\n1,${'x'.repeat(50)}\n2,3\n`;
    const problem = await syntaxError(text, { delimiter: ',', maxRowChars: 20 });
    expect(problem).toMatchObject({ line: 2, column: 1 });
    expect(problem.reason).toMatch(/longer than 20 characters/);
    // Rows at the limit are fine.
    expect(fieldsOf(await readRows(text, { delimiter: ',', maxRowChars: 52 }))).toHaveLength(3);
  });

  it('skips a row longer than the limit in skip mode', async () => {
    const { rows, problems } = await readSkipping(`a,b\n1,${'x'.repeat(50)}\n2,3\n`, {
      delimiter: ',',
      maxRowChars: 20,
    });
    expect(rows.map((row) => [row.line, row.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['2', '3']],
    ]);
    expect(problems).toEqual([expect.objectContaining({ line: 2, column: 1 })]);
  });

  /** Chunks of `text`, counting how many were taken. */
  function counted(text: string, size: number) {
    const state = { taken: 0 };
    async function* chunks() {
      for (const chunk of splitString(text, size)) {
        state.taken++;
        yield chunk;
      }
    }
    return { chunks: chunks(), state };
  }

  it('stops at a quote left open long before the end of a large stream', async () => {
    const text = 'a,b\n1,"oops\n' + '2,3\n'.repeat(100_000);
    const { chunks, state } = counted(text, 1000);
    const error = await collect(readCsvRows(chunks, { delimiter: ',', maxRowChars: 1000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvSyntaxError);
    const problem = (error as CsvSyntaxError).problem;
    expect(problem).toMatchObject({ line: 2, column: 1, raw: '1,"oops' });
    expect(problem.reason).toMatch(/longer than 1,000 characters \(is a quote left open\?\)/);
    expect(state.taken).toBeLessThan(text.length / 1000 / 2);
  });

  it('in skip mode, drops only the line of the open quote and reads every row after it', async () => {
    const text = 'a,b\n1,"oops\n' + '2,3\n'.repeat(100_000);
    const problems: CsvProblem[] = [];
    const rows = await collect(
      readCsvRows(asyncChunks(splitString(text, 4096)), {
        delimiter: ',',
        maxRowChars: 1000,
        onBadRow: (p) => problems.push(p),
      }),
    );
    expect(problems).toEqual([expect.objectContaining({ line: 2, column: 1 })]);
    expect(rows).toHaveLength(100_001);
    expect(rows[1]).toEqual({ fields: ['2', '3'], line: 3, raw: '2,3' });
    expect(rows.at(-1)?.line).toBe(100_002);
  });
});

describe('readCsvRows: skip mode keeps no more of an over-long line than the limit', () => {
  /** Chunks of `text`, counting the characters handed over. */
  function counted(pieces: string[]) {
    const state = { given: 0 };
    async function* chunks() {
      for (const piece of pieces) {
        state.given += piece.length;
        yield piece;
      }
    }
    return { chunks: chunks(), state };
  }

  async function readSkippingCounted(pieces: string[], maxRowChars: number) {
    const { chunks, state } = counted(pieces);
    const problems: (CsvProblem & { givenSoFar: number })[] = [];
    const rows = await collect(
      readCsvRows(chunks, {
        delimiter: ',',
        maxRowChars,
        onBadRow: (p) => problems.push({ ...p, givenSoFar: state.given }),
      }),
    );
    return { rows, problems };
  }

  it('rejects a line without a line break for 5,000,000 characters before reading to its end, then reads the rows after it', async () => {
    const text = `a,b\n1,2\n3,${'x'.repeat(5_000_000)}\n4,5\n6,7\n`;
    const { rows, problems } = await readSkippingCounted(splitString(text, 64 * 1024), 100_000);
    expect(rows.map((row) => [row.line, row.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [4, ['4', '5']],
      [5, ['6', '7']],
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, column: 1, raw: `3,${'x'.repeat(998)}…` });
    expect(problems[0].reason).toMatch(/longer than 100,000 characters/);
    // Reported once the limit was passed, not after the line's 5,000,000 characters arrived.
    expect(problems[0].givenSoFar).toBeLessThan(500_000);
  });

  it('drops a broken row whose line runs on past the limit without waiting for the line to end', async () => {
    const text = `a,b\n"1"x,${'y'.repeat(1_000_000)}\n2,3\n`;
    const { rows, problems } = await readSkippingCounted(splitString(text, 64 * 1024), 100_000);
    expect(rows.map((row) => [row.line, row.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['2', '3']],
    ]);
    expect(problems).toEqual([
      expect.objectContaining({ line: 2, column: 1, reason: expect.stringMatching(/after a closing quote/) }),
    ]);
    expect(problems[0].givenSoFar).toBeLessThan(500_000);
  });

  it('counts a CRLF split between chunks once after a dropped line', async () => {
    const long = 'x'.repeat(200_000);
    const { rows, problems } = await readSkippingCounted(['a,b\n1,', long, `${long}\r`, '\n2,3\r\n4,5'], 1000);
    expect(rows.map((row) => [row.line, row.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['2', '3']],
      [4, ['4', '5']],
    ]);
    expect(problems).toEqual([expect.objectContaining({ line: 2, column: 1 })]);
  });

  it('ends cleanly when the over-long line is the last one', async () => {
    const { rows, problems } = await readSkippingCounted(
      ['a,b\n1,2\n3,', 'x'.repeat(300_000), 'x'.repeat(300_000)],
      1000,
    );
    expect(rows.map((row) => row.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(problems).toEqual([expect.objectContaining({ line: 3, column: 1 })]);
  });

  it('reads the same rows and problems whatever the chunk size', async () => {
    const { rows, problems } = await readSkipping(
      `a,b\n1,${'x'.repeat(150_000)}\r\n2,3\n4,${'y'.repeat(150_000)}\r5,6\n`,
      { delimiter: ',', maxRowChars: 1000 },
    );
    expect(rows.map((row) => [row.line, row.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['2', '3']],
      [5, ['5', '6']],
    ]);
    expect(problems.map((problem) => [problem.line, problem.reason])).toEqual([
      [2, 'row is longer than 1,000 characters'],
      [4, 'row is longer than 1,000 characters'],
    ]);
  });
});

describe('readCsvRows on the csv-spectrum corpus', () => {
  const root = path.dirname(createRequire(import.meta.url).resolve('csv-spectrum/package.json'));
  const names = readdirSync(path.join(root, 'csvs'))
    .filter((file) => file.endsWith('.csv'))
    .map((file) => file.slice(0, -'.csv'.length));

  /** The rows of a spectrum CSV as objects keyed by the header, as the corpus's JSON files hold them. */
  async function spectrumRecords(name: string): Promise<Record<string, string>[]> {
    const [header, ...rows] = fieldsOf(await readRows(readFileSync(path.join(root, 'csvs', `${name}.csv`), 'utf8')));
    return rows.map((fields) => Object.fromEntries(header.map((key, i) => [key, fields[i]])));
  }

  it('holds the twelve cases', () => {
    expect(names).toHaveLength(12);
    expect(names).toContain('location_coordinates');
  });

  for (const name of names.filter((n) => n !== 'location_coordinates')) {
    it(`reads ${name}.csv as its json says`, async () => {
      const expected = JSON.parse(readFileSync(path.join(root, 'json', `${name}.json`), 'utf8'));
      expect(await spectrumRecords(name)).toEqual(expected);
    });
  }

  it('reads location_coordinates.csv right, where its json is wrong upstream', async () => {
    const upstream = JSON.parse(readFileSync(path.join(root, 'json', 'location_coordinates.json'), 'utf8'));
    // Upstream's expected file is a bare object, not an array of rows, and holds a phone number
    // (1234567890) that is not the one in the CSV (2095257564).
    expect(Array.isArray(upstream)).toBe(false);
    expect(upstream['Contact Phone Number']).toBe('1234567890');
    // The right answer: one row; the phone number as in the file; the degree signs are U+FFFD in
    // the file itself; the `"` of the seconds sit inside an unquoted field and are kept as they are.
    expect(await spectrumRecords('location_coordinates')).toEqual([
      {
        'Contact Phone Number': '2095257564',
        'Location Coordinates': '37\uFFFD36\'37.8"N 121\uFFFD2\'17.9"W',
        Cities: 'Modesto',
        Counties: 'Stanislaus',
      },
    ]);
    // Apart from the phone number, upstream agrees.
    expect({ ...upstream, 'Contact Phone Number': '2095257564' }).toEqual(
      (await spectrumRecords('location_coordinates'))[0],
    );
  });
});

describe('readCsvRows against csv-stringify and csv-parse (properties)', () => {
  /** Pieces that make CSV hard, and random text around them. */
  const piece = fc.oneof(
    fc.constantFrom(
      ',',
      '"',
      '""',
      '\r',
      '\n',
      '\r\n',
      '\n\r',
      ' ',
      '',
      ';',
      '\t',
      'é',
      '€',
      '😀',
      '東京',
      '\uFEFF',
      'a',
      '0',
    ),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
  );
  const cell = fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join(''));
  const isLoneEmpty = (row: string[]) => row.length === 1 && row[0] === '';
  const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });

  type Serialise = { name: string; options: Parameters<typeof stringify>[1]; keepsLoneEmpty: boolean };
  // Fields with CR or LF are always quoted (csv-stringify leaves a lone CR, or with `windows` a
  // lone LF, unquoted). With `quoted_empty`, a row of one empty field is the line `""`, which is a
  // row, not a blank line; without it such a row is an empty line and both readers skip or differ,
  // so those rows are left out. (`quoted: true` alone does not quote empty strings.)
  const SERIALISERS: Serialise[] = [
    { name: 'unix', options: { record_delimiter: 'unix', quoted_match: /[\r\n]/ }, keepsLoneEmpty: false },
    { name: 'windows', options: { record_delimiter: 'windows', quoted_match: /[\r\n]/ }, keepsLoneEmpty: false },
    {
      name: 'windows, empty quoted',
      options: { record_delimiter: 'windows', quoted_match: /[\r\n]/, quoted_empty: true },
      keepsLoneEmpty: true,
    },
    {
      name: 'unix, all quoted',
      options: { record_delimiter: 'unix', quoted: true, quoted_empty: true },
      keepsLoneEmpty: true,
    },
  ];

  for (const { name, options, keepsLoneEmpty } of SERIALISERS) {
    it(`reads back what csv-stringify writes (${name}) and agrees with csv-parse`, async () => {
      await fc.assert(
        fc.asyncProperty(table, fc.integer({ min: 1, max: 13 }), async (generated, size) => {
          const rows = keepsLoneEmpty ? generated : generated.filter((row) => !isLoneEmpty(row));
          const text = stringify(rows, options);
          const read = fieldsOf(await readIn(text, size));
          expect(read).toEqual(rows);
          const parsed = parse(text, {
            relax_column_count: true,
            record_delimiter: ['\r\n', '\n', '\r'],
          }) as string[][];
          expect(read).toEqual(parsed);
        }),
        { numRuns: 300 },
      );
    });
  }

  /** Line breaks in `text`, a CRLF counted once: written independently of the reader. */
  const lineBreaks = (text: string) => (text.match(/\r\n|\r|\n/g) ?? []).length;

  it('numbers each row 1 + the line breaks before it, blank lines between rows included', async () => {
    const blank = fc.constantFrom('', '', '\n', '\r\n', '\r', '\n\n');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.array(cell, { minLength: 1, maxLength: 4 }), blank), { minLength: 1, maxLength: 8 }),
        fc.constantFrom<'unix' | 'windows'>('unix', 'windows'),
        fc.integer({ min: 1, max: 9 }),
        async (generated, recordDelimiter, size) => {
          const rows = generated.filter(([row]) => !isLoneEmpty(row));
          let text = '';
          const expected: CsvRow[] = [];
          for (const [row, blankLines] of rows) {
            const serialised = stringify([row], { record_delimiter: recordDelimiter, quoted_match: /[\r\n]/ });
            const ending = recordDelimiter === 'unix' ? '\n' : '\r\n';
            expect(serialised.endsWith(ending)).toBe(true);
            expected.push({ fields: row, line: 1 + lineBreaks(text), raw: serialised.slice(0, -ending.length) });
            text += serialised + blankLines;
          }
          expect(await readIn(text, size)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
