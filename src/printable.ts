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
  return (
    NAMED[char] ??
    (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`)
  );
}

/** A value as a terminal may show it: every control and bidi character escaped. */
export function printable(value: string): string {
  return value.replace(UNPRINTABLE, escaped);
}

/** How much of a value a message quotes: enough to recognise it, never a whole 15 MB cell. */
export const EXAMPLE_LENGTH = 80;

/** The first EXAMPLE_LENGTH characters (whole code points) of a value, or undefined when it is no longer. */
function head(value: string): string | undefined {
  // At most two UTF-16 units a code point: the first 2 × EXAMPLE_LENGTH units hold the part kept.
  const long = value.length > EXAMPLE_LENGTH * 2;
  const chars = Array.from(long ? value.slice(0, EXAMPLE_LENGTH * 2) : value);
  return long || chars.length > EXAMPLE_LENGTH ? chars.slice(0, EXAMPLE_LENGTH).join('') : undefined;
}

/** A value shown in a message as it is, cut to EXAMPLE_LENGTH characters with `…` when longer. */
export function shortened(value: string): string {
  const kept = head(value);
  return kept === undefined ? value : `${kept}…`;
}

/**
 * A value quoted in a message (`"Acme…"`): JSON-quoted, cut to EXAMPLE_LENGTH characters with `…`
 * when longer. Every message that quotes a cell, a header or a setting goes through here or
 * `shortened`; messages are made printable when they are shown.
 */
export function example(value: string): string {
  const kept = head(value);
  return kept === undefined ? JSON.stringify(value) : `${JSON.stringify(kept)}…`;
}

/** The most of one message line shown: a backstop for a value quoted whole by mistake. */
export const MESSAGE_LENGTH = 2000;

/** A message as a terminal may show it: printable, each line cut to MESSAGE_LENGTH characters. */
export function printableMessage(text: string): string {
  return printable(
    text.length <= MESSAGE_LENGTH
      ? text
      : text
          .split('\n')
          .map((line) =>
            line.length > MESSAGE_LENGTH ? `${Array.from(line.slice(0, MESSAGE_LENGTH)).slice(0, -1).join('')}…` : line,
          )
          .join('\n'),
  );
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
