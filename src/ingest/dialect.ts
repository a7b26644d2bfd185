/**
 * Delimiter sniffing from the header line. csv-parse's `delimiter_auto` is not reliable (it picks
 * `.` for files of dotted emails), and a header line is what tells a person the delimiter anyway.
 */

export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The candidate that occurs most often outside quotes in the first line; comma on a tie or none. */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** Accepts `,` `;` `|`, a real tab, or the words people type for them. */
export function parseDelimiter(value: string): string {
  const words: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' };
  const delimiter = words[value.toLowerCase()] ?? value;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(`delimiter must be one character (or "tab"), got ${JSON.stringify(value)}`);
  }
  return delimiter;
}
