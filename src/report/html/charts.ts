/**
 * The report's charts as inline SVG, written out directly: a line chart and horizontal bars are a
 * few dozen elements each, the output is the same bytes for the same data, and there is no
 * dependency to load. Colours come from CSS classes, so the page's light, dark and print styles
 * apply. Each chart carries a <title> and <desc>, and each mark its value (a data-value attribute,
 * and a <title> a reader's pointer shows); the report puts a data table beside each chart.
 */
import stringWidth from 'string-width';
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

/**
 * Lines over snapshots, one per series (CSS classes s0, s1, …). The legend is HTML beside the
 * chart (`chartLegend`): it wraps to the page's width, where text in an SVG cannot.
 */
export function lineChart(
  id: string,
  title: string,
  desc: string,
  labels: string[],
  series: Series[],
  options: LineChartOptions,
): Html {
  const [width, height, left, right, top, bottom] = [640, 244, 44, 32, 12, 28];
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
    (t) =>
      html`<line class="grid" x1="${left}" x2="${width - right}" y1="${n(y(t))}" y2="${n(y(t))}"/><text class="axis" x="${left - 6}" y="${n(y(t) + 4)}" text-anchor="end">${n(t)}</text>`,
  );
  const xLabels = labels.map((label, i) =>
    i % every === 0 || i === labels.length - 1
      ? html`<text class="axis" x="${n(x(i))}" y="${height - bottom + 16}" text-anchor="middle">${label}</text>`
      : html``,
  );
  const lines = series.map((s, index) => {
    const points = s.values.map((v, i) => (v === null ? null : `${n(x(i))},${n(y(v))}`)).filter((p) => p !== null);
    const dots = s.values.map((v, i) =>
      v === null
        ? html``
        : html`<circle cx="${n(x(i))}" cy="${n(y(v))}" r="3.5" data-label="${labels[i]}" data-value="${v}"><title>${s.name} · ${labels[i]}: ${v}${options.unit}</title></circle>`,
    );
    return html`<g class="series s${index}" data-series="${s.name}"><polyline points="${points.join(' ')}"/>${dots}</g>`;
  });
  return frame(id, title, desc, width, height, html`${grid}${xLabels}${lines}`);
}

/** The series' names with their colours, as a list that wraps. */
export function chartLegend(chartId: string, series: Series[]): Html {
  return html`<ul class="legend" data-legend="${chartId}">${series.map((s, index) => html`<li class="series s${index}"><span class="swatch" aria-hidden="true"></span>${s.name}</li>`)}</ul>`;
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

/**
 * Text columns a label may take: its line spans the chart (640 units), and a column of 11px
 * system-ui text is at most about 6.6 units wide (wide characters count two columns).
 */
const LABEL_COLUMNS = 90;

/** A label too long for its line, cut in the middle: labels that share a long start stay apart. */
export function shortLabel(label: string): string {
  const chars = [...label];
  if (stringWidth(label) <= LABEL_COLUMNS) return label;
  let head = '';
  let tail = '';
  let used = 1;
  for (let i = 0, j = chars.length - 1; i <= j;) {
    const fromEnd = stringWidth(tail) < stringWidth(head);
    const c = fromEnd ? chars[j] : chars[i];
    if (used + stringWidth(c) > LABEL_COLUMNS) break;
    used += stringWidth(c);
    if (fromEnd) {
      tail = c + tail;
      j--;
    } else {
      head += c;
      i++;
    }
  }
  return `${head}…${tail}`;
}

/**
 * Horizontal bars, one row per item: the label on a line of its own above the bars (so a long
 * label is not cut to a column's width), the value right of the longest bar.
 */
export function barChart(id: string, title: string, desc: string, bars: Bar[]): Html {
  const [width, left, valueWidth, barHeight, gap, labelHeight] = [640, 2, 210, 12, 8, 14];
  const scale = Math.max(1, ...bars.flatMap((b) => [...b.values.map((v) => v.value), b.mark ?? 0]));
  const plotWidth = width - left - valueWidth;
  const x = (v: number) => left + (v / scale) * plotWidth;
  let top = 4;
  const rows = bars.map((bar) => {
    const rowHeight = bar.values.length * (barHeight + 2);
    const labelY = top + 11;
    const y = top + labelHeight;
    top += labelHeight + rowHeight + gap;
    const middle = y + rowHeight / 2;
    const rects = bar.values.map(
      (v, i) =>
        html`<rect class="bar ${v.className}" x="${left}" y="${n(y + i * (barHeight + 2))}" width="${n(x(v.value) - left)}" height="${barHeight}" data-value="${v.value}"><title>${bar.label} · ${v.name}: ${formatCount(v.value)}</title></rect>`,
    );
    const values =
      bar.values.map((v) => formatCount(v.value)).join(' → ') +
      (bar.mark === undefined ? '' : ` (${bar.markName ?? 'mark'} ${n(bar.mark)})`);
    const mark =
      bar.mark === undefined
        ? html``
        : html`<line class="mark" x1="${n(x(bar.mark))}" x2="${n(x(bar.mark))}" y1="${y - 3}" y2="${y + rowHeight + 3}" data-value="${bar.mark}"><title>${bar.markName ?? 'mark'}: ${n(bar.mark)}</title></line>`;
    return html`<g class="row${bar.highlight ? ' highlight' : ''}" data-label="${bar.label}"><text class="label" x="${left}" y="${labelY}">${shortLabel(bar.label)}<title>${bar.label}</title></text>${rects}${mark}<text class="value" x="${n(Math.max(...bar.values.map((v) => x(v.value)), bar.mark === undefined ? 0 : x(bar.mark)) + 6)}" y="${n(middle + 4)}">${values}${bar.highlight ? ' ▲' : ''}</text></g>`;
  });
  return frame(id, title, desc, width, Math.max(top, 24), html`${rows}`);
}
