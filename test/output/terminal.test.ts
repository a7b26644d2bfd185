/** The terminal's message functions: values in messages never reach stderr raw; reports keep their colour. */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { StyledText } from '../../src/output/printable.js';
import { createTerminal } from '../../src/output/terminal.js';

/** A stream that records what is written, as a TTY or not. */
function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY, write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

function terminal(isTTY: boolean) {
  const stdout = recorder(isTTY);
  const stderr = recorder(isTTY);
  return {
    stdout,
    stderr,
    terminal: createTerminal({ stdout: stdout.stream, stderr: stderr.stream, env: { CI: '1' } }),
  };
}

describe('terminal messages', () => {
  for (const isTTY of [false, true]) {
    it(`escape values in info and warn (${isTTY ? 'TTY' : 'not a TTY'})`, () => {
      const { stderr, terminal: t } = terminal(isTTY);
      t.info('Findings: 3 records → out\x1b]0;pwned\x07.csv');
      t.warn('2 rows skipped → rejects\u202ecsv.exe\r\n');
      const text = stderr.text();
      expect(text).toContain('Findings: 3 records → out\\x1b]0;pwned\\x07.csv\n');
      expect(text).toContain('2 rows skipped → rejects\\u202ecsv.exe\\r\\n\n');
      expect(text).not.toMatch(/[\x07\u202e\r]/);
    });
  }

  it('keep the colour of the warning prefix on a TTY', () => {
    const { stderr, terminal: t } = terminal(true);
    t.warn('\x1b[31mvalue');
    expect(stderr.text()).toBe('\x1b[33mwarning:\x1b[39m \\x1b[31mvalue\n');
  });

  it('write a styled report as it is: its colours and line breaks are its own', () => {
    const { stderr, terminal: t } = terminal(true);
    const color = new Chalk({ level: 1 });
    t.info(new StyledText(`${color.bold('Loaded snapshot 1')}\n  contacts  a\\x1b.csv`));
    expect(stderr.text()).toBe('\x1b[1mLoaded snapshot 1\x1b[22m\n  contacts  a\\x1b.csv\n');
  });

  it('leave stdout to the reporters: CSV and JSON are data', () => {
    const { stdout, terminal: t } = terminal(false);
    t.out('id,name\r\n1,"a\x1bb"\r\n');
    expect(stdout.text()).toBe('id,name\r\n1,"a\x1bb"\r\n');
  });
});
