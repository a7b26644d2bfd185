import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../src/records/idIndex.js';

describe('IdIndex', () => {
  it('keeps the first number given to an id', () => {
    const index = new IdIndex();
    expect(index.add('0035g00000AbCdEAAZ', 0)).toBe(true);
    expect(index.add('0035g00000AbCdEAAZ', 1)).toBe(false);
    expect(index.get('0035g00000AbCdEAAZ')).toBe(0);
    expect(index.get('0035g00000abcdeAAZ')).toBe(-1);
    expect(index.size).toBe(1);
  });

  it('tells apart ids that differ in case, length or a trailing zero digit', () => {
    const ids = ['A', 'AA', 'a', 'A0', '0', '00', '0A', 'Z9', 'zz', '1'.repeat(20), '1'.repeat(19)];
    const index = new IdIndex();
    ids.forEach((id, i) => expect(index.add(id, i)).toBe(true));
    ids.forEach((id, i) => expect(index.get(id)).toBe(i));
  });

  it('takes ids it cannot encode (punctuation, GUIDs, long ids, other scripts) as well', () => {
    const ids = ['a-b', 'a b', '6f9619ff-8b86-d011-b42d-00c04fc964ff', 'x'.repeat(21), 'é', 'ü1', ''];
    const index = new IdIndex();
    ids.forEach((id, i) => expect(index.add(id, i)).toBe(true));
    ids.forEach((id, i) => expect(index.get(id)).toBe(i));
    expect(index.add('a-b', 99)).toBe(false);
  });

  it('keeps every id through growth (a million Salesforce-shaped ids)', () => {
    const index = new IdIndex();
    const id = (n: number) => `0035g00${n.toString(36).padStart(8, '0')}AAA`;
    for (let n = 0; n < 1_000_000; n++) index.add(id(n), n);
    expect(index.size).toBe(1_000_000);
    for (let n = 0; n < 1_000_000; n += 9973) expect(index.get(id(n))).toBe(n);
    expect(index.get(id(1_000_000))).toBe(-1);
  });

  it('answers like a Map for any sequence of ids', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[0-9A-Za-z-]{0,22}$/), { maxLength: 300 }), (list) => {
        const index = new IdIndex();
        const seen = new Map<string, number>();
        list.forEach((id, i) => {
          expect(index.add(id, i)).toBe(!seen.has(id));
          if (!seen.has(id)) seen.set(id, i);
        });
        for (const [id, value] of seen) expect(index.get(id)).toBe(value);
      }),
    );
  });
});

describe('IdIndex without values', () => {
  it('is a set: finds what it holds, through growth', () => {
    const index = new IdIndex(false);
    for (let n = 0; n < 5000; n++) expect(index.add(`0015g00${n}`, n)).toBe(true);
    expect(index.add('0015g007', 99)).toBe(false);
    expect(index.get('0015g007')).toBe(0);
    expect(index.get('0015g00x')).toBe(-1);
    expect(index.size).toBe(5000);
  });
});
