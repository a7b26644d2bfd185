/** `crm-owners doctor`: every check, its exit code, and that it never changes the database. */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  closeSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../dist/store/schema.js';
import { fixture, ROOT, run, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';
import { dbState, expectCleanMessage, finding, killMidWrite, type DoctorJson } from './helpers.js';

const dir = tempDir('crm-owners-doctor-');
const healthy = path.join(dir, 'healthy.db');

/** A copy of the healthy database to damage. */
function copy(name: string): string {
  const target = path.join(dir, name);
  copyFileSync(healthy, target);
  return target;
}

function edit(file: string, work: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    work(db);
  } finally {
    db.close();
  }
}

async function doctor(file: string, ...flags: string[]) {
  const result = await runJsonInProcess<DoctorJson>(['doctor', '--db', file, '--json', ...flags]);
  expectCleanMessage(result);
  return result;
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  const loaded = await runInProcess(['load', fixture('generic'), '--db', healthy, '--label', 'fieldstone']);
  expect(loaded.code, loaded.stderr).toBe(0);
});

describe('doctor on a healthy database', () => {
  it('reports every check ok and exits 0', async () => {
    const { code, json } = await doctor(healthy);
    expect(code).toBe(0);
    expect(json.schema).toBe('crm-owners/doctor@1');
    expect(json.verdict).toBe('ok');
    expect(json.schemaVersion).toBe(SCHEMA_VERSION);
    expect(json.snapshots).toBe(1);
    expect(json.findings.map((f) => f.check)).toEqual([
      'file',
      'journal',
      'schema',
      'integrity',
      'foreign-keys',
      'snapshots',
      'derived',
    ]);
    for (const f of json.findings) {
      expect(f).toEqual({ check: f.check, status: 'ok', message: expect.any(String), fix: '' });
    }
  });

  it('prints a readable report, and Markdown', async () => {
    const table = await runInProcess(['doctor', '--db', healthy]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^crm-owners doctor · .*healthy\.db · schema \d+/);
    expect(table.stdout).toMatch(/^ok {4}integrity {5}PRAGMA integrity_check: ok$/m);
    expect(table.stdout.trimEnd()).toMatch(/OK {2}the database is healthy$/);
    const markdown = await runInProcess(['doctor', '--db', healthy, '--format', 'markdown']);
    expect(markdown.stdout).toMatch(/^\| check \| status \| message \| fix \|/);
  });

  it('does not change the file', async () => {
    const before = sha256(healthy);
    await doctor(healthy);
    expect(sha256(healthy)).toBe(before);
    expect(existsSync(`${healthy}-journal`)).toBe(false);
  });
});

describe('doctor exits 2 when there is no database to check', () => {
  it.each([
    ['a missing file', () => path.join(dir, 'missing.db'), /missing\.db: no such database/],
    ['a folder', () => dir, /not a database file/],
    [
      'a text file',
      () => (writeFileSync(path.join(dir, 'notes.txt'), 'hello\n'), path.join(dir, 'notes.txt')),
      /notes\.txt: not a SQLite database/,
    ],
    ['a CSV file', () => fixture('generic', 'owners.csv'), /owners\.csv: not a SQLite database/],
    // SQLite would take it for a new database; every command that reads refuses it alike.
    [
      'an empty (0-byte) file',
      () => (writeFileSync(path.join(dir, 'empty.db'), ''), path.join(dir, 'empty.db')),
      /empty\.db: an empty file \(0 bytes\), not a crm-owners database yet/,
    ],
    [
      'a SQLite database of another program',
      () => {
        const other = path.join(dir, 'other.db');
        edit(other, (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)'));
        return other;
      },
      /other\.db: a SQLite database, but not a crm-owners database/,
    ],
    ['--db :memory:', () => ':memory:', /doctor checks a database file/],
  ])('%s', async (_name, make, message) => {
    const file = make();
    const result = await runInProcess(['doctor', '--db', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expectCleanMessage(result);
    if (file !== ':memory:' && file !== dir)
      expect(existsSync(file) ? statSync(file).isFile() : false).toBe(existsSync(file));
  });

  it('does not create the database it was pointed at', async () => {
    const missing = path.join(dir, 'never-created.db');
    await runInProcess(['doctor', '--db', missing]);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('doctor finds problems', () => {
  it('a schema newer than this crm-owners: fail, upgrade crm-owners', async () => {
    const newer = copy('newer.db');
    edit(newer, (db) => db.pragma(`user_version = ${SCHEMA_VERSION + 1}`));
    const { code, json } = await doctor(newer);
    expect(code).toBe(1);
    expect(json.verdict).toBe('fail');
    expect(finding(json, 'schema')[0]).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/newer crm-owners/),
      fix: expect.stringMatching(/upgrade crm-owners/),
    });
    // ...which is what every other command says about it.
    const other = await runInProcess(['snapshots', '--db', newer]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/newer crm-owners/);
  });

  it('a schema older than this crm-owners (a schema-4 database): the pending migration, a warning, exit 0', async () => {
    const older = path.join(dir, 'older.db');
    copyFileSync(fixture('databases', 'schema-4.db'), older);
    const { code, json } = await doctor(older);
    expect(code).toBe(0);
    const schema = finding(json, 'schema')[0];
    expect(schema).toMatchObject({
      status: 'warn',
      message: expect.stringContaining(`schema version 4, written by an earlier crm-owners; migrations pending: 4 → 5`),
    });
    expect(schema.fix).toMatch(/run a command that writes to it first/);
    // Doctor's verdict agrees with what commands do with the file: reading ones refuse it, writing ones migrate it.
    const read = await runInProcess(['snapshots', '--db', older]);
    expectCleanMessage(read);
    expect(read.code).toBe(2);
    expect(read.stderr).toMatch(/this command only reads/);
    const written = await runInProcess(['plan', '--db', older, '--out', path.join(dir, 'older-plan'), '-q']);
    expect(written.code, written.stderr).toBe(0);
    expect((await doctor(older)).json.verdict).toBe('ok');
  });

  it('a schema before the first release: fail, it cannot be migrated', async () => {
    const ancient = copy('ancient.db');
    edit(ancient, (db) => db.pragma('user_version = 3'));
    const { code, json } = await doctor(ancient);
    expect(code).toBe(1);
    expect(finding(json, 'schema')[0]).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/schema version 3, .* cannot be migrated/),
      fix: expect.stringMatching(/new database/),
    });
  });

  it('summary tables that disagree with the records: fail naming each; --rebuild recomputes them', async () => {
    // Lumen Ridge: contacts that share their email address are noted in shared_email_records.
    const summaries = path.join(dir, 'summaries.db');
    expect((await runInProcess(['load', fixture('salesforce', 'dataloader'), '--db', summaries, '-q'])).code).toBe(0);
    const healthyAudit = (await runInProcess(['audit', '--db', summaries, '--json'])).stdout;
    edit(summaries, (db) => {
      db.exec("UPDATE record_ranges SET last_key = last_key + 3 WHERE kind = 'accounts'");
      db.exec(
        "UPDATE owner_groups SET records = records + 2 WHERE rowid = (SELECT min(rowid) FROM owner_groups WHERE kind = 'contacts')",
      );
      db.exec("INSERT INTO shared_email_records (snapshot_id, kind, record_key) VALUES (1, 'contacts', 999999)");
      db.exec('DELETE FROM shared_email_records WHERE record_key = (SELECT min(record_key) FROM shared_email_records)');
    });
    const { code, json } = await doctor(summaries);
    expect(code).toBe(1);
    const derived = finding(json, 'derived')[0];
    expect(derived.status).toBe('fail');
    expect(derived.message).toMatch(
      /snapshot 1: keys \d+–\d+ \(record_ranges' accounts\) hold 3 records of another snapshot or kind/,
    );
    expect(derived.message).toMatch(/snapshot 1: owner_groups sum to \d+ open contacts, the records hold \d+/);
    expect(derived.message).toContain(
      'snapshot 1: 1 shared_email_records keys point at no record of their snapshot and kind',
    );
    expect(derived.message).toMatch(
      /snapshot 1: [12] records share their email address but are missing from shared_email_records/,
    );
    expect(derived.fix).toContain(`crm-owners doctor --rebuild --db ${summaries}`);

    const rebuilt = await runJsonInProcess<DoctorJson>(['doctor', '--rebuild', '--db', summaries, '--json']);
    expect(rebuilt.stderr).toBe('rebuilt owner_groups, record_ranges and shared_email_records from the records\n');
    expect(rebuilt.code).toBe(0);
    expect(finding(rebuilt.json, 'derived')[0]).toMatchObject({ status: 'ok' });
    // The same answers as before the damage.
    expect((await runInProcess(['audit', '--db', summaries, '--json'])).stdout).toBe(healthyAudit);
  });

  it('a damaged page: integrity fails, exit 1', async () => {
    const damaged = copy('damaged.db');
    // The page size, from the file's header (bytes 16–17).
    const pageSize = readFileSync(damaged).readUInt16BE(16);
    const pages = statSync(damaged).size / pageSize;
    const fd = openSync(damaged, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, pageSize * (pages - 2));
    closeSync(fd);
    const { code, json } = await doctor(damaged);
    expect(code).toBe(1);
    expect(finding(json, 'integrity')[0]).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/damaged/),
      fix: expect.stringMatching(/backup|new database/),
    });
  });

  it('counts that disagree with the rows stored: fail', async () => {
    const wrong = copy('wrong-counts.db');
    edit(wrong, (db) => {
      const counts = JSON.parse(
        (db.prepare('SELECT counts FROM snapshots WHERE id = 1').get() as { counts: string }).counts,
      );
      db.prepare('UPDATE snapshots SET counts = ? WHERE id = 1').run(
        JSON.stringify({ ...counts, contacts: counts.contacts + 5 }),
      );
    });
    const { code, json } = await doctor(wrong);
    expect(code).toBe(1);
    expect(finding(json, 'snapshots')[0]).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/snapshot 1: contacts \d+ counted, \d+ stored/),
    });
  });

  it('rows deleted behind its back: fail', async () => {
    const deleted = copy('deleted-rows.db');
    edit(deleted, (db) =>
      db.exec("DELETE FROM records WHERE rowid IN (SELECT rowid FROM records WHERE kind = 'accounts' LIMIT 2)"),
    );
    const { code, json } = await doctor(deleted);
    expect(code).toBe(1);
    expect(finding(json, 'snapshots')[0].message).toMatch(/accounts \d+ counted, \d+ stored/);
  });

  it('records of a snapshot that does not exist, and a file row pointing at none: fail', async () => {
    const orphan = copy('orphans.db');
    edit(orphan, (db) => {
      // Copies of existing rows moved to a snapshot that does not exist (whatever the columns are).
      db.pragma('foreign_keys = OFF'); // better-sqlite3 turns them on
      for (const table of ['snapshot_files', 'records']) {
        db.exec(`CREATE TEMP TABLE moved AS SELECT * FROM ${table} LIMIT 1; UPDATE moved SET snapshot_id = 99`);
        db.exec(table === 'snapshot_files' ? 'UPDATE moved SET id = NULL' : 'UPDATE moved SET key = NULL');
        db.exec(`INSERT INTO ${table} SELECT * FROM moved; DROP TABLE moved`);
      }
    });
    const { code, json } = await doctor(orphan);
    expect(code).toBe(1);
    expect(finding(json, 'foreign-keys')[0]).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/snapshot_files → snapshots/),
    });
    expect(finding(json, 'snapshots')[0].message).toMatch(/snapshot 99, which is not in the snapshots table/);
  });

  it('a snapshot with no records: a warning, exit 0', async () => {
    const emptySnapshot = copy('empty-snapshot.db');
    const loaded = await runInProcess(['load', fixture('generic', 'owners.csv'), '--db', emptySnapshot]);
    expect(loaded.code).toBe(0);
    const { code, json } = await doctor(emptySnapshot);
    expect(code).toBe(0);
    expect(json.verdict).toBe('warn');
    expect(finding(json, 'snapshots')[0]).toMatchObject({
      status: 'warn',
      message:
        'snapshot 2 holds no accounts, contacts, leads, opportunities, cases, tasks, events, account-team or opportunity-team',
    });
  });

  it('a hot journal left by a killed write: warns, explains, and leaves it for the next write to roll back', async () => {
    const killed = copy('killed.db');
    const before = dbState(killed);
    killMidWrite(killed);
    const journal = `${killed}-journal`;
    expect(existsSync(journal)).toBe(true);
    const bytes = { db: sha256(killed), journal: sha256(journal) };

    const { code, json } = await doctor(killed);
    expect(code).toBe(0);
    expect(json.verdict).toBe('warn');
    const [leftover] = finding(json, 'journal');
    expect(leftover.status).toBe('warn');
    expect(leftover.message).toMatch(
      /killed\.db-journal .*interrupted.*previous state is restored.*next time the database is opened for writing/,
    );
    expect(leftover.fix).toMatch(/Do not delete it by hand/);
    expect(finding(json, 'integrity')[0]).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/not checked/),
    });
    // Read-only: nothing repaired, nothing touched.
    expect({ db: sha256(killed), journal: existsSync(journal) ? sha256(journal) : null }).toEqual(bytes);

    const listed = await runJsonInProcess(['snapshots', '--db', killed, '--json']);
    expect(listed.code).toBe(0);
    expect(listed.json.map((s: { label: string }) => s.label)).toEqual(['fieldstone']);
    expect(existsSync(journal)).toBe(false);
    const after = await doctor(killed);
    expect(after.code).toBe(0);
    expect(after.json.verdict).toBe('ok');
    expect(dbState(killed)).toEqual(before);
  });

  it('a leftover -wal file: warns not to delete it', async () => {
    const wal = copy('wal.db');
    const script = `
      const Database = require('module').createRequire(${JSON.stringify(path.join(ROOT, 'package.json'))})('better-sqlite3');
      const db = new Database(${JSON.stringify(wal)});
      db.pragma('journal_mode = WAL');
      db.exec("UPDATE snapshots SET label = 'committed in the wal'");
      process.kill(process.pid, 'SIGKILL');`;
    spawnSync(process.execPath, ['-e', script]);
    expect(existsSync(`${wal}-wal`)).toBe(true);
    const { code, json } = await doctor(wal);
    expect(code).toBe(0);
    expect(finding(json, 'journal')[0]).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/wal\.db-wal .*WAL mode/),
      fix: expect.stringMatching(/Do not delete/),
    });
    expect(finding(json, 'integrity')[0].status).toBe('ok');
  });

  it('a database another process is writing: exit 2 "in use" once the busy timeout passes', () => {
    const locked = copy('locked.db');
    const holder = new Database(locked);
    try {
      // An exclusive lock keeps readers out too (a plain write transaction does not).
      holder.pragma('locking_mode = EXCLUSIVE');
      holder.exec('BEGIN EXCLUSIVE');
      const result = run(['doctor', '--db', locked], { env: { CRM_OWNERS_BUSY_TIMEOUT_MS: '200' } });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/locked\.db: the database is in use by another process \(waited 0\.2 s\)/);
      expectCleanMessage(result);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});

describe('commands on a damaged database', () => {
  it('exit 2 with a message that points at doctor, never an internal error', async () => {
    const damaged = path.join(dir, 'damaged-for-audit.db');
    mkdirSync(dir, { recursive: true });
    copyFileSync(healthy, damaged);
    // Every page but the first (the header and the schema), whatever the page size (bytes 16–17 of the header).
    const pageSize = readFileSync(damaged).readUInt16BE(16);
    const pages = statSync(damaged).size / pageSize;
    const fd = openSync(damaged, 'r+');
    for (let page = 1; page < pages; page++) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, pageSize * page);
    closeSync(fd);
    for (const args of [['audit'], ['owners'], ['snapshots']]) {
      const result = await runInProcess([...args, '--db', damaged]);
      expectCleanMessage(result);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/damaged-for-audit\.db: .*damaged/);
      expect(result.stderr).toMatch(/crm-owners doctor/);
    }
  });

  const rules = path.join(dir, 'region-rules.csv');
  it.each([
    ['snapshots.counts', "UPDATE snapshots SET counts = '{bad'", [['snapshots'], ['audit'], ['owners']]],
    // (snapshots reads no owner: its coverage was kept when the snapshot was loaded)
    ['owners.territories', "UPDATE owners SET territories = '{bad' WHERE id = 'u101'", [['audit'], ['owners']]],
    ['owners.capacity', "UPDATE owners SET capacity = '[1'", [['audit'], ['owners']]],
    [
      'snapshot_files.headers',
      "UPDATE snapshot_files SET headers = '{\"id\": 1}' WHERE kind = 'accounts'",
      [['audit', '--rules', rules]],
    ],
  ])(
    'a damaged JSON value in %s: commands exit 2 pointing at doctor, and doctor lists it',
    async (column, sql, commands) => {
      writeFileSync(rules, 'territory,region\nNorth,North\nRest,*\n');
      const damaged = copy(`damaged-${column}.db`);
      edit(damaged, (db) => db.exec(sql));
      for (const args of commands) {
        const result = await runInProcess([...args, '--db', damaged]);
        expectCleanMessage(result, args.join(' '));
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
        expect(result.stderr).toContain(`the database is damaged: snapshot 1 has a ${column} value that is not a JSON`);
        expect(result.stderr).toContain(`run crm-owners doctor --db ${damaged}`);
      }
      const { code, json } = await doctor(damaged);
      expect(code).toBe(1);
      expect(finding(json, 'snapshots')).toContainEqual(
        expect.objectContaining({ status: 'fail', message: expect.stringContaining(`snapshot 1: ${column} in `) }),
      );
    },
  );
});
