import type { ApolloServerPlugin } from '@apollo/server';
import { buildASTSchema, concatAST, parse } from 'graphql';
import type { Logger } from 'pino';
import type { Counters } from '../cache/counters.js';
import type { Config } from '../config.js';
import type { GatewayContext } from '../context.js';
import { loadTypeDefs } from '../schema.js';
import { createPersistedDocuments, type DocumentObserver, type PersistedDocuments } from '../security/persisted-documents.js';
import { loadManifest, type Manifest } from '../security/persisted-manifest.js';
import { createUpstreamCallBudget } from './budget.js';
import { useDemandControl, type CostExtension } from './demand-control.js';
import { createEstimator } from './estimate.js';

export interface Governance {
  /** Demand control: estimate, limit, budget, `extensions.cost`. */
  plugin: ApolloServerPlugin<GatewayContext>;
  /** The trusted-document check the HTTP layer runs before Apollo. */
  persistedDocuments: PersistedDocuments;
  /** `extensions` of responses refused before any operation ran. */
  refusalExtensions: { cost: CostExtension };
  /** Whether anything is counted per credential or IP (readiness says where). */
  counting: boolean;
}

export interface GovernanceDeps {
  counters: Counters;
  logger: Logger;
  onDocument?: DocumentObserver;
  /**
   * The trusted documents served: the file's are added here; the client registry's
   * (PERSISTED_DOCUMENTS_DIR, src/usage/registry.ts) are added at start, before the server listens.
   */
  documents?: Map<string, string>;
}

/**
 * Operation governance as the gateway runs it: demand control in upstream calls, the budget of
 * upstream calls per credential, trusted documents. Reads and checks the manifest now, so a
 * broken one stops the start (ManifestError) instead of refusing every request later.
 */
export function createGovernance(config: Pick<Config, 'governance' | 'planner' | 'rateLimit'>, deps: GovernanceDeps): Governance {
  const { maxUpstreamCalls, upstreamCallsPerMinute, persistedDocuments } = config.governance;
  const { file, mode } = persistedDocuments;
  const manifest = deps.documents ?? new Map<string, string>();
  if (mode !== 'off' && file !== undefined) {
    const listed: Manifest = loadManifest(file, buildASTSchema(concatAST(loadTypeDefs().map((typeDefs) => parse(typeDefs)))));
    for (const [id, document] of listed) manifest.set(id, document);
    deps.logger.info({ mode, documents: listed.size }, 'trusted documents loaded');
  } else if (file !== undefined) {
    deps.logger.warn('PERSISTED_DOCUMENTS_FILE is set but PERSISTED_DOCUMENTS_MODE is off: the manifest is not used');
  }
  const budget = upstreamCallsPerMinute > 0 ? createUpstreamCallBudget(deps.counters, upstreamCallsPerMinute) : undefined;
  return {
    plugin: useDemandControl({ estimator: createEstimator({ maxPrefixes: config.planner.acquirableMaxPrefixes }), maxCalls: maxUpstreamCalls, maxPrefixes: config.planner.acquirableMaxPrefixes, budget }),
    persistedDocuments: createPersistedDocuments(manifest, mode, deps.onDocument),
    refusalExtensions: { cost: { estimated: 0, actual: 0, limit: maxUpstreamCalls } },
    counting: budget !== undefined || config.rateLimit.perMinute > 0,
  };
}
