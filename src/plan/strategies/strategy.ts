import type { OwnerRecord, RecordKind } from '../../ingest/model.js';
import type { Ledger } from '../ledger.js';

export const STRATEGY_NAMES = ['least-loaded', 'round-robin', 'weighted'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/**
 * Picks one owner among those that are eligible for a record and have room for it. `owners` is
 * never empty and is sorted by id; a strategy must be deterministic.
 */
export interface Strategy {
  choose(owners: OwnerRecord[], kind: RecordKind, ledger: Ledger): OwnerRecord;
}
