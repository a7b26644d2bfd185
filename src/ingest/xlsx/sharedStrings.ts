/**
 * The shared string table (`xl/sharedStrings.xml`), read only as far as the cells read so far need:
 * finding a header reads its first entries, not the whole table. Each `<si>` is its text, rich-text
 * runs joined, phonetic guides (`<rPh>`) left out.
 */
import type { Readable } from 'node:stream';
import { ooxmlText } from './cellText.js';
import { xmlScanner, type XmlScanner } from './xml.js';

export class SharedStrings {
  readonly strings: string[] = [];
  private chunks: AsyncIterator<Buffer> | undefined;
  private readonly scanner: XmlScanner;
  private readonly decoder = new TextDecoder('utf-8');

  /** No part: a workbook without shared strings (every string inline). */
  constructor(private open?: () => Promise<Readable>) {
    let current = '';
    let inText = false;
    let inPhonetic = false;
    this.scanner = xmlScanner({
      open: (name) => {
        if (name === 'si') current = '';
        else if (name === 't') inText = !inPhonetic;
        else if (name === 'rPh') inPhonetic = true;
      },
      close: (name) => {
        if (name === 'si') this.strings.push(ooxmlText(current));
        else if (name === 't') inText = false;
        else if (name === 'rPh') inPhonetic = false;
      },
      text: (text) => {
        if (inText) current += text;
      },
    });
  }

  /** Reads the table until entry `index` is there, or to its end. */
  async through(index: number): Promise<void> {
    if (index < this.strings.length || !this.open) return;
    this.chunks ??= ((await this.open()) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    while (index >= this.strings.length) {
      const next = await this.chunks.next();
      if (next.done) {
        this.scanner.write(this.decoder.decode());
        this.scanner.close();
        this.open = undefined;
        return;
      }
      this.scanner.write(this.decoder.decode(next.value, { stream: true }));
    }
  }

  async close(): Promise<void> {
    await this.chunks?.return?.();
  }
}
