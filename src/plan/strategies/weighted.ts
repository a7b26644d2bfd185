/**
 * weighted: shares new records in proportion to capacity: the owner whose share so far, relative to
 * its capacity, is smallest gets the next one (ties by id). Owners without a known capacity weigh
 * as much as the average known one among the owners with room, or 1 when none is known.
 */
import type { Strategy } from './strategy.js';

export function weighted(): Strategy {
  return {
    choose(owners, kind, ledger, fits) {
      const kindLedger = ledger.of(kind);
      let known = 0;
      let total = 0;
      for (const owner of owners) {
        const capacity = kindLedger.capacity(owner);
        if (capacity !== undefined && capacity > 0 && fits(owner)) {
          known++;
          total += capacity;
        }
      }
      const fallback = known > 0 ? total / known : 1;
      let best = -1;
      let bestShare = 0;
      for (const owner of owners) {
        if (!fits(owner)) continue;
        const capacity = kindLedger.capacity(owner);
        const share =
          (kindLedger.receivedBy(owner) + 1) / (capacity !== undefined && capacity > 0 ? capacity : fallback);
        if (best < 0 || share < bestShare) {
          best = owner;
          bestShare = share;
        }
      }
      return best;
    },
  };
}
