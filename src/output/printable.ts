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
