import type { RecordKind } from '../../records/model.js';
import type { Ledger } from '../ledger.js';

export const STRATEGY_NAMES = ['least-loaded', 'round-robin', 'weighted'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/**
 * Picks one owner among those that are eligible for a record and have room for it: `owners` are
 * the eligible owners (numbers in the ledger, sorted by id, never empty) and `fits` tells which of
 * them have room. Returns the owner's number, or -1 when none has room. A strategy must be
 * deterministic. (Owners without room are skipped rather than filtered out first: that would build
 * an array per record.)
 */
export interface Strategy {
  choose(owners: readonly number[], kind: RecordKind, ledger: Ledger, fits: (owner: number) => boolean): number;
}
