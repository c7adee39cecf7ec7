import type { BatchDecision } from '../loaders/planner.js';
import type { BatchDecisionObserver, CacheLookupObserver, MemoReadObserver, UpstreamCallTrace, UpstreamTracer } from '../upstream/observer.js';
import type { Plan, PlanBatch, PlanCall, PlanParams, PlanRead } from './shape.js';

/**
 * Records what one request did upstream, for `extensions.plan` (mode `trace`). It is an upstream
 * observer (src/upstream/observer.ts), fed like the others: each call with its outcome (`span`),
 * the reference cache's lookups, the loaders' memo reads and planner decisions, and `shared`
 * for a read that joined another request's identical call in flight (in-flight coalescing: the
 * name and argument of the observer hook that reports such reads, so the pipeline wires it).
 * Only a request that asked for a trace has one (./index.ts).
 */
export interface PlanRecorder {
  readonly span: UpstreamTracer;
  readonly cacheLookup: CacheLookupObserver;
  readonly batchDecision: BatchDecisionObserver;
  readonly memoRead: MemoReadObserver;
  /**
   * A read served by another request's identical upstream call in flight (coalescing), told when
   * its wait ends: the call shows in that request's plan; this one records a read of source
   * `shared` at the moment it joined (`waitedMs` earlier).
   */
  shared(read: { endpoint: string; params: Readonly<Record<string, string>>; waitedMs?: number }): void;
  /** The plan as sent: `estimated` and `actual` as in `extensions.cost`. */
  toPlan(estimated: number, actual: number): Plan;
}

/** Parameters worth showing: the ones that say which object a call is about. */
export function paramsOf(params: Readonly<Record<string, string>>): PlanParams {
  const shown: PlanParams = {};
  if (params.id !== undefined) shown.id = params.id;
  if (params.prefix !== undefined) shown.prefix = params.prefix;
  if (params.number !== undefined) shown.number = params.number;
  return shown;
}

/** Endpoints the reference cache keeps across requests (src/cache/reference.ts). */
export const CACHEABLE: ReadonlySet<string> = new Set(['available_prefixes', 'available_access_numbers', 'acquirable_numbers']);

/** Milliseconds with 0.01 precision: enough for a waterfall, shorter JSON. */
const ms = (value: number): number => Math.round(value * 100) / 100;

/** The span of something that is not one of the request's calls: nothing recorded. */
const NOT_A_CALL: UpstreamCallTrace = { inject: () => undefined, end: () => undefined };

/** `startedAt`: the request's arrival on the `performance.now()` clock; every time is relative to it. */
export function createPlanRecorder(startedAt: number, store: 'memory' | 'redis'): PlanRecorder {
  const calls: PlanCall[] = [];
  const batches: PlanBatch[] = [];
  const reads = new Map<string, PlanRead>();
  const since = () => ms(performance.now() - startedAt);

  function read(endpoint: string, source: PlanRead['source'], count = 1, atMs = since()): void {
    const key = `${endpoint} ${source}`;
    const known = reads.get(key);
    if (known) {
      known.count += count;
      known.firstMs = Math.min(known.firstMs, atMs);
    } else reads.set(key, { endpoint, source, ...(source === 'cache' ? { store } : {}), count, firstMs: atMs });
  }

  return {
    span(call) {
      // In-flight coalescing starts a span for a read that waits for another request's call
      // (flagged `shared`): no call of this request; the `shared` hook below records the read.
      if (call.shared) return NOT_A_CALL;
      const started = performance.now();
      const { endpoint, method, breaker, params } = call;
      const entry: PlanCall = { endpoint, method, params: paramsOf(params), cacheable: CACHEABLE.has(endpoint), startMs: ms(started - startedAt), breaker };
      calls.push(entry);
      return {
        inject: () => undefined,
        end({ status, retries, errorKind }) {
          entry.durationMs = ms(performance.now() - started);
          if (status !== undefined) entry.status = status;
          entry.retries = retries;
          if (errorKind !== undefined) entry.error = errorKind;
        },
      };
    },
    cacheLookup(entry, result) {
      if (result !== 'miss') read(entry, result === 'hit' ? 'cache' : 'shared');
    },
    memoRead(endpoint) {
      read(endpoint, 'memo');
    },
    batchDecision(loader, decision) {
      batches.push({ loader, keys: decision.k, ...decisionFields(decision), atMs: since() });
      if (decision.listStarted) read('info', 'list', decision.k);
    },
    shared({ endpoint, waitedMs = 0 }) {
      read(endpoint, 'shared', 1, Math.max(0, ms(since() - waitedMs)));
    },
    toPlan(estimated, actual) {
      return { version: 1, mode: 'trace', estimated, actual, durationMs: since(), calls, reads: [...reads.values()], batches };
    },
  };
}

/** The decision's part of a batch entry (also the dry-run's). */
export function decisionFields(decision: BatchDecision): Omit<PlanBatch, 'loader' | 'keys' | 'atMs'> {
  const { plan, unitSize, listRatio, infoConcurrency, listStarted, reason } = decision;
  return { plan, ...(unitSize === undefined ? {} : { unitSize }), listRatio, infoConcurrency, listStarted, reason };
}
