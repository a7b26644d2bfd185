/**
 * Ctrl+C (SIGINT) or a polite kill (SIGTERM) while files are being written: the work stops at its
 * next checkpoint and cleans up after itself, then the command exits 130 or 143, as shells expect.
 * Outside such work the signals end the command as they would by default, once the temporary
 * files of the outputs being written are removed.
 */
import { unlinkSync } from 'node:fs';
import { constants } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CrmOwnersError } from '../errors.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** The exit code of a command ended by `signal`: 128 + its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

export class Interrupted extends CrmOwnersError {
  override readonly exitCode: number;
  constructor(
    readonly signal: NodeJS.Signals,
    outcome: string,
  ) {
    super(`interrupted (${signal}): ${outcome}`);
    this.exitCode = signalExitCode(signal);
  }
}

/** Temporary files that a signal removes before the process ends. */
const doomed = new Set<string>();
/** How many `catchingInterrupts` are running: they handle signals themselves. */
let catching = 0;

function removeAndDie(signal: NodeJS.Signals): void {
  if (catching > 0) return;
  for (const file of doomed) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
  doomed.clear();
  for (const s of SIGNALS) process.off(s, removeAndDie);
  // With no listener left the signal's default action is back: the process ends as signalled.
  process.kill(process.pid, signal);
}

/**
 * Has a signal remove `file` before the process ends; returns the function that lets it go (the
 * file was committed or removed). Node delivers a signal between turns of the event loop, so a
 * file written in one synchronous stretch is finished first; one written across turns (rejects
 * during a load) is removed. The handler stays once installed: removing it could drop a signal
 * received but not yet delivered.
 */
export function removedOnSignal(file: string): () => void {
  doomed.add(file);
  for (const signal of SIGNALS) if (!process.listeners(signal).includes(removeAndDie)) process.on(signal, removeAndDie);
  return () => void doomed.delete(file);
}

/**
 * Runs `work` with SIGINT and SIGTERM caught. `checkpoint`, awaited between steps, lets a signal in
 * and throws `Interrupted` (with `outcome` as the message) so the work's own cleanup runs. A signal
 * that comes during the last step, when the work is done, still sets the command's exit code.
 */
export async function catchingInterrupts<T>(
  outcome: string,
  work: (checkpoint: () => Promise<void>) => Promise<T>,
): Promise<T> {
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    received ??= signal;
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  catching++;
  const checkpoint = async () => {
    // Signals are delivered between turns of the event loop, never inside synchronous work.
    await nextTurn();
    if (received) throw new Interrupted(received, outcome);
  };
  try {
    const result = await work(checkpoint);
    await nextTurn();
    if (received) process.exitCode = signalExitCode(received);
    return result;
  } finally {
    catching--;
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}
