import { describe, expect, it } from 'vitest';
import {
  childKinds,
  hasManyParentKinds,
  isChildOf,
  KINDS,
  PARENT_KIND,
  parentFieldsOf,
  RECORD_KINDS,
} from '../../src/kinds/registry.js';

describe('parent kinds as a list', () => {
  it('keeps contacts, opportunities and cases as the children of accounts; activities belong to any record, team members to theirs', () => {
    const any = ['accounts', 'contacts', 'leads', 'opportunities', 'cases'];
    expect(RECORD_KINDS.map((kind) => [kind, KINDS[kind].parents ?? []])).toEqual([
      ['accounts', []],
      ['contacts', ['accounts']],
      ['leads', []],
      ['opportunities', ['accounts']],
      ['cases', ['accounts']],
      ['tasks', any],
      ['events', any],
      ['account-team', ['accounts']],
      ['opportunity-team', ['opportunities']],
    ]);
    for (const kind of RECORD_KINDS)
      expect(childKinds(kind)).toEqual(RECORD_KINDS.filter((child) => isChildOf(child, kind)));
    expect(RECORD_KINDS.filter((kind) => childKinds(kind).length > 0)).toEqual([
      PARENT_KIND,
      'contacts',
      'leads',
      'opportunities',
      'cases',
    ]);
    expect(childKinds('opportunities')).toEqual(['tasks', 'events', 'opportunity-team']);
  });

  it('points at the parent by the fields that name it: what an activity is about before whom, each field with its kinds', () => {
    expect(parentFieldsOf('contacts')).toEqual([{ field: 'account_id', kinds: ['accounts'] }]);
    expect(parentFieldsOf('account-team')).toEqual([{ field: 'account_id', kinds: ['accounts'] }]);
    expect(parentFieldsOf('opportunity-team')).toEqual([{ field: 'opportunity_id', kinds: ['opportunities'] }]);
    expect(parentFieldsOf('tasks').map((f) => f.field)).toEqual(['what_id', 'who_id', 'account_id']);
    expect(parentFieldsOf('leads')).toEqual([]);
    // Every kind a parent field names is one of the kind's parents, and each parent is named by a field.
    for (const kind of RECORD_KINDS) {
      const named = parentFieldsOf(kind).flatMap((f) => f.kinds);
      expect(new Set(named), kind).toEqual(new Set(named.filter((parent) => isChildOf(kind, parent))));
      if (KINDS[kind].parentFields) expect(new Set(named), kind).toEqual(new Set(KINDS[kind].parents));
    }
    expect(RECORD_KINDS.filter(hasManyParentKinds)).toEqual(['tasks', 'events']);
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
