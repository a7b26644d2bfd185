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
    // U+0000 and lone surrogates are no XML characters: a NUL in a value would cut it short later.
    if (code === 0 || (code >= 0xd800 && code <= 0xdfff))
      throw new XmlSyntaxError(`${whole} is not a character XML allows`);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
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
  for (let match = ATTRIBUTE.exec(attributes); match; match = ATTRIBUTE.exec(attributes))
    all[match[1]] = decodeEntities(match[2] ?? match[3]);
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

/** The longest tag (its name and attributes) a part may hold: the same bound as a cell's text. */
export const MAX_TAG_CHARS = 16 * 1024 * 1024;
/** The longest entity or character reference (`&#x10FFFF;`): text is handed on up to one that may be cut. */
const MAX_REFERENCE = 10;

/** What a scanner holds and has looked at, for tests: both grow with the input only linearly. */
export interface XmlScanStats {
  /** Characters looked at, counting again those carried over from one chunk to the next. */
  scanned: number;
  /** The most characters held between chunks (an unfinished tag's pieces, a reference or `<!` that may be cut). */
  heldMost: number;
}

/**
 * Reads a chunk at a time, each character once: text is handed on as it comes (in pieces, up to a
 * reference that may be cut), an unfinished tag is kept in pieces with where its search for `>`
 * stopped, and comments and CDATA are read on from where they stopped. (Keeping the unread rest
 * and searching it again from its start made a long cell or tag cost the square of its length.)
 */
export function xmlScanner(handlers: XmlHandlers, stats?: XmlScanStats): XmlScanner {
  const { open, close, text: onText } = handlers;
  /** Characters from the previous chunk read again with the next (a few, at most). */
  let carry = '';
  let mode: 'text' | 'tag' | 'skip' = 'text';
  // An unfinished tag: its pieces (from its `<`), their length, and whether its end is inside quotes.
  let tagParts: string[] = [];
  let tagLength = 0;
  let quoted = false;
  // Inside a comment, CDATA, processing instruction or doctype: how it ends, and whether it is text.
  let skipEnd = '';
  let skipIsText = false;
  /** Text that is not white space since the last tag (at the end of a part, an error). */
  let textAfterTag = false;

  const emit = (raw: string): void => {
    if (raw === '') return;
    if (!textAfterTag && raw.trim() !== '') textAfterTag = true;
    if (onText) onText(decodeEntities(raw));
  };

  const element = (tag: string): void => {
    // `tag` runs from `<` to before `>`.
    textAfterTag = false;
    const gt = tag.length;
    if (tag.charCodeAt(1) === SLASH) {
      close?.(localName(tag.slice(2, nameEnd(tag, 2, gt))));
      return;
    }
    const end = nameEnd(tag, 1, gt);
    const name = localName(tag.slice(1, end));
    if (name === '') throw new XmlSyntaxError('a tag without a name');
    const selfClosing = tag.charCodeAt(gt - 1) === SLASH;
    open?.(name, end < gt ? tag.slice(end, selfClosing ? gt - 1 : gt) : '');
    if (selfClosing) close?.(name);
  };

  const scan = (chunk: string, final: boolean): void => {
    const text = carry === '' ? chunk : carry + chunk;
    carry = '';
    let pos = 0;
    if (stats) stats.scanned += text.length;
    while (pos < text.length || (final && mode !== 'text')) {
      if (mode === 'tag') {
        // The tag's `>`, outside quoted attribute values (a `>` may stand unescaped in one):
        // quotes are counted only up to each `>` found.
        let i = pos;
        let gt = text.indexOf('>', pos);
        for (; gt >= 0; gt = text.indexOf('>', gt + 1)) {
          for (; i < gt; i++) if (text.charCodeAt(i) === QUOTE) quoted = !quoted;
          if (!quoted) break;
        }
        if (gt < 0) {
          for (; i < text.length; i++) if (text.charCodeAt(i) === QUOTE) quoted = !quoted;
          tagLength += text.length - pos;
          if (tagLength > MAX_TAG_CHARS)
            throw new XmlSyntaxError(`a tag longer than ${MAX_TAG_CHARS.toLocaleString('en-US')} characters`);
          tagParts.push(text.slice(pos));
          if (final) throw new XmlSyntaxError('unfinished tag at the end of the part');
          break;
        }
        tagParts.push(text.slice(pos, gt));
        const tag = tagParts.length === 1 ? tagParts[0] : tagParts.join('');
        tagParts = [];
        tagLength = 0;
        mode = 'text';
        pos = gt + 1;
        element(tag);
        continue;
      }
      if (mode === 'skip') {
        const end = text.indexOf(skipEnd, pos);
        if (end < 0) {
          if (final) throw new XmlSyntaxError(`unfinished ${skipIsText ? '<![CDATA[' : 'comment or declaration'}`);
          // The end marker may be cut: its first characters are read again with the next chunk.
          const keep = Math.max(pos, text.length - (skipEnd.length - 1));
          if (skipIsText && onText && keep > pos) onText(text.slice(pos, keep));
          carry = text.slice(keep);
          break;
        }
        if (skipIsText && onText && end > pos) onText(text.slice(pos, end));
        pos = end + skipEnd.length;
        mode = 'text';
        continue;
      }
      const lt = text.indexOf('<', pos);
      if (lt < 0) {
        // Text runs to the end of what is here: handed on, but for a reference that may be cut.
        let keep = text.length;
        if (!final) {
          const amp = text.lastIndexOf('&', text.length - 1);
          if (amp >= pos && text.length - amp <= MAX_REFERENCE && text.indexOf(';', amp) < 0) keep = amp;
        }
        emit(text.slice(pos, keep));
        carry = text.slice(keep);
        break;
      }
      emit(text.slice(pos, lt));
      const next = text.charCodeAt(lt + 1);
      if (next === BANG || next === QUESTION || lt + 1 >= text.length) {
        const skipped = SKIPPED.find(([start]) => text.startsWith(start, lt));
        if (!skipped && text.length - lt < 9 && !final) {
          carry = text.slice(lt); // `<![CDATA[` may be cut
          break;
        }
        if (skipped || next === BANG) {
          const [start, end] = skipped ?? ['<!', '>']; // a doctype
          mode = 'skip';
          skipEnd = end;
          skipIsText = start === '<![CDATA[';
          pos = lt + start.length;
          continue;
        }
      }
      mode = 'tag';
      quoted = false;
      tagParts = ['<'];
      tagLength = 1;
      pos = lt + 1;
    }
    if (final && textAfterTag) throw new XmlSyntaxError('text after the last element');
    if (stats) stats.heldMost = Math.max(stats.heldMost, carry.length + tagLength);
  };

  return {
    write(chunk: string) {
      scan(chunk, false);
    },
    close() {
      scan('', true);
    },
  };
}

/** Parses a whole (small) part. */
export async function parseXml(stream: Readable, handlers: XmlHandlers): Promise<void> {
  const scanner = xmlScanner(handlers);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) scanner.write(decoder.decode(chunk, { stream: true }));
    scanner.write(decoder.decode());
    scanner.close();
  } finally {
    stream.destroy();
  }
}
