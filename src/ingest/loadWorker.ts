/**
 * Worker thread for big loads: reads the files (CSV parsing, resolution, counting) while the main
 * thread writes to SQLite. At most a few batches are in flight, so memory stays flat whatever the
 * size of the files.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readSnapshotFiles, type Fingerprints, type ReadOptions } from './snapshotReader.js';
import { serialiseError } from './workerMessages.js';

const MAX_IN_FLIGHT = 8;
let inFlight = 0;
let wake: (() => void) | undefined;

let start: (fingerprints: Fingerprints) => void;
const started = new Promise<Fingerprints>((resolve) => (start = resolve));

parentPort!.on('message', (message: 'ack' | { fingerprints: Fingerprints }) => {
  if (message === 'ack') {
    inFlight--;
    wake?.();
  } else {
    start(message.fingerprints);
  }
});

async function main(): Promise<void> {
  // The main thread takes the files' fingerprints while this thread boots.
  const fingerprints = await started;
  try {
    for await (const message of readSnapshotFiles({ ...(workerData as ReadOptions), fingerprints })) {
      parentPort!.postMessage(message);
      if (++inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } catch (error) {
    parentPort!.postMessage({ type: 'error', error: serialiseError(error) });
  }
}

await main();
