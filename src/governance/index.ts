import type { Logger } from 'pino';
import type { Counters } from '../cache/counters.js';
import type { Concern, GatewayPlugin, Guard } from '../concern.js';
import type { Config } from '../config.js';
import { createUpstreamCallBudget } from './budget.js';
import { useDemandControl, type CostExtension } from './demand-control.js';
import { createEstimator } from './estimate.js';
import { createTrustedDocuments, type RuntimeRegistry } from './trusted-documents/index.js';
import type { DocumentObserver } from './trusted-documents/resolve.js';

export interface Governance extends Concern {
  readonly guards: { trustedDocuments: Guard };
  readonly plugins: { manifest: GatewayPlugin; demandControl: GatewayPlugin };
  /** `extensions` of responses refused before any operation ran (`cost`: nothing was called). */
  readonly refusalExtensions: { cost: CostExtension };
  /** Whether anything is counted per credential or IP (readiness says where). */
  readonly counting: boolean;
  /** The client registry (PERSISTED_DOCUMENTS_DIR), loaded at start: its clients and which versions ship each document (usage/). */
  readonly registry: RuntimeRegistry;
}

export interface GovernanceDeps {
  counters: Counters;
  logger: Logger;
  onDocument?: DocumentObserver;
}

/**
 * Operation governance: which documents may run (trusted documents), what one operation may
 * cost in upstream calls (demand control) and what one credential may spend per minute (the
 * budget, in the shared counters).
 */
export function createGovernance(config: Pick<Config, 'governance' | 'planner' | 'rateLimit'>, deps: GovernanceDeps): Governance {
  const { maxUpstreamCalls, upstreamCallsPerMinute } = config.governance;
  const trusted = createTrustedDocuments(config.governance.persistedDocuments, deps);
  const budget = upstreamCallsPerMinute > 0 ? createUpstreamCallBudget(deps.counters, upstreamCallsPerMinute) : undefined;
  const maxPrefixes = config.planner.acquirableMaxPrefixes;
  const demandControl = useDemandControl({ estimator: createEstimator({ maxPrefixes }), maxCalls: maxUpstreamCalls, maxPrefixes, budget });
  return {
    guards: { trustedDocuments: trusted.guard },
    plugins: { manifest: trusted.loader, demandControl },
    refusalExtensions: { cost: { estimated: 0, actual: 0, limit: maxUpstreamCalls } },
    counting: budget !== undefined || config.rateLimit.perMinute > 0,
    registry: trusted.registry,
  };
}
