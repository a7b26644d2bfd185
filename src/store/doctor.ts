/**
 * `doctor`: checks a database without changing it, and says what is wrong and what to do about it.
 * Returns plain data; `commands/doctor.ts` prints it.
 */
import Database from 'better-sqlite3';
import { DatabaseError, UsageError } from '../errors.js';
import { RECORD_KINDS } from '../records/model.js';
import { kindList } from '../kinds/registry.js';
import { busyTimeoutMs, databaseError, migrateFirst, openDatabase } from './database.js';
import { requireDbFile } from './dbFile.js';
import { ok, type DoctorCheck, type DoctorFinding, type DoctorStatus } from './doctorFinding.js';
import { checkJournal, leftoverFiles } from './doctorJournal.js';
import { derivedTableProblems } from './derivedCheck.js';
import { rebuildAllDerivedTables } from './derivedTables.js';
import { describeStep, OLDEST_MIGRATED, pendingMigrations } from './migrations/index.js';
import { backupName } from './migrations/backup.js';
import { damagedJsonSql, JSON_COLUMNS } from './storedJson.js';
import { SCHEMA_VERSION } from './schema.js';

export type { DoctorCheck, DoctorFinding, DoctorStatus };

export interface DoctorReport {
  schema: 'crm-owners/doctor@1';
  db: string;
  /** The database's `user_version`; null when it could not be read. */
  schemaVersion: number | null;
  /** The schema version this build of crm-owners reads and writes. */
  expectedSchemaVersion: number;
  /** The migrations the next writing command runs (schema `to - 1` → `to`); empty when none. */
  pendingMigrations: { from: number; to: number; name: string }[];
  /** Snapshots in the database; null when they could not be counted. */
  snapshots: number | null;
  /** The worst status of all findings. */
  verdict: DoctorStatus;
  findings: DoctorFinding[];
}

const RANK: Record<DoctorStatus, number> = { ok: 0, warn: 1, fail: 2 };

/** The file itself: it must be a SQLite database; anything else cannot be checked (exit 2, as for every command). */
function checkFile(path: string): DoctorFinding {
  const size = requireDbFile(path);
  return ok('file', `${path}: SQLite database, ${size.toLocaleString('en-US')} bytes`);
}

function checkSchema(path: string, version: number, tables: Set<string>): DoctorFinding {
  if (version === 0 && tables.size === 0) {
    return {
      check: 'schema',
      status: 'warn',
      message: `${path}: an empty database, with no crm-owners tables yet`,
      fix: `load exports into it: crm-owners load FILE... --db ${path}`,
    };
  }
  if (version === 0 && !tables.has('snapshots')) {
    // Not ours at all: nothing further can be said about it (exit 2, like every other command).
    throw new DatabaseError(
      `${path}: a SQLite database, but not a crm-owners database (no snapshots table)`,
      'pass the crm-owners database with --db PATH',
    );
  }
  if (version > SCHEMA_VERSION) {
    return {
      check: 'schema',
      status: 'fail',
      message: `${path}: schema version ${version}, written by a newer crm-owners; this one knows version ${SCHEMA_VERSION} and cannot use it`,
      fix: 'upgrade crm-owners (npm install --global crm-owners@latest)',
    };
  }
  if (version < OLDEST_MIGRATED) {
    // Development versions before the first release: no migration starts there (openDatabase refuses them).
    return {
      check: 'schema',
      status: 'fail',
      message: `${path}: schema version ${version}, written by a development version of crm-owners before the first release; it cannot be migrated, and commands refuse the file`,
      fix: `load the exports again into a new database (crm-owners load FILE... --db NEW.db), or read this one with the crm-owners version that wrote it`,
    };
  }
  if (version < SCHEMA_VERSION) {
    return {
      check: 'schema',
      status: 'warn',
      message: `${path}: schema version ${version}, written by an earlier crm-owners; migrations pending: ${pendingMigrations(version).map(describeStep).join(', ')}. The next command that writes to it runs them, after keeping a copy of the file as ${backupName(path, version)}; reading commands refuse it until then`,
      fix: migrateFirst(path, version),
    };
  }
  return ok('schema', `schema version ${version}, as this crm-owners expects`);
}

function checkIntegrity(db: Database.Database): DoctorFinding {
  const rows = db.pragma('integrity_check(20)') as { integrity_check: string }[];
  const problems = rows.map((row) => row.integrity_check).filter((text) => text !== 'ok');
  if (problems.length === 0) return ok('integrity', 'PRAGMA integrity_check: ok');
  return {
    check: 'integrity',
    status: 'fail',
    message: `the database is damaged: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5}${problems.length === 20 ? '+' : ''} more)` : ''}`,
    fix: 'restore it from a backup, or load the exports again into a new database (crm-owners load FILE... --db NEW.db); do not write to this one',
  };
}

function checkForeignKeys(db: Database.Database): DoctorFinding {
  const rows = db.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[];
  if (rows.length === 0)
    return ok('foreign-keys', 'PRAGMA foreign_key_check: every reference points at an existing row');
  const byTable = new Map<string, number>();
  for (const row of rows)
    byTable.set(`${row.table} → ${row.parent}`, (byTable.get(`${row.table} → ${row.parent}`) ?? 0) + 1);
  return {
    check: 'foreign-keys',
    status: 'fail',
    message: `rows that point at missing rows: ${[...byTable].map(([tables, n]) => `${n.toLocaleString('en-US')} in ${tables}`).join(', ')}`,
    fix: 'the database was changed outside crm-owners, or is damaged: restore it from a backup, or load the exports again into a new database',
  };
}

interface CountRow {
  snapshot_id: number;
  kind: string;
  n: number;
}

/** Each snapshot's stored counts against the rows actually in it; snapshots with no records. */
function checkSnapshots(
  db: Database.Database,
  tables: Set<string>,
): { finding: DoctorFinding[]; count: number | null } {
  if (!tables.has('snapshots')) return { finding: [ok('snapshots', 'no snapshots yet')], count: 0 };
  const snapshots = db
    .prepare<[], { id: number; counts: string }>('SELECT id, counts FROM snapshots ORDER BY id')
    .all();
  const actual = new Map<number, Map<string, number>>();
  const add = (rows: CountRow[]) => {
    for (const row of rows) {
      if (!actual.has(row.snapshot_id)) actual.set(row.snapshot_id, new Map());
      actual.get(row.snapshot_id)!.set(row.kind, row.n);
    }
  };
  if (tables.has('records'))
    add(
      db.prepare<[], CountRow>('SELECT snapshot_id, kind, count(*) AS n FROM records GROUP BY snapshot_id, kind').all(),
    );
  if (tables.has('owners'))
    add(
      db
        .prepare<[], CountRow>("SELECT snapshot_id, 'owners' AS kind, count(*) AS n FROM owners GROUP BY snapshot_id")
        .all(),
    );

  const mismatches: string[] = [];
  const empty: number[] = [];
  const known = new Set<number>();
  for (const snapshot of snapshots) {
    known.add(snapshot.id);
    const stored = actual.get(snapshot.id) ?? new Map<string, number>();
    let counts: Record<string, unknown>;
    try {
      counts = JSON.parse(snapshot.counts) as Record<string, unknown>;
      if (typeof counts !== 'object' || counts === null) throw new Error('not an object');
    } catch {
      continue; // reported by damagedJson
    }
    const kinds = tables.has('owners') ? ['owners', ...RECORD_KINDS] : [...RECORD_KINDS];
    const differ = kinds
      .map((kind) => ({ kind, said: Number(counts[kind] ?? 0), found: stored.get(kind) ?? 0 }))
      .filter(({ said, found }) => said !== found);
    if (differ.length > 0) {
      mismatches.push(
        `snapshot ${snapshot.id}: ${differ.map(({ kind, said, found }) => `${kind} ${said.toLocaleString('en-US')} counted, ${found.toLocaleString('en-US')} stored`).join(', ')}`,
      );
    }
    if (RECORD_KINDS.every((kind) => (stored.get(kind) ?? 0) === 0)) empty.push(snapshot.id);
  }
  const orphans = [...actual.keys()].filter((id) => !known.has(id)).sort((a, b) => a - b);
  if (orphans.length > 0)
    mismatches.push(
      `rows of snapshot${orphans.length > 1 ? 's' : ''} ${orphans.join(', ')}, which ${orphans.length > 1 ? 'are' : 'is'} not in the snapshots table`,
    );

  const findings: DoctorFinding[] = damagedJson(db, tables);
  if (mismatches.length > 0) {
    findings.push({
      check: 'snapshots',
      status: 'fail',
      message: `records stored do not match the snapshot counts: ${mismatches.slice(0, 5).join('; ')}${mismatches.length > 5 ? ` (and ${mismatches.length - 5} more)` : ''}`,
      fix: 'the database was changed outside crm-owners, or is damaged: do not trust these snapshots; load the exports again (into a new database if this one also fails the integrity check)',
    });
  }
  if (empty.length > 0) {
    findings.push({
      check: 'snapshots',
      status: 'warn',
      message: `snapshot${empty.length > 1 ? 's' : ''} ${empty.join(', ')} hold${empty.length > 1 ? '' : 's'} no ${kindList(RECORD_KINDS)}`,
      fix: 'if that is not what you exported, check the files and load them again (crm-owners load --json shows what each file gave); audits of an empty snapshot count nothing',
    });
  }
  if (findings.length === 0) {
    findings.push(
      ok(
        'snapshots',
        snapshots.length === 0
          ? 'no snapshots yet'
          : `${snapshots.length.toLocaleString('en-US')} snapshot${snapshots.length > 1 ? 's' : ''}, each with the records its counts say`,
      ),
    );
  }
  return { finding: findings, count: snapshots.length };
}

/** JSON values crm-owners wrote that no longer read as what it wrote (every command reading them would stop). */
function damagedJson(db: Database.Database, tables: Set<string>): DoctorFinding[] {
  const damaged: string[] = [];
  for (const [name, column] of Object.entries(JSON_COLUMNS)) {
    if (!tables.has(column.table)) continue;
    for (const { snapshot, n } of db.prepare<[], { snapshot: number; n: number }>(damagedJsonSql(column)).all()) {
      damaged.push(`snapshot ${snapshot}: ${name} in ${n.toLocaleString('en-US')} row${n > 1 ? 's' : ''}`);
    }
  }
  if (damaged.length === 0) return [];
  return [
    {
      check: 'snapshots',
      status: 'fail',
      message: `stored values that are not the JSON crm-owners wrote: ${damaged.slice(0, 5).join('; ')}${damaged.length > 5 ? ` (and ${damaged.length - 5} more)` : ''}`,
      fix: 'the database was changed outside crm-owners, or is damaged: commands that read these snapshots stop; load the exports again into a new database (crm-owners load FILE... --db NEW.db)',
    },
  ];
}

/** The summary tables against the records they summarise (only in this release's schema: a migration may rebuild them). */
function checkDerived(path: string, version: number, tables: Set<string>, db: Database.Database): DoctorFinding {
  if (!tables.has('records')) return ok('derived', 'no records yet');
  if (version !== SCHEMA_VERSION) {
    return {
      check: 'derived',
      status: version > SCHEMA_VERSION ? 'warn' : 'ok',
      message:
        version > SCHEMA_VERSION
          ? 'not checked: the schema is newer than this crm-owners knows'
          : `not checked in schema ${version}: the summary tables are checked once the database is migrated`,
      fix: version > SCHEMA_VERSION ? 'upgrade crm-owners' : '',
    };
  }
  return guard('derived', () => {
    const problems = derivedTableProblems(db);
    if (problems.length === 0)
      return ok('derived', 'owner_groups, record_ranges and shared_email_records match the records');
    return {
      check: 'derived',
      status: 'fail',
      message: `the summary tables do not match the records, so audits, plans and diffs of those snapshots are wrong: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
      fix: `the database was changed outside crm-owners (rows deleted or edited by hand): run crm-owners doctor --rebuild --db ${path} to recompute them from the records, or restore the database from a backup`,
    };
  });
}

/** `doctor --rebuild`: every snapshot's summary tables recomputed from its records, in one transaction. */
export function rebuildSummaries(path: string): void {
  const db = openDatabase(path, 'write');
  try {
    db.transaction(() => rebuildAllDerivedTables(db)).immediate();
  } catch (error) {
    throw toDatabaseError(error, path);
  } finally {
    db.close();
  }
}

function notChecked(check: DoctorCheck, path: string): DoctorFinding {
  return {
    check,
    status: 'warn',
    message: 'not checked: an interrupted write must be rolled back first (see journal)',
    fix: `run crm-owners snapshots --db ${path} (it rolls the interrupted write back), then crm-owners doctor again`,
  };
}

const verdictOf = (findings: DoctorFinding[]): DoctorStatus =>
  findings.reduce<DoctorStatus>((worst, f) => (RANK[f.status] > RANK[worst] ? f.status : worst), 'ok');

export function runDoctor(path: string): DoctorReport {
  if (path === ':memory:')
    throw new UsageError(
      'doctor checks a database file; :memory: holds nothing to check',
      'pass the database with --db PATH',
    );
  const file = checkFile(path);
  const leftovers = leftoverFiles(path);
  const report: DoctorReport = {
    schema: 'crm-owners/doctor@1',
    db: path,
    schemaVersion: null,
    expectedSchemaVersion: SCHEMA_VERSION,
    pendingMigrations: [],
    snapshots: null,
    verdict: 'ok',
    findings: [file],
  };

  // Read-only on purpose: a read-write connection that meets a hot journal rolls it back (and
  // deletes it) on its first read. Doctor must report what it finds, not repair it behind the
  // user's back, so it opens read-only: SQLite then refuses to read (SQLITE_READONLY_ROLLBACK)
  // instead of touching the journal, and doctor says so. (In WAL mode SQLite may still create
  // the `-shm` index beside the database; that changes no data.)
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs() });
  } catch (error) {
    throw toDatabaseError(error, path);
  }
  try {
    let version: number;
    let tables: Set<string>;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
      tables = new Set(
        db
          .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
          .all()
          .map((t) => t.name),
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_READONLY_ROLLBACK') {
        report.findings.push(...checkJournal(path, leftovers, true));
        for (const check of ['schema', 'integrity', 'foreign-keys', 'snapshots', 'derived'] as const)
          report.findings.push(notChecked(check, path));
        report.verdict = verdictOf(report.findings);
        return report;
      }
      const code = (error as { code?: string }).code ?? '';
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
        report.findings.push(...checkJournal(path, leftovers, false), {
          check: 'integrity',
          status: 'fail',
          message: `SQLite cannot read the database: ${(error as Error).message}`,
          fix: 'restore it from a backup, or load the exports again into a new database (crm-owners load FILE... --db NEW.db)',
        });
        report.verdict = 'fail';
        return report;
      }
      throw error;
    }
    report.schemaVersion = version;
    if (version >= OLDEST_MIGRATED)
      report.pendingMigrations = pendingMigrations(version).map((step) => ({
        from: step.to - 1,
        to: step.to,
        name: step.name,
      }));
    report.findings.push(...checkJournal(path, leftovers, false));
    report.findings.push(checkSchema(path, version, tables));
    report.findings.push(guard('integrity', () => checkIntegrity(db)));
    report.findings.push(guard('foreign-keys', () => checkForeignKeys(db)));
    if (version > SCHEMA_VERSION) {
      report.findings.push({
        check: 'snapshots',
        status: 'warn',
        message: 'not checked: the schema is newer than this crm-owners knows',
        fix: 'upgrade crm-owners',
      });
    } else {
      try {
        const snapshots = checkSnapshots(db, tables);
        report.snapshots = snapshots.count;
        report.findings.push(...snapshots.finding);
      } catch (error) {
        report.findings.push(failed('snapshots', error));
      }
    }
    report.findings.push(checkDerived(path, version, tables, db));
  } catch (error) {
    throw toDatabaseError(error, path);
  } finally {
    db.close();
  }
  report.verdict = verdictOf(report.findings);
  return report;
}

/** A check that SQLite cannot complete (corruption found on the way) is a failed check, not a crash. */
function guard(check: DoctorCheck, run: () => DoctorFinding): DoctorFinding {
  try {
    return run();
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY')) throw error;
    return failed(check, error);
  }
}

function failed(check: DoctorCheck, error: unknown): DoctorFinding {
  const code = (error as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_BUSY')) throw error;
  return {
    check,
    status: 'fail',
    message:
      code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB'
        ? `the database is damaged: SQLite stopped the check with "${(error as Error).message}"`
        : `SQLite could not complete the check: ${(error as Error).message}`,
    fix: 'the database is damaged or was changed outside crm-owners: restore it from a backup, or load the exports again into a new database',
  };
}

function toDatabaseError(error: unknown, path: string): unknown {
  const mapped = databaseError(error, path);
  if (mapped instanceof DatabaseError) return mapped;
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_'))
    return new DatabaseError(`${path}: cannot check the database (${code}: ${(error as Error).message})`);
  return error;
}
