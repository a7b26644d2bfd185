/** Chart labels and the coverage legend: whole where they fit, cut in the middle where not, always distinct. */
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { chartLegend, shortLabel } from '../../dist/report/html/charts.js';

describe('bar labels', () => {
  it('keeps labels that share a long start whole', () => {
    const labels = ['contacts', 'opportunities', 'cases'].map((kind) => `account-owner-mismatch · ${kind}`);
    expect(labels.map(shortLabel)).toEqual(labels);
  });

  it('cuts a label too long for its line in the middle, keeping its start and end', () => {
    const label = `${'Northern California Commercial '.repeat(4)}· opportunities`;
    const short = shortLabel(label);
    expect(stringWidth(short)).toBeLessThanOrEqual(90);
    expect(short).toContain('…');
    expect(label.startsWith(short.split('…')[0])).toBe(true);
    expect(label.endsWith(short.split('…')[1])).toBe(true);
    expect(short.endsWith('opportunities')).toBe(true);
  });

  it('counts wide characters as two columns', () => {
    const short = shortLabel('営業'.repeat(40));
    expect(stringWidth(short)).toBeLessThanOrEqual(90);
  });

  it('never makes a label longer than 90 columns, and leaves short ones alone', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (label) => {
        const short = shortLabel(label);
        expect(stringWidth(short)).toBeLessThanOrEqual(90);
        if (stringWidth(label) <= 90) expect(short).toBe(label);
      }),
    );
  });
});

describe('the coverage legend', () => {
  it('lists every series with its colour class, escaped', () => {
    const legend = chartLegend(
      'chart-trend',
      ['all kinds', 'accounts', 'contacts', 'leads', 'opportunities', 'cases <b>'].map((name) => ({
        name,
        values: [],
      })),
    ).text;
    expect([...legend.matchAll(/<li class="series (s\d)">/g)].map((m) => m[1])).toEqual([
      's0',
      's1',
      's2',
      's3',
      's4',
      's5',
    ]);
    expect(legend).toContain('cases &lt;b&gt;</li>');
  });
});
