import { hostname } from 'node:os';
import { diag, DiagLogLevel, type Attributes, type DiagLogFunction } from '@opentelemetry/api';
import { CompressionAlgorithm, type OTLPExporterNodeConfigBase } from '@opentelemetry/otlp-exporter-base';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';
import type { TracingConfig } from './config.js';
import { SdkRequestTrace } from './spans.js';
import type { Tracing } from './types.js';

// The OpenTelemetry SDK, set up from the validated configuration (config.ts). Only ever
// loaded by `import()` from index.ts, when an OTLP endpoint is configured.
//
// Where the SDK still reads the environment itself: the OTLP exporter merges
// OTEL_EXPORTER_OTLP_[TRACES_]HEADERS under the headers passed here (same values, since config.ts
// read the same variables), and reads the TLS files named by OTEL_EXPORTER_OTLP_[TRACES_]CERTIFICATE,
// _CLIENT_KEY and _CLIENT_CERTIFICATE, which config.ts does not handle. Everything else (URL,
// timeout, compression, batching, sampler, resource) is passed explicitly, and passed options win
// over the environment. `@opentelemetry/sdk-trace` itself reads no variable.

export interface SdkTracingOptions {
  logger: Logger;
  /** The REST v2 base URL: its host and port become `server.address`/`server.port` of upstream spans. */
  upstreamUrl: string;
}

/** One export failure per interval is enough to see a collector is down; the rest are counted. */
const DIAG_INTERVAL_MS = 10_000;

/**
 * The SDK reports failed exports and dropped spans through `diag`, which is silent by default.
 * They go to the gateway's log as warnings (tracing failing never fails a request), throttled: a
 * collector that is down must be visible, but must not flood the log at the request rate.
 */
function routeDiagnostics(logger: Logger): void {
  let last = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  const warn: DiagLogFunction = (message) => {
    const now = performance.now();
    if (now - last < DIAG_INTERVAL_MS) {
      suppressed += 1;
      return;
    }
    last = now;
    logger.warn({ suppressed }, `opentelemetry: ${readable(message)}`);
    suppressed = 0;
  };
  const ignore: DiagLogFunction = () => {};
  diag.setLogger({ error: warn, warn, info: ignore, debug: ignore, verbose: ignore }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
}

/** Failed exports arrive as a JSON dump of the error, stack included: keep its code and message. */
function readable(message: string): string {
  try {
    const error = JSON.parse(message) as { code?: unknown; message?: unknown };
    if (typeof error.message === 'string')
      return typeof error.code === 'string' ? `export failed: ${error.code} ${error.message}` : `export failed: ${error.message}`;
  } catch {
    // Not JSON: a plain diagnostic message.
  }
  return message;
}

function samplerOf(config: TracingConfig): Sampler {
  const ratio = () => new TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio();
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio() });
  }
}

/** The SDK's own attributes (telemetry.sdk.*), then ours, then the operator's; the service name last. */
function resourceOf(config: TracingConfig): Resource {
  return defaultResource().merge(
    resourceFromAttributes({
      'host.name': hostname(),
      'process.pid': process.pid,
      ...config.resourceAttributes,
      [ATTR_SERVICE_NAME]: config.serviceName,
    }),
  );
}

async function exporterOf(config: TracingConfig): Promise<SpanExporter> {
  const options: OTLPExporterNodeConfigBase = {
    url: config.url,
    headers: config.headers,
    timeoutMillis: config.timeoutMs,
    compression: config.compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
  };
  // Only the exporter of the configured protocol is loaded.
  if (config.protocol === 'http/json') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter(options);
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter(options);
}

function peerOf(upstreamUrl: string): Attributes {
  try {
    const url = new URL(upstreamUrl);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return { [ATTR_SERVER_ADDRESS]: url.hostname, [ATTR_SERVER_PORT]: port };
  } catch {
    return {};
  }
}

/**
 * Starts the SDK: a tracer provider with the configured sampler and resource, and a batch span
 * processor in front of the OTLP/HTTP exporter, so spans leave the process in the background
 * and a slow collector never slows a request (a full queue drops spans instead).
 */
export async function startSdkTracing(config: TracingConfig, options: SdkTracingOptions): Promise<Tracing> {
  routeDiagnostics(options.logger);
  const provider = new TracerProvider({
    resource: resourceOf(config),
    sampler: samplerOf(config),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: await exporterOf(config),
        scheduledDelayMillis: config.batch.scheduledDelayMs,
        exportTimeoutMillis: config.batch.exportTimeoutMs,
        maxQueueSize: config.batch.maxQueueSize,
        maxExportBatchSize: config.batch.maxExportBatchSize,
      }),
    ],
  });
  const tracer = provider.getTracer('numbers-gateway');
  const peer = peerOf(options.upstreamUrl);
  // A collector that hangs must not hold up the exit: one export's budget, then we go anyway.
  const shutdownBudgetMs = config.timeoutMs + 1000;
  options.logger.info({ endpoint: redactedUrl(config.url), protocol: config.protocol, sampler: config.sampler }, 'tracing on: exporting spans over OTLP/HTTP');
  return {
    enabled: true,
    start: () => Promise.resolve(),
    request: (method, headers, httpVersion) => new SdkRequestTrace(tracer, peer, method, headers, httpVersion),
    async shutdown() {
      let timer: NodeJS.Timeout | undefined;
      const budget = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, shutdownBudgetMs);
        timer.unref();
      });
      await Promise.race([provider.shutdown(), budget]);
      clearTimeout(timer);
    },
  };
}

/** The endpoint for the start-up log line, without credentials or query. */
function redactedUrl(value: string): string {
  const url = new URL(value);
  return `${url.protocol}//${url.host}${url.pathname}`;
}
