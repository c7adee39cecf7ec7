import { z } from 'zod';

// OpenTelemetry's standard variables for traces, validated like every other variable (src/config.ts
// spreads `otelEnvShape` into its schema, so they are read from the environment there and only
// there). Tracing is on only when an OTLP endpoint is set and neither OTEL_SDK_DISABLED nor
// OTEL_TRACES_EXPORTER=none turns it off.

/** The samplers of the OpenTelemetry specification this gateway offers (OTEL_TRACES_SAMPLER). */
export const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
export type SamplerName = (typeof SAMPLERS)[number];

export interface TracingConfig {
  /** The full OTLP/HTTP traces URL (…/v1/traces). */
  url: string;
  protocol: 'http/protobuf' | 'http/json';
  /** Sent with every export, e.g. a collector's API key: never logged. */
  headers: Record<string, string>;
  timeoutMs: number;
  compression: 'gzip' | 'none';
  serviceName: string;
  /** From OTEL_RESOURCE_ATTRIBUTES, decoded; `service.name` comes from `serviceName` instead. */
  resourceAttributes: Record<string, string>;
  sampler: SamplerName;
  /** Probability of the ratio samplers, 0 to 1. */
  samplerRatio: number;
  batch: { scheduledDelayMs: number; exportTimeoutMs: number; maxQueueSize: number; maxExportBatchSize: number };
}

/** Values that may hold credentials: a bad one is named but never echoed. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set(['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS']);

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESOURCE_KEY = /^[\x21-\x7e]+$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * `key=value,key=value` with percent-encoded values, the format of OTEL_EXPORTER_OTLP_HEADERS and
 * OTEL_RESOURCE_ATTRIBUTES. The specification lets SDKs drop a malformed list; a gateway that
 * silently exported without its collector's API key would be worse than one that does not start.
 */
function keyValueList(key: RegExp, what: string) {
  return z.string().transform((raw, ctx) => {
    const entries: Record<string, string> = {};
    for (const item of raw.split(',')) {
      if (item.trim() === '') continue;
      const eq = item.indexOf('=');
      const name = item.slice(0, Math.max(eq, 0)).trim();
      let value: string | undefined;
      try {
        value = eq > 0 ? decodeURIComponent(item.slice(eq + 1).trim()) : undefined;
      } catch {
        value = undefined;
      }
      if (!key.test(name) || value === undefined || CONTROL.test(value)) {
        ctx.addIssue({ code: 'custom', message: `expected comma-separated ${what}=value pairs with percent-encoded values` });
        return z.NEVER;
      }
      entries[name] = value;
    }
    return entries;
  });
}

const otlpUrl = z.url({ protocol: /^https?$/ });
const protocol = z.enum(['http/protobuf', 'http/json'], {
  message: "expected http/protobuf or http/json (grpc is not supported: use the collector's OTLP/HTTP port, 4318)",
});
const millis = () => z.coerce.number().int().min(1).max(600_000);
const size = () => z.coerce.number().int().min(1).max(1_000_000);

/** The OTEL_* variables, as zod fields of the one environment schema. */
export const otelEnvShape = {
  OTEL_SDK_DISABLED: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(['true', 'false']))
    .optional(),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none']).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpUrl.optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol.optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol.optional(),
  OTEL_EXPORTER_OTLP_HEADERS: keyValueList(HEADER_NAME, 'header').optional(),
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: keyValueList(HEADER_NAME, 'header').optional(),
  OTEL_EXPORTER_OTLP_TIMEOUT: millis().optional(),
  OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: millis().optional(),
  OTEL_EXPORTER_OTLP_COMPRESSION: z.enum(['gzip', 'none']).optional(),
  OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: z.enum(['gzip', 'none']).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(200).optional(),
  OTEL_RESOURCE_ATTRIBUTES: keyValueList(RESOURCE_KEY, 'key').optional(),
  OTEL_TRACES_SAMPLER: z.enum(SAMPLERS, { message: `one of ${SAMPLERS.join(', ')}` }).optional(),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  OTEL_BSP_SCHEDULE_DELAY: millis().default(5000),
  OTEL_BSP_EXPORT_TIMEOUT: millis().default(30_000),
  OTEL_BSP_MAX_QUEUE_SIZE: size().default(2048),
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: size().default(512),
};

type OtelEnv = z.infer<z.ZodObject<typeof otelEnvShape>>;

/**
 * The spec's endpoint rule: the per-signal URL is used as it is; the general one is a base to
 * which `v1/traces` is appended.
 */
function tracesUrl(e: OtelEnv): string | undefined {
  if (e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = e.OTEL_EXPORTER_OTLP_ENDPOINT;
  return base === undefined ? undefined : `${base.replace(/\/+$/, '')}/v1/traces`;
}

/** Tracing's part of the configuration; `undefined` (tracing off) while no endpoint is set. */
export function tracingConfigOf(e: OtelEnv): TracingConfig | undefined {
  const url = tracesUrl(e);
  if (url === undefined || e.OTEL_SDK_DISABLED === 'true' || e.OTEL_TRACES_EXPORTER === 'none') return undefined;
  return {
    url,
    protocol: e.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? e.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf',
    headers: { ...e.OTEL_EXPORTER_OTLP_HEADERS, ...e.OTEL_EXPORTER_OTLP_TRACES_HEADERS },
    timeoutMs: e.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT ?? e.OTEL_EXPORTER_OTLP_TIMEOUT ?? 10_000,
    compression: e.OTEL_EXPORTER_OTLP_TRACES_COMPRESSION ?? e.OTEL_EXPORTER_OTLP_COMPRESSION ?? 'none',
    serviceName: e.OTEL_SERVICE_NAME ?? e.OTEL_RESOURCE_ATTRIBUTES?.['service.name'] ?? 'numbers-gateway',
    resourceAttributes: { ...e.OTEL_RESOURCE_ATTRIBUTES },
    sampler: e.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on',
    samplerRatio: e.OTEL_TRACES_SAMPLER_ARG ?? 1,
    batch: {
      scheduledDelayMs: e.OTEL_BSP_SCHEDULE_DELAY,
      exportTimeoutMs: e.OTEL_BSP_EXPORT_TIMEOUT,
      maxQueueSize: e.OTEL_BSP_MAX_QUEUE_SIZE,
      // As the SDK itself would: a batch larger than the queue can never fill.
      maxExportBatchSize: Math.min(e.OTEL_BSP_MAX_EXPORT_BATCH_SIZE, e.OTEL_BSP_MAX_QUEUE_SIZE),
    },
  };
}
