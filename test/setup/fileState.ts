/**
 * Run before every test file (vitest `setupFiles`). The unit project runs its files one after
 * another in a shared process, so what a file leaves in the process goes when the file ends: its
 * scratch folders (test/helpers/scratch.ts), and the SIGINT/SIGTERM handlers the code under test
 * installs for good (a command that writes files keeps one, by design, until the process ends), which
 * would otherwise answer the signals that a later file sends itself.
 */
import { afterAll } from 'vitest';
import { removeScratchFolders } from '../helpers/scratch.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const handlersBefore = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));

afterAll(() => {
  removeScratchFolders();
  for (const signal of SIGNALS) {
    const before = handlersBefore.get(signal) ?? [];
    for (const handler of process.listeners(signal)) if (!before.includes(handler)) process.off(signal, handler);
  }
});
