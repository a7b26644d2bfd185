/**
 * The README's sample outputs are made here: each command runs as the README shows it, on the
 * bundled Salesforce exports laid out as the README's folders, at 80 columns, and its output must be
 * the sample in docs/samples/ (which the README quotes). Run with UPDATE_SAMPLES=1 to rewrite them.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, ROOT, run, tempDir } from '../helpers/cli.js';

const dir = tempDir('crm-owners-samples-');
/** A terminal of 80 columns, the README's width. */
const AT_80 = { cwd: dir, env: { COLUMNS: '80' } };

beforeAll(() => {
  cpSync(fixture('salesforce/dataloader'), path.join(dir, 'exports/2026-11'), { recursive: true });
  cpSync(fixture('rules/territories.csv'), path.join(dir, 'territories.csv'));
  // The config names the integration user as a placeholder owner, as the README's config does.
  cpSync(fixture('salesforce/crm-owners.config.json'), path.join(dir, 'crm-owners.config.json'));
  const load = run(['load', 'exports/2026-11/', '--label', '2026-11'], AT_80);
  expect(load.code, load.stderr).toBe(0);
});

/** What a terminal shows, in the order the command writes it: prose on stderr, data on stdout. */
const SAMPLES: {
  file: string;
  args: string[];
  code: number;
  shown: (out: { stdout: string; stderr: string }) => string;
}[] = [
  {
    file: 'audit.txt',
    args: ['audit', '--rules', 'territories.csv', '--findings', 'findings.csv'],
    code: 0,
    shown: ({ stdout, stderr }) => stdout + stderr,
  },
  {
    file: 'plan.txt',
    args: ['plan', '--rules', 'territories.csv', '--out', 'plans/2026-11'],
    code: 0,
    shown: ({ stdout, stderr }) => stderr + stdout,
  },
];

describe('README samples (docs/samples/), at 80 columns', () => {
  it.each(SAMPLES)('crm-owners $args.0 gives docs/samples/$file', ({ file, args, code, shown }) => {
    const result = run(args, AT_80);
    expect(result.code, result.stderr).toBe(code);
    const text = `$ crm-owners ${args.join(' ')}\n${shown(result)}`;
    const sample = path.join(ROOT, 'docs/samples', file);
    if (process.env.UPDATE_SAMPLES) writeFileSync(sample, text);
    expect(text.split('\n').filter((line) => [...line].length > 80)).toEqual([]);
    expect(text).toBe(readFileSync(sample, 'utf8'));
    // The README quotes the sample whole, in a code block of its own.
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(`\n\`\`\`\n${text}\`\`\`\n`);
  });
});
