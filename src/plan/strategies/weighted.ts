/**
 * weighted: shares new records in proportion to capacity: the owner whose share so far, relative to
 * its capacity, is smallest gets the next one (ties by id). Owners without a known capacity weigh
 * as much as the average known one, or 1 when none is known.
 */
import type { Strategy } from './strategy.js';

export function weighted(): Strategy {
  return {
    choose(owners, kind, ledger) {
      const known = owners.map((o) => ledger.capacity(o.id, kind)).filter((c): c is number => c !== undefined && c > 0);
      const fallback = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 1;
      const weight = (id: string) => {
        const capacity = ledger.capacity(id, kind);
        return capacity !== undefined && capacity > 0 ? capacity : fallback;
      };
      let best = owners[0];
      let bestShare = (ledger.receivedBy(best.id, kind) + 1) / weight(best.id);
      for (const owner of owners.slice(1)) {
        const share = (ledger.receivedBy(owner.id, kind) + 1) / weight(owner.id);
        if (share < bestShare) {
          best = owner;
          bestShare = share;
        }
      }
      return best;
    },
  };
}
