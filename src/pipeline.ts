// The request pipeline of /graphql, in one place: every stage a request meets, in order.
// Each concern folder builds its parts (`create…(config, deps)` → guards, plugins, observers);
// the three lists below wire them. To add a stage, add its part to your concern and ONE line
// here, where the request should meet it. docs/architecture.md walks a request through it.

import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { ValidationRule } from 'graphql';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { useCacheControl } from './cache/cache-control.js';
import type { Counters } from './cache/counters.js';
import type { ReferenceCache } from './cache/reference.js';
import { createCoalescing } from './coalescing/index.js';
import type { GatewayPlugin, Guard, RequestObserver } from './concern.js';
import type { Config } from './config.js';
import { createGovernance } from './governance/index.js';
import { createHttp } from './http/index.js';
import type { UnitSizeMemory } from './loaders/unit-size.js';
import { createObservability } from './observability/index.js';
import type { GatewayMetrics } from './observability/metrics.js';
import type { RequestLog } from './observability/request-log.js';
import { createTracing } from './observability/tracing/index.js';
import type { Tracing } from './observability/tracing/types.js';
import { createPlan } from './plan/index.js';
import { createContextFactory, type ContextFactory } from './request/context.js';
import { createRequestConcern } from './request/index.js';
import { createSecurity } from './security/index.js';
import type { UpstreamHttp } from './upstream/http.js';
import { createUsage } from './usage/index.js';

export interface PipelineDeps {
  upstream: UpstreamHttp;
  /** Where the upstream is, for the tracing of its calls. */
  upstreamUrl: string;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Per-minute counters (rate limits, budgets), shared through Redis when configured. */
  counters: Counters;
  /** The shared store (Redis across replicas when configured): refused credentials, by hash. */
  cache: KeyValueCache<string>;
  reference: ReferenceCache;
  unitSizes: UnitSizeMemory;
  /** The store's Redis connection when REDIS_URL is set (the usage ledger flushes there). */
  redis: Redis | undefined;
}

export interface Pipeline {
  /** HTTP guards, in order (http/graphql.ts runs them before Apollo). */
  guards: readonly Guard[];
  /** Apollo plugins, in the order their hooks run. */
  plugins: readonly GatewayPlugin[];
  parseOptions: { maxTokens: number };
  validationRules: readonly ValidationRule[];
  /** Each request's context: its API client (with the observers below) and its loaders. */
  createContext: ContextFactory;
  requestLog: RequestLog;
  tracing: Tracing;
  refusalExtensions: Record<string, unknown>;
  /** Whether anything is counted per credential or IP (readiness says where). */
  counting: boolean;
  /** Served by the internal listener beside /metrics (METRICS_PORT), by path. */
  internalRoutes: Readonly<Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>>;
}

export function createPipeline(config: Config, deps: PipelineDeps): Pipeline {
  const { logger, metrics, counters } = deps;
  const request = createRequestConcern();
  const security = createSecurity(config, {
    counters,
    cache: deps.cache,
    onStoreError: (error) => logger.warn({ err: error }, 'shared store failed: refused credentials not remembered'),
  });
  const http = createHttp(config);
  const governance = createGovernance(config, { counters, logger, onDocument: metrics.persistedDocument });
  const observability = createObservability(config, { logger, metrics });
  const tracing = createTracing(config.tracing, { logger, upstreamUrl: deps.upstreamUrl });
  const usage = createUsage(config, { logger, redis: deps.redis, registry: governance.registry, metrics });
  const plan = createPlan(config);
  const coalescing = createCoalescing(config.upstream, { reads: deps.upstream.coalescer, metrics });

  // 1. Arrival (http/graphql.ts): request id, credential, record and trace (request/incoming.ts).
  // 2. HTTP guards, before any parse; the first that answers ends the request.
  const guards: Guard[] = [
    ...observability.guards.serverTiming, // Server-Timing on the answer's head, whoever answers; never refuses (observability/server-timing.ts)
    http.guards.cors, // preflight → 204 before CSRF prevention; Access-Control-* for allowed origins (http/cors.ts)
    security.guards.refusedCredential, // 401 invalid_token for a credential the upstream refused recently (security/refused-credentials.ts)
    usage.guards.clientHeaders, // the client's validated name and version → record, trace (usage/identity.ts); never refuses
    security.guards.rateLimit, // 429 RATE_LIMITED per credential and per IP (security/rate-limit.ts)
    http.guards.body, // 413 over BODY_LIMIT_BYTES, 400 for JSON that does not parse (http/body.ts)
    governance.guards.trustedDocuments, // documentId → document; 400 for what the manifest refuses (governance/trusted-documents/)
    usage.guards.clientOfDocument, // a registered document names its client and version when the headers did not (usage/identity.ts)
    ...plan.guards.header, // Numbers-Plan: trace | dry-run, kept for the plan's observer and plugin; never refuses (plan/)
  ];

  // 3. Apollo Server: parse and validation with our rules, execution, the answer.
  const plugins: GatewayPlugin[] = [
    ApolloServerPluginLandingPageDisabled(), // GraphiQL is served by graphiql/, not Apollo
    ApolloServerPluginCacheControlDisabled(), // replaced by useCacheControl below
    governance.plugins.manifest, // at start: the trusted-document manifest and client registry, checked against Apollo's schema
    usage.plugins.flush, // from start to stop: the usage ledger's counts flushed in batches (to Redis with REDIS_URL)
    request.plugins.record, // operation, error codes, userErrors into the record; before what reads it
    observability.plugins.errorLog, // upstream failures and internal errors, logged with the request id
    ...security.plugins.operationLimits, // depth, aliases, directives, tokens (parse and validation)
    security.plugins.requireCredential, // 401 before execution when the upstream would be called without a credential
    security.plugins.refusedCredential, // a credential the upstream refused: one 401 invalid_token, remembered; before demandControl, which adds the cost to it
    governance.plugins.demandControl, // estimate, COST_ESTIMATED_TOO_EXPENSIVE, budget 429, extensions.cost
    usage.plugins.ledger, // the operation's schema coordinates counted per client, version and day; deprecated ones in metrics
    ...plan.plugins.plan, // Numbers-Plan: a dry-run answered in place of execution; extensions.plan (plan/plugin.ts)
    ...coalescing.plugins.operations, // a query identical to one of its credential in flight: that one's answer, in place of execution (coalescing/)
    // Execution: resolvers → loaders → upstream client (request/context.ts builds them per request).
    useCacheControl(), // answer: Cache-Control from the schema's static hints (cache/cache-control.ts)
    ...tracing.plugins.spans, // operation, parse, validate and execute spans (only while tracing is on)
  ];
  // 4. The answer's body: ETag and compression (http/compression.ts); 5. on close: log line,
  // metrics and the end of the trace (observability/request-log.ts).

  // Upstream observers: each request's upstream calls, loader batches and cache lookups.
  const observers: RequestObserver[] = [
    request.observers.upstreamCalls, // calls per endpoint into the record (log line, extensions.cost)
    observability.observers.metrics, // upstream call and loader batch metrics
    tracing.observers.spans, // a CLIENT span per call; batch and cache events
    observability.observers.serverTiming, // upstream time and reference-cache hits for Server-Timing
    plan.observers.recorder, // Numbers-Plan: trace: calls, reads served without a call, the planner's decisions
  ];

  const { upstream, reference, unitSizes } = deps;
  return {
    guards,
    plugins,
    parseOptions: security.parseOptions,
    validationRules: security.validationRules,
    createContext: createContextFactory({ upstream, planner: config.planner, resilience: config.resilience, unitSizes, logger, reference, observers }),
    requestLog: observability.requestLog,
    tracing: tracing.tracing,
    refusalExtensions: governance.refusalExtensions,
    counting: governance.counting,
    internalRoutes: usage.routes,
  };
}
