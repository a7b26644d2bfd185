/** history: one record's owner and one owner's gains and losses over a year of monthly snapshots. */
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { diffOwnership } from '../../src/history/diff.js';
import { ownerHistory } from '../../src/history/ownerHistory.js';
import { recordHistories, recordHistory } from '../../src/history/recordHistory.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { placeholdersBySnapshot } from '../../src/store/owners.js';
import { tempDir } from '../helpers/cli.js';
import { IDS, makeHistory, MONTHS } from '../helpers/history.js';

let db: Db;
const placeholders = () => new Set<string>();

beforeAll(async () => {
  db = openDatabase(await makeHistory(tempDir('crm-owners-history-')));
  return () => db.close();
});

describe('history of a record', () => {
  it('gives the owner in every snapshot, in order, and marks each change', () => {
    const history = recordHistory(db, IDS.keystone, { placeholders });
    expect(history.kind).toBe('accounts');
    expect(history.snapshots.map((s) => s.snapshot.label)).toEqual(MONTHS);
    expect(history.snapshots.map((s) => s.ownerId)).toEqual([
      IDS.mei,
      IDS.mei,
      IDS.mei,
      IDS.mei,
      IDS.mei,
      IDS.dana,
      IDS.mei,
      IDS.dana,
      IDS.mei,
      IDS.mei,
      IDS.mei,
      IDS.mei,
    ]);
    expect(history.snapshots.map((s) => s.changed)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(history.changes).toBe(4);
    expect(history.pingPong).toBe(true);
    expect(history.snapshots[5]).toMatchObject({
      ownerName: 'Dana Whitfield',
      ownerState: 'active',
      recordName: 'Keystone Data Centers',
      snapshot: { id: 6, loadedAt: '2026-05-28T06:00:00.000Z' },
    });
  });

  it('stops at a given snapshot', () => {
    const history = recordHistory(db, IDS.keystone, { placeholders, until: 6 });
    expect(history.snapshots.map((s) => s.snapshot.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect([history.changes, history.pingPong]).toEqual([1, false]);
  });

  it('reads many records together as it reads each alone; a record in no snapshot has no history', () => {
    const records = [
      { kind: 'accounts' as const, id: IDS.keystone },
      { kind: 'leads' as const, id: IDS.lead },
      { kind: 'accounts' as const, id: '0018c00000eewUiAAI' },
      { kind: 'contacts' as const, id: IDS.keystone },
    ];
    const histories = recordHistories(db, records, { placeholders, until: 11 });
    expect([...histories.keys()]).toEqual(records.slice(0, 3).map((r) => `${r.kind}\u0000${r.id}`));
    for (const r of records.slice(0, 3))
      expect(histories.get(`${r.kind}\u0000${r.id}`)).toEqual(
        recordHistory(db, r.id, { kind: r.kind, placeholders, until: 11 }),
      );
    expect(histories.get(`accounts\u0000${IDS.keystone}`)!.changes).toBe(4);
  });

  it('takes a 15-character Salesforce id', () => {
    expect(recordHistory(db, IDS.keystone.slice(0, 15), { placeholders }).recordId).toBe(IDS.keystone);
  });

  it('says where the record was not yet in the export', () => {
    const history = recordHistory(db, IDS.lead, { placeholders });
    expect(history.snapshots.map((s) => s.present)).toEqual([...Array(9).fill(false), true, true, true]);
    expect(history.snapshots.slice(9).map((s) => [s.ownerState, s.ownerName, s.changed])).toEqual([
      ['queue', IDS.queue, false],
      ['active', 'Omar Haddad', true],
      ['active', 'Dana Whitfield', true],
    ]);
    expect([history.changes, history.pingPong]).toEqual([2, false]);
  });

  it('tells owner states apart, and an owner deleted from the users export is not a change', () => {
    const jordans = recordHistory(db, '0018c00000eewUiAAI', { placeholders });
    expect(jordans.snapshots.map((s) => s.ownerState)).toEqual([
      ...Array(7).fill('active'),
      ...Array(5).fill('unknown'),
    ]);
    expect(jordans.changes).toBe(0);
    const sams = recordHistory(db, '0018c00000fL37BAAS', { placeholders });
    expect(sams.snapshots.map((s) => s.ownerState)).toEqual([...Array(5).fill('active'), ...Array(7).fill('inactive')]);
    const bayerische = recordHistory(db, IDS.bayerische, { placeholders });
    expect(bayerische.snapshots.slice(9).map((s) => [s.ownerState, s.ownerName])).toEqual([
      ['active', 'Luis Ortega'],
      ['no owner', ''],
      ['no owner', ''],
    ]);
  });

  it('marks placeholder owners from the config', () => {
    const gulf = recordHistory(db, '0018c00000MUxtRAAT', {
      placeholders: placeholdersBySnapshot(db, ['Integration User']),
    });
    expect(gulf.snapshots.map((s) => s.ownerState)).toEqual(['active', 'active', ...Array(10).fill('placeholder')]);
  });

  it('rejects an id that is in no snapshot', () => {
    expect(() => recordHistory(db, '0018c00000NOPENOPE', { placeholders })).toThrow(UsageError);
    expect(() => recordHistory(db, IDS.keystone, { kind: 'contacts', placeholders })).toThrow(
      /no record "0018c00000UzajBAAR" in any snapshot \(kind contacts\)/,
    );
  });
});

describe('history of an owner', () => {
  it("gives the owner's loads, gains and losses per snapshot", () => {
    const history = ownerHistory(db, 'dana.whitfield@lumenridge.io', { placeholders });
    expect(history.owner).toEqual({ id: IDS.dana, name: 'Dana Whitfield', email: 'dana.whitfield@lumenridge.io' });
    expect(history.snapshots.map((s) => s.loads.accounts)).toEqual([6, 6, 6, 9, 9, 10, 10, 11, 10, 10, 10, 10]);
    expect(history.snapshots[3].gained.map((h) => [h.recordName, h.otherOwnerName])).toEqual([
      ['Puget Sound Marine Supply', 'Mei Chen'],
      ['Mojave Freight Partners', 'Mei Chen'],
      ['Bayview Credit Union', 'Mei Chen'],
    ]);
    expect(history.snapshots[6].lost.map((h) => [h.recordId, h.otherOwnerId])).toEqual([[IDS.keystone, IDS.mei]]);
    expect(history.snapshots[11].gained.map((h) => [h.kind, h.recordId, h.otherOwnerName])).toEqual([
      ['leads', IDS.lead, 'Omar Haddad'],
    ]);
  });

  it('agrees with diff on every owner between every two consecutive snapshots', () => {
    const refs = Object.values(IDS).filter((id) => id.startsWith('005'));
    for (const ref of refs) {
      const history = ownerHistory(db, ref, { placeholders });
      for (let i = 1; i < history.snapshots.length; i++) {
        const delta = diffOwnership(db, { from: i, to: i + 1 }).owners.find((o) => o.id === ref) ?? {
          gained: 0,
          lost: 0,
        };
        expect([ref, i + 1, history.snapshots[i].gained.length, history.snapshots[i].lost.length]).toEqual([
          ref,
          i + 1,
          delta.gained,
          delta.lost,
        ]);
      }
    }
  });

  it('follows an owner who left the users export, by the value their records still hold', () => {
    const history = ownerHistory(db, 'Jordan Reyes', { placeholders });
    expect(history.snapshots.map((s) => s.state)).toEqual([
      ...Array(7).fill('active'),
      ...Array(5).fill('not in export'),
    ]);
    expect(history.snapshots.map((s) => s.loads.accounts)).toEqual(Array(12).fill(1));
    expect(history.snapshots.every((s) => s.gained.length === 0 && s.lost.length === 0)).toBe(true);
  });

  it('shows when an owner left', () => {
    expect(ownerHistory(db, 'Grace Kim', { placeholders }).snapshots.map((s) => s.state)).toEqual([
      ...Array(8).fill('active'),
      ...Array(4).fill('inactive'),
    ]);
  });

  it('rejects a name two owners share, and an owner in no snapshot', () => {
    expect(() => ownerHistory(db, 'Alex Morgan', { placeholders })).toThrow(
      /--owner "Alex Morgan" matches 2 owners in snapshot \d+: .*\(id 0058c00000O6V0xAAF, amorgan@lumenridge\.io\); .*\(id 0058c00000d0M1VAAU, alex\.morgan@lumenridge\.io\)/,
    );
    expect(() => ownerHistory(db, 'Nobody Here', { placeholders })).toThrow(UsageError);
  });

  it("builds no index of its own: it scans the snapshots' rowid ranges", () => {
    ownerHistory(db, 'Grace Kim', { placeholders });
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records'")
      .pluck()
      .all();
    expect(indexes).toEqual(['records_ended']);
  });
});
