/** The report's HTML templates and SVG charts: escaping, text alternatives, stable output. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barChart, lineChart } from '../../src/report/html/charts.js';
import { chartOwners } from '../../src/report/html/reportHtml.js';
import { escapeHtml, html, trusted } from '../../src/report/html/html.js';

describe('html templates', () => {
  it('escape every interpolated value, and keep fragments they made', () => {
    const name = '<img src=x onerror="alert(1)"> & \'friends\'';
    const cell = html`<td title="${name}">${name}</td>`;
    expect(cell.text).toBe(
      '<td title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;friends&#39;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;friends&#39;</td>',
    );
    expect(html`<tr>${[cell, 'a<b', 3, null, undefined, false]}</tr>`.text).toBe(`<tr>${cell.text}a&lt;b3</tr>`);
    expect(html`<style>${trusted('a > b {}')}</style>`.text).toBe('<style>a > b {}</style>');
  });

  it('leave no markup character of a value unescaped', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const escaped = escapeHtml(value);
        expect(html`<p data-x="${value}">${value}</p>`.text).toBe(`<p data-x="${escaped}">${escaped}</p>`);
        expect(escaped.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toMatch(/[<>"'&]/);
        expect(
          escapeHtml(value)
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&#39;/g, "'")
            .replace(/&amp;/g, '&'),
        ).toBe(value);
      }),
    );
  });
});

describe('line chart', () => {
  const chart = () =>
    lineChart(
      't',
      'Coverage <trend>',
      'desc & more',
      ['2026-10', '2026-11'],
      [
        { name: 'all', values: [90.5, 92] },
        { name: 'leads', values: [null, 50] },
      ],
      { unit: '%', yMax: 100 },
    ).text;

  it('has a title and description, a point per value with its value, and no point for a gap', () => {
    const svg = chart();
    expect(svg).toMatch(
      /^<svg class="chart" id="t" viewBox="0 0 640 244" width="640" height="244" role="img" aria-labelledby="t-title t-desc" xmlns="http:\/\/www.w3.org\/2000\/svg">/,
    );
    expect(svg).toContain('<title id="t-title">Coverage &lt;trend&gt;</title><desc id="t-desc">desc &amp; more</desc>');
    expect([...svg.matchAll(/<circle [^>]*data-value="([^"]+)"/g)].map((m) => Number(m[1]))).toEqual([90.5, 92, 50]);
    expect(svg).toContain('<title>leads · 2026-11: 50%</title>');
    expect(svg).toMatch(/<g class="series s1" data-series="leads"><polyline points="[\d.]+,[\d.]+"\/>/);
  });

  it('is the same text for the same data', () => {
    expect(chart()).toBe(chart());
  });

  it('starts its axis below the lowest value, at a round number', () => {
    const axis = [...chart().matchAll(/<text class="axis" x="38" y="[\d.]+" text-anchor="end">([\d.]+)<\/text>/g)].map(
      (m) => Number(m[1]),
    );
    expect(axis).toEqual([40, 55, 70, 85, 100]);
  });
});

describe('bar chart', () => {
  it('draws a bar per value, the capacity mark, and highlights a row', () => {
    const svg = barChart('b', 'Loads', 'who holds what', [
      {
        label: 'Dana <b>',
        values: [{ value: 10, className: 'load', name: 'records' }],
        mark: 6,
        markName: 'capacity',
        highlight: true,
      },
      {
        label: 'A very long owner name that goes on and on',
        values: [
          { value: 2, className: 'before', name: 'before' },
          { value: 3, className: 'after', name: 'after' },
        ],
      },
    ]).text;
    expect(svg).toContain('<g class="row highlight" data-label="Dana &lt;b&gt;">');
    expect(
      [...svg.matchAll(/<rect class="bar (\w+)"[^>]*data-value="(\d+)"/g)].map((m) => [m[1], Number(m[2])]),
    ).toEqual([
      ['load', 10],
      ['before', 2],
      ['after', 3],
    ]);
    expect(svg).toMatch(
      /<line class="mark" x1="([\d.]+)" x2="\1" [^>]*data-value="6"><title>capacity: 6<\/title><\/line>/,
    );
    expect(svg).toContain('>10 (capacity 6) ▲</text>');
    // Labels have a line of their own: a 43-character name is whole.
    expect(svg).toContain(
      '>A very long owner name that goes on and on<title>A very long owner name that goes on and on</title></text>',
    );
    expect(svg).toContain('>2 → 3</text>');
  });
});

describe('owners in the load chart', () => {
  it('are the 25 busiest, then overloaded ones up to 50', () => {
    const owners = (overloaded: number, all: number) =>
      Array.from({ length: all }, (_, i) => ({ rank: i, over: i < overloaded ? 1 : 0 }));
    expect(chartOwners(owners(3, 40)).map((o) => o.rank)).toEqual([...Array(25).keys()]);
    expect(chartOwners(owners(30, 40)).map((o) => o.rank)).toEqual([...Array(30).keys()]);
    expect(chartOwners(owners(80, 100))).toHaveLength(50);
    expect(chartOwners(owners(0, 10))).toHaveLength(10);
  });
});
