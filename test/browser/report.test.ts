/**
 * The monthly report in a real browser: the system's Chromium, driven by puppeteer-core, opens the
 * file from disk with every other request refused. Screenshots (light, dark, print page 1, phone)
 * go to test-output/, which git ignores.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, ROOT, run, runJson, tempDir } from '../helpers/cli.js';
import { HOSTILE, makeHistory } from '../helpers/history.js';

const CHROMIUM = process.env.CRM_OWNERS_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available)
  console.warn(
    `browser tests skipped: no Chromium at ${CHROMIUM}; install it with: apt-get update && apt-get install -y chromium`,
  );

const OUTPUT = path.join(ROOT, 'test-output');
const SECTIONS = ['headline', 'trend', 'findings-by-check', 'loads', 'territories', 'churn', 'plan', 'findings'];

describe.skipIf(!available)('the report in Chromium', () => {
  const dir = tempDir('crm-owners-browser-');
  const report = path.join(dir, 'report.html');
  const url = pathToFileURL(report).href;
  let audit: any;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const refused: string[] = [];

  /** A page that may load the report file and nothing else. */
  async function openReport(): Promise<Page> {
    const opened = await browser.newPage();
    await opened.setRequestInterception(true);
    opened.on('request', (request) => {
      if (request.url() === url) void request.continue();
      else {
        refused.push(request.url());
        void request.abort();
      }
    });
    opened.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    opened.on('pageerror', (error) => consoleErrors.push(String(error)));
    await opened.goto(url, { waitUntil: 'load' });
    return opened;
  }

  beforeAll(async () => {
    const db = await makeHistory(dir, { hostile: true });
    const common = [
      '--db',
      db,
      '--config',
      fixture('salesforce/crm-owners.config.json'),
      '--rules',
      fixture('rules/territories.csv'),
    ];
    expect(run(['plan', ...common, '--out', path.join(dir, 'plan'), '-q']).code).toBe(0);
    expect(run(['report', ...common, '--plan', path.join(dir, 'plan'), '--out', report, '-q']).code).toBe(0);
    audit = runJson(['audit', ...common, '--json']).json;
    mkdirSync(OUTPUT, { recursive: true });
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
    page = await openReport();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders with no console error and no request but the file itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(refused).toEqual([]);
  });

  it('has every section, with its heading', async () => {
    const headings = await page.$$eval('main > header h1, main > section > h2', (nodes) =>
      nodes.map((n) => n.textContent),
    );
    expect(headings[0]).toBe('Ownership report · 2026-11');
    for (const id of SECTIONS) expect(await page.$(`#${id}`), id).not.toBeNull();
    expect(headings).toHaveLength(SECTIONS.length);
  });

  it('shows the headline numbers of audit --json', async () => {
    const stats = await page.$$eval('[data-stat] .value', (nodes) =>
      Object.fromEntries(nodes.map((n) => [n.parentElement!.dataset.stat, n.getAttribute('data-value')])),
    );
    expect(Number(stats['coverage-overall'])).toBe(audit.coverage.overall);
    for (const kind of ['accounts', 'contacts', 'leads'])
      expect(Number(stats[`coverage-${kind}`])).toBe(audit.coverage[kind]);
    expect(stats.verdict).toBe(audit.gate.passed ? 'pass' : 'fail');
    const shown = await page.$eval('[data-stat="coverage-overall"] .value', (n) => n.textContent);
    expect(shown).toBe(`${audit.coverage.overall.toFixed(2)}%`);
  });

  it('draws the charts from the numbers of audit --json', async () => {
    const bars = await page.$$eval('#chart-findings g.row', (rows) =>
      rows.map((row) => [
        row.getAttribute('data-label'),
        Number(row.querySelector('rect')!.getAttribute('data-value')),
      ]),
    );
    // A bar for each check that counted records; the table beside the chart lists the others.
    expect(bars).toEqual(
      audit.checks
        .filter((c: { count: number }) => c.count > 0)
        .map((c: { check: string; kind: string; count: number }) => [`${c.check} · ${c.kind}`, c.count]),
    );

    const trend = await page.$$eval('#chart-trend g.series[data-series]', (groups) =>
      Object.fromEntries(
        groups.map((g) => [
          g.getAttribute('data-series'),
          [...g.querySelectorAll('circle')].map((c) => Number(c.getAttribute('data-value'))),
        ]),
      ),
    );
    expect(trend['all kinds']).toHaveLength(12);
    expect(trend['all kinds'].at(-1)).toBe(audit.coverage.overall);
    for (const kind of ['accounts', 'contacts', 'leads']) expect(trend[kind].at(-1)).toBe(audit.coverage[kind]);

    for (const kind of ['accounts', 'contacts']) {
      const loads = await page.$$eval(`#chart-loads-${kind} g.row`, (rows) =>
        rows.map((row) => ({
          name: row.getAttribute('data-label'),
          load: Number(row.querySelector('rect')!.getAttribute('data-value')),
          capacity: Number(row.querySelector('line.mark')?.getAttribute('data-value')),
          over: row.classList.contains('highlight'),
        })),
      );
      const expected = audit.owners
        .filter((o: any) => o.active && o.type === 'user' && !o.placeholder && (o.loads[kind] ?? 0) > 0)
        .map((o: any) => ({
          name: o.name,
          load: o.loads[kind],
          capacity: o.capacity[kind],
          over: o.loads[kind] > Math.floor(o.capacity[kind]),
        }));
      expect([...loads].sort((a, b) => a.name!.localeCompare(b.name!) || a.load - b.load)).toEqual(
        expected.sort((a: any, b: any) => a.name.localeCompare(b.name) || a.load - b.load),
      );
      expect(loads.some((l) => l.over)).toBe(true);
    }
  });

  it('shows names holding <script> and <img onerror> as text, and runs nothing', async () => {
    const found = await page.evaluate(() => ({
      title: document.title,
      elements: document.querySelectorAll('script, img, iframe, object, embed').length,
      text: document.body.textContent,
    }));
    expect(found.title).toBe('Ownership report · snapshot 12 "2026-11"');
    expect(found.elements).toBe(0);
    expect(found.text).toContain(HOSTILE.owner);
    expect(found.text).toContain(HOSTILE.account);
  });

  it('fits a phone screen: only tables scroll sideways, not the page', async () => {
    const phone = await openReport();
    await phone.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
    const widths = await phone.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    await phone.screenshot({ path: path.join(OUTPUT, 'report-phone.png') });
    await phone.close();
  });

  it('has light, dark and print styles (screenshots in test-output/)', async () => {
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.setViewport({ width: 1000, height: 1400, deviceScaleFactor: 1 });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.screenshot({ path: path.join(OUTPUT, 'report-light.png') });
    await page.screenshot({ path: path.join(OUTPUT, 'report-light-full.png'), fullPage: true });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    expect(await background()).toBe('rgb(13, 17, 23)');
    await page.screenshot({ path: path.join(OUTPUT, 'report-dark.png') });
    // Print is black on white whatever the screen's scheme.
    await page.emulateMediaType('print');
    expect(await background()).toBe('rgb(255, 255, 255)');
    const pdf = path.join(OUTPUT, 'report-print.pdf');
    await page.pdf({ path: pdf, format: 'A4', pageRanges: '1', printBackground: true });
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMediaType('screen');
    expect(consoleErrors).toEqual([]);
    expect(refused).toEqual([]);
  });
});
