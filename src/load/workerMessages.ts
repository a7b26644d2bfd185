/**
 * Reading a snapshot's files in a worker thread, seen from the main thread as an async iterable of
 * the same messages the reader yields in-process; and errors carried across the thread boundary.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, UsageError } from '../errors.js';
import type { Fingerprint } from '../ingest/sources/decode.js';
import type { LoadMessage, ReadOptions } from './loadMessages.js';

export type SerialisedError =
  | { kind: 'input'; position: InputError['position']; reason: string; hint?: string }
  | { kind: 'usage'; message: string; hint?: string }
  | { kind: 'internal'; message: string; stack?: string };

export function serialiseError(error: unknown): SerialisedError {
  if (error instanceof InputError)
    return { kind: 'input', position: error.position, reason: error.reason, hint: error.hint };
  if (error instanceof UsageError) return { kind: 'usage', message: error.message, hint: error.hint };
  return { kind: 'internal', message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack };
}

export function deserialiseError(error: SerialisedError): Error {
  if (error.kind === 'input') return new InputError(error.position, error.reason, error.hint);
  if (error.kind === 'usage') return new UsageError(error.message, error.hint);
  const internal = new Error(error.message);
  internal.stack = error.stack;
  return internal;
}

const WORKER = new URL('./loadWorker.js', import.meta.url);

/** The compiled worker exists (it does not when the sources run untranspiled, as under vitest). */
export function workerAvailable(worker = WORKER): boolean {
  return existsSync(fileURLToPath(worker));
}

/** A file's fingerprint, taken on the main thread, for the worker (see FingerprintOf). */
export type FingerprintMessage = { path: string; fingerprint: Fingerprint } | { path: string; error: SerialisedError };

export interface WorkerMessages extends AsyncIterable<LoadMessage> {
  /** Hands the worker a file's fingerprint, or why it could not be taken. */
  fingerprint(path: string, fingerprint: Promise<Fingerprint>): void;
  /** The main thread is done with a batch: the worker may send another. */
  ack(): void;
  stop(): Promise<void>;
}

export function readInWorker(options: ReadOptions): WorkerMessages {
  const worker = new Worker(WORKER, { workerData: options });
  const queue: (LoadMessage | { type: 'error'; error: SerialisedError })[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  worker.on('message', (message) => {
    queue.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`the load worker stopped with exit code ${code}`);
    wake?.();
  });

  return {
    fingerprint(path, fingerprint) {
      fingerprint.then(
        (print) => worker.postMessage({ path, fingerprint: print } satisfies FingerprintMessage),
        (error) => worker.postMessage({ path, error: serialiseError(error) } satisfies FingerprintMessage),
      );
    },
    ack: () => worker.postMessage('ack'),
    stop: async () => void (await worker.terminate()),
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (queue.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
        const message = queue.shift();
        if (!message) throw failure;
        if (message.type === 'error') throw deserialiseError(message.error);
        yield message;
        if (message.type === 'done') return;
      }
    },
  };
}
