/**
 * Kinds are data (`src/kinds/registry.ts`): only the registry and the presets name a
 * record kind. Anything else that needs one reads the registry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../src/kinds/registry.js';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** The files allowed to name a kind: the registry, and the presets (their column names per kind). */
const ALLOWED = new Set([
  'kinds/registry.ts',
  'ingest/identify/presets/dynamics.ts',
  'ingest/identify/presets/generic.ts',
  'ingest/identify/presets/hubspot.ts',
  'ingest/identify/presets/pipedrive.ts',
  'ingest/identify/presets/salesforce.ts',
  'ingest/identify/presets/salesforceReport.ts',
]);

/** A kind as a string literal in code: 'contacts' or `contacts`. */
const LITERAL = new RegExp(`(['\`])(${RECORD_KINDS.join('|')})\\1`, 'g');

/** A line without its comment: JSDoc and `//` comments, and SQL `--` comments in schema text. */
function code(line: string): string {
  if (/^\s*(\*|\/\*|\/\/)/.test(line)) return '';
  return line.replace(/\s\/\/ .*$/, '').replace(/\s-- .*$/, '');
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('kind literals', () => {
  it('appear in src/ only in the registry and the presets', () => {
    const found: string[] = [];
    for (const file of sources(SRC)) {
      const relative = path.relative(SRC, file).split(path.sep).join('/');
      if (ALLOWED.has(relative)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const match of code(line).matchAll(LITERAL)) found.push(`${relative}:${i + 1}: ${match[0]}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('the test sees the kinds where they are declared (it would catch one elsewhere)', () => {
    const registry = readFileSync(path.join(SRC, 'kinds/registry.ts'), 'utf8');
    expect([...registry.matchAll(LITERAL)].map((m) => m[2])).toEqual(expect.arrayContaining([...RECORD_KINDS]));
    for (const allowed of ALLOWED)
      expect(readdirSync(path.dirname(path.join(SRC, allowed)))).toContain(path.basename(allowed));
  });
});
