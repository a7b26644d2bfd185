/**
 * Progress says how far: the load's line (file N of M, rows, share of bytes, an estimate after a few
 * seconds), phases of plan and report, and only on a terminal that can draw them. The clock and the
 * terminal are fakes: nothing here depends on the machine's speed.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ETA_AFTER_MS, LoadProgressText, roughDuration } from '../../src/output/loadProgress.js';
import { createTerminal, type SpinnerFactory } from '../../src/output/terminal.js';
import { openDatabase } from '../../src/store/database.js';
import { loadSnapshot, type LoadProgressUpdate } from '../../src/load/loadSnapshot.js';
import { fixture, tempDir } from '../helpers/cli.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const update = (over: Partial<LoadProgressUpdate>): LoadProgressUpdate => ({
  file: '/exports/Contact.csv',
  index: 2,
  count: 4,
  rows: 0,
  read: 0,
  size: 1_000_000,
  ...over,
});

describe('the load progress line', () => {
  it('names the file, which of how many, its rows and the share of its bytes read', () => {
    const line = new LoadProgressText(clock().now);
    expect(line.text(update({ rows: 12_345, read: 450_000 }))).toBe('Contact.csv (file 2 of 4): 12,345 rows · 45%');
    expect(line.text(update({ count: 1, index: 1, rows: 7 }))).toBe('Contact.csv: 7 rows · 0%');
  });

  it('gives an estimate of the time left only after a few seconds of a file', () => {
    const time = clock();
    const line = new LoadProgressText(time.now);
    expect(line.text(update({ rows: 0, read: 0 }))).not.toContain('left');
    time.advance(ETA_AFTER_MS - 1);
    expect(line.text(update({ rows: 5000, read: 200_000 }))).not.toContain('left');
    time.advance(1);
    // A fifth of the file in 3 s: four fifths take 12 s more.
    expect(line.text(update({ rows: 5000, read: 200_000 }))).toBe(
      'Contact.csv (file 2 of 4): 5,000 rows · 20% · about 12 s left',
    );
    // The next file starts its own clock.
    expect(line.text(update({ file: '/exports/Lead.csv', index: 3, rows: 10, read: 10_000 }))).toBe(
      'Lead.csv (file 3 of 4): 10 rows · 1%',
    );
  });

  it('shows rows alone for a workbook (its size is compressed), and never 100% before the file is done', () => {
    const line = new LoadProgressText(clock().now);
    expect(line.text(update({ file: '/x/Accounts.xlsx', read: undefined, rows: 800 }))).toBe(
      'Accounts.xlsx (file 2 of 4): 800 rows',
    );
    expect(line.text(update({ read: 1_000_400 }))).toBe('Contact.csv (file 2 of 4): 0 rows · 99%');
  });

  it('says times as a person does', () => {
    expect(roughDuration(400)).toBe('1 s');
    expect(roughDuration(44_600)).toBe('45 s');
    expect(roughDuration(185_000)).toBe('3 min');
    expect(roughDuration(3_900_000)).toBe('1 h 05 min');
  });
});

describe('a load tells how far it is', () => {
  it('file by file, with the bytes read reaching the size of each CSV', async () => {
    const dir = tempDir();
    const db = openDatabase(':memory:');
    const updates: LoadProgressUpdate[] = [];
    try {
      await loadSnapshot(db, {
        files: [fixture('salesforce/dataloader')],
        rejectsPath: path.join(dir, 'rejects.csv'),
        progress: (u) => updates.push(u),
      });
    } finally {
      db.close();
    }
    const files = [...new Set(updates.map((u) => path.basename(u.file)))];
    expect(files).toEqual(['User.csv', 'Account.csv', 'Contact.csv', 'Lead.csv']);
    for (const [i, name] of files.entries()) {
      const of = updates.filter((u) => path.basename(u.file) === name);
      expect(of.every((u) => u.index === i + 1 && u.count === 4)).toBe(true);
      const last = of.at(-1)!;
      expect(last.size).toBe(statSync(fixture(`salesforce/dataloader/${name}`)).size);
      // The header line is not a row: all but its bytes (and a BOM or line-end difference) are counted.
      expect(last.read!).toBeGreaterThan(last.size * 0.8);
      expect(last.read!).toBeLessThanOrEqual(last.size);
      expect(last.rows).toBeGreaterThan(0);
    }
  });
});

/** A stream as a terminal of `columns` (0: a pty that reports no width), or a pipe. */
function stream(isTTY: boolean, columns = 100) {
  return { isTTY, columns, write: () => true } as unknown as NodeJS.WriteStream;
}

/** A spinner that records the texts it is asked to draw. */
function recorder() {
  const drawn: string[] = [];
  let stopped = 0;
  const spinner: SpinnerFactory = (text) => {
    drawn.push(text);
    return { update: (next) => void drawn.push(next), stop: () => void stopped++ };
  };
  return { spinner, drawn, stopped: () => stopped };
}

describe('progress is shown only on a terminal', () => {
  const show = (options: {
    isTTY: boolean;
    columns?: number;
    quiet?: boolean;
    json?: boolean;
    env?: NodeJS.ProcessEnv;
  }) => {
    const { spinner, drawn, stopped } = recorder();
    const terminal = createTerminal({
      stdout: stream(false),
      stderr: stream(options.isTTY, options.columns),
      quiet: options.quiet,
      json: options.json,
      env: options.env ?? {},
      spinner,
    });
    const progress = terminal.progress('Reading exports…');
    progress.update('Contact.csv (file 2 of 4): 12 rows · 45%\x1b[2J');
    progress.stop();
    return { drawn, stopped: stopped() };
  };

  it('draws each text, escaped, on an interactive stderr', () => {
    expect(show({ isTTY: true })).toEqual({
      drawn: ['Reading exports…', 'Contact.csv (file 2 of 4): 12 rows · 45%\\x1b[2J'],
      stopped: 1,
    });
  });

  it.each([
    ['a pipe', { isTTY: false }],
    ['--quiet', { isTTY: true, quiet: true }],
    ['--json', { isTTY: true, json: true }],
    ['CI', { isTTY: true, env: { CI: '1' } }],
    ['a pty of no width', { isTTY: true, columns: 0 }],
  ])('is silent on %s', (_name, options) => {
    expect(show(options)).toEqual({ drawn: [], stopped: 0 });
  });
});
