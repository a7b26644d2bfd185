/**
 * least-loaded: the owner with the most headroom (capacity − load, counting this plan's moves),
 * then the lowest load, then the lowest id. Owners without a known capacity have unlimited headroom
 * and so compete on load among themselves.
 */
import type { Strategy } from './strategy.js';

export function leastLoaded(): Strategy {
  return {
    choose(owners, kind, ledger) {
      let best = owners[0];
      for (const owner of owners.slice(1)) {
        const headroom = ledger.headroom(owner.id, kind);
        const bestHeadroom = ledger.headroom(best.id, kind);
        if (headroom > bestHeadroom || (headroom === bestHeadroom && ledger.load(owner.id, kind) < ledger.load(best.id, kind))) best = owner;
      }
      return best;
    },
  };
}
