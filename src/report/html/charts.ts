/**
 * The report's charts as inline SVG, written out directly: a line chart and horizontal bars are a
 * few dozen elements each, the output is the same bytes for the same data, and there is no
 * dependency to load. Colours come from CSS classes, so the page's light, dark and print styles
 * apply. Each chart carries a <title> and <desc>, and each mark its value (a data-value attribute,
 * and a <title> a reader's pointer shows); the report puts a data table beside each chart.
 */
import { formatCount } from '../format.js';
import { html, type Html } from './html.js';

/** Coordinates with one decimal: enough on screen, and stable text. */
function n(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

function frame(id: string, title: string, desc: string, width: number, height: number, body: Html): Html {
  return html`<svg class="chart" id="${id}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="${id}-title">${title}</title><desc id="${id}-desc">${desc}</desc>${body}</svg>`;
}

export interface Series {
  name: string;
  /** One value per x label; null where the series has no value. */
  values: (number | null)[];
}

export interface LineChartOptions {
  /** Appended to values in point titles. */
  unit: string;
  yMax: number;
}

/** Lines over snapshots, one per series (CSS classes s0, s1, …), with a legend. */
export function lineChart(id: string, title: string, desc: string, labels: string[], series: Series[], options: LineChartOptions): Html {
  const [width, height, left, right, top, bottom] = [640, 280, 44, 32, 12, 64];
  const values = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  // Four steps of a multiple of 5 down from the top, to just below the lowest value: small changes stay visible.
  const step = Math.max(5, Math.ceil((options.yMax - Math.min(options.yMax, ...values) + 1) / 4 / 5) * 5);
  const yMin = Math.max(0, options.yMax - 4 * step);
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const x = (i: number) => left + (labels.length === 1 ? plotWidth / 2 : (i * plotWidth) / (labels.length - 1));
  const y = (v: number) => top + plotHeight - ((v - yMin) / (options.yMax - yMin || 1)) * plotHeight;
  const ticks = [0, 1, 2, 3, 4].map((i) => yMin + ((options.yMax - yMin) * i) / 4);
  const every = Math.ceil(labels.length / 12);

  const grid = ticks.map(
    (t) => html`<line class="grid" x1="${left}" x2="${width - right}" y1="${n(y(t))}" y2="${n(y(t))}"/><text class="axis" x="${left - 6}" y="${n(y(t) + 4)}" text-anchor="end">${n(t)}</text>`,
  );
  const xLabels = labels.map((label, i) =>
    i % every === 0 || i === labels.length - 1 ? html`<text class="axis" x="${n(x(i))}" y="${height - bottom + 16}" text-anchor="middle">${label}</text>` : html``,
  );
  const lines = series.map((s, index) => {
    const points = s.values.map((v, i) => (v === null ? null : `${n(x(i))},${n(y(v))}`)).filter((p) => p !== null);
    const dots = s.values.map((v, i) =>
      v === null ? html`` : html`<circle cx="${n(x(i))}" cy="${n(y(v))}" r="3.5" data-label="${labels[i]}" data-value="${v}"><title>${s.name} · ${labels[i]}: ${v}${options.unit}</title></circle>`,
    );
    return html`<g class="series s${index}" data-series="${s.name}"><polyline points="${points.join(' ')}"/>${dots}</g>`;
  });
  const legend = series.map(
    (s, index) => html`<g class="series s${index}"><rect x="${left + index * 130}" y="${height - 22}" width="14" height="4"/><text class="legend" x="${left + index * 130 + 20}" y="${height - 16}">${s.name}</text></g>`,
  );
  return frame(id, title, desc, width, height, html`${grid}${xLabels}${lines}${legend}`);
}

export interface BarValue {
  value: number;
  /** CSS class of the bar (its colour), and its name in the bar's title. */
  className: string;
  name: string;
}

export interface Bar {
  label: string;
  /** One bar per value, stacked in the row (before and after a plan). */
  values: BarValue[];
  /** A mark across the row, e.g. capacity. */
  mark?: number;
  markName?: string;
  /** Drawn as a problem (an overloaded owner). */
  highlight?: boolean;
}

const LABEL_CHARS = 26;

function shortLabel(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}

/** Horizontal bars, one row per item, labelled on the left and valued on the right. */
export function barChart(id: string, title: string, desc: string, bars: Bar[]): Html {
  const [width, labelWidth, valueWidth, barHeight, gap] = [640, 190, 150, 12, 10];
  const scale = Math.max(1, ...bars.flatMap((b) => [...b.values.map((v) => v.value), b.mark ?? 0]));
  const plotWidth = width - labelWidth - valueWidth;
  const x = (v: number) => labelWidth + (v / scale) * plotWidth;
  let top = 6;
  const rows = bars.map((bar) => {
    const rowHeight = bar.values.length * (barHeight + 2);
    const y = top;
    top += rowHeight + gap;
    const middle = y + rowHeight / 2;
    const rects = bar.values.map(
      (v, i) =>
        html`<rect class="bar ${v.className}" x="${labelWidth}" y="${n(y + i * (barHeight + 2))}" width="${n(x(v.value) - labelWidth)}" height="${barHeight}" data-value="${v.value}"><title>${bar.label} · ${v.name}: ${formatCount(v.value)}</title></rect>`,
    );
    const values = bar.values.map((v) => formatCount(v.value)).join(' → ') + (bar.mark === undefined ? '' : ` (${bar.markName ?? 'mark'} ${n(bar.mark)})`);
    const mark =
      bar.mark === undefined
        ? html``
        : html`<line class="mark" x1="${n(x(bar.mark))}" x2="${n(x(bar.mark))}" y1="${y - 3}" y2="${y + rowHeight + 3}" data-value="${bar.mark}"><title>${bar.markName ?? 'mark'}: ${n(bar.mark)}</title></line>`;
    return html`<g class="row${bar.highlight ? ' highlight' : ''}" data-label="${bar.label}"><text class="label" x="${labelWidth - 8}" y="${n(middle + 4)}" text-anchor="end">${shortLabel(bar.label)}<title>${bar.label}</title></text>${rects}${mark}<text class="value" x="${n(Math.max(...bar.values.map((v) => x(v.value)), bar.mark === undefined ? 0 : x(bar.mark)) + 6)}" y="${n(middle + 4)}">${values}${bar.highlight ? ' ▲' : ''}</text></g>`;
  });
  return frame(id, title, desc, width, Math.max(top, 24), html`${rows}`);
}
