/**
 * Worker thread for `splitScanner`: it opens its own read-only connection as soon as it starts, then
 * answers each job (a query, with copies of the TEMP tables it reads) with the rows. It always
 * signals when a job is done, with rows or an error, because the main thread waits for it without
 * an event loop.
 */
import Database from 'better-sqlite3';
import { workerData } from 'node:worker_threads';
import { nameKey } from '../records/directory.js';
import { busyTimeoutMs } from '../store/database.js';
import type { ScanJob, ScanWorkerData } from './splitScan.js';

const { path, port, done } = workerData as ScanWorkerData;

let db: Database.Database | undefined;
let failure: string | undefined;
try {
  db = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs() });
  // As in buildContext: owner values compare like names.
  db.function('fold', { deterministic: true }, (value: unknown) => nameKey(String(value ?? '')));
} catch (error) {
  failure = (error as Error)?.message ?? String(error);
}

port.on('message', ({ tables, sql }: ScanJob) => {
  try {
    if (!db) throw new Error(failure);
    for (const table of tables) {
      // sqlite_temp_master keeps a TEMP table's statement without the TEMP.
      db.exec(
        `DROP TABLE IF EXISTS temp.${table.name}; ${table.create.replace(/^CREATE TABLE/i, 'CREATE TEMP TABLE')}`,
      );
      if (table.rows.length === 0) continue;
      const insert = db.prepare(`INSERT INTO temp.${table.name} VALUES (${table.rows[0].map(() => '?').join(', ')})`);
      for (const row of table.rows) insert.run(row);
    }
    // Rows as arrays, as the main thread reads its part: they also cross threads in half the time objects take.
    port.postMessage({ rows: db.prepare(sql).raw().all() });
  } catch (error) {
    port.postMessage({ error: (error as Error)?.message ?? String(error) });
  } finally {
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
  }
});
