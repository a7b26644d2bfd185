/**
 * Delimiter sniffing from the header line. csv-parse's `delimiter_auto` is not reliable (it picks
 * `.` for files of dotted emails), and a header line is what tells a person the delimiter anyway.
 */

export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The candidate that occurs most often outside quotes in the first line; comma on a tie or none. */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  // As the reader does, a quote opens a quoted cell only at the start of a cell; elsewhere it is text.
  let quoted = false;
  let cellStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
      continue;
    }
    if (ch === '"' && cellStart) {
      quoted = true;
      cellStart = false;
      continue;
    }
    if (ch === '\n' || ch === '\r') break;
    cellStart = counts.has(ch);
    if (cellStart) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** Accepts `,` `;` `|`, a real tab, or the words people type for them. */
export function parseDelimiter(value: string): string {
  const words = new Map([
    ['tab', '\t'],
    ['\\t', '\t'],
    ['comma', ','],
    ['semicolon', ';'],
    ['pipe', '|'],
  ]);
  const delimiter = words.get(value.toLowerCase()) ?? value;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(`delimiter must be one character (or "tab"), got ${JSON.stringify(value)}`);
  }
  return delimiter;
}
