import { leastLoaded } from './leastLoaded.js';
import { roundRobin } from './roundRobin.js';
import type { Strategy, StrategyName } from './strategy.js';
import { weighted } from './weighted.js';

export { STRATEGY_NAMES, type Strategy, type StrategyName } from './strategy.js';

export function createStrategy(name: StrategyName): Strategy {
  return { 'least-loaded': leastLoaded, 'round-robin': roundRobin, weighted }[name]();
}
