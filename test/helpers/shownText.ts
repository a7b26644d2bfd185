/** Checks on text meant for a terminal or for Markdown, shared by the escaping tests. */
import { expect } from 'vitest';

/** A raw C0 character other than the line feed between lines, DEL, C1 or a bidi control. */
export const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Markdown with no raw HTML, whose table rows each have as many cells as their header. */
export function expectLiteralMarkdown(text: string): void {
  expect(text).not.toMatch(/<img|<script/);
  for (const table of text
    .trimEnd()
    .split('\n\n')
    .filter((part) => part.startsWith('|'))) {
    const [head, ...body] = table.split('\n');
    for (const line of body) expect(line.split('|').length).toBe(head.split('|').length);
  }
}
