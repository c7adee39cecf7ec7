import type { CacheLookupObserver } from '../cache/reference.js';
import type { TracingConfig } from './tracing-config.js';
import type { SdkTracingOptions } from './tracing-sdk.js';
import type { EndPhase, RequestTrace, Tracing } from './tracing-types.js';

export type { RequestTrace, Tracing } from './tracing-types.js';

const noop = (): void => {};
const endNothing: EndPhase = noop;

/**
 * The trace of every request while tracing is off: shared, stateless, every method a no-op, and
 * `upstream` undefined so the upstream client skips its hook entirely.
 */
export const NO_TRACE: RequestTrace = Object.freeze({
  traceId: undefined,
  upstream: undefined,
  startOperation: noop,
  operationResolved: noop,
  startPhase: () => endNothing,
  endOperation: noop,
  client: noop,
  event: noop,
  end: noop,
});

/** Tracing off: no SDK module is imported, and each request gets `NO_TRACE`. */
export const TRACING_OFF: Tracing = Object.freeze({
  enabled: false,
  start: () => Promise.resolve(),
  request: () => NO_TRACE,
  shutdown: () => Promise.resolve(),
});

/**
 * Tracing as configured: `TRACING_OFF` without an endpoint; otherwise a tracing whose `start()`
 * imports the OpenTelemetry SDK (tracing-sdk.ts) on demand, so a gateway without an endpoint
 * never loads it. Requests arrive only after `start()` (the server listens after it).
 */
export function createTracing(config: TracingConfig | undefined, options: SdkTracingOptions): Tracing {
  if (config === undefined) return TRACING_OFF;
  let sdk: Tracing = TRACING_OFF;
  return {
    enabled: true,
    async start() {
      const { startSdkTracing } = await import('./tracing-sdk.js');
      sdk = await startSdkTracing(config, options);
    },
    request: (method, headers, httpVersion) => sdk.request(method, headers, httpVersion),
    // Spans that cannot be delivered are lost, but never the shutdown: it goes on without them.
    // The reason only: a refused connection's stack says nothing an operator can use.
    shutdown: () =>
      sdk.shutdown().catch((error: unknown) => options.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'tracing: last spans not exported')),
  };
}

/** The loaders' batch hook, recording each batch (loader and size, never the keys) on the trace too. */
export function withBatchEvents(
  trace: RequestTrace,
  onBatch: ((loader: string, keys: readonly string[]) => void) | undefined,
): ((loader: string, keys: readonly string[]) => void) | undefined {
  if (trace === NO_TRACE) return onBatch;
  return (loader, keys) => {
    onBatch?.(loader, keys);
    trace.event('loader.batch', { 'numbers_gateway.loader': loader, 'numbers_gateway.loader.batch_size': keys.length });
  };
}

/** Records the request's reference-cache lookups on its trace; undefined (no hook) while off. */
export function cacheEvents(trace: RequestTrace): CacheLookupObserver | undefined {
  if (trace === NO_TRACE) return undefined;
  return (entry, result) => trace.event('cache.lookup', { 'numbers_gateway.cache': 'reference', 'numbers_gateway.cache.entry': entry, 'numbers_gateway.cache.result': result });
}
