/**
 * Bidi controls in the HTML report: a label `two\u202e` once reversed the report's heading (and
 * all the text after it on the line). Everywhere a value reaches the HTML they show escaped, as
 * at a terminal (`\u202e`), like the other controls HTML does not allow.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../src/report/html/html.js';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inProcess.js';

const BIDI = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
];
const dir = tempDir('crm-owners-html-bidi-');

describe('bidi controls in HTML', () => {
  it('are escaped in text and attributes; tab and line breaks stay', () => {
    for (const c of BIDI) {
      const value = `two${c}<b>`;
      const shown = `two\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}&lt;b&gt;`;
      expect(html`<h1 title="${value}">${value}</h1>`.text).toBe(`<h1 title="${shown}">${shown}</h1>`);
    }
    expect(escapeHtml('a\x1b[31m\x00b')).toBe('a\\x1b[31m\\x00b');
    expect(escapeHtml('a\tb\nc\r')).toBe('a\tb\nc\r');
  });

  it('a label with U+202E does not reverse the report heading', async () => {
    const db = path.join(dir, 'crm.db');
    const load = await runInProcess(['load', fixture('salesforce/dataloader'), '--db', db, '--label', 'two\u202e']);
    expect(load.code, load.stderr).toBe(0);
    const out = path.join(dir, 'report.html');
    const report = await runInProcess(['report', '--db', db, '--out', out]);
    expect(report.code, report.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('<h1>Ownership report · two\\u202e</h1>');
  });
});
