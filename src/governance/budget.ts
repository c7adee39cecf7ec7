import type { CountVerdict, Counters } from '../cache/counters.js';

/**
 * The per-credential budget of upstream calls per minute (RATE_LIMIT_UPSTREAM_CALLS_PER_MINUTE):
 * an operation is charged its estimate before it runs and given back what it did not call
 * (cache hits, errors) when it ends, so the budget tracks real upstream load while no
 * operation can start that the budget cannot cover.
 */
export interface UpstreamCallBudget {
  readonly perMinute: number;
  /** Takes `calls` from the credential's budget; a refused charge takes nothing. */
  charge(tenantKey: string, calls: number): Promise<CountVerdict>;
  /** Gives back calls charged but not made; never fails. */
  refund(tenantKey: string, calls: number): Promise<void>;
}

/** The budget in the shared counters (Redis across replicas when configured). */
export function createUpstreamCallBudget(counters: Counters, perMinute: number): UpstreamCallBudget {
  const counter = counters.perMinute('upstream-calls', perMinute);
  return {
    perMinute,
    async charge(tenantKey, calls) {
      const verdict = await counter.take(tenantKey, calls);
      // A refused operation makes no call, so it must not use up what others could still spend.
      if (!verdict.allowed) await counter.giveBack(tenantKey, calls);
      return verdict;
    },
    refund: (tenantKey, calls) => counter.giveBack(tenantKey, calls),
  };
}
