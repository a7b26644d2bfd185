/** `crm-owners report` and `audit --report` end to end: one self-contained, stable HTML file. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';
import { HOSTILE, makeHistory } from '../helpers/history.js';

const dir = tempDir('crm-owners-report-cli-');
const config = fixture('salesforce/crm-owners.config.json');
const rules = fixture('rules/territories.csv');
let db: string;
let common: string[];

beforeAll(async () => {
  db = await makeHistory(dir, { hostile: true });
  common = ['--db', db, '--config', config, '--rules', rules];
  expect((await runInProcess(['plan', ...common, '--out', path.join(dir, 'plan'), '-q'])).code).toBe(0);
});

const out = (name: string) => path.join(dir, name);
const read = (name: string) => readFileSync(out(name), 'utf8');

describe('report', () => {
  it('writes one HTML file with every section, and no script, stylesheet, font or image to fetch', async () => {
    const result = await runInProcess([
      'report',
      ...common,
      '--plan',
      out('plan'),
      '--findings',
      out('findings.csv'),
      '--out',
      out('full.html'),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`Report → ${out('full.html')}`);
    const page = read('full.html');
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    for (const id of ['headline', 'trend', 'findings-by-check', 'loads', 'territories', 'churn', 'plan', 'findings'])
      expect(page).toContain(` id="${id}"`);
    // Text from the exports is escaped, so every "<" starts a tag this code wrote.
    const tags = [...page.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)];
    const elements = new Set(tags.map((t) => t[1].toLowerCase()));
    for (const element of ['script', 'img', 'link', 'iframe', 'object', 'embed', 'image', 'use', 'foreignobject'])
      expect(elements.has(element)).toBe(false);
    const attributes = new Set(
      tags.flatMap((t) => [...t[2].matchAll(/\s([\w:-]+)="[^"]*"/g)].map((a) => a[1].toLowerCase())),
    );
    for (const attribute of ['src', 'href', 'xlink:href', 'srcset', 'action'])
      expect(attributes.has(attribute)).toBe(false);
    expect([...attributes].filter((a) => a.startsWith('on'))).toEqual([]);
    expect(page).not.toMatch(/@import|url\(/);
    // The only URL is the SVG namespace, which is a name, not a request.
    expect(
      [...page.matchAll(/https?:\/\/[^"\s)]+/g)].map((m) => m[0]).every((url) => url === 'http://www.w3.org/2000/svg'),
    ).toBe(true);
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;">`,
    );
  });

  it('shows names from the exports as text', () => {
    const page = read('full.html');
    expect(page).toContain('Omar &lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt; Haddad');
    expect(page).toContain(
      '&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt; Bayerische Feinmechanik',
    );
    expect(page).not.toContain(HOSTILE.owner);
    expect(page).not.toContain(HOSTILE.account);
  });

  it('gives the same bytes for the same database and flags', async () => {
    expect(
      (
        await runInProcess([
          'report',
          ...common,
          '--plan',
          out('plan'),
          '--findings',
          out('findings.csv'),
          '--out',
          out('again.html'),
        ])
      ).code,
    ).toBe(0);
    expect(read('again.html')).toBe(read('full.html'));
  });

  it('is what audit --report writes in the monthly run', async () => {
    const audit = await runInProcess([
      'audit',
      ...common,
      '--findings',
      out('findings.csv'),
      '--report',
      out('from-audit.html'),
    ]);
    expect(audit.code).toBe(0);
    expect(audit.stderr).toContain(`Report → ${out('from-audit.html')}`);
    expect(
      (await runInProcess(['report', ...common, '--findings', out('findings.csv'), '--out', out('from-report.html')]))
        .code,
    ).toBe(0);
    expect(read('from-audit.html')).toBe(read('from-report.html'));
  });

  it('has the headline numbers of audit --json, and names the findings file', async () => {
    const { json } = await runJsonInProcess(['audit', ...common, '--json']);
    const page = read('full.html');
    const stat = (key: string) =>
      page.match(new RegExp(`data-stat="${key}"><span class="value" data-value="([^"]*)"`))?.[1];
    expect(Number(stat('coverage-overall'))).toBe(json.coverage.overall);
    for (const kind of ['accounts', 'contacts', 'leads'])
      expect(Number(stat(`coverage-${kind}`))).toBe(json.coverage[kind]);
    expect(stat('verdict')).toBe(json.gate.passed ? 'pass' : 'fail');
    const findings = readFileSync(out('findings.csv'), 'utf8').trimEnd().split('\r\n').length - 1;
    expect(page).toContain(`All ${findings} findings (also in ${out('findings.csv')})`);
  });

  it("lists the month's ownership changes, each with its owner changes so far", async () => {
    const page = read('full.html');
    expect(page).toContain(
      '<h2 id="churn-h">Ownership changes since snapshot 11 &quot;2026-10&quot;</h2><p data-value="1">1 record changed owner.',
    );
    expect(page).toMatch(
      /<tr data-record="00Q8c00000Fono9EAB"><td>leads<\/td><td>00Q8c00000Fono9EAB<\/td><td>Heidi Sorensen<\/td><td>Omar &lt;script&gt;.*?&lt;\/script&gt; Haddad → Dana Whitfield<\/td><td><\/td><td class="num" data-value="2">2<\/td><td><\/td><\/tr>/,
    );
    expect((await runInProcess(['report', ...common, '--snapshot', '9', '--out', out('august.html')])).code).toBe(0);
    // Keystone Data Centers went back to Mei Chen in 2026-08: its fourth change, a ping-pong.
    expect(read('august.html')).toMatch(
      /<tr data-record="0018c00000UzajBAAR">.*?<td class="num" data-value="4">4<\/td><td>yes<\/td><\/tr>/,
    );
  });

  it('reports on an earlier snapshot with what was known then', async () => {
    expect((await runInProcess(['report', ...common, '--snapshot', '1', '--out', out('first.html')])).code).toBe(0);
    const page = read('first.html');
    expect(page).toContain('This is the first snapshot: there is nothing before it to compare with.');
    expect([...page.matchAll(/<tr data-snapshot="(\d+)">/g)].map((m) => m[1])).toEqual(['1']);
    expect(page).toContain('exported 2025-12-28');
  });

  it('rejects a folder that holds no plan, and a file it cannot write, leaving nothing behind (exit 2)', async () => {
    const noPlan = await runInProcess(['report', ...common, '--plan', dir, '--out', out('none.html')]);
    expect(noPlan.code).toBe(2);
    expect(noPlan.stderr).toContain(`${path.join(dir, 'summary.json')}: cannot read the plan`);
    expect(existsSync(out('none.html'))).toBe(false);
    const missing = await runInProcess(['report', ...common, '--out', path.join(dir, 'no-such-folder', 'r.html')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${path.join(dir, 'no-such-folder', 'r.html')}: cannot write`);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((await runInProcess(['report', ...common])).stderr).toContain(
      "required option '--out <FILE>' not specified",
    );
  });
});
