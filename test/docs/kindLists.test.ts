/** Where the documentation lists the kinds a flag takes, it lists every kind the registry has. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../src/kinds/registry.js';
import { optionsMarkdown } from '../../src/options/docs.js';
import { ROOT } from '../helpers/cli.js';

const kindsRows = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('| `--kinds LIST`'));

describe('--kinds in the documentation', () => {
  it('every README row of transfer --kinds names every record kind', () => {
    const rows = kindsRows(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) for (const kind of RECORD_KINDS) expect(row, row).toContain(`\`${kind}\``);
  });

  it('the generated flag reference names them from the registry', () => {
    const [row] = kindsRows(optionsMarkdown());
    expect(row).toContain(`any of ${RECORD_KINDS.map((kind) => `\`${kind}\``).join(', ')}`);
  });
});
