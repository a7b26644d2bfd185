/**
 * HTML built from templates that escape by default: every interpolated string or number is
 * escaped, so a name from an export (`<script>`, `<img onerror>`) is text, never markup. Only
 * fragments made by `html` itself (or `trusted`, for the style sheet) go in as they are.
 */
import { printable } from '../../output/printable.js';

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | boolean | null | undefined | Part[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Besides markup: bidi controls (a `\u202e` in a label reverses the heading it is in, and the
 * text after it) and controls HTML does not allow, shown escaped as the terminal shows them.
 * Tab and line breaks are white space in HTML and stay.
 */
const ESCAPED = /[&<>"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function escapeHtml(text: string): string {
  return text.replace(ESCAPED, (c) => ESCAPES[c] ?? printable(c));
}

function render(part: Part): string {
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  if (part === null || part === undefined || part === false || part === true) return '';
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let text = strings[0];
  for (let i = 0; i < values.length; i++) text += render(values[i]) + strings[i + 1];
  return new Html(text);
}

/** Markup written in this code base, not built from data (the style sheet). */
export function trusted(text: string): Html {
  return new Html(text);
}
