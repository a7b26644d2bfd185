/**
 * `doctor`'s look at the files beside a database: a `-journal` or `-wal` left by a write, and
 * whether it means an interrupted write, a running one, or nothing.
 */
import { statSync } from 'node:fs';
import { firstBytes } from './dbFile.js';
import { ok, type DoctorFinding } from './doctorFinding.js';

/** The first 8 bytes of a rollback journal whose pages may already be in the database file. */
const JOURNAL_MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);

function sizeOf(file: string): number | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

export interface LeftoverFiles {
  /** `synced`: the journal's header is written, so pages of the write may already be in the database file. */
  journal?: { size: number; synced: boolean };
  wal?: { size: number };
}

export function leftoverFiles(path: string): LeftoverFiles {
  const found: LeftoverFiles = {};
  const journalSize = sizeOf(`${path}-journal`);
  if (journalSize !== undefined) {
    let synced = false;
    try {
      synced =
        journalSize >= JOURNAL_MAGIC.length &&
        firstBytes(`${path}-journal`, JOURNAL_MAGIC.length).equals(JOURNAL_MAGIC);
    } catch {
      // unreadable: say what we can about it below
    }
    found.journal = { size: journalSize, synced };
  }
  const walSize = sizeOf(`${path}-wal`);
  if (walSize !== undefined) found.wal = { size: walSize };
  return found;
}

const DO_NOT_DELETE = 'Do not delete it by hand: without it the database would be left half-written.';

/**
 * Leftover `-journal` / `-wal` files. `rollbackPending` is true when SQLite refused to read the database
 * read-only because a journal must be rolled back first (a "hot" journal, left by a killed write).
 */
export function checkJournal(path: string, leftovers: LeftoverFiles, rollbackPending: boolean): DoctorFinding[] {
  const findings: DoctorFinding[] = [];
  const { journal, wal } = leftovers;
  if (journal) {
    if (rollbackPending) {
      findings.push({
        check: 'journal',
        status: 'warn',
        message: `${path}-journal (${journal.size.toLocaleString('en-US')} bytes) was left by a load or other write that was interrupted (killed, or the machine stopped): the previous state is restored, and the interrupted write discarded, the next time the database is opened for writing`,
        fix: `run any crm-owners command on it, e.g. crm-owners snapshots --db ${path}, then crm-owners doctor again. ${DO_NOT_DELETE}`,
      });
    } else if (journal.synced) {
      // Synced but SQLite did not ask for a rollback: a live writer holds the lock.
      findings.push({
        check: 'journal',
        status: 'warn',
        message: `${path}-journal: another process is writing the database right now (a load, plan or transfer)`,
        fix: `wait for it to finish, then run crm-owners doctor again. ${DO_NOT_DELETE}`,
      });
    } else {
      findings.push({
        check: 'journal',
        status: 'warn',
        message: `${path}-journal: a write is running now, or one was interrupted before any of its changes reached the database file; if none is running, the database holds the previous state and the next load replaces the file`,
        fix: `if no crm-owners command is running, nothing to do: the next load (or any write) takes it over. ${DO_NOT_DELETE}`,
      });
    }
  }
  if (wal && wal.size > 0) {
    findings.push({
      check: 'journal',
      status: 'warn',
      message: `${path}-wal (${wal.size.toLocaleString('en-US')} bytes): the database is in WAL mode and its write-ahead log was not folded back in: a command is running, or one was interrupted. Committed changes in it are kept and an interrupted write is discarded the next time the database is opened`,
      fix: `if no crm-owners command is running, run one on it (e.g. crm-owners snapshots --db ${path}). Do not delete ${path}-wal or ${path}-shm by hand: committed changes would be lost, or the database left half-written.`,
    });
  }
  if (findings.length === 0) findings.push(ok('journal', 'no leftover -journal or -wal file: no interrupted write'));
  return findings;
}
