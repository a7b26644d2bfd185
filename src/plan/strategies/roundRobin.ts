/**
 * round-robin: owners in id order, each kind with its own turn, skipping owners at capacity.
 */
import type { RecordKind } from '../../records/model.js';
import type { Strategy } from './strategy.js';

export function roundRobin(): Strategy {
  const last = new Map<RecordKind, string>();
  return {
    choose(owners, kind, ledger, fits) {
      const previous = last.get(kind);
      // The first owner with room after the previous pick, else (wrapping round) the first with room.
      let first = -1;
      let next = -1;
      for (const owner of owners) {
        if (!fits(owner)) continue;
        if (first < 0) first = owner;
        if (previous === undefined || ledger.owners[owner].id > previous) {
          next = owner;
          break;
        }
      }
      if (next < 0) next = first;
      if (next >= 0) last.set(kind, ledger.owners[next].id);
      return next;
    },
  };
}
