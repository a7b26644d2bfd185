/**
 * Values from exports and the command line (names, labels, headers, file names) are shown to people
 * in a terminal, where a control character is a command: ESC starts a sequence that can recolour,
 * retitle or rewrite the screen, CR overwrites the line, and bidi controls reorder what is read.
 * Such characters are shown escaped instead (`\x1b`, `\r`, `\u202e`).
 */

/** C0 (newline and tab included: inside a value they are data), DEL, C1, and the bidi controls. */
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escaped(char: string): string {
  const code = char.charCodeAt(0);
  return NAMED[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** A value as a terminal may show it: every control and bidi character escaped. */
export function printable(value: string): string {
  return value.replace(UNPRINTABLE, escaped);
}

/** How much of a value a message quotes: enough to recognise it, never a whole 15 MB cell. */
export const EXAMPLE_LENGTH = 80;

/**
 * A value quoted in a message (`"Acme…"`): JSON-quoted, cut to its first EXAMPLE_LENGTH characters
 * (whole code points) with `…` when longer. Messages are made printable when they are shown.
 */
export function example(value: string): string {
  // At most two UTF-16 units a code point: the first 2 × EXAMPLE_LENGTH units hold the part quoted.
  const long = value.length > EXAMPLE_LENGTH * 2;
  const chars = Array.from(long ? value.slice(0, EXAMPLE_LENGTH * 2) : value);
  return long || chars.length > EXAMPLE_LENGTH ? `${JSON.stringify(chars.slice(0, EXAMPLE_LENGTH).join(''))}…` : JSON.stringify(value);
}

/** Text of several lines (a message from a library): each line made printable, the line breaks kept. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

/**
 * A report whose values were made printable before it was styled: it is written as it is, colour
 * codes and line breaks included. Any other text a message function gets is made printable.
 */
export class StyledText {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}
