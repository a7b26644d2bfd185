/**
 * Hostile input: real fixture exports, mutated by a seeded PRNG (byte flips, stray quotes, NUL
 * bytes, truncation, CR-only line endings, a 1 MB field, a 10,000-column row, random binary, empty
 * files, a lone BOM...). Every load must end in a result or a CrmOwnersError — never a TypeError,
 * RangeError or raw SqliteError — and a rejected load must leave the database as it was.
 *
 * Most mutations run in-process (the built library, called directly) so hundreds fit in well under
 * a minute; a sample also goes through the binary. The seed is fixed: a failure names the case
 * (seed, index, mutations, source), which regenerates the same bytes.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrmOwnersError } from '../../dist/errors.js';
import { CsvSyntaxError, DEFAULT_MAX_ROW_CHARS, readCsvRows } from '../../dist/csv.js';
import { openDatabase } from '../../dist/store/database.js';
import { loadSnapshot } from '../../dist/load/loadSnapshot.js';
import { fixture, tempDir } from '../helpers/cli.js';
import { expectCleanMessage, leftoverTempFiles, spawnCli } from './helpers.js';
import { mulberry32 } from '../helpers/random.js';

const SEED = 20261122;
const CASES = 600;
const SPAWNED = 20;

const SOURCES = [
  fixture('salesforce/dataloader/User.csv'),
  fixture('salesforce/dataloader/Account.csv'),
  fixture('salesforce/dataloader/Contact.csv'),
  fixture('salesforce/dataloader/Lead.csv'),
  fixture('hubspot/hubspot-crm-exports-all-companies-2026-11-01.csv'),
  fixture('hubspot/hubspot-crm-exports-all-contacts-2026-11-01.csv'),
  fixture('hubspot/hubspot-owners-2026-11-01.csv'),
  fixture('hubspot/hubspot-crm-exports-2026-11-01.zip'),
  fixture('messy/accounts-cp1252-semicolon.csv'),
  fixture('messy/accounts-spaces-caps-headers.csv'),
  fixture('messy/contacts-leading-zeros.csv'),
  fixture('messy/contacts-mixed-eol.csv'),
  fixture('messy/contacts-pipe.csv'),
  fixture('messy/contacts-utf16be.csv'),
  fixture('messy/contacts-utf16le-tab.csv'),
  fixture('messy/contacts-utf8-bom-crlf.csv'),
  fixture('salesforce/legacy/accountData.csv'),
];

/** Owners loaded beside a mutated file half of the time, so owner resolution runs too. */
const OWNERS: Record<string, string> = {
  salesforce: fixture('salesforce/dataloader/User.csv'),
  hubspot: fixture('hubspot/hubspot-owners-2026-11-01.csv'),
  messy: fixture('generic/owners.csv'),
};

// ---------------------------------------------------------------- seeded randomness

type Rng = () => number;

/** Seeded: the same cases on every machine. */
const prng = (seed: number): Rng => mulberry32(seed);

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)];

function insertAt(buf: Buffer, at: number, bytes: Buffer): Buffer {
  return Buffer.concat([buf.subarray(0, at), bytes, buf.subarray(at)]);
}

function randomBytes(rng: Rng, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = int(rng, 256);
  return out;
}

/** An offset in the data part of the file (after the first line break), or anywhere if there is none. */
function dataOffset(rng: Rng, buf: Buffer): number {
  const firstBreak = buf.indexOf(0x0a);
  const start = firstBreak < 0 ? 0 : firstBreak + 1;
  return start + int(rng, Math.max(1, buf.length - start));
}

// ---------------------------------------------------------------- mutations

type Mutation = (buf: Buffer, rng: Rng) => Buffer;

const MUTATIONS: Record<string, Mutation> = {
  'byte flips': (buf, rng) => {
    const out = Buffer.from(buf);
    const n = 1 + int(rng, 8);
    for (let i = 0; i < n && out.length > 0; i++) out[int(rng, out.length)] ^= 1 << int(rng, 8);
    return out;
  },
  'random bytes overwritten': (buf, rng) => {
    const out = Buffer.from(buf);
    const n = 1 + int(rng, 32);
    for (let i = 0; i < n && out.length > 0; i++) out[int(rng, out.length)] = int(rng, 256);
    return out;
  },
  'stray quotes': (buf, rng) => {
    let out = buf;
    for (let i = 1 + int(rng, 3); i > 0; i--) out = insertAt(out, int(rng, out.length + 1), Buffer.from('"'));
    return out;
  },
  'NUL bytes': (buf, rng) => {
    let out = buf;
    for (let i = 1 + int(rng, 3); i > 0; i--) out = insertAt(out, int(rng, out.length + 1), Buffer.from([0]));
    return out;
  },
  truncation: (buf, rng) => buf.subarray(0, int(rng, buf.length + 1)),
  'CR-only line endings': (buf) => Buffer.from(buf.toString('latin1').replace(/\r\n|\n/g, '\r'), 'latin1'),
  'LF-only line endings, quote at the end': (buf) =>
    Buffer.concat([Buffer.from(buf.toString('latin1').replace(/\r\n/g, '\n'), 'latin1'), Buffer.from('"')]),
  'a 1 MB field': (buf, rng) => insertAt(buf, dataOffset(rng, buf), Buffer.alloc(1024 * 1024, 'x')),
  'a 1 MB quoted field with delimiters and line breaks': (buf) => {
    const firstBreak = buf.indexOf(0x0a);
    const field = Buffer.from(`"${'a,b;c\td|e\r\nf""g'.repeat((1024 * 1024) / 16)}"`);
    return insertAt(buf, firstBreak < 0 ? buf.length : firstBreak + 1, Buffer.concat([field, Buffer.from('\n')]));
  },
  'a row with 10,000 columns': (buf, rng) => {
    const row = Buffer.from(
      `${Array.from({ length: 10_000 }, (_, i) => `v${i}`).join(pick(rng, [',', ';', '\t', '|']))}\n`,
    );
    return insertAt(buf, buf.indexOf(0x0a) < 0 ? buf.length : buf.indexOf(0x0a) + 1, row);
  },
  'a header with 10,000 columns': (buf) => {
    const text = buf.toString('latin1');
    const end = text.search(/\r?\n|\r/);
    const header = end < 0 ? text : text.slice(0, end);
    const extra = Array.from({ length: 10_000 }, (_, i) => `extra${i}`).join(',');
    return Buffer.concat([
      Buffer.from(`${header},${extra}`, 'latin1'),
      Buffer.from(end < 0 ? '' : text.slice(end), 'latin1'),
    ]);
  },
  'random binary file': (_buf, rng) => randomBytes(rng, int(rng, 8192)),
  'random binary without NUL bytes': (_buf, rng) =>
    Buffer.from(randomBytes(rng, 1 + int(rng, 4096)).map((b) => b || 1)),
  'empty file': () => Buffer.alloc(0),
  'only a BOM': () => Buffer.from([0xef, 0xbb, 0xbf]),
  'only a UTF-16 BOM': (_buf, rng) =>
    Buffer.from(
      pick(rng, [
        [0xff, 0xfe],
        [0xfe, 0xff],
      ]),
    ),
  'a UTF-16 LE BOM before UTF-8 text': (buf) => Buffer.concat([Buffer.from([0xff, 0xfe]), buf]),
  'an odd number of bytes after a UTF-16 BOM': (buf) =>
    Buffer.concat([Buffer.from([0xfe, 0xff]), buf.length % 2 ? buf : Buffer.concat([buf, Buffer.from('x')])]),
  'lone surrogates and overlong UTF-8': (buf, rng) => {
    let out = buf;
    for (let i = 1 + int(rng, 4); i > 0; i--)
      out = insertAt(
        out,
        dataOffset(rng, out),
        Buffer.from(pick(rng, [[0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xe2, 0x82]])),
      );
    return out;
  },
  'lines deleted or repeated': (buf, rng) => {
    const lines = buf.toString('latin1').split('\n');
    for (let i = 1 + int(rng, 4); i > 0; i--) {
      const at = int(rng, lines.length);
      if (rng() < 0.5) lines.splice(at, 1);
      else lines.splice(at, 0, lines[int(rng, lines.length)] ?? '');
    }
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  'header only, or header twice': (buf, rng) => {
    const firstBreak = buf.indexOf(0x0a);
    const header = firstBreak < 0 ? buf : buf.subarray(0, firstBreak + 1);
    return rng() < 0.5 ? header : Buffer.concat([header, buf]);
  },
  'delimiters swapped in part of the file': (buf, rng) => {
    const text = buf.toString('latin1');
    const from = int(rng, text.length + 1);
    const to = from + int(rng, text.length - from + 1);
    return Buffer.from(
      text.slice(0, from) +
        text.slice(from, to).replace(/[,;\t|]/g, () => pick(rng, [',', ';', '\t', '|', ''])) +
        text.slice(to),
      'latin1',
    );
  },
  'SQL and formulas in values': (buf, rng) =>
    insertAt(
      buf,
      dataOffset(rng, buf),
      Buffer.from(pick(rng, [`'); DROP TABLE records; --`, `=cmd|' /C calc'!A0`, `" OR 1=1 --`, `\\x00`, `%s%s%n`])),
    ),
};

const NAMES = Object.keys(MUTATIONS);

interface Case {
  index: number;
  source: string;
  mutations: string[];
  bytes: Buffer;
  withOwners: boolean;
  skip: boolean;
}

function makeCase(index: number): Case {
  const rng = prng(SEED + index * 7919);
  const source = pick(rng, SOURCES);
  const count = rng() < 0.25 ? 2 + int(rng, 2) : 1;
  const mutations = Array.from({ length: count }, () => pick(rng, NAMES));
  let bytes: Buffer = readFileSync(source);
  for (const name of mutations) bytes = MUTATIONS[name](bytes, rng);
  return { index, source, mutations, bytes, withOwners: rng() < 0.5, skip: rng() < 0.5 };
}

function ownersFor(source: string): string | undefined {
  const family = source.includes('/hubspot/') ? 'hubspot' : source.includes('/messy/') ? 'messy' : 'salesforce';
  const owners = OWNERS[family];
  return owners === source ? undefined : owners;
}

const describeCase = (c: Case, mode: string) =>
  `case ${c.index} (seed ${SEED}): ${c.mutations.join(' + ')} of ${path.relative(fixture(), c.source)}, ${mode}${c.withOwners ? ', with owners' : ''}`;

// ---------------------------------------------------------------- the runs

const dir = tempDir('crm-owners-fuzz-');
const dbPath = path.join(dir, 'fuzz.db');
let db: ReturnType<typeof openDatabase>;

function tally() {
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    snapshots: count('snapshots'),
    files: count('snapshot_files'),
    owners: count('owners'),
    records: count('records'),
    duplicates: count('duplicate_rows'),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`hung for ${ms} ms: ${what}`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

beforeAll(() => {
  db = openDatabase(dbPath);
  // This connection only: fewer fsyncs keep hundreds of loads fast. Atomicity (rollback) is unchanged.
  db.pragma('synchronous = OFF');
});

afterAll(() => db?.close());

describe(`fuzz: ${CASES} mutated exports (seed ${SEED})`, () => {
  const cases = Array.from({ length: CASES }, (_, i) => makeCase(i));
  const tried = { files: 0, loads: 0, resolved: 0, rejected: 0 };

  it('each load in-process resolves, or rejects with a CrmOwnersError and changes nothing', async () => {
    const failures: string[] = [];
    const casesDir = path.join(dir, 'cases');
    for (const c of cases) {
      const caseDir = path.join(casesDir, String(c.index));
      mkdirSync(caseDir, { recursive: true });
      const file = path.join(caseDir, path.basename(c.source));
      writeFileSync(file, c.bytes);
      tried.files++;
      for (const mode of c.skip ? (['skip', 'fail'] as const) : (['fail', 'skip'] as const)) {
        const what = describeCase(c, mode);
        const owners = c.withOwners ? ownersFor(c.source) : undefined;
        const before = tally();
        const rejects = path.join(caseDir, `rejects-${mode}.csv`);
        tried.loads++;
        try {
          await withTimeout(
            loadSnapshot(db, {
              files: owners ? [owners, file] : [file],
              onBadRow: mode,
              rejectsPath: rejects,
              label: `case ${c.index}`,
            }),
            120_000,
            what,
          );
          tried.resolved++;
          const after = tally();
          if (after.snapshots !== before.snapshots + 1)
            failures.push(`${what}: resolved but snapshots went ${before.snapshots} → ${after.snapshots}`);
        } catch (error) {
          tried.rejected++;
          if (!(error instanceof CrmOwnersError)) {
            failures.push(
              `${what}: rejected with ${(error as Error)?.constructor?.name ?? typeof error}: ${(error as Error)?.message ?? String(error)}`.slice(
                0,
                400,
              ),
            );
          } else if (
            !error.message.includes(path.basename(c.source)) &&
            !error.message.includes(path.basename(owners ?? '\0'))
          ) {
            failures.push(`${what}: the message does not name the file: ${error.message.slice(0, 200)}`);
          }
          const after = tally();
          if (JSON.stringify(after) !== JSON.stringify(before))
            failures.push(
              `${what}: a rejected load changed the database: ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
            );
        }
        if (db.inTransaction) {
          failures.push(`${what}: left a transaction open`);
          db.exec('ROLLBACK');
        }
        const temp = leftoverTempFiles(caseDir);
        if (temp.length > 0) failures.push(`${what}: left temporary files ${temp.join(', ')}`);
      }
      // Keep the sample for the binary; drop the rest as we go (1 MB mutations add up).
      if (c.index % Math.floor(CASES / SPAWNED) !== 0) rmSync(caseDir, { recursive: true, force: true });
    }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    console.log(
      `fuzz: ${tried.files} mutated files, ${tried.loads} in-process loads (${tried.resolved} loaded, ${tried.rejected} rejected cleanly or not), ${failures.length} failures`,
    );
    expect(failures, failures.slice(0, 30).join('\n')).toEqual([]);
  });

  it(`the binary on a sample of ${SPAWNED} of them: exit 0, 1 or 2, a message, never a stack trace`, async () => {
    const failures: string[] = [];
    const sample = cases.filter((c) => c.index % Math.floor(CASES / SPAWNED) === 0).slice(0, SPAWNED);
    expect(sample).toHaveLength(SPAWNED);
    // Two at a time: this machine has two cores.
    for (let i = 0; i < sample.length; i += 2) {
      const runs = sample.slice(i, i + 2).map((c) => {
        const caseDir = path.join(dir, 'cases', String(c.index));
        const file = path.join(caseDir, path.basename(c.source));
        const args = [
          'load',
          file,
          '--db',
          path.join(caseDir, 'spawned.db'),
          '--rejects',
          path.join(caseDir, 'spawned-rejects.csv'),
        ];
        if (c.skip) args.push('--on-bad-row', 'skip');
        return { c, spawned: spawnCli(args) };
      });
      for (const { c, spawned } of runs) {
        const result = await spawned.done;
        const what = describeCase(c, c.skip ? 'skip' : 'fail');
        if (![0, 1, 2].includes(result.code)) failures.push(`${what}: exit ${result.code} ${result.signal ?? ''}`);
        try {
          expectCleanMessage(result);
        } catch (error) {
          failures.push(`${what}: ${(error as Error).message.slice(0, 400)}`);
        }
        if (result.code === 2 && !/crm-owners: error: /.test(result.stderr))
          failures.push(`${what}: exit 2 without an error message`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});

describe('pathological sizes', () => {
  /**
   * The row limit is 16 MiB; the test-only knob CRM_OWNERS_TEST_MAX_ROW_CHARS lowers it to 1 MiB, so
   * that a field of 7 MB takes the load down the same paths as one of 100 MB (7 times the limit:
   * read past it, fail or skip the rest of the row) without writing and reading 100 MB three times.
   */
  const LIMIT = 1024 * 1024;
  const HUGE = 7 * LIMIT;
  const KNOB = { CRM_OWNERS_TEST_MAX_ROW_CHARS: String(LIMIT) };

  it('without the knob the limit is 16 MiB: a 17 MiB field fails with "row is longer than 16,777,216 characters"', async () => {
    expect(DEFAULT_MAX_ROW_CHARS).toBe(16 * 1024 * 1024);
    const piece = 'y'.repeat(1024 * 1024);
    async function* chunks() {
      yield 'id,name\nc-1,';
      for (let i = 0; i < 17; i++) yield piece;
      yield '\nc-2,Small\n';
    }
    const error = await (async () => {
      for await (const _row of readCsvRows(chunks(), { delimiter: ',' })) void _row;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).problem).toMatchObject({ line: 2, column: 1 });
    expect((error as CsvSyntaxError).problem.reason).toMatch(/^row is longer than 16,777,216 characters/);
  });

  /** A contacts file whose one data row holds a HUGE field, written in 1 MB pieces. */
  function writeHugeField(file: string, quoted: boolean): void {
    const fd = openSync(file, 'w');
    try {
      writeSync(fd, `id,name,email,account_id,owner\nc-1,${quoted ? '"' : ''}`);
      const piece = Buffer.alloc(1024 * 1024, quoted ? 'y,\n' : 'y');
      for (let written = 0; written < HUGE; written += piece.length) writeSync(fd, piece);
      writeSync(fd, `${quoted ? '"' : ''},a@example.com,,u101\nc-2,Small,b@example.com,,u101\n`);
    } finally {
      closeSync(fd);
    }
  }

  it.each([
    ['a quoted 7 MB field over a 1 MiB limit (with delimiters and line breaks)', true, 'fail'],
    ['an unquoted 7 MB field over a 1 MiB limit', false, 'fail'],
    ['an unquoted 7 MB field over a 1 MiB limit, in skip mode', false, 'skip'],
  ])('%s fails with a clear message about the row size', async (_name, quoted, mode) => {
    const file = path.join(dir, `contacts-huge-${quoted ? 'quoted' : 'plain'}-${mode}.csv`);
    writeHugeField(file, quoted as boolean);
    try {
      const db = path.join(dir, `huge-${mode}.db`);
      const args = ['load', file, '--db', db, '--rejects', path.join(dir, `huge-${mode}.rejects.csv`)];
      if (mode === 'skip') args.push('--on-bad-row', 'skip');
      const result = await spawnCli(args, { env: KNOB }).done;
      expectCleanMessage(result);
      if (mode === 'fail') {
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/contacts-huge-.*\.csv:2:1: row is longer than 1,048,576 characters/);
      } else {
        // Skip mode may load the other row, but the huge one is rejected with the same reason.
        expect([0, 2]).toContain(result.code);
        const said =
          result.code === 2 ? result.stderr : readFileSync(path.join(dir, `huge-${mode}.rejects.csv`), 'utf8');
        expect(said).toMatch(/row is longer than 1,048,576 characters/);
      }
    } finally {
      rmSync(file, { force: true });
    }
  });
});
