import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Logger } from "pino";
import type { ReferenceCache } from "./cache/reference.js";
import type { PlannerConfig, ResilienceConfig } from "./config.js";
import { createLoaders, type Loaders } from "./loaders/index.js";
import type { UnitSizeMemory } from "./loaders/unit-size.js";
import {
  cacheEvents,
  NO_TRACE,
  withBatchEvents,
  type RequestTrace,
} from "./observability/tracing.js";
import { bearerOf, tenantKeyOf } from "./security/credentials.js";
import {
  createNumbersApi,
  createOperationScope,
  type SharedReadObserver,
  type UpstreamObserver,
} from "./upstream/client.js";
import { createDeparture } from "./upstream/coalesce.js";
import type { UpstreamHttp } from "./upstream/http.js";
import type { NumbersApi } from "./upstream/types.js";
import {
  applyWriteEffects,
  type MutationName,
  type WriteOutcome,
} from "./write-effects.js";

/**
 * One request, from the HTTP entry point to the resolvers: `startRequest` when it arrives
 * (request id, credential, the record its log line is written from), `createContext` when
 * Apollo runs it. Nothing about a request is kept anywhere else.
 */

/** What one /graphql request did, for its log line and metrics; filled as it goes. */
export interface RequestRecord {
  readonly startedAt: number;
  /** `undefined` until an operation is resolved (parse, validation and HTTP errors never are). */
  operationName?: string | null;
  operationType?: string;
  errorCodes: string[];
  userErrors: number;
  /** Upstream calls the operation made, by endpoint. */
  readonly upstreamCalls: Map<string, number>;
  /** Reads answered by another request's identical call in flight, by endpoint (not in `upstreamCalls`). */
  readonly sharedReads: Map<string, number>;
  /** The most upstream calls the operation was estimated to make (src/governance), once known. */
  estimatedUpstreamCalls?: number;
}

export interface IncomingRequest {
  /** The caller's request id when it is sane, else a fresh one: sent upstream, logged, echoed. */
  readonly requestId: string;
  /** The caller's bearer credential, normalised; `undefined` when missing or malformed. */
  readonly authorization: string | undefined;
  readonly record: RequestRecord;
  /** Its spans; `NO_TRACE` (no-ops) while tracing is off. */
  readonly trace: RequestTrace;
  /** `leave()`: the client went away before the response ended (the HTTP layer calls it). */
  readonly departure: ReturnType<typeof createDeparture>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given)
    ? given
    : randomUUID();
}

export function startRequest(
  headers: IncomingHttpHeaders,
  trace: RequestTrace = NO_TRACE,
): IncomingRequest {
  const header = headers.authorization;
  return {
    requestId: requestIdFrom(headers),
    authorization: bearerOf(typeof header === "string" ? header : undefined),
    record: {
      startedAt: performance.now(),
      errorCodes: [],
      userErrors: 0,
      upstreamCalls: new Map(),
      sharedReads: new Map(),
    },
    trace,
    departure: createDeparture(),
  };
}

export interface GatewayContext {
  /** Whether the request carries a well-formed bearer credential (the upstream may still refuse it). */
  hasCredential: boolean;
  api: NumbersApi;
  loaders: Loaders;
  requestId: string;
  /** Hash of the caller's credential (never the token), `undefined` without one. */
  tenantKey: string | undefined;
  logger: Logger;
  record: RequestRecord;
  trace: RequestTrace;
  /** Applies what a mutation changes besides its write (write-effects.ts), whatever its outcome. */
  wrote(mutation: MutationName, outcome: WriteOutcome): Promise<void>;
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
  metrics?: {
    upstreamCall: UpstreamObserver;
    upstreamShared?: SharedReadObserver;
    loaderBatch(loader: string, keys: readonly string[]): void;
  };
}

/** Builds the context of each GraphQL request: its API client and its own fresh loaders. */
export function createContextFactory(
  deps: ContextDeps,
): (request: IncomingRequest) => GatewayContext {
  return (request) => {
    const { authorization, requestId, record, trace, departure } = request;
    const observe: UpstreamObserver = (call) => {
      record.upstreamCalls.set(
        call.endpoint,
        (record.upstreamCalls.get(call.endpoint) ?? 0) + 1,
      );
      deps.metrics?.upstreamCall(call);
    };
    // A read another request's call answered (UPSTREAM_COALESCE): counted apart, never as a call.
    const onShared: SharedReadObserver = (read) => {
      record.sharedReads.set(
        read.endpoint,
        (record.sharedReads.get(read.endpoint) ?? 0) + 1,
      );
      deps.metrics?.upstreamShared?.(read);
    };
    const tenantKey = authorization ? tenantKeyOf(authorization) : undefined;
    const scope = createOperationScope(
      deps.resilience.operationConcurrency,
      deps.resilience.operationTimeoutMs,
    );
    const caller = { authorization, requestId, tenantKey, departure };
    const direct = createNumbersApi(
      deps.upstream,
      caller,
      scope,
      observe,
      trace.upstream,
      onShared,
    );
    const api = deps.reference
      ? deps.reference.wrap(direct, tenantKey, cacheEvents(trace))
      : direct;
    const loaders = createLoaders(api, {
      planner: deps.planner,
      tenantKey: tenantKey ?? "anonymous",
      unitSizes: deps.unitSizes,
      onBatch: withBatchEvents(trace, deps.metrics?.loaderBatch),
    });
    const { reference } = deps;
    const forgetPools =
      reference && tenantKey
        ? (number: string) => reference.forgetPools(tenantKey, number)
        : undefined;
    // Created when first used: only warnings and errors need it, and a pino child with the
    // production redaction costs ~2 µs in isolation (bench/micro.ts), on every request.
    let logger: Logger | undefined;
    return {
      hasCredential: authorization !== undefined,
      api,
      loaders,
      requestId,
      tenantKey,
      // Made on first use: most requests log nothing of their own. The trace id (undefined, so
      // absent, while tracing is off) ties every line to the trace.
      get logger() {
        return (logger ??= deps.logger.child({
          requestId,
          traceId: trace.traceId,
        }));
      },
      record,
      trace,
      wrote: (mutation, outcome) =>
        applyWriteEffects({ loaders, forgetPools }, mutation, outcome),
    };
  };
}
