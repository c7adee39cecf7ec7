import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { ReferenceCache } from './cache/reference.js';
import type { PlannerConfig, ResilienceConfig } from './config.js';
import type { RequestRecord } from './observability/request-log.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { UnitSizeMemory } from './loaders/unit-size.js';
import type { GatewayMetrics } from './observability/metrics.js';
import { createNumbersApi, createOperationScope, type UpstreamObserver } from './upstream/client.js';
import type { UpstreamHttp } from './upstream/http.js';
import type { NumbersApi } from './upstream/types.js';

export interface GatewayContext {
  api: NumbersApi;
  loaders: Loaders;
  requestId: string;
  logger: Logger;
  /** Upstream calls this operation made, by endpoint (for logs and tests). */
  upstreamCalls: Map<string, number>;
  /** The request's log/metrics record, filled by the request observer's Apollo plugin. */
  record?: RequestRecord;
}

export interface ContextDeps {
  upstream: UpstreamHttp;
  planner: PlannerConfig;
  resilience: ResilienceConfig;
  unitSizes: UnitSizeMemory;
  logger: Logger;
  /** Reads of reference data go through it; numbers never do. */
  reference?: ReferenceCache;
  /** Upstream calls and loader batches are counted here, across requests. */
  metrics?: Pick<GatewayMetrics, 'upstreamCall' | 'loaderBatch'>;
}

/** A bearer token of sane characters and length; anything else is never sent upstream. */
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/i;

/** The scheme is case-insensitive (RFC 9110); it is normalised so one token is one tenant. */
export function bearerOf(header: string | undefined): string | undefined {
  const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
  return token === undefined ? undefined : `Bearer ${token}`;
}

/** The tenant key: a hash of the credential, so no cache key or log line holds a token. */
export function tenantKeyOf(authorization: string | undefined): string {
  if (!authorization) return 'anonymous';
  return createHash('sha256').update(authorization).digest('base64url').slice(0, 22);
}

/** Builds the context of one GraphQL request: its API client and its own fresh loaders. */
export function createContext(
  deps: ContextDeps,
  request: { authorization: string | undefined; requestId: string },
): GatewayContext {
  const authorization = bearerOf(request.authorization);
  const upstreamCalls = new Map<string, number>();
  const observe: UpstreamObserver = (call) => {
    upstreamCalls.set(call.endpoint, (upstreamCalls.get(call.endpoint) ?? 0) + 1);
    deps.metrics?.upstreamCall(call);
  };
  const tenantKey = tenantKeyOf(authorization);
  const scope = createOperationScope(deps.resilience.operationConcurrency, deps.resilience.operationTimeoutMs);
  const direct = createNumbersApi(deps.upstream, { authorization, requestId: request.requestId }, observe, scope);
  const api = deps.reference ? deps.reference.wrap(direct, authorization ? tenantKey : undefined) : direct;
  const loaders = createLoaders(api, {
    planner: deps.planner,
    tenantKey,
    unitSizes: deps.unitSizes,
    onBatch: deps.metrics?.loaderBatch,
  });
  const logger = deps.logger.child({ requestId: request.requestId });
  return { api, loaders, requestId: request.requestId, logger, upstreamCalls };
}
