import { describe, expect, it } from 'vitest';
import type { OwnerResolution } from '../../src/records/directory.js';
import {
  RECORD_COLUMNS,
  recordColumns,
  RecordBatchBuilder,
  RecordBatchExpander,
  type OwnerRef,
  type ReadRecord,
} from '../../src/ingest/transport/recordBatch.js';
import type { Value } from '../../src/records/packedRows.js';
import Database from 'better-sqlite3';
import { SCHEMA } from '../../src/store/schema.js';

const ALICE: OwnerResolution = { ownerId: '005A' };
const ALICE_BY_EMAIL: OwnerResolution = { ownerId: '005A' };
const NOBODY: OwnerResolution = { issue: 'unknown' };
const refOf = (owner: string, resolution: OwnerResolution): OwnerRef => ({
  owner,
  ownerId: resolution.ownerId ?? null,
  issue: resolution.issue ?? null,
  active: resolution.ownerId ? 1 : null,
  type: resolution.ownerId ? 'user' : null,
});

function record(
  id: string,
  line: number,
  accountId: string | null = null,
  accountOwnerId: string | null = null,
): ReadRecord {
  return {
    id,
    name: `Name ${id}`,
    emailKey: `${id}@x.com`,
    accountId,
    accountOwnerId,
    created: '2025-01-15',
    lastActivity: '',
    closed: 0,
    details: null,
    line,
    raw: `${id},raw`,
  };
}

function expand(expander: RecordBatchExpander, builder: RecordBatchBuilder): Record<string, Value>[] {
  const rows: Record<string, Value>[] = [];
  expander.expand('contacts', builder.take(), (values) =>
    rows.push(Object.fromEntries(RECORD_COLUMNS.map((c, i) => [c, values[i]]))),
  );
  return rows;
}

describe('record batches', () => {
  it('give the writer every column of every record, owners expanded from their numbers, across batches', () => {
    const builder = new RecordBatchBuilder(refOf);
    const expander = new RecordBatchExpander();
    builder.add(record('c1', 2, 'a1', '005B'), '005A', ALICE);
    builder.add(record('c2', 3), 'Someone Else', NOBODY);
    const first = expand(expander, builder);
    builder.add(record('c3', 5, 'a1', '005B'), '005A', ALICE);
    builder.add(record('c4', 6), 'alice@x.com', ALICE_BY_EMAIL);
    const second = expand(expander, builder);
    expect(first).toEqual([
      {
        id: 'c1',
        name: 'Name c1',
        email_key: 'c1@x.com',
        owner: '005A',
        owner_id: '005A',
        owner_issue: null,
        owner_active: 1,
        owner_type: 'user',
        account_id: 'a1',
        account_owner_id: '005B',
        created: '2025-01-15',
        last_activity: '',
        closed: 0,
        details: null,
        line: 2,
        raw: 'c1,raw',
      },
      {
        id: 'c2',
        name: 'Name c2',
        email_key: 'c2@x.com',
        owner: 'Someone Else',
        owner_id: null,
        owner_issue: 'unknown',
        owner_active: null,
        owner_type: null,
        account_id: null,
        account_owner_id: null,
        created: '2025-01-15',
        last_activity: '',
        closed: 0,
        details: null,
        line: 3,
        raw: 'c2,raw',
      },
    ]);
    expect(second.map((r) => [r.id, r.owner, r.owner_id, r.account_id, r.account_owner_id])).toEqual([
      ['c3', '005A', '005A', 'a1', '005B'],
      ['c4', 'alice@x.com', '005A', null, null],
    ]);
  });

  it('count owner groups by resolved owner and account owner, whatever value named the owner', () => {
    const builder = new RecordBatchBuilder(refOf);
    const expander = new RecordBatchExpander();
    builder.add(record('c1', 2, 'a1', '005B'), '005A', ALICE);
    builder.add(record('c2', 3, 'a2', '005B'), 'alice@x.com', ALICE_BY_EMAIL);
    builder.add(record('c3', 4), '005A', ALICE);
    builder.add(record('c4', 5), 'Someone  ELSE', NOBODY);
    expand(expander, builder);
    const groups = expander.groups().map((g) => [g.ownerId, g.issue, g.owner, g.accountOwnerId, g.records]);
    expect(groups).toEqual(
      expect.arrayContaining([
        ['005A', null, '', '005B', 2],
        ['005A', null, '', null, 1],
        [null, 'unknown', 'someone else', null, 1],
      ]),
    );
    expect(groups).toHaveLength(3);
  });

  it('store closed records with their details, but count only open ones in owner groups and shared emails', () => {
    const builder = new RecordBatchBuilder(refOf);
    const expander = new RecordBatchExpander();
    builder.add({ ...record('o1', 2, 'a1', '005B'), emailKey: 'same@x.com' }, '005A', ALICE);
    builder.add(
      { ...record('o2', 3, 'a1', '005B'), emailKey: 'same@x.com', closed: 1, details: '{"stage":"Closed Won"}' },
      '005A',
      ALICE,
    );
    builder.add({ ...record('o3', 4), emailKey: 'same@x.com' }, 'Someone Else', NOBODY);
    const rows = expand(expander, builder);
    expect(rows.map((r) => [r.id, r.closed, r.details])).toEqual([
      ['o1', 0, null],
      ['o2', 1, '{"stage":"Closed Won"}'],
      ['o3', 0, null],
    ]);
    expect(expander.groups().map((g) => [g.ownerId, g.records])).toEqual(
      expect.arrayContaining([
        ['005A', 1],
        [null, 1],
      ]),
    );
    expect(expander.groups().reduce((sum, g) => sum + g.records, 0)).toBe(2);
    // Records 0 and 2 (in order of storing) share an address; the closed record 1 is not noted.
    expect(expander.sharedEmails()).toEqual([{ kind: 'contacts', records: [0, 2] }]);
  });

  it("RECORD_COLUMNS are the records table's columns that a load writes (the key is SQLite's to give)", () => {
    const db = new Database(':memory:');
    db.exec(SCHEMA);
    const table = (db.prepare("SELECT name FROM pragma_table_info('records')").pluck().all() as string[]).filter(
      (c) => !['key', 'snapshot_id', 'kind', 'file_id', 'ended', 'digest'].includes(c),
    );
    expect([...RECORD_COLUMNS].sort()).toEqual(table.sort());
    db.close();
  });

  it('kinds without closed records or details leave closed and details to the table defaults', () => {
    expect(recordColumns('contacts')).toEqual(RECORD_COLUMNS.filter((c) => c !== 'closed' && c !== 'details'));
    expect(recordColumns('accounts')).toEqual(recordColumns('contacts'));
    for (const kind of ['leads', 'opportunities', 'cases'] as const)
      expect(recordColumns(kind)).toEqual(RECORD_COLUMNS);
    const db = new Database(':memory:');
    db.exec(SCHEMA);
    const columns = recordColumns('contacts');
    db.prepare(
      `INSERT INTO records (snapshot_id, kind, file_id, ${columns.join(', ')}) VALUES (1, 'x', 1, ${columns.map(() => "''").join(', ')})`,
    ).run();
    expect(db.prepare('SELECT closed, details FROM records').get()).toEqual({ closed: 0, details: null });
    db.close();
  });
});
