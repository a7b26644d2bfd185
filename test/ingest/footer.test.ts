import { describe, expect, it } from 'vitest';
import { readCsvBatches, type CsvRow } from '../../src/csv.js';
import { FooterRows } from '../../src/ingest/values/footer.js';

async function rowsOf(text: string): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  async function* chunks() {
    yield text;
  }
  for await (const batch of readCsvBatches(chunks(), { delimiter: ',' })) rows.push(...batch);
  return rows;
}

/** The lines of the rows read now, and how many rows the end drops, with the rows given `batchSize` at a time. */
async function split(text: string, batchSize = 1000) {
  const [header, ...rows] = await rowsOf(text);
  const footer = new FooterRows(header);
  const read: number[] = [];
  for (let i = 0; i < rows.length; i += batchSize)
    read.push(...footer.take(rows.slice(i, i + batchSize)).map((r) => r.line));
  return { read, dropped: footer.end() };
}

const HEADER = '"Contact Owner","First Name","Last Name","Contact ID"';
const DATA = ['"Dana Whitfield","Ann","Lee","0038c000002ueAL"', '"Omar Haddad","Bo","Chu","0038c000002ueAM"'];

describe('FooterRows', () => {
  it("drops a Salesforce report's footer: blank lines, totals, confidentiality note, copyright", async () => {
    const text = [
      HEADER,
      ...DATA,
      '',
      '"Grand Totals (2 records)"',
      '',
      '"Confidential Information - Do Not Distribute"',
      '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."',
      '',
    ].join('\r\n');
    expect(await split(text)).toEqual({ read: [2, 3], dropped: 3 });
  });

  it('drops footers in any wording or language, after an empty row instead of a blank line', async () => {
    for (const lines of [
      ['"Copyright © 2000-2026 salesforce.com, inc. All rights reserved."'],
      ['"Vertraulich - Nicht weitergeben"', '"Copyright (c) 2000-2026 salesforce.com, inc. Alle Rechte vorbehalten."'],
      ['"Confidentiel - Ne pas distribuer"', '"Copyright © 2000-2026 salesforce.com, inc. Tous droits réservés."'],
    ]) {
      for (const empty of ['""', ',,,', '"","","",""']) {
        const text = [HEADER, ...DATA, empty, ...lines].join('\n');
        expect(await split(text), `${empty} ${lines[0]}`).toEqual({ read: [2, 3], dropped: 1 + lines.length });
      }
    }
  });

  it('keeps rows that may be a footer when data follows them: they are read, in order', async () => {
    const text = [HEADER, DATA[0], '', '"Subtotal"', DATA[1], '"Stray note"'].join('\n');
    // Line 4 waited after the blank line 3, then line 5 is data; line 6 has no blank line or empty row before it.
    expect(await split(text)).toEqual({ read: [2, 4, 5, 6], dropped: 0 });
  });

  it('holds rows across batches', async () => {
    const text = [
      HEADER,
      ...DATA,
      '""',
      '"Confidential Information - Do Not Distribute"',
      DATA[0],
      '""',
      '"Copyright (c) salesforce.com"',
    ].join('\n');
    for (const batchSize of [1, 2, 3, 100]) {
      expect(await split(text, batchSize), `batches of ${batchSize}`).toEqual({ read: [2, 3, 4, 5, 6], dropped: 2 });
    }
  });

  it('counts line breaks inside quoted fields when looking for a blank line', async () => {
    const text = [HEADER, '"Dana","Multi\nline","Lee","0038c000002ueAL"', '"Not a footer"'].join('\n');
    expect(await split(text)).toEqual({ read: [2, 4], dropped: 0 });
  });
});
