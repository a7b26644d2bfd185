/**
 * The report's one style sheet, inline: system fonts only (no download), colours as variables so
 * dark mode (prefers-color-scheme) and print each change them in one place, and tables that scroll
 * sideways on a phone instead of squeezing the page.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #59636e; --rule: #d1d9e0; --panel: #f6f8fa;
  --good: #1a7f37; --bad: #cf222e; --warn: #9a6700;
  --s0: #0969da; --s1: #8250df; --s2: #bf3989; --s3: #1a7f37; --s4: #bc4c00; --s5: #1b7c83;
  --bar: #0969da; --after: #8250df; --over: #cf222e; --mark: #1b1f24;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --rule: #3d444d; --panel: #151b23;
    --good: #3fb950; --bad: #f85149; --warn: #d29922;
    --s0: #4493f8; --s1: #ab7df8; --s2: #f778ba; --s3: #3fb950; --s4: #f0883e; --s5: #39c5cf;
    --bar: #4493f8; --after: #ab7df8; --over: #f85149; --mark: #e6edf3;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 80rem; margin: 0 auto; padding: 1rem; }
main p, main ul, figure { max-width: 60rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-top: .5rem; border-top: 1px solid var(--rule); }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
p { margin: .25rem 0 .75rem; }
.muted { color: var(--muted); }
.headline { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
.stat { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: .5rem .75rem; min-width: 9rem; }
.stat .value { display: block; font-size: 1.6rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.stat .name { color: var(--muted); font-size: .85rem; }
.verdict-pass { color: var(--good); }
.verdict-fail { color: var(--bad); }
.down { color: var(--bad); }
.up { color: var(--good); }
ul.reasons { margin: 0 0 1rem; padding-left: 1.25rem; }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); font-size: .9rem; }
svg.chart { display: block; width: 100%; max-width: 640px; height: auto; font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg.chart text { fill: var(--fg); }
svg.chart text.axis { fill: var(--muted); }
svg.chart .grid { stroke: var(--rule); stroke-width: 1; }
svg.chart polyline { fill: none; stroke-width: 2.5; }
.series.s0 polyline, .series.s0 circle, .series.s0 rect { stroke: var(--s0); fill: var(--s0); }
.series.s1 polyline, .series.s1 circle, .series.s1 rect { stroke: var(--s1); fill: var(--s1); }
.series.s2 polyline, .series.s2 circle, .series.s2 rect { stroke: var(--s2); fill: var(--s2); }
.series.s3 polyline, .series.s3 circle, .series.s3 rect { stroke: var(--s3); fill: var(--s3); }
.series.s4 polyline, .series.s4 circle, .series.s4 rect { stroke: var(--s4); fill: var(--s4); }
.series.s5 polyline, .series.s5 circle, .series.s5 rect { stroke: var(--s5); fill: var(--s5); }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: .25rem 0; padding: 0; font-size: .85rem; }
ul.legend li { display: flex; align-items: center; gap: .35rem; }
ul.legend .swatch { display: inline-block; width: 14px; height: 4px; }
ul.legend .s0 .swatch { background: var(--s0); }
ul.legend .s1 .swatch { background: var(--s1); }
ul.legend .s2 .swatch { background: var(--s2); }
ul.legend .s3 .swatch { background: var(--s3); }
ul.legend .s4 .swatch { background: var(--s4); }
ul.legend .s5 .swatch { background: var(--s5); }
.series polyline { fill: none !important; }
svg.chart .bar { fill: var(--bar); }
svg.chart .bar.after { fill: var(--after); }
svg.chart .highlight .bar { fill: var(--over); }
svg.chart .highlight text { fill: var(--over); font-weight: 600; }
svg.chart .mark { stroke: var(--mark); stroke-width: 2; stroke-dasharray: 3 2; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; font-size: .9rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding-bottom: .25rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.date { white-space: nowrap; }
th.wrap { white-space: normal; min-width: 5rem; }
td .conflicts { display: block; font-size: .85em; white-space: normal; }
tr.over td, td.conflict { color: var(--bad); font-weight: 600; }
.status-fail { color: var(--bad); font-weight: 600; }
.status-warn { color: var(--warn); }
.status-pass { color: var(--good); }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 40rem) {
  main { padding: .5rem; }
  .stat { min-width: 45%; }
}
@media print {
  :root {
    --bg: #ffffff; --fg: #000000; --muted: #444444; --rule: #bbbbbb; --panel: #f2f2f2; --mark: #000000;
    --good: #1a7f37; --bad: #cf222e; --warn: #9a6700;
    --s0: #0969da; --s1: #8250df; --s2: #bf3989; --s3: #1a7f37; --s4: #bc4c00; --s5: #1b7c83; --bar: #0969da; --after: #8250df; --over: #cf222e;
  }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, table, .stat, tr { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  /* Paper does not scroll: headings and long values wrap instead (dates and numbers stay whole). */
  th, th.num { white-space: normal; overflow-wrap: anywhere; }
  td { overflow-wrap: anywhere; }
  th, td { padding: .2rem .35rem; }
  th { background: none; }
}
`;
