// The context Apollo hands every resolver: built once per request, when Apollo runs it, from
// the request as it arrived (incoming.ts) and the observers the pipeline lists.

import type { Logger } from 'pino';
import type { ReferenceCache } from '../cache/reference.js';
import type { OperationSharing } from '../coalescing/operations.js';
import type { PlannerConfig, ResilienceConfig } from '../config.js';
import { createCursorSealer, type CursorSealer } from '../cursors/sealer.js';
import { createLoaders, type Loaders } from '../loaders/index.js';
import type { UnitSizeMemory } from '../loaders/unit-size.js';
import type { RequestTrace } from '../observability/tracing/types.js';
import { tenantKeyOf } from '../security/credentials.js';
import { createNumbersApi, createOperationScope } from '../upstream/client.js';
import type { UpstreamHttp } from '../upstream/http.js';
import { combineObservers } from '../upstream/observer.js';
import type { NumbersApi } from '../upstream/types.js';
import { applyWriteEffects, type MutationName, type WriteOutcome } from '../write-effects.js';
import type { IncomingRequest, RequestObserver, RequestRecord } from './incoming.js';

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
  /** Seals and opens `numbers` cursors with a key of the caller's credential (cursors/sealer.ts). */
  cursors: CursorSealer;
  /** What a request waiting for an identical operation in flight needs (src/coalescing/). */
  sharing: OperationSharing;
  /** Applies what a mutation changes besides its write (write-effects.ts), whatever its outcome. */
  wrote(mutation: MutationName, outcome: WriteOutcome): Promise<void>;
  /**
   * Logs a warning once per gateway and `key` (at most WARN_ONCE_MAX keys), for a condition
   * that shows on many fields of many requests, such as an upstream value not mapped yet.
   */
  warnOnce(key: string, fields: Record<string, unknown>, message: string): void;
}

/** Distinct `warnOnce` keys remembered; past it, such warnings are no longer logged. */
const WARN_ONCE_MAX = 100;

export interface ContextDeps {
  upstream: UpstreamHttp;
  planner: PlannerConfig;
  resilience: ResilienceConfig;
  unitSizes: UnitSizeMemory;
  logger: Logger;
  /** Reads of reference data go through it; numbers never do. */
  reference?: ReferenceCache;
  /** The pipeline's upstream observers, in order (src/pipeline.ts). */
  observers: readonly RequestObserver[];
}

export type ContextFactory = (request: IncomingRequest) => GatewayContext;

/** Builds the context of each GraphQL request: its API client and its own fresh loaders. */
export function createContextFactory(deps: ContextDeps): ContextFactory {
  const warned = new Set<string>();
  return (request) => {
    const { authorization, requestId, record, trace, departure } = request;
    const observer = combineObservers(deps.observers.map((observe) => observe(request)));
    const tenantKey = authorization ? tenantKeyOf(authorization) : undefined;
    const scope = createOperationScope(deps.resilience.operationConcurrency, deps.resilience.operationTimeoutMs);
    const direct = createNumbersApi({ upstream: deps.upstream, caller: { authorization, requestId, tenantKey, departure }, scope, observer });
    const api = deps.reference ? deps.reference.wrap(direct, tenantKey, observer.cacheLookup) : direct;
    const loaders = createLoaders(api, {
      planner: deps.planner,
      tenantKey: tenantKey ?? 'anonymous',
      unitSizes: deps.unitSizes,
      onBatch: observer.batch,
      onBatchDecision: observer.batchDecision,
      onMemoRead: observer.memoRead,
    });
    const { reference } = deps;
    const forgetPools = reference && tenantKey ? (number: string) => reference.forgetPools(tenantKey, number) : undefined;
    let logger: Logger | undefined;
    // Derived on first use (~10 µs, bench/micro-data.ts): only requests that page with cursors need it.
    let cursors: CursorSealer | undefined;
    return {
      hasCredential: authorization !== undefined,
      api,
      loaders,
      requestId,
      tenantKey,
      // Made on first use: most requests log nothing of their own, and a pino child with the
      // production redaction costs ~2 µs (bench/micro.ts). The trace id (absent while tracing
      // is off) ties every line to the trace.
      get logger() {
        return (logger ??= deps.logger.child({ requestId, traceId: trace.traceId }));
      },
      record,
      trace,
      get cursors() {
        return (cursors ??= createCursorSealer(authorization));
      },
      sharing: {
        waiter: { endsAt: scope.endsAt, departure },
        holdCalls(until) {
          scope.heldUntil = until;
        },
        shareReads(reads, waitedMs) {
          const { shared } = observer;
          if (!shared) return;
          for (const [endpoint, count] of reads) for (let i = 0; i < count; i += 1) shared({ endpoint, params: {}, waitedMs, errorKind: undefined });
        },
      },
      wrote: (mutation, outcome) => applyWriteEffects({ loaders, forgetPools }, mutation, outcome),
      warnOnce(key, fields, message) {
        if (warned.has(key) || warned.size >= WARN_ONCE_MAX) return;
        warned.add(key);
        this.logger.warn(fields, message);
      },
    };
  };
}
