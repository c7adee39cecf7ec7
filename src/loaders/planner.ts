import type { PlannerConfig } from '../config.js';

export type BatchPlan = 'list' | 'info';

export interface PlanInput {
  /** Distinct ids in the batch. */
  batchSize: number;
  /** The unit's size from its last list call, if known. */
  unitSize: number | undefined;
  /** Whether this request already fetched (or is fetching) the list: then it is free. */
  listStarted: boolean;
}

/**
 * The cost rule for a batch of number ids. The upstream has no multi-get, so a batch costs
 * either one `numbers/list` call (CPU grows with the unit's size) or one `numbers/info` call per
 * id (a fixed ~250 µs of client CPU each, `ceil(k / c)` round trips under the concurrency cap).
 * List wins when `k > 1 + S / listRatio`. With `S` unknown, a batch that fits in one round of
 * info calls uses info; a larger one uses the list, which also teaches us `S`.
 */
export function planBatch(input: PlanInput, config: PlannerConfig): BatchPlan {
  if (input.listStarted) return 'list';
  if (input.unitSize === undefined) return input.batchSize > config.infoConcurrency ? 'list' : 'info';
  return input.batchSize > 1 + input.unitSize / config.listRatio ? 'list' : 'info';
}
