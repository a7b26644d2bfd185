/**
 * A small streaming XML scanner for the parts of a workbook: start tags with their attributes, end
 * tags and text (entities and character references decoded), fed a chunk at a time. Comments,
 * processing instructions and the doctype are skipped; CDATA is text. Element names are taken
 * without their namespace prefix (`x:row` is `row`), as some writers prefix every element.
 *
 * It is not a validating parser: it reads what spreadsheet programs write. A general SAX parser
 * (saxes, which exceljs uses) looks at every character through a state machine and read a
 * 100k-row sheet about three times slower than this scanner, which jumps from `<` to `<`.
 */
import type { Readable } from 'node:stream';

export interface XmlHandlers {
  /** A start tag: its name and the text of its attributes (read them with `attribute` or `attributesOf`). */
  open?(name: string, attributes: string): void;
  close?(name: string): void;
  text?(text: string): void;
}

export class XmlSyntaxError extends Error {}

export interface XmlScanner {
  write(chunk: string): void;
  /** The end of the part: anything left unfinished is an error. */
  close(): void;
}

const GT = 62;
const QUOTE = 34;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;

export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name];
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Where the tag starting at `lt` ends: its `>`, outside quoted attribute values; -1 if not in
 * `text` yet. A `>` may stand unescaped in an attribute value: the search jumps from quote to quote
 * past it. (Values in apostrophes are read by `attribute`, but a `>` inside one is not looked for:
 * spreadsheet programs quote with `"`.)
 */
function tagEnd(text: string, lt: number): number {
  let quoted = false;
  let i = lt;
  // The tag's own characters only: a search for a quote past its end would run through the text of
  // every tag without attributes (a shared string table has hardly a quote in it).
  for (let gt = text.indexOf('>', lt); gt >= 0; gt = text.indexOf('>', gt + 1)) {
    for (; i < gt; i++) if (text.charCodeAt(i) === QUOTE) quoted = !quoted;
    if (!quoted) return gt;
  }
  return -1;
}

/** One attribute's value from a tag's attribute text, or undefined. */
export function attribute(attributes: string, name: string): string | undefined {
  for (let at = attributes.indexOf(name); at >= 0; at = attributes.indexOf(name, at + 1)) {
    const before = attributes.charCodeAt(at - 1);
    // ` r="…"`, not the end of ` spans="…"` (names may also be prefixed: `r:id`).
    if (!(before === 32 || before === 9 || before === 10 || before === 13 || before === 58) || at === 0) continue;
    let i = at + name.length;
    while (attributes.charCodeAt(i) === 32) i++;
    if (attributes.charCodeAt(i) !== 61) continue; // '='
    i++;
    while (attributes.charCodeAt(i) === 32) i++;
    const quote = attributes[i];
    if (quote !== '"' && quote !== "'") continue;
    const end = attributes.indexOf(quote, i + 1);
    if (end < 0) return undefined;
    return decodeEntities(attributes.slice(i + 1, end));
  }
  return undefined;
}

const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Every attribute of a tag, by its full name (`r:id`). */
export function attributesOf(attributes: string): Record<string, string> {
  const all: Record<string, string> = {};
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(attributes); match; match = ATTRIBUTE.exec(attributes)) all[match[1]] = decodeEntities(match[2] ?? match[3]);
  return all;
}

/** Where a tag's name ends: at white space, `/` or `>`. */
function nameEnd(text: string, from: number, gt: number): number {
  for (let i = from; i < gt; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === SLASH) return i;
  }
  return gt;
}

/** The markup that is not an element, by how it starts: how it ends. */
const SKIPPED: [string, string][] = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
];

export function xmlScanner(handlers: XmlHandlers): XmlScanner {
  const { open, close, text: onText } = handlers;
  let pending = '';

  const scan = (final: boolean): void => {
    const text = pending;
    let pos = 0;
    for (;;) {
      const lt = text.indexOf('<', pos);
      if (lt < 0) {
        // Text runs to the end of what is here: it waits for the next `<` (an entity may be cut).
        if (final && text.slice(pos).trim() !== '') throw new XmlSyntaxError('text after the last element');
        break;
      }
      if (lt > pos && onText) onText(decodeEntities(text.slice(pos, lt)));
      pos = lt;
      const next = text.charCodeAt(lt + 1);
      if (next === BANG || next === QUESTION) {
        const skipped = SKIPPED.find(([start]) => text.startsWith(start, lt));
        if (!skipped && text.length - lt < 9 && !final) break; // `<![CDATA[` may be cut
        const [start, end] = skipped ?? ['<!', '>']; // a doctype
        const close = text.indexOf(end, lt + start.length);
        if (close < 0) {
          if (final) throw new XmlSyntaxError(`unfinished ${start}`);
          break;
        }
        if (start === '<![CDATA[' && onText) onText(text.slice(lt + start.length, close));
        pos = close + end.length;
        continue;
      }
      const gt = tagEnd(text, lt + 1);
      if (gt < 0) {
        if (final) throw new XmlSyntaxError('unfinished tag at the end of the part');
        break;
      }
      if (next === SLASH) {
        close?.(localName(text.slice(lt + 2, nameEnd(text, lt + 2, gt))));
      } else {
        const end = nameEnd(text, lt + 1, gt);
        const name = localName(text.slice(lt + 1, end));
        if (name === '') throw new XmlSyntaxError('a tag without a name');
        const selfClosing = text.charCodeAt(gt - 1) === SLASH;
        open?.(name, end < gt ? text.slice(end, selfClosing ? gt - 1 : gt) : '');
        if (selfClosing) close?.(name);
      }
      pos = gt + 1;
    }
    pending = text.slice(pos);
  };

  return {
    write(chunk: string) {
      pending += chunk;
      scan(false);
    },
    close() {
      scan(true);
    },
  };
}

/** Parses a whole (small) part. */
export async function parseXml(stream: Readable, handlers: XmlHandlers): Promise<void> {
  const scanner = xmlScanner(handlers);
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) scanner.write(decoder.decode(chunk, { stream: true }));
    scanner.write(decoder.decode());
    scanner.close();
  } finally {
    stream.destroy();
  }
}
