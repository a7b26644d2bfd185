/** Formatting shared by the reporters. */
import { formatCount } from '../numbers.js';

// Declared in numbers.ts, where the audit also takes them from; reporters import them from here.
export { formatCount, formatPercent, percent } from '../numbers.js';

/** How a report shows a value from the data: `printable` at a terminal, `markdownText` in Markdown. */
export type ShowValue = (value: string) => string;

export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/**
 * A kind's records as every report counts them: the open ones, labelled as open when closed or
 * converted ones were loaded too (`943 open leads (1,200 loaded)`), else just `1,200 leads`.
 */
export function kindCount(kind: string, open: number, loaded: number): string {
  return open === loaded
    ? `${formatCount(loaded)} ${kind}`
    : `${formatCount(open)} open ${kind} (${formatCount(loaded)} loaded)`;
}
