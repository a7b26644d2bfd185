/**
 * least-loaded: the owner with the most headroom (capacity − load, counting this plan's moves),
 * then the lowest load, then the lowest id. Owners without a known capacity have unlimited headroom
 * and so compete on load among themselves.
 */
import type { Strategy } from './strategy.js';

export function leastLoaded(): Strategy {
  return {
    choose(owners, kind, ledger, fits) {
      const kindLedger = ledger.of(kind);
      let best = -1;
      let bestHeadroom = 0;
      let bestLoad = 0;
      for (const owner of owners) {
        if (!fits(owner)) continue;
        const headroom = kindLedger.headroom(owner);
        const load = kindLedger.load(owner);
        if (best < 0 || headroom > bestHeadroom || (headroom === bestHeadroom && load < bestLoad)) {
          best = owner;
          bestHeadroom = headroom;
          bestLoad = load;
        }
      }
      return best;
    },
  };
}
