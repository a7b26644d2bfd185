/** Formatting shared by the reporters. */

/** How a report shows a value from the data: `printable` at a terminal, `markdownText` in Markdown. */
export type ShowValue = (value: string) => string;

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatPercent(value: number): string {
  return value.toFixed(2);
}

export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** Percent of `part` in `whole`, rounded to 2 decimals (0 when there is nothing). */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10000) / 100;
}

/**
 * A kind's records as every report counts them: the open ones, labelled as open when closed or
 * converted ones were loaded too (`943 open leads (1,200 loaded)`), else just `1,200 leads`.
 */
export function kindCount(kind: string, open: number, loaded: number): string {
  return open === loaded ? `${formatCount(loaded)} ${kind}` : `${formatCount(open)} open ${kind} (${formatCount(loaded)} loaded)`;
}
