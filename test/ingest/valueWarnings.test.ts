import { describe, expect, it } from 'vitest';
import { fileLayout, readRecord } from '../../src/ingest/identify/layout.js';
import { presetNamed } from '../../src/ingest/identify/presets/index.js';
import { ValueWarnings } from '../../src/ingest/values/valueWarnings.js';

const HEADERS = [
  'Record ID',
  'First Name',
  'Contact owner',
  'Associated Company IDs',
  'Last Activity Date',
  'Create Date',
];

describe('ValueWarnings', () => {
  it('counts records with an id, owner or account reference in scientific notation, keeping the first', () => {
    const layout = fileLayout('contacts.csv', 'contacts', presetNamed('hubspot')!, HEADERS);
    const warnings = new ValueWarnings(layout);
    const see = (line: number, cells: string[]) => warnings.see(readRecord(layout, cells), line);
    expect(see(2, ['51234567801', 'Ellie', 'Hannah Brooks', '18402937511', '2026-10-29', ''])).toBe(false);
    expect(see(3, ['51234567802', 'Jonah', 'Hannah Brooks', '3.00E+14', '', ''])).toBe(true);
    expect(see(4, ['1.51081E+11', 'Imogen', 'Hannah Brooks', '', '', ''])).toBe(true);
    expect(warnings.take()).toEqual({
      mangledIds: { column: 'Associated Company IDs', count: 2, line: 3, example: '3.00E+14' },
      unreadableDates: [],
    });
  });

  it('counts date cells that are no date, per column, with the first line and an example', () => {
    const layout = fileLayout('contacts.csv', 'contacts', presetNamed('hubspot')!, HEADERS);
    const warnings = new ValueWarnings(layout);
    const see = (line: number, cells: string[]) => warnings.see(readRecord(layout, cells), line);
    see(2, ['1', 'A', 'x', '', '########', '3/18/24 10:52 AM']);
    see(3, ['2', 'B', 'x', '', '9/24/25 22:00', 'last spring']);
    see(4, ['3', 'C', 'x', '', 'n/a', '']);
    expect(warnings.take().unreadableDates).toEqual([
      { column: 'Last Activity Date', count: 2, line: 2, example: '########' },
      { column: 'Create Date', count: 1, line: 3, example: 'last spring' },
    ]);
  });
});
