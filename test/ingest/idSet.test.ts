import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdSet } from '../../src/ingest/idSet.js';

describe('IdSet', () => {
  it('takes ids in order without a set, and finds a repeat of the last one', () => {
    const ids = new IdSet();
    expect(['a', 'b', 'c'].map((id) => ids.add(id))).toEqual([true, true, true]);
    expect(ids.add('c')).toBe(false);
    expect(ids.add('d')).toBe(true);
  });

  it('finds a repeat of an earlier id once the order breaks', () => {
    const ids = new IdSet();
    for (const id of ['a', 'c', 'e']) ids.add(id);
    expect(ids.add('b')).toBe(true);
    expect(ids.add('a')).toBe(false);
    expect(ids.add('e')).toBe(false);
    expect(ids.add('f')).toBe(true);
  });

  it('answers like a Set for any sequence of ids', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 60 }), (list) => {
        const ids = new IdSet();
        const seen = new Set<string>();
        for (const id of list) {
          expect(ids.add(id)).toBe(!seen.has(id));
          seen.add(id);
        }
      }),
    );
  });
});
