/**
 * Rows of a HubSpot export with associations (one row per contact–company pair): rows repeating an
 * id are one record only when the record's own fields agree; other people under one id are
 * duplicate-id; ids Excel mangled (`1.11015E+11`) are never merged. And owner values that fit two
 * owners (two "Chris Lee") are reported by the load.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/database.js';
import { loadSummaryJson, loadWarnings } from '../../src/report/loadSummary.js';
import { csv, loadInto } from '../audit/helpers.js';

const OWNERS = csv(
  'Owner ID,User ID,First Name,Last Name,Email,Archived',
  '61204511,9120031,Hannah,Brooks,hannah.brooks@brightwater.studio,false',
  '61204512,9120032,Marcus,Lee,marcus.lee@brightwater.studio,false',
  '61204514,9120034,Chris,Lee,chris.lee@brightwater.studio,false',
  '61204515,9120035,Chris,Lee,christopher.lee@brightwater.studio,false',
);
const COMPANIES = csv(
  'Record ID,Company name,Company owner,Create Date',
  '18402937511,Fernhill Coffee Roasters,Hannah Brooks,2024-03-18 10:41',
  '18402937512,Quarry Lane Architects,Marcus Lee,2024-05-02 09:12',
  '18402937515,Saltmarsh Ceramics,Chris Lee,2024-07-22 14:30',
);
const HEADER =
  'Record ID - Contact,First Name,Last Name,Email,Contact owner,Create Date,Record ID - Company,Company name,Create Date';
const CONTACTS = 'hubspot-crm-exports-contacts-with-associations-2026-11-01.csv';

async function load(db: Db, contactRows: string[]) {
  return loadInto(db, {
    'hubspot-owners-2026-11-01.csv': OWNERS,
    'hubspot-crm-exports-all-companies-2026-11-01.csv': COMPANIES,
    [CONTACTS]: csv(HEADER, ...contactRows),
  });
}

function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase(':memory:', 'create');
  return fn(db).finally(() => db.close());
}

const contacts = (db: Db) =>
  db
    .prepare(
      "SELECT id, name, email_key AS email, account_id AS account FROM records WHERE kind = 'contacts' ORDER BY key",
    )
    .all() as Record<string, string>[];
const duplicates = (db: Db) =>
  db.prepare("SELECT id, line FROM duplicate_rows WHERE kind = 'contacts' ORDER BY line").all();
const contactsFile = (result: Awaited<ReturnType<typeof load>>) => result.files.find((f) => f.kind === 'contacts')!;

describe('rows that repeat a contact id', () => {
  it('are one record when the contact is the same (a second company): the first company is its account', () =>
    withDb(async (db) => {
      const result = await load(db, [
        '51234567801,Ellie,Warren,ellie@fernhillcoffee.com,Hannah Brooks,2024-03-18 10:52,18402937511,Fernhill Coffee Roasters,2024-03-18 10:41',
        '51234567801,Ellie,Warren,ellie@fernhillcoffee.com,Hannah Brooks,2024-03-18 10:52,18402937512,Quarry Lane Architects,2024-05-02 09:12',
      ]);
      expect(contacts(db)).toEqual([
        { id: '51234567801', name: 'Ellie Warren', email: 'ellie@fernhillcoffee.com', account: '18402937511' },
      ]);
      expect(contactsFile(result)).toMatchObject({ rows: 1, repeats: 1, duplicates: 0 });
    }));

  it('are duplicate-id when they hold another person, even with the same owner', () =>
    withDb(async (db) => {
      const result = await load(db, [
        '51234567806,Owen,Hart,owen.hart@quarrylane.co.uk,Marcus Lee,2024-05-02 09:40,18402937512,Quarry Lane Architects,2024-05-02 09:12',
        '51234567806,Owen,Hartley,owen.hartley@quarrylane.co.uk,Marcus Lee,2025-01-14 13:05,18402937512,Quarry Lane Architects,2024-05-02 09:12',
      ]);
      expect(contacts(db).map((c) => c.email)).toEqual(['owen.hart@quarrylane.co.uk']);
      expect(duplicates(db)).toEqual([{ id: '51234567806', line: 3 }]);
      expect(contactsFile(result)).toMatchObject({ rows: 1, repeats: 0, duplicates: 1 });
    }));

  it('are duplicate-id when only the email differs, or only the owner', () =>
    withDb(async (db) => {
      const result = await load(db, [
        '51234567807,Ana,Ruiz,ana@fernhillcoffee.com,Hannah Brooks,2024-03-18 10:52,18402937511,Fernhill Coffee Roasters,2024-03-18 10:41',
        '51234567807,Ana,Ruiz,ana.ruiz@gmail.com,Hannah Brooks,2024-03-18 10:52,18402937512,Quarry Lane Architects,2024-05-02 09:12',
        '51234567807,Ana,Ruiz,ana@fernhillcoffee.com,Marcus Lee,2024-03-18 10:52,18402937512,Quarry Lane Architects,2024-05-02 09:12',
      ]);
      expect(contactsFile(result)).toMatchObject({ rows: 1, repeats: 0, duplicates: 2 });
    }));

  it('under an id Excel mangled are each a record of their own, never merged nor duplicate-id', () =>
    withDb(async (db) => {
      const result = await load(db, [
        '1.11015E+11,Rosa,Delgado,rosa@saltmarshceramics.example,Chris Lee,2025-02-03 10:00,18402937515,Saltmarsh Ceramics,2024-07-22 14:30',
        '1.11015E+11,Sam,Okoro,sam@copperleafbikes.example,Chris Lee,2025-02-03 10:04,18402937515,Saltmarsh Ceramics,2024-07-22 14:30',
        '1.11015E+11,Lena,Fischer,lena@quarrylane.co.uk,Marcus Lee,2025-02-03 10:07,18402937512,Quarry Lane Architects,2024-05-02 09:12',
        '1.11015E+11,Lena,Fischer,lena@quarrylane.co.uk,Marcus Lee,2025-02-03 10:07,18402937511,Fernhill Coffee Roasters,2024-03-18 10:41',
      ]);
      expect(contacts(db).map((c) => c.email)).toEqual([
        'rosa@saltmarshceramics.example',
        'sam@copperleafbikes.example',
        'lena@quarrylane.co.uk',
        'lena@quarrylane.co.uk',
      ]);
      expect(duplicates(db)).toEqual([]);
      expect(contactsFile(result)).toMatchObject({ rows: 4, repeats: 0, duplicates: 0 });
      expect(contactsFile(result).warnings.mangledIds).toMatchObject({ count: 4, line: 2 });
      expect(result.counts.contacts).toBe(4);
    }));
});

describe('ids mangled by Excel in a plain export', () => {
  it('are never merged either: two rows of `1.51081E+11` are two records', () =>
    withDb(async (db) => {
      const result = await loadInto(db, {
        'hubspot-owners-2026-11-01.csv': OWNERS,
        'hubspot-crm-exports-all-contacts-2026-11-01.csv': csv(
          'Record ID,First Name,Last Name,Email,Contact owner',
          '1.51081E+11,Jonah,Pierce,jonah@fernhillcoffee.com,Hannah Brooks',
          '1.51081E+11,Imogen,Clarke,imogen@quarrylane.co.uk,Hannah Brooks',
        ),
      });
      expect(result.counts.contacts).toBe(2);
      expect(duplicates(db)).toEqual([]);
    }));
});

describe('owner values that fit several owners', () => {
  it('are reported by the load with the records naming them, by kind, and the owners they fit', () =>
    withDb(async (db) => {
      const result = await load(db, [
        '51234567802,Jonah,Pierce,jonah.pierce@saltmarshceramics.example,Chris Lee,2024-07-22 15:02,18402937515,Saltmarsh Ceramics,2024-07-22 14:30',
        '51234567803,Imogen,Clarke,imogen@copperleafbikes.example,chris  LEE,2024-08-05 09:10,18402937515,Saltmarsh Ceramics,2024-07-22 14:30',
        '51234567804,Theo,Marsh,theo.marsh@gmail.com,Marcus Lee,2024-06-01 08:00,,,',
        '51234567805,Priya,Shah,priya@copperleafbikes.example,Nobody Known,2024-08-06 11:20,,,',
      ]);
      expect(result.ambiguousOwners).toEqual([
        {
          owner: 'Chris Lee',
          matches: [
            { id: '61204514', name: 'Chris Lee', email: 'chris.lee@brightwater.studio' },
            { id: '61204515', name: 'Chris Lee', email: 'christopher.lee@brightwater.studio' },
          ],
          records: { accounts: 1, contacts: 2 },
        },
      ]);
      // Priya's owner matches no one: counted there, not with the ambiguous ones.
      expect(result.unresolvedOwners).toEqual({ contacts: 1 });
      expect(loadWarnings(result)).toContain(
        '1 account and 2 contacts name an owner "Chris Lee" that matches 2 owners (61204514 chris.lee@brightwater.studio, 61204515 christopher.lee@brightwater.studio): ' +
          'audited as unknown-owner (ambiguous name), and a transfer from either owner leaves them; give each owner a name of their own in the CRM and export again',
      );
      expect(loadSummaryJson(result).ambiguousOwners).toEqual(result.ambiguousOwners);
    }));

  it('are not reported when no value fits two owners', () =>
    withDb(async (db) => {
      const result = await loadInto(db, {
        'hubspot-owners-2026-11-01.csv': OWNERS,
        [CONTACTS]: csv(HEADER, '51234567804,Theo,Marsh,theo.marsh@gmail.com,Marcus Lee,2024-06-01 08:00,,,'),
      });
      expect(result.ambiguousOwners).toEqual([]);
      expect(loadWarnings(result).some((line) => line.includes('matches 2 owners'))).toBe(false);
    }));
});

describe('property: the rows of an export with associations', () => {
  /** A row: which id (or the mangled one), which person, which owner, which company. */
  const row = fc.record({
    id: fc.integer({ min: 0, max: 4 }),
    person: fc.integer({ min: 0, max: 2 }),
    owner: fc.integer({ min: 0, max: 1 }),
    company: fc.integer({ min: 0, max: 2 }),
  });
  const OWNER_NAMES = ['Hannah Brooks', 'Marcus Lee'];
  const COMPANY_IDS = ['18402937511', '18402937512', '18402937515'];

  it('are each a record, a repeat of the first row of their id (same own fields) or a duplicate', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 14 }), async (rows) => {
        const idOf = (n: number) => (n === 4 ? '1.11015E+11' : `5123456780${n}`);
        const lines = rows.map(
          (r) =>
            `${idOf(r.id)},P${r.person},Q,p${r.person}@x.example,${OWNER_NAMES[r.owner]},2024-01-0${r.person + 1} 10:00,${COMPANY_IDS[r.company]},C,2024-02-01 10:00`,
        );
        // The naive rule: mangled rows are records; otherwise the first row of an id is the record,
        // a later one with the same person and owner a repeat, any other a duplicate.
        const first = new Map<number, (typeof rows)[number]>();
        let records = 0;
        let repeats = 0;
        let dups = 0;
        for (const r of rows) {
          const seen = first.get(r.id);
          if (r.id === 4 || !seen) {
            records++;
            if (r.id !== 4) first.set(r.id, r);
          } else if (seen.person === r.person && seen.owner === r.owner) repeats++;
          else dups++;
        }
        await withDb(async (db) => {
          const file = contactsFile(await load(db, lines));
          expect({ rows: file.rows, repeats: file.repeats, duplicates: file.duplicates }).toEqual({
            rows: records,
            repeats,
            duplicates: dups,
          });
        });
      }),
      { numRuns: 40 },
    );
  });
});
