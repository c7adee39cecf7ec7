import type { CountState, CountVerdict, Counters } from '../cache/counters.js';

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
  /** What is left of the credential's budget this minute, without charging anything. */
  peek(tenantKey: string): Promise<CountState>;
}

/** The budget in the shared counters (Redis across replicas when configured). */
export function createUpstreamCallBudget(counters: Counters, perMinute: number): UpstreamCallBudget {
  const counter = counters.perMinute('upstream-calls', perMinute);
  return {
    perMinute,
    async charge(tenantKey, calls) {
      const verdict = await counter.take(tenantKey, calls);
      if (verdict.allowed) return verdict;
      // A refused operation makes no call, so it must not use up what others could still spend.
      await counter.giveBack(tenantKey, calls);
      return { ...verdict, ...(await counter.peek(tenantKey)) };
    },
    refund: (tenantKey, calls) => counter.giveBack(tenantKey, calls),
    peek: (tenantKey) => counter.peek(tenantKey),
  };
}
