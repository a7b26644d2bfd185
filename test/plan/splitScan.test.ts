/**
 * Large passes read in two parts, one by a worker thread (src/plan/splitScan.ts), give the same
 * records as one pass. The worker runs compiled code, so these tests use the built modules (dist/,
 * which `npm test` builds first) on a database file, with a threshold low enough to split a small
 * snapshot.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { ROOT } from '../helpers/cli.js';
import { ACCOUNTS_HEADER, CONTACTS_HEADER, csv, LOADED_AT, rulesOf, scratch } from './helpers.js';
import type * as Records from '../../src/plan/records.js';
import type * as Context from '../../src/audit/context.js';
import type * as Candidates from '../../src/plan/candidates.js';
import type * as Database from '../../src/store/database.js';
import type * as Load from '../../src/load/loadSnapshot.js';
import type * as Snapshots from '../../src/store/snapshots.js';
import type * as SplitScan from '../../src/plan/splitScan.js';

const dist = (module: string) => import(pathToFileURL(path.join(ROOT, 'dist', module)).href);
const { recordLookups } = (await dist('plan/records.js')) as typeof Records;
const { buildContext } = (await dist('audit/context.js')) as typeof Context;
const { flaggedRecords, DEFAULT_FIX } = (await dist('plan/candidates.js')) as typeof Candidates;
const { openDatabase } = (await dist('store/database.js')) as typeof Database;
const { loadSnapshot } = (await dist('load/loadSnapshot.js')) as typeof Load;
const { getSnapshot } = (await dist('store/snapshots.js')) as typeof Snapshots;
const { splitScanner } = (await dist('plan/splitScan.js')) as typeof SplitScan;

const OWNERS = csv(
  'id,name,email,active,territories',
  'u1,Ann,ann@x.test,true,West',
  'u2,Ben,ben@x.test,true,East',
  'u3,Cy,cy@x.test,false,West',
  'u4,Dee,dee@x.test,true,',
);
const OWNER_VALUES = ['u1', 'u2', 'u3', 'u4', '', 'Ghost', 'ann@x.test', 'Integration User'];

/** A snapshot in a database file, from contacts given as [owner, account] pairs over four accounts. */
async function snapshotFile(
  contacts: [string, string][],
  accountOwners = ['u3', 'u1', '', 'Ghost'],
): Promise<Database.Db> {
  const dir = scratch('split-');
  const files = {
    'owners.csv': OWNERS,
    'accounts.csv': csv(
      `${ACCOUNTS_HEADER},Lock`,
      ...accountOwners.map((owner, i) => `a${i},Account ${i},${owner},${i % 2 ? 'West' : 'East'},,false`),
    ),
    'contacts.csv': csv(
      `${CONTACTS_HEADER},Lock`,
      ...contacts.map(
        ([owner, account], i) =>
          `c${String(i).padStart(3, '0')},Contact ${i},c${i}@x.test,${account},${owner},,${i % 7 === 0}`,
      ),
    ),
  };
  const paths = Object.entries(files).map(([name, text]) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  });
  const db = openDatabase(path.join(dir, 'crm.db'));
  await loadSnapshot(db, { files: paths, rejectsPath: path.join(dir, 'rejects.csv'), now: LOADED_AT });
  return db;
}

/** The flagged records and followers, read with the given threshold. */
function selection(
  db: Database.Db,
  splitAbove: number,
  settings: { placeholderOwners?: string[]; rules?: boolean; lock?: boolean } = {},
) {
  const rules = settings.rules
    ? rulesOf(csv('territory,owners,region', 'West,,West', 'East,ben@x.test,East'))
    : undefined;
  const context = buildContext(db, getSnapshot(db), { placeholderOwners: settings.placeholderOwners ?? [], rules });
  const lookups = recordLookups(context, Boolean(settings.lock), splitAbove);
  try {
    const selected = flaggedRecords(context, DEFAULT_FIX, lookups, ['contacts', 'opportunities']);
    return { selected, workerParts: lookups.workerParts() };
  } finally {
    lookups.close();
  }
}

const contactsArbitrary = fc.array(
  fc.tuple(fc.constantFrom(...OWNER_VALUES), fc.constantFrom('a0', 'a1', 'a2', 'a3', '')),
  { minLength: 1, maxLength: 60 },
);

describe('a pass split between two threads', () => {
  it('the compiled worker is there (npm test builds it)', () => {
    expect(existsSync(path.join(ROOT, 'dist/plan/scanWorker.js'))).toBe(true);
  });

  it('reads the same records, reasons and followers as one pass, with the worker reading part of it', async () => {
    const db = await snapshotFile(
      Array.from({ length: 40 }, (_, i) => [OWNER_VALUES[i % OWNER_VALUES.length], `a${i % 4}`]),
    );
    try {
      const whole = selection(db, Infinity);
      const split = selection(db, 2);
      expect(whole.workerParts).toBe(0);
      expect(split.workerParts).toBeGreaterThan(0);
      expect(split.selected).toEqual(whole.selected);
      expect(whole.selected.records.length).toBeGreaterThan(10);
      expect(whole.selected.childrenOf.size).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('copies the TEMP tables the query reads: placeholder owners, territories, and rows for a lock column', async () => {
    const db = await snapshotFile(
      Array.from({ length: 30 }, (_, i) => [OWNER_VALUES[(i * 3) % OWNER_VALUES.length], `a${i % 4}`]),
    );
    try {
      for (const settings of [{ placeholderOwners: ['u4', 'Integration User'] }, { rules: true }, { lock: true }]) {
        const split = selection(db, 2, settings);
        expect(split.workerParts, JSON.stringify(settings)).toBeGreaterThan(0);
        expect(split.selected, JSON.stringify(settings)).toEqual(selection(db, Infinity, settings).selected);
      }
    } finally {
      db.close();
    }
  });

  it('any snapshot: the split pass equals the single pass (property)', async () => {
    await fc.assert(
      fc.asyncProperty(contactsArbitrary, async (contacts) => {
        const db = await snapshotFile(contacts);
        try {
          expect(selection(db, 2).selected).toEqual(selection(db, Infinity).selected);
        } finally {
          db.close();
        }
      }),
      { numRuns: 15 },
    );
  });

  it('when the worker fails, its part is read on the main thread', async () => {
    const db = await snapshotFile(Array.from({ length: 20 }, (_, i) => [OWNER_VALUES[i % 4], 'a1']));
    try {
      const context = buildContext(db, getSnapshot(db), { placeholderOwners: [] });
      // A function only this connection has: the worker's query fails on it.
      db.function('here_only', () => 1);
      const scanner = splitScanner(context, 2);
      try {
        const sqlOver = (inKind: string) =>
          `SELECT r.id FROM records r WHERE ${inKind} AND here_only() = 1 ORDER BY r.id`;
        const rows = scanner.scan('contacts', sqlOver, (values) => values[0]);
        expect(scanner.workerParts).toBe(0);
        expect(rows).toEqual(
          db
            .prepare(sqlOver(context.inKind('contacts')))
            .pluck()
            .all(),
        );
      } finally {
        scanner.close();
      }
    } finally {
      db.close();
    }
  });
});
