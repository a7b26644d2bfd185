/**
 * Headers of HubSpot exports with associated records' properties: the associated company's columns
 * repeat the contact's headers exactly (`Create Date`, `Phone Number`, `Last Activity Date`,
 * `Country/Region`). The first is the record's own; the later ones are kept as columns of their own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileLayout, readRecord } from '../../src/ingest/identify/layout.js';
import { presetNamed } from '../../src/ingest/identify/presets/index.js';
import { openDatabase } from '../../src/store/database.js';
import { snapshotFiles } from '../../src/store/files.js';
import { inputError } from '../helpers/errors.js';

const FILE = '/exports/hubspot-crm-exports-contacts-with-associations-2026-11-01.csv';
const hubspot = presetNamed('hubspot')!;

/** The header line of fixtures/hubspot-association-properties/…contacts-with-associations….csv. */
const HEADERS = [
  'Record ID - Contact',
  'First Name',
  'Last Name',
  'Email',
  'Phone Number',
  'Contact owner',
  'Create Date',
  'Last Activity Date',
  'Country/Region',
  'Company Name',
  'Record ID - Company',
  'Company name',
  'Company Domain Name',
  'Company owner',
  'Create Date',
  'Phone Number',
  'Last Activity Date',
  'Country/Region',
];
const ROW = [
  '51234567801',
  'Ellie',
  'Warren',
  'ellie@fernhillcoffee.com',
  '+44 20 7946 0101',
  'Hannah Brooks',
  '2024-03-18 10:52',
  '2026-10-29 16:05',
  'United Kingdom',
  'Fernhill Coffee',
  '18402937511',
  'Fernhill Coffee Roasters',
  'fernhillcoffee.com',
  'Hannah Brooks',
  '2024-03-18 10:41',
  '+44 20 7946 0100',
  '2026-10-01 09:00',
  'United Kingdom',
];

describe('headers repeated exactly in an export with associations', () => {
  it('are kept as columns of their own, the record reading the first of each', () => {
    const layout = fileLayout(FILE, 'contacts', hubspot, HEADERS);
    expect(layout.rowPerAssociation).toBe(true);
    expect(layout.headers).toHaveLength(18);
    // The contact's own Create Date and Last Activity Date (columns 7 and 8), not the company's (15 and 17).
    expect(layout.column).toMatchObject({ id: 0, email: 3, owner: 5, created: 6, last_activity: 7, account_id: 10 });
    const record = readRecord(layout, ROW);
    expect(record).toMatchObject({
      id: '51234567801',
      name: 'Ellie Warren',
      owner: 'Hannah Brooks',
      accountId: '18402937511',
      lastActivity: '2026-10-29',
      accountName: 'Fernhill Coffee',
    });
    expect(record.created.startsWith('2024-03-18')).toBe(true);
  });

  it('also when the associated object comes first in the file for another kind (companies with their contacts)', () => {
    const headers = [
      'Record ID - Company',
      'Company name',
      'Company owner',
      'Create Date',
      'Record ID - Contact',
      'Email',
      'Create Date',
    ];
    const layout = fileLayout('/exports/companies.csv', 'accounts', hubspot, headers);
    expect(layout.column).toMatchObject({ id: 0, name: 1, owner: 2, created: 3 });
  });

  it('headers that differ only in case stay two columns, as before', () => {
    const layout = fileLayout(FILE, 'contacts', hubspot, HEADERS);
    expect(layout.column.account_name).toBe(9); // the contact's `Company Name`, not the company's `Company name`
  });
});

describe('property: in an export with associations', () => {
  it('every field reads the first column of its header, whatever the company columns repeat', () => {
    const contactHeaders = HEADERS.slice(0, 10);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...contactHeaders, 'Company Domain Name', 'Industry'), { maxLength: 12 }),
        (repeated) => {
          const headers = [...contactHeaders, 'Record ID - Company', ...repeated];
          const layout = fileLayout(FILE, 'contacts', hubspot, headers);
          expect(layout.headers).toEqual(headers);
          for (const index of Object.values(layout.column))
            expect(headers.findIndex((h) => h.toLowerCase() === headers[index!].toLowerCase())).toBe(index);
          expect(layout.column).toMatchObject({
            id: 0,
            email: 3,
            owner: 5,
            created: 6,
            last_activity: 7,
            account_id: 10,
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("headers repeated exactly where nothing tells which is the record's own", () => {
  it('are an error naming the column and the first one (a plain contacts export)', () => {
    const error = inputError(() =>
      fileLayout('/exports/contacts.csv', 'contacts', hubspot, ['Record ID', 'Email', 'Contact owner', 'Email']),
    );
    expect(error.position).toEqual({ file: '/exports/contacts.csv', line: 1, column: 4 });
    expect(error.reason).toBe('duplicate header "Email" (also column 2)');
    expect(error.hint).toMatch(/nothing tells which of the two is the record's own/);
  });

  it("are an error in an export naming only one object's ids (no `Record ID - Company`)", () => {
    const error = inputError(() =>
      fileLayout(FILE, 'contacts', hubspot, ['Record ID - Contact', 'Contact owner', 'Create Date', 'Create Date']),
    );
    expect(error.position.column).toBe(4);
  });
});

describe("a snapshot file's columns by header", () => {
  it("take the first of a repeated header (rules and lockColumn read the record's own)", () => {
    const db = openDatabase(':memory:', 'create');
    try {
      const snapshot = Number(
        db.prepare("INSERT INTO snapshots (label, loaded_at, counts) VALUES (NULL, '2026-11-01', '{}')").run()
          .lastInsertRowid,
      );
      db.prepare(
        `INSERT INTO snapshot_files (snapshot_id, path, kind, preset, encoding, delimiter, size, sha256, rows, rejected, duplicates, dropped, headers)
         VALUES (?, ?, 'contacts', 'hubspot', 'utf-8', ',', 0, '', 0, 0, 0, 0, ?)`,
      ).run(snapshot, FILE, JSON.stringify(HEADERS));
      const [file] = snapshotFiles(db, snapshot).values();
      expect(file.column.get('create date')).toBe(6);
      expect(file.column.get('country/region')).toBe(8);
      expect(file.column.get('company name')).toBe(9);
    } finally {
      db.close();
    }
  });
});
