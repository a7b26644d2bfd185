import { describe, expect, it } from 'vitest';
import {
  detectionOrder,
  FILE_KINDS,
  HEADER_ORDER,
  KINDS,
  NAME_ORDER,
  OWNERS,
  RECORD_KINDS,
} from '../../src/kinds/registry.js';
import { kindFromHeaders, kindFromName } from '../../src/ingest/identify/kinds.js';

describe('detection orders derived from the registry', () => {
  it('keep the orders detection has always used', () => {
    // The kinds of before keep their orders; activity files carry the other kinds' headers (`Task.csv` has `AccountId`).
    expect(NAME_ORDER).toEqual([
      'opportunities',
      'cases',
      'contacts',
      'leads',
      'tasks',
      'events',
      'account-team',
      'accounts',
      'owners',
      'opportunity-team',
    ]);
    expect(HEADER_ORDER).toEqual([
      'owners',
      'events',
      'tasks',
      'opportunities',
      'cases',
      'leads',
      'account-team',
      'contacts',
      'accounts',
      'opportunity-team',
    ]);
  });

  it('hold every kind, owners included, exactly once', () => {
    for (const order of [NAME_ORDER, HEADER_ORDER]) {
      expect([...order].sort()).toEqual([...FILE_KINDS].sort());
      expect(new Set(order).size).toBe(FILE_KINDS.length);
    }
  });

  it('test a kind before every kind whose marks its files carry', () => {
    for (const [marks, order] of [
      ['names', NAME_ORDER],
      ['headers', HEADER_ORDER],
    ] as const) {
      for (const kind of FILE_KINDS) {
        const carried = (kind === 'owners' ? OWNERS.carries : KINDS[kind].carries)?.[marks] ?? [];
        for (const other of carried)
          expect(order.indexOf(kind), `${marks}: ${kind} before ${other}`).toBeLessThan(order.indexOf(other));
      }
    }
  });

  it('names only known kinds, never the kind itself', () => {
    for (const kind of RECORD_KINDS) {
      for (const other of [...(KINDS[kind].carries?.names ?? []), ...(KINDS[kind].carries?.headers ?? [])]) {
        expect(FILE_KINDS, kind).toContain(other);
        expect(other).not.toBe(kind);
      }
    }
    expect(detectionOrder('names')).toEqual(NAME_ORDER);
  });

  it('tells mixed names and headers by the kind that carries the other', () => {
    expect(kindFromName('Contacts and Accounts report.csv')).toBe('contacts');
    expect(kindFromName('Opportunities with contacts.csv')).toBe('opportunities');
    expect(kindFromName('Accounts by owner.csv')).toBe('accounts');
    expect(kindFromHeaders(new Set(['opportunity id', 'leadsource', 'accountid']))).toBe('opportunities');
    expect(kindFromHeaders(new Set(['case id', 'accountid', 'contactid']))).toBe('cases');
    expect(kindFromHeaders(new Set(['username', 'accountid']))).toBe('owners');
  });
});
