import type { GatewayPlugin } from '../../concern.js';
import type { RequestObserver } from '../../request/incoming.js';
import type { TracingConfig } from './config.js';
import { NO_TRACE, TRACING_OFF } from './off.js';
import { useTracing } from './plugin.js';
import type { SdkTracingOptions } from './sdk.js';
import type { Tracing } from './types.js';

/**
 * Traces each request's upstream work: a CLIENT span per call, and events for loader batches
 * and reference-cache lookups (names and counts, never keys). Nothing while tracing is off.
 */
const traceUpstream: RequestObserver = ({ trace }) => {
  if (trace === NO_TRACE) return undefined;
  return {
    span: trace.upstream,
    batch: (loader, keys) => trace.event('loader.batch', { 'numbers_gateway.loader': loader, 'numbers_gateway.loader.batch_size': keys.length }),
    cacheLookup: (entry, result) =>
      trace.event('cache.lookup', { 'numbers_gateway.cache': 'reference', 'numbers_gateway.cache.entry': entry, 'numbers_gateway.cache.result': result }),
  };
};

/**
 * Tracing as configured: off without an OTLP endpoint; otherwise `start()` imports the
 * OpenTelemetry SDK (sdk.ts) on demand, so a gateway without an endpoint never loads it.
 * Requests arrive only after `start()` (the server listens after it). The Apollo plugin is
 * added only while tracing is on: a plugin's hooks cost every request something even when
 * they do nothing.
 */
export function createTracing(config: TracingConfig | undefined, options: SdkTracingOptions) {
  const plugins: { spans: readonly GatewayPlugin[] } = { spans: config === undefined ? [] : [useTracing()] };
  const observers = { spans: traceUpstream };
  if (config === undefined) return { tracing: TRACING_OFF, plugins, observers };
  let sdk: Tracing = TRACING_OFF;
  const tracing: Tracing = {
    enabled: true,
    async start() {
      const { startSdkTracing } = await import('./sdk.js');
      sdk = await startSdkTracing(config, options);
    },
    request: (method, headers, httpVersion) => sdk.request(method, headers, httpVersion),
    // Spans that cannot be delivered are lost, but never the shutdown: it goes on without them.
    // The reason only: a refused connection's stack says nothing an operator can use.
    shutdown: () =>
      sdk
        .shutdown()
        .catch((error: unknown) => options.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'tracing: last spans not exported')),
  };
  return { tracing, plugins, observers };
}
