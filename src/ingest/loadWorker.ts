/**
 * Worker thread for big loads: reads the files (CSV parsing, resolution, counting) while the main
 * thread writes to SQLite. At most a few batches are in flight, so memory stays flat whatever the
 * size of the files.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readSnapshotFiles, type ReadOptions } from './snapshotReader.js';
import { serialiseError } from './workerMessages.js';

const MAX_IN_FLIGHT = 8;
let inFlight = 0;
let wake: (() => void) | undefined;

parentPort!.on('message', (message: string) => {
  if (message === 'ack') {
    inFlight--;
    wake?.();
  }
});

async function main(): Promise<void> {
  try {
    for await (const message of readSnapshotFiles(workerData as ReadOptions)) {
      parentPort!.postMessage(message);
      if (++inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } catch (error) {
    parentPort!.postMessage({ type: 'error', error: serialiseError(error) });
  }
}

await main();
