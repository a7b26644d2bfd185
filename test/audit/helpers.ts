/**
 * Small hand-made snapshots for audit unit tests: tiny CSV files written to a temp folder, loaded into
 * an in-memory database, audited.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../src/audit/check.js';
import type { CheckId } from '../../src/audit/checkIds.js';
import type { CheckRow } from '../../src/audit/gate.js';
import {
  auditFindings,
  auditSnapshot,
  type AuditOptions,
  type AuditResult,
  type AuditSession,
} from '../../src/audit/runAudit.js';
import type { RecordKind } from '../../src/records/model.js';
import { parseRules } from '../../src/rules/rules.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { loadSnapshot, type LoadOptions } from '../../src/load/loadSnapshot.js';
import { scratchFolder } from '../helpers/scratch.js';

/** When every snapshot of these tests is loaded (unless a test says otherwise). */
export const LOADED_AT = new Date('2026-11-01T00:00:00Z');

/** A fresh temp folder, removed at the end of the test file that asked for it (test/helpers/scratch.ts). */
export function scratchDir(prefix = 'crm-owners-audit-'): string {
  return scratchFolder(prefix);
}

/** CSV text from lines (LF, final newline). */
export const csv = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** Canonical generic headers. */
export const OWNERS_HEADER = 'id,name,email,active,type,territories,capacity';
export const ACCOUNTS_HEADER = 'id,name,owner,region,created';
export const CONTACTS_HEADER = 'id,name,email,account_id,owner,last_activity,created';

/** Writes `files` (name -> text) into a fresh folder and returns their paths, in the given order. */
export function writeFiles(files: Record<string, string>, dir = scratchDir()): string[] {
  return Object.entries(files).map(([name, text]) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  });
}

export interface AuditOf extends Partial<AuditOptions> {
  /** Territory rules as CSV text (parsed as `rules.csv`). */
  rulesCsv?: string;
  /** Load time of the snapshot. */
  now?: Date;
  load?: Partial<LoadOptions>;
}

/** Audit options with the defaults every test starts from. */
export function auditOptions(options: AuditOf = {}): AuditOptions {
  const { rulesCsv, now: _now, load: _load, ...rest } = options;
  return {
    placeholderOwners: [],
    failOn: [],
    ...(rulesCsv !== undefined ? { rules: parseRules('rules.csv', rulesCsv) } : {}),
    ...rest,
  };
}

/** Loads `files` as one more snapshot into `db`. */
export async function loadInto(db: Db, files: Record<string, string>, options: AuditOf = {}) {
  const dir = scratchDir();
  const paths = writeFiles(files, dir);
  return loadSnapshot(db, {
    files: paths,
    rejectsPath: path.join(dir, 'r.csv'),
    now: options.now ?? LOADED_AT,
    ...options.load,
  });
}

export interface Audited {
  db: Db;
  result: AuditResult;
  /** The result with the working state its findings are read from. */
  session: AuditSession;
  findings: Finding[];
  /** The row of a check for a kind (undefined when the check is not reported for it). */
  row(check: CheckId, kind: RecordKind): CheckRow | undefined;
  /** The count of a check for a kind; throws when the check is not reported for it. */
  count(check: CheckId, kind: RecordKind): number;
  /** Record ids flagged by a check for a kind, sorted. */
  flagged(check: CheckId, kind: RecordKind): string[];
  /** The findings of a check for a kind, in the order they come. */
  findingsOf(check: CheckId, kind: RecordKind): Finding[];
}

export function audited(db: Db, session: AuditSession): Audited {
  const { result } = session;
  const findings = [...auditFindings(session)];
  const row = (check: CheckId, kind: RecordKind) => result.checks.find((r) => r.check === check && r.kind === kind);
  return {
    db,
    result,
    session,
    findings,
    row,
    count(check, kind) {
      const found = row(check, kind);
      if (!found)
        throw new Error(
          `no ${check} row for ${kind}; rows: ${result.checks.map((r) => `${r.check}/${r.kind}`).join(', ')}`,
        );
      return found.count;
    },
    flagged: (check, kind) =>
      findings
        .filter((f) => f.check === check && f.kind === kind)
        .map((f) => f.recordId)
        .sort(),
    findingsOf: (check, kind) => findings.filter((f) => f.check === check && f.kind === kind),
  };
}

/** Loads `files` (file name -> CSV text) into a fresh in-memory database and audits it. */
export async function auditOf(files: Record<string, string>, options: AuditOf = {}): Promise<Audited> {
  const db = openDatabase(':memory:');
  await loadInto(db, files, options);
  return audited(db, auditSnapshot(db, auditOptions(options)));
}
