/**
 * Worker thread for big loads: reads the files (CSV parsing, resolution, counting) while the main
 * thread writes to SQLite. At most a few batches are in flight, so memory stays flat whatever the
 * size of the files.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Fingerprint } from '../ingest/sources/decode.js';
import { readSnapshotFiles } from './readSnapshot.js';
import type { ReadOptions } from './loadMessages.js';
import { deserialiseError, serialiseError, type FingerprintMessage } from './workerMessages.js';

const MAX_IN_FLIGHT = 8;
let inFlight = 0;
let wake: (() => void) | undefined;

/** Files' fingerprints, by path, as the main thread takes them (see FingerprintOf). */
const fingerprints = new Map<
  string,
  { promise: Promise<Fingerprint>; settle: (message: FingerprintMessage) => void }
>();

function fingerprintEntry(path: string) {
  let entry = fingerprints.get(path);
  if (!entry) {
    let settle!: (message: FingerprintMessage) => void;
    const promise = new Promise<Fingerprint>((resolve, reject) => {
      settle = (message) =>
        'error' in message ? reject(deserialiseError(message.error)) : resolve(message.fingerprint);
    });
    promise.catch(() => {}); // a file the reader does not come to, after an error
    fingerprints.set(path, (entry = { promise, settle }));
  }
  return entry;
}

parentPort!.on('message', (message: 'ack' | FingerprintMessage) => {
  if (message === 'ack') {
    inFlight--;
    wake?.();
  } else {
    fingerprintEntry(message.path).settle(message);
  }
});

async function main(): Promise<void> {
  try {
    for await (const message of readSnapshotFiles(
      workerData as ReadOptions,
      (source) => fingerprintEntry(source.path).promise,
    )) {
      parentPort!.postMessage(message);
      if (++inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } catch (error) {
    parentPort!.postMessage({ type: 'error', error: serialiseError(error) });
  }
}

await main();
