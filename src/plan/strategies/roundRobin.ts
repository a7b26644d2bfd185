/**
 * round-robin: owners in id order, each kind with its own turn, skipping owners at capacity (the
 * caller only offers owners with room).
 */
import type { RecordKind } from '../../ingest/model.js';
import type { Strategy } from './strategy.js';

export function roundRobin(): Strategy {
  const last = new Map<RecordKind, string>();
  return {
    choose(owners, kind) {
      const previous = last.get(kind);
      const next = (previous === undefined ? undefined : owners.find((o) => o.id > previous)) ?? owners[0];
      last.set(kind, next.id);
      return next;
    },
  };
}
