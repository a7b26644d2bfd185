import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SharedEmails } from '../../src/ingest/transport/sharedEmails.js';

const candidates = (shared: SharedEmails, kind: string) =>
  shared.candidates().find((c) => c.kind === kind)?.records ?? [];

describe('SharedEmails', () => {
  it('names every record of an address met twice in a kind, and none of an address met once', () => {
    const shared = new SharedEmails();
    ['a@x.com', 'b@x.com', 'a@x.com', 'c@x.com', 'a@x.com'].forEach((email, i) => shared.see('contacts', email, i));
    shared.see('leads', 'b@x.com', 0);
    expect(candidates(shared, 'contacts')).toEqual([0, 2, 4]);
    expect(candidates(shared, 'leads')).toEqual([]);
  });

  it('never misses a record whose address is on another record', () => {
    fc.assert(
      fc.property(
        fc.array(fc.emailAddress(), { maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 50 }),
        (emails, repeats) => {
          const shared = new SharedEmails();
          const list = emails.length ? [...emails, ...repeats.map((i) => emails[i % emails.length])] : [];
          list.forEach((email, i) => shared.see('contacts', email, i));
          const found = new Set(candidates(shared, 'contacts'));
          list.forEach((email, i) => {
            if (list.indexOf(email) !== list.lastIndexOf(email)) expect(found.has(i)).toBe(true);
          });
        },
      ),
    );
  });

  it('names few records whose address is not shared (300,000 distinct ones)', () => {
    const shared = new SharedEmails();
    for (let i = 0; i < 300_000; i++) shared.see('contacts', `person.${i}@example.com`, i);
    expect(candidates(shared, 'contacts').length).toBeLessThan(100);
  });
});
