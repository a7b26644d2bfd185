/**
 * Ctrl+C (SIGINT) or a polite kill (SIGTERM) while files are being written: the work stops at its
 * next checkpoint and cleans up after itself, then the command exits 130 or 143, as shells expect.
 * Outside such work the signals keep their default action (nothing is half-written then).
 */
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

/**
 * Runs `work` with SIGINT and SIGTERM caught. `checkpoint`, awaited between steps, lets a signal in
 * and throws `Interrupted` (with `outcome` as the message) so the work's own cleanup runs. A signal
 * that comes during the last step, when the work is done, still sets the command's exit code.
 */
export async function catchingInterrupts<T>(outcome: string, work: (checkpoint: () => Promise<void>) => Promise<T>): Promise<T> {
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    received ??= signal;
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
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
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}
