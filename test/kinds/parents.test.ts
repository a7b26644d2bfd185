import { describe, expect, it } from 'vitest';
import { childKinds, isChildOf, KINDS, PARENT_KIND, RECORD_KINDS } from '../../src/kinds/registry.js';

describe('parent kinds as a list', () => {
  it('keeps contacts, opportunities and cases as the children of accounts, and nothing else a child', () => {
    expect(RECORD_KINDS.map((kind) => [kind, KINDS[kind].parents ?? []])).toEqual([
      ['accounts', []],
      ['contacts', ['accounts']],
      ['leads', []],
      ['opportunities', ['accounts']],
      ['cases', ['accounts']],
    ]);
    for (const kind of RECORD_KINDS) expect(childKinds(kind)).toEqual(RECORD_KINDS.filter((child) => isChildOf(child, kind)));
    expect(RECORD_KINDS.filter((kind) => childKinds(kind).length > 0)).toEqual([PARENT_KIND]);
  });

  it('names each parent once, never the kind itself', () => {
    for (const kind of RECORD_KINDS) {
      const parents = KINDS[kind].parents ?? [];
      expect(new Set(parents).size, kind).toBe(parents.length);
      expect(parents, kind).not.toContain(kind);
      expect(isChildOf(kind, kind)).toBe(false);
    }
  });
});
