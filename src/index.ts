/** The library behind the command line. */
export { loadSnapshot, type LoadOptions, type LoadResult } from './load/loadSnapshot.js';
export { openDatabase } from './store/database.js';
export { listSnapshots, getSnapshot } from './store/snapshots.js';
export { toSalesforceId18 } from './records/salesforceId.js';
export { readCsvRows } from './csv.js';
export { CrmOwnersError, InputError, UsageError, DatabaseError } from './errors.js';
