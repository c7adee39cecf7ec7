import type { IncomingHttpHeaders } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Config } from '../config.js';
import type { GatewayContext } from '../context.js';
import { createEstimator } from '../governance/estimate.js';
import { planRequestOf, type PlanRequest } from './mode.js';
import { usePlan } from './plugin.js';

export { PLAN_HEADER, type PlanRequest } from './mode.js';
export type { PlanRecorder } from './recorder.js';
export type { Plan, PlanBatch, PlanCall, PlanRead } from './shape.js';

/** The upstream plan as the gateway wires it (docs/upstream-plan.md). */
export interface Plans {
  /** The plan a request asks for (its `Numbers-Plan` header), or undefined; `startedAt` on the performance.now() clock. */
  begin(headers: IncomingHttpHeaders, startedAt: number): PlanRequest | undefined;
  /** The Apollo plugins: none while plans are off, so they cost requests nothing. */
  plugins: ApolloServerPlugin<GatewayContext>[];
}

/**
 * `Numbers-Plan: trace | dry-run`: on outside production, and in production only with
 * PLAN_ENABLED=true. A plan only ever holds what the request itself did with its own
 * credential (its calls, its reads, its tenant's unit size), never a header or a credential.
 */
export function createPlans(config: Pick<Config, 'plan' | 'planner' | 'redis'>): Plans {
  const gate = { enabled: config.plan.enabled, store: config.redis.url ? ('redis' as const) : ('memory' as const) };
  const maxPrefixes = config.planner.acquirableMaxPrefixes;
  return {
    begin: (headers, startedAt) => planRequestOf(headers, startedAt, gate),
    plugins: gate.enabled ? [usePlan({ estimator: createEstimator({ maxPrefixes }), maxPrefixes })] : [],
  };
}
