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

/** A batch's plan with the inputs it was chosen from and the rule that chose it, in words. */
export interface BatchDecision {
  plan: BatchPlan;
  /** k: distinct ids in the batch. */
  k: number;
  /** S: the unit's size from its last list call; absent while unknown. */
  unitSize: number | undefined;
  listRatio: number;
  infoConcurrency: number;
  listStarted: boolean;
  reason: string;
}

/** `planBatch` with its reasoning, for the upstream plan (src/plan): built only when one is asked for. */
export function explainBatch(input: PlanInput, config: PlannerConfig): BatchDecision {
  const plan = planBatch(input, config);
  const k = input.batchSize;
  const { unitSize, listStarted } = input;
  const { listRatio, infoConcurrency } = config;
  let reason: string;
  if (listStarted) reason = `list because this operation already loads the list: the ${k} id(s) cost no call of their own`;
  else if (unitSize === undefined) {
    reason =
      plan === 'list'
        ? `list because the unit size is unknown and k > one round of info calls (${k} > ${infoConcurrency}); the list also teaches the unit size`
        : `info because the unit size is unknown and k fits one round of info calls (${k} ≤ ${infoConcurrency})`;
  } else {
    const bound = 1 + unitSize / listRatio;
    const shown = Number.isInteger(bound) ? String(bound) : bound.toFixed(1);
    reason =
      plan === 'list'
        ? `list because k > 1 + S/ratio (${k} > 1 + ${unitSize}/${listRatio} = ${shown})`
        : `info because k ≤ 1 + S/ratio (${k} ≤ 1 + ${unitSize}/${listRatio} = ${shown}): ${k} info call(s)`;
  }
  return { plan, k, unitSize, listRatio, infoConcurrency, listStarted, reason };
}
