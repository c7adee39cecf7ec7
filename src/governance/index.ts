import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { Counters } from '../cache/counters.js';
import type { Config } from '../config.js';
import type { GatewayContext } from '../context.js';
import { createUpstreamCallBudget } from './budget.js';
import { useDemandControl, type CostExtension } from './demand-control.js';
import { createEstimator } from './estimate.js';

export interface Governance {
  /** Demand control: estimate, limit, budget, `extensions.cost`. */
  plugin: ApolloServerPlugin<GatewayContext>;
  /** `extensions` of responses refused before any operation ran. */
  refusalExtensions: { cost: CostExtension };
  /** Whether anything is counted per credential or IP (readiness says where). */
  counting: boolean;
}

export interface GovernanceDeps {
  counters: Counters;
  logger: Logger;
}

/**
 * Operation governance as the gateway runs it: demand control in upstream calls, the budget of
 * upstream calls per credential, trusted documents. Reads and checks the manifest now, so a
 * broken one stops the start (ManifestError) instead of refusing every request later.
 */
export function createGovernance(config: Pick<Config, 'governance' | 'planner' | 'rateLimit'>, deps: GovernanceDeps): Governance {
  const { maxUpstreamCalls, upstreamCallsPerMinute } = config.governance;
  const budget = upstreamCallsPerMinute > 0 ? createUpstreamCallBudget(deps.counters, upstreamCallsPerMinute) : undefined;
  return {
    plugin: useDemandControl({ estimator: createEstimator({ maxPrefixes: config.planner.acquirableMaxPrefixes }), maxCalls: maxUpstreamCalls, maxPrefixes: config.planner.acquirableMaxPrefixes, budget }),
    refusalExtensions: { cost: { estimated: 0, actual: 0, limit: maxUpstreamCalls } },
    counting: budget !== undefined || config.rateLimit.perMinute > 0,
  };
}
