/** diff on small hand-made snapshots: changes, adds, removes, per-owner gains and losses, raw owners. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { diffOwnership, sameOwner } from '../../src/history/diff.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { loadSnapshot } from '../../src/load/loadSnapshot.js';

const root = mkdtempSync(path.join(tmpdir(), 'crm-owners-diff-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let serial = 0;

const lines = (...rows: string[]) => `${rows.join('\n')}\n`;

async function load(db: Db, files: Record<string, string>, label?: string): Promise<number> {
  const dir = path.join(root, `d${++serial}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const result = await loadSnapshot(db, {
    files: Object.keys(files).map((name) => path.join(dir, name)),
    rejectsPath: path.join(dir, 'rejects.csv'),
    label,
  });
  return result.snapshot;
}

const OWNERS_HEADER = 'id,name,email,active';
const ACCOUNTS_HEADER = 'id,name,owner';
const CONTACTS_HEADER = 'id,name,email,account_id,owner';

/**
 * October → November, by hand:
 * - a1 u1 → u2: changed (Ann loses, Bob gains)
 * - a2 u1 → "ann@acme.example": the same owner by email: no change
 * - a3 unowned → u4 (Dee, new in November): changed
 * - a4 "ghost" → " GHOST": the same unknown owner: no change
 * - a5 "ghost" → u2: changed, from an unresolved raw owner
 * - a6 u3 → "u3": Cy left the owners export, the record did not change: no change
 * - a7 u2 → "nobody@acme.example": changed, to an unresolved owner
 * - a8 removed in November; a9 added
 * - c1 u1 → unowned: changed; c2 removed; c3, c4 added
 */
async function twoMonths(): Promise<Db> {
  const db = openDatabase(':memory:');
  await load(
    db,
    {
      'owners.csv': lines(
        OWNERS_HEADER,
        'u1,Ann Lee,ann@acme.example,true',
        'u2,Bob Day,bob@acme.example,true',
        'u3,Cy Fox,cy@acme.example,true',
      ),
      'accounts.csv': lines(
        ACCOUNTS_HEADER,
        'a1,Alpha,u1',
        'a2,Beta,u1',
        'a3,Gamma,',
        'a4,Delta,ghost',
        'a5,Epsilon,ghost',
        'a6,Zeta,u3',
        'a7,Eta,u2',
        'a8,Theta,u2',
      ),
      'contacts.csv': lines(CONTACTS_HEADER, 'c1,Cat,cat@x.example,a1,u1', 'c2,Dan,dan@x.example,a1,u1'),
    },
    '2026-10',
  );
  await load(
    db,
    {
      // Ann changed her name; Cy is gone; Dee is new.
      'owners.csv': lines(
        OWNERS_HEADER,
        'u1,Ann Lee-Stone,ann@acme.example,true',
        'u2,Bob Day,bob@acme.example,true',
        'u4,Dee Ng,dee@acme.example,true',
      ),
      'accounts.csv': lines(
        ACCOUNTS_HEADER,
        'a1,Alpha,u2',
        'a2,Beta,ann@acme.example',
        'a3,Gamma,u4',
        'a4,Delta, GHOST',
        'a5,Epsilon,u2',
        'a6,Zeta,u3',
        'a7,Eta,nobody@acme.example',
        'a9,Iota,u1',
      ),
      'contacts.csv': lines(
        CONTACTS_HEADER,
        'c1,Cat,cat@x.example,a1,',
        'c3,Eve,eve@x.example,a1,u1',
        'c4,Fay,fay@x.example,a1,u1',
      ),
    },
    '2026-11',
  );
  return db;
}

describe('diff', () => {
  it('lists each ownership change, by kind then record id, with owner names from the later snapshot', async () => {
    const result = diffOwnership(await twoMonths());
    expect(result.from).toMatchObject({ id: 1, label: '2026-10' });
    expect(result.to).toMatchObject({ id: 2, label: '2026-11' });
    expect(result.changes).toEqual([
      {
        kind: 'accounts',
        recordId: 'a1',
        recordName: 'Alpha',
        oldOwnerId: 'u1',
        oldOwnerName: 'Ann Lee-Stone',
        newOwnerId: 'u2',
        newOwnerName: 'Bob Day',
      },
      {
        kind: 'accounts',
        recordId: 'a3',
        recordName: 'Gamma',
        oldOwnerId: null,
        oldOwnerName: '',
        newOwnerId: 'u4',
        newOwnerName: 'Dee Ng',
      },
      {
        kind: 'accounts',
        recordId: 'a5',
        recordName: 'Epsilon',
        oldOwnerId: null,
        oldOwnerName: 'ghost',
        newOwnerId: 'u2',
        newOwnerName: 'Bob Day',
      },
      {
        kind: 'accounts',
        recordId: 'a7',
        recordName: 'Eta',
        oldOwnerId: 'u2',
        oldOwnerName: 'Bob Day',
        newOwnerId: null,
        newOwnerName: 'nobody@acme.example',
      },
      {
        kind: 'contacts',
        recordId: 'c1',
        recordName: 'Cat',
        oldOwnerId: 'u1',
        oldOwnerName: 'Ann Lee-Stone',
        newOwnerId: null,
        newOwnerName: '',
      },
    ]);
  });

  it('counts records added and removed per kind, apart from the changes', async () => {
    const result = diffOwnership(await twoMonths());
    expect(result.counts).toEqual({
      changed: 5,
      added: { accounts: 1, contacts: 2, leads: 0, opportunities: 0, cases: 0 },
      removed: { accounts: 1, contacts: 1, leads: 0, opportunities: 0, cases: 0 },
    });
  });

  it('sums what each owner gained and lost, biggest net gain first', async () => {
    const result = diffOwnership(await twoMonths());
    expect(result.owners).toEqual([
      { id: 'u2', name: 'Bob Day', gained: 2, lost: 1 },
      { id: 'u4', name: 'Dee Ng', gained: 1, lost: 0 },
      { id: null, name: 'nobody@acme.example', gained: 1, lost: 0 },
      { id: null, name: '', gained: 1, lost: 1 },
      { id: null, name: 'ghost', gained: 0, lost: 1 },
      { id: 'u1', name: 'Ann Lee-Stone', gained: 0, lost: 2 },
    ]);
  });

  it('takes an owner name from the earlier snapshot when the owner left', async () => {
    const db = await twoMonths();
    await load(db, {
      'owners.csv': lines(OWNERS_HEADER, 'u2,Bob Day,bob@acme.example,true', 'u4,Dee Ng,dee@acme.example,true'),
      'accounts.csv': lines(ACCOUNTS_HEADER, 'a1,Alpha,u2', 'a9,Iota,u4'),
    });
    const result = diffOwnership(db, { from: 2, to: 3 });
    expect(result.changes).toEqual([
      {
        kind: 'accounts',
        recordId: 'a9',
        recordName: 'Iota',
        oldOwnerId: 'u1',
        oldOwnerName: 'Ann Lee-Stone',
        newOwnerId: 'u4',
        newOwnerName: 'Dee Ng',
      },
    ]);
    expect(result.counts.removed).toEqual({ accounts: 6, contacts: 3, leads: 0, opportunities: 0, cases: 0 });
  });

  it('compares any two snapshots, in either direction', async () => {
    const db = await twoMonths();
    const back = diffOwnership(db, { from: 2, to: 1 });
    expect(back.changes.map((c) => [c.recordId, c.oldOwnerId, c.newOwnerId])).toEqual([
      ['a1', 'u2', 'u1'],
      ['a3', 'u4', null],
      ['a5', 'u2', null],
      ['a7', null, 'u2'],
      ['c1', null, 'u1'],
    ]);
    expect(back.counts.added).toEqual({ accounts: 1, contacts: 1, leads: 0, opportunities: 0, cases: 0 });
  });

  it('no changes between identical loads', async () => {
    const db = openDatabase(':memory:');
    const files = {
      'owners.csv': lines(OWNERS_HEADER, 'u1,Ann,ann@x.example,true'),
      'accounts.csv': lines(ACCOUNTS_HEADER, 'a1,A,u1', 'a2,B,'),
    };
    await load(db, files);
    await load(db, files);
    const result = diffOwnership(db);
    expect(result.counts).toEqual({
      changed: 0,
      added: { accounts: 0, contacts: 0, leads: 0, opportunities: 0, cases: 0 },
      removed: { accounts: 0, contacts: 0, leads: 0, opportunities: 0, cases: 0 },
    });
    expect(result.owners).toEqual([]);
  });

  it('needs two snapshots, and existing ones', async () => {
    const db = openDatabase(':memory:');
    expect(() => diffOwnership(db)).toThrow(/diff needs two snapshots, and there are none/);
    await load(db, {
      'owners.csv': lines(OWNERS_HEADER, 'u1,Ann,ann@x.example,true'),
      'accounts.csv': lines(ACCOUNTS_HEADER, 'a1,A,u1'),
    });
    expect(() => diffOwnership(db)).toThrow(/diff needs two snapshots, and there is only 1/);
    expect(() => diffOwnership(db, { from: 1 })).toThrow(/snapshot 1 is the latest: there is nothing after it/);
    expect(() => diffOwnership(db, { from: 7, to: 1 })).toThrow(UsageError);
    expect(() => diffOwnership(db, { from: 7, to: 1 })).toThrow(/no snapshot 7/);
    expect(() => diffOwnership(db, { from: 1, to: 1 })).toThrow(/--from and --to both name snapshot 1/);
  });
});

describe('sameOwner', () => {
  it('compares resolved ids, else raw values trimmed and case-insensitive (all of Unicode)', () => {
    expect(sameOwner({ id: 'u1', raw: 'u1', empty: false }, { id: 'u1', raw: 'ann@x', empty: false })).toBe(true);
    expect(sameOwner({ id: 'u1', raw: 'Ann', empty: false }, { id: 'u2', raw: 'Ann', empty: false })).toBe(false);
    expect(sameOwner({ id: null, raw: ' GARCÍA ', empty: false }, { id: null, raw: 'garcía', empty: false })).toBe(
      true,
    );
    expect(sameOwner({ id: 'u3', raw: 'u3', empty: false }, { id: null, raw: 'U3', empty: false })).toBe(true);
    expect(sameOwner({ id: null, raw: '', empty: true }, { id: null, raw: '000000000000000AAA', empty: true })).toBe(
      true,
    );
    expect(sameOwner({ id: null, raw: '', empty: true }, { id: null, raw: 'ghost', empty: false })).toBe(false);
    // A 15-character Salesforce id is the same as its 18-character form.
    expect(
      sameOwner(
        { id: null, raw: '005x0000000fNSi', empty: false },
        { id: null, raw: '005x0000000fNSiAAM', empty: false },
      ),
    ).toBe(true);
  });
});
