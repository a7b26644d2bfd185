/**
 * Values in Markdown output, which lands in GitHub job summaries and pull-request comments: those
 * render inline HTML and Markdown, so a record named `<img src=x onerror=…>` or `[click](…)` would
 * be markup, a `|` would split a table cell and a line break would end a table row.
 */
import { printable } from './printable.js';

/** HTML entities for what starts markup or splits a cell; a backslash before Markdown's own punctuation. */
const ESCAPES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '|': '&#124;',
  '\\': '\\\\',
  '*': '\\*',
  _: '\\_',
  '`': '\\`',
  '[': '\\[',
  ']': '\\]',
  '~': '\\~',
};

const SPECIAL = /[<>&|\\*_`[\]~]/g;

/** A value shown as literal text in Markdown (a table cell, a heading): one line, no markup. */
export function markdownText(value: string): string {
  return printable(value.replace(/\r\n|\r|\n/g, ' ')).replace(SPECIAL, (char) => ESCAPES[char]);
}
