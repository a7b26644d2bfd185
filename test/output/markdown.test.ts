/** Values in Markdown (GitHub job summaries): literal text, never markup, never a new cell or row. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownText } from '../../src/output/markdown.js';
import { printable } from '../../src/output/printable.js';

/** What GitHub shows for our escapes: entities decoded, backslash escapes dropped. */
function rendered(markdown: string): string {
  const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&#124;': '|' };
  return markdown.replace(
    /&lt;|&gt;|&amp;|&#124;|\\([\s\S])/g,
    (match, escaped?: string) => escaped ?? entities[match],
  );
}

/** The text left when every escape (an entity of ours, a backslash pair) is taken out. */
function unescaped(markdown: string): string {
  return markdown.replace(/&lt;|&gt;|&amp;|&#124;|\\[\s\S]/g, '');
}

const markupText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<img src=x onerror=alert(1)>',
        '<script>',
        '|',
        '\r',
        '\n',
        '\r\n',
        '**',
        '_',
        '`',
        '[x](https://e.test)',
        '~~',
        '\\',
        '&amp;',
        '&#124;',
        '\x1b[31m',
        '\u202e',
      ),
      fc.string({ unit: 'binary', maxLength: 8 }),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

describe('markdownText', () => {
  it('shows HTML as text', () => {
    expect(markdownText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(markdownText('Tom & Jerry &amp;')).toBe('Tom &amp; Jerry &amp;amp;');
  });

  it('keeps a pipe and line breaks from splitting the table', () => {
    expect(markdownText('a|b')).toBe('a&#124;b');
    expect(markdownText('one\rtwo\r\nthree\nfour')).toBe('one two three four');
  });

  it('shows Markdown punctuation as text', () => {
    expect(markdownText('**bold** _it_ `code` [link](https://e.test) ~~gone~~ C:\\x')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[link\\](https://e.test) \\~\\~gone\\~\\~ C:\\\\x',
    );
  });

  it('shows control and bidi characters escaped, as the terminal does', () => {
    expect(markdownText('\x1b[31mred\u202e')).toBe('\\\\x1b\\[31mred\\\\u202e');
    expect(rendered(markdownText('\x1b[31mred\u202e'))).toBe(printable('\x1b[31mred\u202e'));
  });

  it('property: no raw <, >, |, CR or LF, no control or bidi character, no Markdown punctuation left unescaped', () => {
    fc.assert(
      fc.property(markupText, (text) => {
        const shown = markdownText(text);
        expect(shown).not.toMatch(/[<>|\r\n]/);
        expect(shown).not.toMatch(/[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
        expect(unescaped(shown)).not.toMatch(/[&\\*_`[\]~]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: GitHub shows the value itself, escaped as at a terminal, on one line', () => {
    fc.assert(
      fc.property(markupText, (text) => {
        expect(rendered(markdownText(text))).toBe(printable(text.replace(/\r\n|\r|\n/g, ' ')));
      }),
      { numRuns: 2000 },
    );
  });
});
