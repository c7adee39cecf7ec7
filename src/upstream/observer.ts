// What can watch the upstream work of one request (metrics, the request's record, tracing),
// without the client, the loaders or the reference cache knowing who listens. A concern
// supplies an observer per request (src/concern.ts); the request's context combines them.

import type { BatchDecision } from '../loaders/planner.js';
import type { BreakerState } from './breaker.js';
import type { UpstreamErrorKind } from './errors.js';

/** One upstream call as it ended (retries included). */
export interface UpstreamCall {
  endpoint: string;
  /** HTTP status of the last answer; `undefined` when none came. */
  status: number | undefined;
  durationMs: number;
}

/** How one upstream call ended, for its trace span. */
export interface UpstreamCallResult {
  /** HTTP status of the last answer; `undefined` when none came (or the call was not sent). */
  status: number | undefined;
  /** Attempts after the first (reads are retried on 429/5xx and connection errors). */
  retries: number;
  errorKind: UpstreamErrorKind | undefined;
}

/** The span of one upstream call (retries included); see src/observability/tracing/spans.ts. */
export interface UpstreamCallTrace {
  /** Adds the W3C trace context (`traceparent`) to the upstream request's headers. */
  inject(headers: Record<string, string>): void;
  end(result: UpstreamCallResult): void;
}

/**
 * Starts a span per upstream call (tracing) or an entry of the upstream plan (src/plan).
 * `params` are the call's query or form parameters, never a header: the plan shows the ones
 * that identify the call (id, prefix, number). `shared`: a read that waits for another
 * request's identical call (coalesce.ts).
 */
export type UpstreamTracer = (call: {
  endpoint: string;
  method: 'GET' | 'POST';
  breaker: BreakerState;
  params: Readonly<Record<string, string>>;
  shared?: boolean;
}) => UpstreamCallTrace;

/**
 * A read this request did not make: it waited for the identical read of another request in
 * flight (coalesce.ts) and got that call's answer or error. Never also reported as a call.
 */
export interface SharedRead {
  endpoint: string;
  /** The read's parameters (`{ id }` for info, `{ prefix }` for acquirable_numbers). */
  params: Readonly<Record<string, string>>;
  /** From joining to the answer (or to giving up). */
  waitedMs: number;
  /** How the shared call failed for this request; `undefined` when it answered. */
  errorKind: UpstreamErrorKind | undefined;
}

export type CacheEntry = 'available_prefixes' | 'available_access_numbers' | 'acquirable_numbers';

/** Each lookup of a reference-cache entry: answered from the store, from the upstream, or joined to a fetch in flight. */
export type CacheLookupObserver = (entry: CacheEntry, result: 'hit' | 'miss' | 'shared') => void;

/** Each loader batch: the loader's name and its keys. */
export type BatchObserver = (loader: string, keys: readonly string[]) => void;

/**
 * Each batch's plan with the inputs it was chosen from and the rule in words (src/loaders/planner.ts).
 * Only the upstream plan (src/plan) listens: without it the loaders never explain a decision.
 */
export type BatchDecisionObserver = (loader: string, decision: BatchDecision) => void;

/** The per-request memos of the loaders, by the endpoint each one calls once per operation. */
export type MemoEndpoint = 'list' | 'available_prefixes' | 'available_access_numbers';

/** Each read a per-request memo served from the call the operation already made. */
export type MemoReadObserver = (endpoint: MemoEndpoint) => void;

/** What one observer watches; every hook is optional, and an absent hook costs nothing. */
export interface UpstreamObserver {
  /** Each upstream call, when it ends. */
  call?: (call: UpstreamCall) => void;
  /** Starts the span of each upstream call (tracing). */
  span?: UpstreamTracer;
  /** Each read answered by another request's identical call in flight, when its wait ends. */
  shared?: (read: SharedRead) => void;
  batch?: BatchObserver;
  cacheLookup?: CacheLookupObserver;
  batchDecision?: BatchDecisionObserver;
  memoRead?: MemoReadObserver;
}

function fanOut<A extends unknown[]>(hooks: Array<((...args: A) => void) | undefined>): ((...args: A) => void) | undefined {
  const present = hooks.filter((hook): hook is (...args: A) => void => hook !== undefined);
  if (present.length <= 1) return present[0];
  return (...args) => {
    for (const hook of present) hook(...args);
  };
}

function spans(tracers: Array<UpstreamTracer | undefined>): UpstreamTracer | undefined {
  const present = tracers.filter((tracer): tracer is UpstreamTracer => tracer !== undefined);
  if (present.length <= 1) return present[0];
  return (call) => {
    const traces = present.map((start) => start(call));
    return {
      inject: (headers) => traces.forEach((trace) => trace.inject(headers)),
      end: (result) => traces.forEach((trace) => trace.end(result)),
    };
  };
}

/** One observer that tells each of `observers`, in order; hooks none of them has stay absent. */
export function combineObservers(observers: ReadonlyArray<UpstreamObserver | undefined>): UpstreamObserver {
  const present = observers.filter((observer): observer is UpstreamObserver => observer !== undefined);
  return {
    call: fanOut(present.map((o) => o.call)),
    span: spans(present.map((o) => o.span)),
    shared: fanOut(present.map((o) => o.shared)),
    batch: fanOut(present.map((o) => o.batch)),
    cacheLookup: fanOut(present.map((o) => o.cacheLookup)),
    batchDecision: fanOut(present.map((o) => o.batchDecision)),
    memoRead: fanOut(present.map((o) => o.memoRead)),
  };
}
