/**
 * The shared string table (`xl/sharedStrings.xml`), read only as far as the cells read so far need:
 * finding a header reads its first entries, not the whole table. Each `<si>` is its text, rich-text
 * runs joined, phonetic guides (`<rPh>`) left out.
 */
import type { Readable } from 'node:stream';
import { InputError } from '../../../errors.js';
import { ooxmlText } from './cellText.js';
import { count, XLSX_LIMITS } from './limits.js';
import { xmlScanner, type XmlScanner } from './xml.js';

export class SharedStrings {
  readonly strings: string[] = [];
  private chunks: AsyncIterator<Buffer> | undefined;
  private readonly scanner: XmlScanner;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  /** No part: a workbook without shared strings (every string inline). */
  constructor(
    private open?: () => Promise<Readable>,
    private readonly file = '',
  ) {
    let current = '';
    let inText = false;
    let inPhonetic = false;
    const { maxSharedStrings, maxCellChars } = XLSX_LIMITS;
    this.scanner = xmlScanner({
      open: (name) => {
        if (name === 'si') {
          current = '';
          if (this.strings.length >= maxSharedStrings)
            throw this.refused(`holds more than ${count(maxSharedStrings)} strings`);
        } else if (name === 't') inText = !inPhonetic;
        else if (name === 'rPh') inPhonetic = true;
      },
      close: (name) => {
        if (name === 'si') this.strings.push(ooxmlText(current));
        else if (name === 't') inText = false;
        else if (name === 'rPh') inPhonetic = false;
      },
      text: (text) => {
        if (!inText) return;
        current += text;
        // The same bound as a cell's text (and a CSV row's), checked as the text grows.
        if (current.length > maxCellChars)
          throw this.refused(`string ${this.strings.length + 1} is longer than ${count(maxCellChars)} characters`);
      },
    });
  }

  private refused(reason: string): InputError {
    return new InputError(
      { file: this.file },
      `refused: part xl/sharedStrings.xml ${reason}`,
      'open it in Excel and save it again, or export CSV',
    );
  }

  /** Reads the table until entry `index` is there, or to its end. */
  async through(index: number): Promise<void> {
    if (index < this.strings.length || !this.open) return;
    this.chunks ??= ((await this.open()) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    try {
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
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(
        { file: this.file },
        `not a readable XLSX workbook: part xl/sharedStrings.xml ${error instanceof TypeError ? 'holds bytes that are not valid UTF-8' : `is broken (${(error as Error).message})`}`,
        'open it in Excel and save it again, or export CSV',
      );
    }
  }

  async close(): Promise<void> {
    await this.chunks?.return?.();
  }
}
