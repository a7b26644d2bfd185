/** The owner row (OWNER_ROW in src/load/readSnapshot.ts): its columns are the owners table's, and an owner loaded reads back as it was. */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { OWNER_COLUMNS, OWNER_ROW } from '../../src/load/loadMessages.js';
import { decodeCells } from '../../src/store/cells.js';
import { snapshotOwners } from '../../src/store/owners.js';
import { SCHEMA } from '../../src/store/schema.js';
import { csv, snapshotOf } from '../plan/helpers.js';

describe('the owner row', () => {
  it('declares the columns of the owners table that a load writes, each once', () => {
    expect(OWNER_COLUMNS).toEqual(OWNER_ROW.map(([column]) => column));
    const db = new Database(':memory:');
    db.exec(SCHEMA);
    const table = (db.prepare("SELECT name FROM pragma_table_info('owners')").pluck().all() as string[]).filter(
      (c) => !['snapshot_id', 'file_id'].includes(c),
    );
    expect([...OWNER_COLUMNS].sort()).toEqual(table.sort());
    expect(new Set(OWNER_COLUMNS).size).toBe(OWNER_COLUMNS.length);
    db.close();
  });

  it('stores what was read of each owner, its row, and queues found only in records', async () => {
    const db = await snapshotOf({
      'owners.csv': csv(
        'id,name,email,active,type,territories,team,account capacity,contact capacity',
        'u1,Ann,ann@x.test,true,user,West;East,Sales,5,7',
        'u2,Ben,ben@x.test,false,user,,,,',
      ),
      'accounts.csv': csv('id,name,owner', 'a1,Acme,u1', 'a2,Bolt,00G000000000001'),
    });
    const rows = db.prepare('SELECT * FROM owners ORDER BY id').all() as Record<string, unknown>[];
    const queueId = rows[0].id as string;
    expect(queueId.startsWith('00G000000000001')).toBe(true);
    const file = db.prepare("SELECT id FROM snapshot_files WHERE kind = 'owners'").pluck().get() as number;
    expect(rows.map(({ raw, ...row }) => ({ ...row, raw: raw === null ? null : decodeCells(raw as string) }))).toEqual([
      {
        snapshot_id: 1,
        id: queueId,
        name: queueId,
        email: '',
        active: 1,
        type: 'queue',
        territories: '[]',
        team: '',
        capacity: '{}',
        file_id: null,
        line: null,
        raw: null,
      },
      {
        snapshot_id: 1,
        id: 'u1',
        name: 'Ann',
        email: 'ann@x.test',
        active: 1,
        type: 'user',
        territories: '["West","East"]',
        team: 'Sales',
        capacity: '{"accounts":5,"contacts":7}',
        file_id: file,
        line: 2,
        raw: ['u1', 'Ann', 'ann@x.test', 'true', 'user', 'West;East', 'Sales', '5', '7'],
      },
      {
        snapshot_id: 1,
        id: 'u2',
        name: 'Ben',
        email: 'ben@x.test',
        active: 0,
        type: 'user',
        territories: '[]',
        team: '',
        capacity: '{}',
        file_id: file,
        line: 3,
        raw: ['u2', 'Ben', 'ben@x.test', 'false', 'user', '', '', '', ''],
      },
    ]);
    expect(snapshotOwners(db, 1)).toEqual([
      { id: queueId, name: queueId, email: '', active: true, type: 'queue', territories: [], team: '', capacity: {} },
      {
        id: 'u1',
        name: 'Ann',
        email: 'ann@x.test',
        active: true,
        type: 'user',
        territories: ['West', 'East'],
        team: 'Sales',
        capacity: { accounts: 5, contacts: 7 },
      },
      {
        id: 'u2',
        name: 'Ben',
        email: 'ben@x.test',
        active: false,
        type: 'user',
        territories: [],
        team: '',
        capacity: {},
      },
    ]);
    db.close();
  });
});
