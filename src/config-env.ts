// The environment variables the gateway reads, each validated (type, range, default) by one zod
// schema; src/config.ts reads them through it and shapes the result into `Config`. Defaults are
// documented in `.env.example`.

import { z } from 'zod';
import { CLIENT_NAME } from './governance/trusted-documents/client-registry.js';
import { otelEnvShape } from './observability/tracing/config.js';

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const httpUrl = z
  .url({ protocol: /^https?$/ })
  .transform((v) => v.replace(/\/+$/, ''))
  .refine((v) => !/\/api\/v2$/.test(v), 'give the base URL, the part before /api/v2/');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(4000, 0, 65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UPSTREAM_URL: httpUrl.optional(),
  UPSTREAM_TIMEOUT_MS: int(5000, 50, 120_000),
  UPSTREAM_CONNECT_TIMEOUT_MS: int(1000, 10, 60_000),
  UPSTREAM_RETRY_LIMIT: int(2, 0, 5),
  UPSTREAM_MAX_SOCKETS: int(64, 1, 4096),
  UPSTREAM_COALESCE: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  PLANNER_LIST_RATIO: int(30, 1, 100_000),
  PLANNER_INFO_CONCURRENCY: int(8, 1, 256),
  LOADER_MAX_BATCH: int(1000, 1, 100_000),
  ACQUIRABLE_CONCURRENCY: int(4, 1, 256),
  ACQUIRABLE_MAX_PREFIXES: int(20, 1, 10_000),
  GRAPHIQL_ENABLED: bool.optional(),
  INTROSPECTION_ENABLED: bool.optional(),
  EMBEDDED_NUMBERS_PER_UNIT: int(30, 1, 100_000),
  REFERENCE_CACHE_TTL_SECONDS: int(300, 0, 86_400),
  ACQUIRABLE_CACHE_TTL_SECONDS: int(30, 0, 86_400),
  // Operation limits and upstream resilience; defaults documented in .env.example.
  LIMIT_MAX_DEPTH: int(8, 1, 100),
  LIMIT_MAX_ALIASES: int(15, 0, 1000),
  LIMIT_MAX_DIRECTIVES: int(10, 0, 1000),
  LIMIT_MAX_TOKENS: int(2000, 10, 1_000_000),
  BODY_LIMIT_BYTES: int(100 * 1024, 1024, 10 * 1024 * 1024),
  OPERATION_TIMEOUT_MS: int(15_000, 50, 600_000),
  OPERATION_MAX_CONCURRENCY: int(16, 1, 1024),
  UPSTREAM_MAX_CONCURRENCY: int(256, 1, 65_536),
  BREAKER_ERROR_PERCENT: int(50, 1, 100),
  BREAKER_VOLUME_THRESHOLD: int(10, 1, 100_000),
  BREAKER_RESET_MS: int(10_000, 10, 600_000),
  BREAKER_WINDOW_MS: int(10_000, 100, 600_000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000_000).optional(),
  TRUST_PROXY: bool.default(false),
  // Shared store for replicas (persisted queries, reference data); unset: in process memory.
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_TIMEOUT_MS: int(500, 10, 60_000),
  // A second listener for /metrics only, so scrapes stay on the internal network.
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  // OpenTelemetry's standard variables (src/observability/tracing/config.ts).
  ...otelEnvShape,
  // Operation governance: demand control in upstream calls, trusted documents.
  LIMIT_MAX_UPSTREAM_CALLS: int(25, 1, 100_000),
  RATE_LIMIT_UPSTREAM_CALLS_PER_MINUTE: int(0, 0, 10_000_000),
  PERSISTED_DOCUMENTS_FILE: z.string().min(1).optional(),
  PERSISTED_DOCUMENTS_MODE: z.enum(['off', 'allow', 'safelist']).default('off'),
  // Web clients on other origins (src/http/cors.ts): comma-separated origins, or `*` outside production.
  CORS_ORIGINS: z.string().optional(),
  CORS_MAX_AGE_SECONDS: int(600, 0, 86_400),
  // How long a credential the upstream refused is answered 401 without asking it again (0: off).
  REFUSED_CREDENTIAL_TTL_SECONDS: int(30, 0, 3600),
  // The client registry (clients/<client>/<version>.json): trusted documents and client names.
  PERSISTED_DOCUMENTS_DIR: z.string().min(1).optional(),
  // Client awareness and the field-usage ledger (src/usage, docs/client-usage.md).
  CLIENT_NAMES: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    )
    .refine(
      (names) => names.every((name) => CLIENT_NAME.test(name)),
      'comma-separated client names, each 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    )
    .optional(),
  USAGE_RETENTION_DAYS: int(30, 1, 400),
  USAGE_FLUSH_INTERVAL_MS: int(5000, 100, 600_000),
  // What an operation does upstream (docs/upstream-plan.md): the Numbers-Plan header, Server-Timing.
  PLAN_ENABLED: bool.optional(),
  SERVER_TIMING_ENABLED: bool.default(true),
});

/** Every variable the gateway reads: deployment files and docs are checked against it. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);
