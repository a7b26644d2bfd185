/**
 * The report's layout in Chromium at a phone's width, a laptop's and a printed page's, with all
 * five kinds, long owner and territory names and bar labels sharing a long prefix: text is never
 * cut, labels stay distinct, and nothing but a table's own scroll box is wider than the page.
 * Everything is measured in the browser (boxes, scroll widths, line boxes), never pixels.
 * Screenshots go to test-output/ (ignored by git).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runJson, tempDir, fixture } from '../helpers/cli.js';
import { makeWideReport } from '../helpers/wideReport.js';

const CHROMIUM = process.env.CRM_OWNERS_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available)
  console.warn(
    `browser tests skipped: no Chromium at ${CHROMIUM}; install it with: apt-get update && apt-get install -y chromium`,
  );

const OUTPUT = path.join(ROOT, 'test-output');

/** Phone, laptop, and an A4 page's printable width at 96 dpi (210 mm less 2 × 10 mm margins). */
const WIDTHS = [
  { name: 'phone', width: 390, media: 'screen' },
  { name: 'laptop', width: 1300, media: 'screen' },
  { name: 'print', width: 718, media: 'print' },
] as const;

interface Layout {
  pageWidth: number;
  viewport: number;
  /** Elements outside a table's scroll box whose right edge passes the viewport. */
  overflowing: string[];
  /** Legend entries: their text, and whether it is cut. */
  legend: { text: string; cut: boolean; inside: boolean }[];
  /** SVG texts that reach past their chart's box. */
  svgOutside: string[];
  findingsLabels: string[];
  dates: number;
  /** Date cells laid out on more than one line. */
  wrappedDates: string[];
  /** Tables whose scroll box scrolls sideways. */
  scrolling: string[];
}

function measure(): Layout {
  const viewport = document.documentElement.clientWidth;
  const name = (e: Element) =>
    `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''} "${(e.textContent ?? '').slice(0, 40)}"`;
  const overflowing = [...document.querySelectorAll('body *')]
    .filter((e) => !e.closest('.table-wrap') && !e.closest('svg'))
    .filter((e) => e.getBoundingClientRect().right > viewport + 0.5)
    .map(name);
  const legend = [...document.querySelectorAll('.legend li')].map((li) => {
    const box = li.getBoundingClientRect();
    const figure = li.closest('figure')!.getBoundingClientRect();
    return {
      text: li.textContent ?? '',
      cut: li.scrollWidth > li.clientWidth,
      inside: box.left >= figure.left - 0.5 && box.right <= figure.right + 0.5,
    };
  });
  const svgOutside: string[] = [];
  for (const svg of document.querySelectorAll('svg.chart')) {
    const frame = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll('text')) {
      const box = text.getBoundingClientRect();
      if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5)
        svgOutside.push(`${svg.id}: ${text.textContent}`);
    }
  }
  const findingsLabels = [...document.querySelectorAll('#chart-findings g.row text.label')].map(
    (t) => t.childNodes[0]?.textContent ?? '',
  );
  // Cells of every column headed "date".
  const dateCells = [...document.querySelectorAll('table')].flatMap((table) => {
    const column = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent === 'date');
    return column < 0 ? [] : [...table.querySelectorAll('tbody tr')].map((tr) => tr.children[column]);
  });
  const wrappedDates = dateCells
    .filter((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
    })
    .map((td) => td.textContent ?? '');
  const scrolling = [...document.querySelectorAll('.table-wrap')]
    .filter((w) => w.scrollWidth > w.clientWidth)
    .map((w) => w.querySelector('table')?.getAttribute('data-table') ?? '?');
  return {
    pageWidth: document.documentElement.scrollWidth,
    viewport,
    overflowing,
    legend,
    svgOutside,
    findingsLabels,
    dates: dateCells.length,
    wrappedDates,
    scrolling,
  };
}

describe.skipIf(!available)('the report layout at phone, laptop and print widths', () => {
  const dir = tempDir('crm-owners-layout-');
  let built: ReturnType<typeof makeWideReport>;
  let browser: Browser;
  const layouts = new Map<string, Layout>();
  let checks: { check: string; kind: string; count: number }[];

  beforeAll(async () => {
    built = makeWideReport(dir);
    checks = runJson([
      'audit',
      '--db',
      built.db,
      '--config',
      fixture('salesforce/crm-owners.config.json'),
      '--rules',
      built.rules,
      '--json',
    ]).json.checks;
    mkdirSync(OUTPUT, { recursive: true });
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
    const url = pathToFileURL(built.report).href;
    for (const { name, width, media } of WIDTHS) {
      const page: Page = await browser.newPage();
      await page.setRequestInterception(true);
      page.on('request', (request) => void (request.url() === url ? request.continue() : request.abort()));
      await page.setViewport({ width, height: 900, deviceScaleFactor: 1 });
      await page.emulateMediaType(media);
      await page.goto(url, { waitUntil: 'load' });
      layouts.set(name, await page.evaluate(measure));
      await page.screenshot({ path: path.join(OUTPUT, `report-layout-${name}.png`), fullPage: true });
      await page.close();
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  for (const { name } of WIDTHS) {
    describe(`at ${name} width`, () => {
      it('has nothing wider than the page but a table in its scroll box', () => {
        const layout = layouts.get(name)!;
        expect(layout.pageWidth).toBeLessThanOrEqual(layout.viewport);
        expect(layout.overflowing).toEqual([]);
      });

      it('shows every coverage series in the legend, none cut', () => {
        const legend = layouts.get(name)!.legend;
        expect(legend.map((l) => l.text)).toEqual([
          'all kinds',
          'accounts',
          'contacts',
          'leads',
          'opportunities',
          'cases',
        ]);
        expect(legend.filter((l) => l.cut || !l.inside)).toEqual([]);
      });

      it('keeps chart text inside its chart', () => {
        expect(layouts.get(name)!.svgOutside).toEqual([]);
      });

      it('writes dates on one line', () => {
        const layout = layouts.get(name)!;
        expect(layout.dates).toBeGreaterThan(0);
        expect(layout.wrappedDates).toEqual([]);
      });
    });
  }

  it('draws a bar per check that counted records, each labelled in full', () => {
    const labels = layouts.get('laptop')!.findingsLabels;
    const counted = checks.filter((c) => c.count > 0).map((c) => `${c.check} · ${c.kind}`);
    expect(counted.filter((l) => l.startsWith('account-owner-mismatch'))).toHaveLength(3);
    expect(labels).toEqual(counted);
  });

  it('fits every table, the territories × owners too, on a laptop and a printed page without scrolling', () => {
    expect(layouts.get('laptop')!.scrolling).toEqual([]);
    // Paper cannot scroll.
    expect(layouts.get('print')!.scrolling).toEqual([]);
  });
});
