/**
 * Records as plans read them back (src/plan/records.ts): every PlanRecord field as loaded, by each
 * lookup, with and without the records' rows.
 */
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/audit/context.js';
import { CHECKS } from '../../src/audit/checks/index.js';
import type { RecordKind } from '../../src/records/model.js';
import { recordLookups, type PlanRecord } from '../../src/plan/records.js';
import { decodeCells } from '../../src/store/cells.js';
import type { Db } from '../../src/store/database.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { ACCOUNTS_HEADER, CONTACTS_HEADER, csv, rulesOf, snapshotOf } from './helpers.js';

const FILES = {
  'owners.csv': csv('id,name,email,active,territories', 'u1,Ann,ann@x.test,true,West', 'u2,Ben,ben@x.test,false,East'),
  'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,Acme,u1,West,', 'a2,Bolt,u2,East,'),
  'contacts.csv': csv(
    CONTACTS_HEADER,
    'c1,Cara,cara@x.test,a1,u1,',
    'c2,Dan,dan@x.test,a2,Ghost,',
    'c3,Eve,eve@x.test,,,',
  ),
  'opportunities.csv': csv(
    'id,name,account_id,owner,stage,closed',
    'o1,Deal,a1,u1,Prospecting,false',
    'o2,Old deal,a2,u2,Closed Won,true',
  ),
};
const RULES = rulesOf(csv('territory,owners,region', 'West,ann@x.test,West', 'East,ben@x.test,East'));

/** What was loaded, as a plan reads it (without key, file and row: those are checked against the table; no kind here has several parent kinds). */
const LOADED: Record<string, Omit<PlanRecord, 'key' | 'fileId' | 'raw' | 'reason' | 'parentKind'>> = {
  a1: {
    kind: 'accounts',
    id: 'a1',
    name: 'Acme',
    owner: 'u1',
    ownerId: 'u1',
    accountId: null,
    accountOwnerId: null,
    territory: 'West',
    closed: false,
  },
  a2: {
    kind: 'accounts',
    id: 'a2',
    name: 'Bolt',
    owner: 'u2',
    ownerId: 'u2',
    accountId: null,
    accountOwnerId: null,
    territory: 'East',
    closed: false,
  },
  c1: {
    kind: 'contacts',
    id: 'c1',
    name: 'Cara',
    owner: 'u1',
    ownerId: 'u1',
    accountId: 'a1',
    accountOwnerId: 'u1',
    territory: 'West',
    closed: false,
  },
  c2: {
    kind: 'contacts',
    id: 'c2',
    name: 'Dan',
    owner: 'Ghost',
    ownerId: null,
    accountId: 'a2',
    accountOwnerId: 'u2',
    territory: 'East',
    closed: false,
  },
  c3: {
    kind: 'contacts',
    id: 'c3',
    name: 'Eve',
    owner: '',
    ownerId: null,
    accountId: null,
    accountOwnerId: null,
    territory: null,
    closed: false,
  },
  o1: {
    kind: 'opportunities',
    id: 'o1',
    name: 'Deal',
    owner: 'u1',
    ownerId: 'u1',
    accountId: 'a1',
    accountOwnerId: 'u1',
    territory: 'West',
    closed: false,
  },
  o2: {
    kind: 'opportunities',
    id: 'o2',
    name: 'Old deal',
    owner: 'u2',
    ownerId: 'u2',
    accountId: 'a2',
    accountOwnerId: 'u2',
    territory: 'East',
    closed: true,
  },
};

/** The stored key, file and row of a record. */
function stored(db: Db, kind: RecordKind, id: string) {
  return db.prepare('SELECT key, file_id AS fileId, raw FROM records WHERE kind = ? AND id = ?').get(kind, id) as {
    key: number;
    fileId: number;
    raw: string;
  };
}

/** Every field of the record as loaded; `fileId` and `raw` only `withRows`. */
function expected(db: Db, id: string, reason: string, withRows: boolean): PlanRecord {
  const { key, fileId, raw } = stored(db, LOADED[id].kind, id);
  return {
    ...LOADED[id],
    parentKind: null,
    key,
    fileId: withRows ? fileId : undefined,
    raw: withRows ? raw : undefined,
    reason,
  };
}

describe('records read back for a plan', () => {
  for (const withRows of [false, true]) {
    it(`give every field as loaded, by each lookup${withRows ? ', with their rows' : ''}`, async () => {
      const db = await snapshotOf(FILES);
      const context = buildContext(db, getSnapshot(db), { placeholderOwners: [], rules: RULES, includeClosed: true });
      const lookups = recordLookups(context, withRows);
      try {
        for (const kind of ['accounts', 'contacts', 'opportunities'] as const) {
          const ids = Object.keys(LOADED).filter((id) => LOADED[id].kind === kind);
          expect(lookups.many(kind, ids, 'asked')).toStrictEqual(ids.map((id) => expected(db, id, 'asked', withRows)));
        }
        expect(lookups.ownedBy('contacts', 'u1', 'owned')).toStrictEqual([expected(db, 'c1', 'owned', withRows)]);
        expect(lookups.ownedByValue('contacts', 'ghost', 'by value')).toStrictEqual([
          expected(db, 'c2', 'by value', withRows),
        ]);

        // A pass with checks: the reason is read from the column after the record's.
        const checks = CHECKS.filter(
          (check) =>
            ['unowned', 'unknown-owner'].includes(check.id) && check.condition && check.applies('contacts', context),
        );
        expect(checks.map((c) => c.id).sort()).toEqual(['unknown-owner', 'unowned']);
        const accounts = lookups.many('accounts', ['a1'], 'asked');
        const { records, childrenOf } = lookups.matching('contacts', checks, accounts);
        expect(records).toStrictEqual([
          expected(db, 'c2', 'unknown-owner', withRows),
          expected(db, 'c3', 'unowned', withRows),
        ]);
        expect(childrenOf).toStrictEqual(new Map([['a1', [expected(db, 'c1', 'follows account', withRows)]]]));
      } finally {
        lookups.close();
      }
      if (withRows)
        expect(decodeCells(stored(db, 'contacts', 'c1').raw)).toEqual(['c1', 'Cara', 'cara@x.test', 'a1', 'u1', '']);
    });
  }
});
