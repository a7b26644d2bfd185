import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SharedEmails } from '../../src/ingest/sharedEmails.js';

const candidates = (shared: SharedEmails, kind: string) => new Set(shared.list().find((l) => l.kind === kind)?.emails ?? []);

describe('SharedEmails', () => {
  it('names an address met twice in a kind, and not one met once', () => {
    const shared = new SharedEmails();
    for (const email of ['a@x.com', 'b@x.com', 'a@x.com', 'c@x.com']) shared.see('contacts', email);
    shared.see('leads', 'b@x.com');
    expect(candidates(shared, 'contacts')).toEqual(new Set(['a@x.com']));
    expect(candidates(shared, 'leads')).toEqual(new Set());
  });

  it('never misses an address met more than once', () => {
    fc.assert(
      fc.property(fc.array(fc.emailAddress(), { maxLength: 200 }), fc.array(fc.nat(), { maxLength: 50 }), (emails, repeats) => {
        const shared = new SharedEmails();
        const list = emails.length ? [...emails, ...repeats.map((i) => emails[i % emails.length])] : [];
        for (const email of list) shared.see('contacts', email);
        const found = candidates(shared, 'contacts');
        const count = new Map<string, number>();
        for (const email of list) count.set(email, (count.get(email) ?? 0) + 1);
        for (const [email, n] of count) if (n > 1) expect(found.has(email)).toBe(true);
      }),
    );
  });

  it('names few addresses that are not repeated (100,000 distinct ones)', () => {
    const shared = new SharedEmails();
    for (let i = 0; i < 100_000; i++) shared.see('contacts', `person.${i}@example.com`);
    expect(candidates(shared, 'contacts').size).toBeLessThan(1_000);
  });
});
