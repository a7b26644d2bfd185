/**
 * Property tests of "Owners are users and queues" (README, `load`): whatever a file is called and
 * whatever headers it has, rows whose Salesforce ids are not users (005) or queues (00G) never
 * become owners; and so no plan ever gives a record to anything but an active user of the snapshot.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../src/errors.js';
import { RECORD_KINDS } from '../../src/kinds/registry.js';
import { toSalesforceId18 } from '../../src/records/salesforceId.js';
import { isOwnerKeyPrefix, SALESFORCE_OBJECTS } from '../../src/ingest/identify/salesforceObjects.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { loadSnapshot } from '../../src/load/loadSnapshot.js';
import { plan, scratch } from '../plan/helpers.js';

const NUM_RUNS = 40;
const ALNUM = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];

/** Key prefixes of objects that are not users or queues, standard and custom. */
const OTHER_PREFIXES = [
  ...Object.keys(SALESFORCE_OBJECTS).filter((prefix) => !isOwnerKeyPrefix(prefix)),
  'a0X',
  'a1B',
  'a3Q',
];

const body = fc.array(fc.constantFrom(...ALNUM), { minLength: 12, maxLength: 12 }).map((chars) => chars.join(''));

/** A Salesforce id of `prefix`: 18 characters with its checksum, or the 15-character form when it holds a letter. */
const idOf = (prefix: string) =>
  fc.tuple(body, fc.boolean()).map(([rest, short]) => {
    const id15 = prefix + rest;
    return short && /[a-zA-Z]/.test(id15) ? id15 : toSalesforceId18(id15);
  });

const q = (values: string[]) => values.map((v) => `"${v.replace(/"/g, '""')}"`).join(',');
const file = (headers: string[], rows: string[][]) => [q(headers), ...rows.map(q)].join('\r\n') + '\r\n';

async function loadInto(
  db: Db,
  files: string[],
  options: { kinds?: Record<string, 'owners'>; skip?: boolean } = {},
): Promise<void> {
  await loadSnapshot(db, {
    files,
    kinds: options.kinds,
    onBadRow: options.skip ? 'skip' : 'fail',
    rejectsPath: path.join(scratch('rejects-'), 'rejects.csv'),
  });
}

const ownerIds = (db: Db) => (db.prepare('SELECT id FROM owners').all() as { id: string }[]).map((row) => row.id);

const USER_HEADERS = ['Id', 'Username', 'Name', 'Email', 'IsActive', 'UserType'];

describe('no file whose Salesforce ids are not 005/00G ever yields an owner', () => {
  const scenario = fc
    .record({
      prefix: fc.constantFrom(...OTHER_PREFIXES),
      name: fc.constantFrom('User.csv', 'Users.csv', 'owners.csv', 'export.csv', 'UserRole.csv', 'Pricebook2.csv'),
      extra: fc.subarray(['Username', 'Name', 'Email', 'IsActive', 'UserType', 'FirstName', 'LastName']),
      how: fc.constantFrom('folder', 'forced-skip', 'forced-fail', 'named') as fc.Arbitrary<
        'folder' | 'forced-skip' | 'forced-fail' | 'named'
      >,
      withUsers: fc.boolean(),
    })
    .chain((s) =>
      fc
        .uniqueArray(idOf(s.prefix), { minLength: 1, maxLength: 20, selector: (id) => toSalesforceId18(id) })
        .map((ids) => ({ ...s, ids })),
    );

  it('in a folder, named, or forced with --kind owners', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ ids, name, extra, how, withUsers }) => {
        const dir = scratch('export-');
        const headers = ['Id', ...extra];
        const rows = ids.map((id, i) => [
          id,
          ...extra.map((h) => (h === 'IsActive' ? '1' : h === 'UserType' ? 'Standard' : `${h.toLowerCase()}-${i}`)),
        ]);
        const target = path.join(dir, name);
        writeFileSync(target, file(headers, rows));
        const users = path.join(scratch('users-'), 'Users-real.csv');
        const realUser = toSalesforceId18('0055e000001HpDa');
        writeFileSync(
          users,
          file(USER_HEADERS, [[realUser, 'dana@example.com', 'Dana Whitfield', 'dana@example.com', '1', 'Standard']]),
        );
        const inputs = how === 'folder' ? [dir] : [target];
        if (withUsers) inputs.unshift(users);

        const db = openDatabase(':memory:');
        try {
          const forced = how.startsWith('forced') ? { [path.resolve(target)]: 'owners' as const } : undefined;
          let failed: unknown;
          try {
            await loadInto(db, inputs, { kinds: forced, skip: how === 'forced-skip' });
          } catch (error) {
            failed = error;
          }
          if (how === 'forced-fail' || how === 'named') {
            // A file named on the command line is an error: its object is not a kind, or its first row is not a user.
            expect(failed).toBeInstanceOf(InputError);
            return;
          }
          // The folder's file is skipped (another object, or a record kind without an owner column): a load of nothing else fails.
          if (failed) {
            expect(withUsers).toBe(false);
            expect((failed as InputError).reason).toMatch(
              new RegExp(
                `^nothing to load: every file was skipped \\(.*: (key prefix|no owner column for (${RECORD_KINDS.join('|')})\\b)`,
              ),
            );
          } else expect(ownerIds(db)).toEqual(withUsers ? [realUser] : []);
        } finally {
          db.close();
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('no plan ever names an owner that is not a user of the snapshot', () => {
  const user = fc.record({
    id: idOf('005'),
    active: fc.boolean(),
    type: fc.constantFrom('Standard', 'Standard', 'AutomatedProcess', 'CsnOnly'),
  });
  const others = fc.record({
    UserRole: fc.array(idOf('00E'), { maxLength: 3 }),
    Pricebook2: fc.array(idOf('01s'), { maxLength: 2 }),
    Profile: fc.array(idOf('00e'), { maxLength: 2 }),
    RecordType: fc.array(idOf('012'), { maxLength: 2 }),
  });
  const scenario = fc
    .record({
      users: fc.uniqueArray(user, { minLength: 1, maxLength: 5, selector: (u) => toSalesforceId18(u.id) }),
      others,
      strangers: fc.array(idOf('005'), { maxLength: 2 }),
      queue: idOf('00G'),
    })
    .chain((s) => {
      const refs = [...s.users.map((u) => u.id), ...Object.values(s.others).flat(), ...s.strangers, s.queue, ''];
      return fc
        .record({
          accounts: fc.uniqueArray(fc.tuple(idOf('001'), fc.constantFrom(...refs)), {
            minLength: 1,
            maxLength: 12,
            selector: ([id]) => toSalesforceId18(id),
          }),
        })
        .map((a) => ({ ...s, ...a }));
    });

  it('records go only to active Standard users of the users file', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ users, others, accounts }) => {
        const dir = scratch('export-');
        writeFileSync(
          path.join(dir, 'User.csv'),
          file(
            USER_HEADERS,
            users.map((u, i) => [
              u.id,
              `u${i}@example.com`,
              `User ${i}`,
              `u${i}@example.com`,
              u.active ? '1' : '0',
              u.type,
            ]),
          ),
        );
        for (const [object, ids] of Object.entries(others)) {
          writeFileSync(
            path.join(dir, `${object}.csv`),
            file(
              ['Id', 'Name', 'IsActive', 'UserType'],
              ids.map((id, i) => [id, `${object} ${i}`, '1', 'Standard']),
            ),
          );
        }
        writeFileSync(
          path.join(dir, 'Account.csv'),
          file(
            ['Id', 'Name', 'OwnerId'],
            accounts.map(([id, owner], i) => [id, `Account ${i}`, owner]),
          ),
        );

        const db = openDatabase(':memory:');
        try {
          await loadInto(db, [dir]);
          const people = new Set(
            users.filter((u) => u.active && u.type === 'Standard').map((u) => toSalesforceId18(u.id)),
          );
          for (const move of plan(db).plan.moves) expect(people.has(move.to.id), move.to.id).toBe(true);
        } finally {
          db.close();
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
