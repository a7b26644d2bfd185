/**
 * A plan's pass over a large kind, read in two parts at once: the end of the kind's rowid range by
 * a worker thread with its own read-only connection (see WORKER_SHARE), the rest here. On a million
 * contacts the pass is most of a plan's time, and SQLite's part of it (scanning, then building each
 * row) splits between two cores. The worker is started with the plan, before it is needed: it takes
 * a few hundred milliseconds to start while the main thread is busy.
 *
 * The query may read TEMP tables of this connection (the placeholder owners, the accounts asked
 * about): the worker gets copies of them. A pass is not split when those are large (a territory per
 * record, with rules), and there is no worker for an in-memory database or when the compiled worker
 * is not there (the sources run untranspiled, as under vitest). If the worker fails or is far slower
 * than the main thread, its part is read here.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { AuditContext } from '../audit/context.js';
import type { RecordKind } from '../records/model.js';
import { workerAvailable } from '../load/workerMessages.js';
import type { Db } from '../store/database.js';
import { inRange } from '../store/ranges.js';

/** Ranges smaller than this are read in one piece. */
export const SPLIT_ABOVE = 200_000;
/**
 * The worker reads the later 40% of the range: its rows must then cross to this thread, which takes
 * about a third of the time reading them did, so with equal halves this thread would wait for it.
 */
const WORKER_SHARE = 0.4;
/** TEMP tables copied to the worker: beyond this many rows the copy costs more than the split saves. */
const MAX_COPIED_ROWS = 50_000;

const WORKER = new URL('./scanWorker.js', import.meta.url);

export interface ScanWorkerData {
  path: string;
  port: MessagePort;
  /** Set to 1 when the worker has posted its answer to a job. */
  done: Int32Array;
}

/** A row as an array of values, in the order of the query's columns. */
type Row = unknown[];

export interface ScanJob {
  tables: { name: string; create: string; rows: unknown[][] }[];
  sql: string;
}

/** The TEMP tables the query names, with their rows; undefined if they are too large to copy. */
function tempTables(db: Db, sql: string): ScanJob['tables'] | undefined {
  const names = [...new Set([...sql.matchAll(/\btemp\.(\w+)/g)].map((match) => match[1]))];
  const tables = [];
  let rows = 0;
  for (const name of names) {
    const create = db
      .prepare<[string], string>("SELECT sql FROM sqlite_temp_master WHERE type = 'table' AND name = ?")
      .pluck()
      .get(name);
    if (!create) return undefined;
    if ((rows += db.prepare<[], number>(`SELECT count(*) FROM temp.${name}`).pluck().get()!) > MAX_COPIED_ROWS)
      return undefined;
    tables.push({ name, create, rows: db.prepare<[], unknown[]>(`SELECT * FROM temp.${name}`).raw().all() });
  }
  return tables;
}

/** Reads large kinds in two parts, with a worker started now when any kind is large enough. */
export function splitScanner(context: AuditContext, splitAbove = SPLIT_ABOVE) {
  const { db } = context;
  const large = (kind: RecordKind) => {
    const range = context.rangeOf(kind);
    return range !== undefined && range.last - range.first + 1 >= splitAbove;
  };
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker | undefined;
  if (context.kinds.some(large) && !db.memory && workerAvailable(WORKER)) {
    worker = new Worker(WORKER, {
      workerData: { path: db.name, port: port2, done } satisfies ScanWorkerData,
      transferList: [port2],
    });
    // It must not keep the process alive, and it ends with it.
    worker.unref();
  }

  const close = () => {
    port1.close();
    void worker?.terminate();
    worker = undefined;
  };

  /** The worker's rows for the job, or undefined if it failed or took far longer than `ours` (which runs meanwhile). */
  const ask = <T>(job: ScanJob, ours: () => T): [T, Row[] | undefined] => {
    Atomics.store(done, 0, 0);
    port1.postMessage(job);
    const started = performance.now();
    let mine: T;
    try {
      mine = ours();
    } catch (error) {
      close();
      throw error;
    }
    // Its part should take about as long as ours; far longer means something is wrong.
    Atomics.wait(done, 0, 0, Math.max(10_000, 5 * (performance.now() - started)));
    const answer = receiveMessageOnPort(port1)?.message as { rows: Row[] } | { error: string } | undefined;
    if (answer && 'rows' in answer) {
      scanner.workerParts++;
      return [mine, answer.rows];
    }
    // A worker that failed or is still busy answers no more jobs.
    close();
    return [mine, undefined];
  };

  const scanner = {
    /** How many parts the worker has read (the others were read here). */
    workerParts: 0,
    /**
     * The rows of `sqlOver(inKind)`, where `inKind` selects the kind's records (or part of them),
     * each made by `make` from its values: those of the start of the range, then those of the
     * worker's part, each in the query's order. Our part is made while the worker reads its own.
     */
    scan<T>(kind: RecordKind, sqlOver: (inKind: string) => string, make: (values: Row) => T): T[] {
      const read = (sql: string) => db.prepare<[], Row>(sql).raw().all().map(make);
      const whole = sqlOver(context.inKind(kind));
      const range = context.rangeOf(kind);
      const tables = worker && range && large(kind) ? tempTables(db, whole) : undefined;
      if (!range || !tables) return read(whole);

      const split = range.first + Math.floor((range.last - range.first) * (1 - WORKER_SHARE));
      const part = (first: number, last: number) => sqlOver(inRange({ first, last }, kind) + context.openOnly(kind));
      const workerPart = part(split + 1, range.last);
      const [rows, theirs] = ask({ tables, sql: workerPart }, () => read(part(range.first, split)));
      for (const row of theirs ? theirs.map(make) : read(workerPart)) rows.push(row);
      return rows;
    },
    /** Stops the worker: call it when done with the scans. */
    close,
  };
  return scanner;
}
