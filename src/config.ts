import { retiredVariableIssues } from './config-retired.js';
import { envSchema } from './config-env.js';
import { SECRET_VARIABLES, tracingConfigOf, type TracingConfig } from './observability/tracing/config.js';

// The only reader of `process.env`. Every variable is validated at start (src/config-env.ts); a
// bad value stops the process with a message that names the variable. Defaults are documented
// in `.env.example`.

export interface UpstreamConfig {
  /** Base URL before `/api/v2/`; undefined means the embedded simulator. */
  url: string | undefined;
  timeoutMs: number;
  connectTimeoutMs: number;
  retryLimit: number;
  maxSockets: number;
  /** Identical reads of one credential in flight share one call (docs/coalescing.md). */
  coalesce: boolean;
}

export interface PlannerConfig {
  /** One list call beats `k` info calls when `k > 1 + unitSize / listRatio`. */
  listRatio: number;
  infoConcurrency: number;
  maxBatch: number;
  acquirableConcurrency: number;
  /** Distinct prefixes whose acquirable numbers one operation may load (each is an upstream call). */
  acquirableMaxPrefixes: number;
}

/** Cross-request cache of reference data, per tenant; a TTL of 0 turns that part off. */
export interface ReferenceCacheConfig {
  /** available_prefixes and available_access_numbers: they change rarely. */
  ttlSeconds: number;
  /** acquirable_numbers of one prefix: other units acquire from the same pools. */
  acquirableTtlSeconds: number;
}

export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  bodyBytes: number;
}

export interface ResilienceConfig {
  /** Budget of all upstream work of one GraphQL operation. */
  operationTimeoutMs: number;
  operationConcurrency: number;
  totalConcurrency: number;
  breaker: { errorPercent: number; volumeThreshold: number; resetMs: number; windowMs: number };
}

export interface RateLimitConfig {
  /** Requests per minute per credential and per client IP; 0 is off. */
  perMinute: number;
  /** Take the client IP from X-Forwarded-For (only behind a trusted load balancer). */
  trustProxy: boolean;
}

export interface RedisConfig {
  /** `redis://` or `rediss://` URL; undefined keeps the shared store in memory. */
  url: string | undefined;
  /** Budget of one Redis command: past it, a read is a miss and a write is dropped. */
  timeoutMs: number;
}

export type PersistedDocumentsMode = 'off' | 'allow' | 'safelist';

/** What an operation may cost and which documents may run (src/governance, src/security). */
export interface GovernanceConfig {
  /** Most upstream calls one operation may be estimated to make. */
  maxUpstreamCalls: number;
  /** Upstream calls per credential per minute, charged at each operation's estimate; 0 is off. */
  upstreamCallsPerMinute: number;
  /**
   * Trusted documents: a manifest (both formats) and/or a client registry folder, and whether
   * they allow or restrict. With both, the gateway serves the union of their documents.
   */
  persistedDocuments: { file: string | undefined; dir: string | undefined; mode: PersistedDocumentsMode };
}

/** Client awareness and the field-usage ledger (src/usage). */
export interface UsageConfig {
  /** Days of usage kept (in Redis, by key expiry; in memory, by pruning). */
  retentionDays: number;
  /** How often pending counts are sent to the shared store in one batch. */
  flushIntervalMs: number;
  /** Client names kept as metric labels besides the registry's clients. */
  clientNames: readonly string[];
}

/** Cross-origin access for web apps (src/http/cors.ts). */
export interface CorsConfig {
  /** Exact origins (`scheme://host[:port]`, lower-cased) allowed to call /graphql; empty: no CORS headers at all. */
  origins: readonly string[];
  /** `*`: any origin (refused in production). */
  anyOrigin: boolean;
  /** How long a browser may reuse a preflight answer (Access-Control-Max-Age). */
  maxAgeSeconds: number;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  upstream: UpstreamConfig;
  planner: PlannerConfig;
  graphiql: boolean;
  introspection: boolean;
  embeddedNumbersPerUnit: number;
  reference: ReferenceCacheConfig;
  limits: LimitsConfig;
  resilience: ResilienceConfig;
  rateLimit: RateLimitConfig;
  redis: RedisConfig;
  /** Port of the /metrics-only listener (same host); undefined serves /metrics on `port`. */
  metricsPort: number | undefined;
  /** OTLP trace export; `undefined` (tracing off, no SDK loaded) while no endpoint is set. */
  tracing: TracingConfig | undefined;
  governance: GovernanceConfig;
  cors: CorsConfig;
  /** Seconds a credential the upstream refused is remembered (by its hash); 0: not remembered. */
  refusedCredentialTtlSeconds: number;
  usage: UsageConfig;
  /** `Numbers-Plan: trace | dry-run` is honoured (PLAN_ENABLED; on by default outside production). */
  plan: { enabled: boolean };
  /** `Server-Timing` on every /graphql answer (SERVER_TIMING_ENABLED, on by default). */
  serverTiming: boolean;
}

/** A bad value is echoed to help, but never a password in a URL such as REDIS_URL. */
export function withoutCredentials(value: string): string {
  return value.replace(/\/\/[^/\s]*@/g, '//***@');
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Surrounding blanks are dropped and a blank value counts as unset (a stray space must not
  // coerce to 0 and, say, turn rate limiting off).
  const present = Object.fromEntries(
    Object.entries(env)
      .map(([k, v]) => [k, v?.trim()] as const)
      .filter((entry): entry is readonly [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
  const retired = retiredVariableIssues(present);
  if (retired.length > 0) throw new ConfigError(`invalid configuration:\n  ${retired.join('\n  ')}`);
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      if (SECRET_VARIABLES.has(name)) return `${name} (value not shown): ${issue.message}`;
      return `${name}=${JSON.stringify(withoutCredentials(present[name] ?? ''))}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) {
    throw new ConfigError(`invalid configuration:\n  METRICS_PORT=${JSON.stringify(present.METRICS_PORT)}: must differ from PORT`);
  }
  if (e.PERSISTED_DOCUMENTS_MODE !== 'off' && e.PERSISTED_DOCUMENTS_FILE === undefined && e.PERSISTED_DOCUMENTS_DIR === undefined) {
    throw new ConfigError(
      `invalid configuration:\n  PERSISTED_DOCUMENTS_FILE="": required when PERSISTED_DOCUMENTS_MODE=${e.PERSISTED_DOCUMENTS_MODE} (or PERSISTED_DOCUMENTS_DIR, a client registry)`,
    );
  }
  const dev = e.NODE_ENV !== 'production';
  const cors = corsConfigOf(e.CORS_ORIGINS, e.CORS_MAX_AGE_SECONDS, e.NODE_ENV === 'production');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    upstream: {
      url: e.UPSTREAM_URL,
      timeoutMs: e.UPSTREAM_TIMEOUT_MS,
      connectTimeoutMs: e.UPSTREAM_CONNECT_TIMEOUT_MS,
      retryLimit: e.UPSTREAM_RETRY_LIMIT,
      maxSockets: e.UPSTREAM_MAX_SOCKETS,
      coalesce: e.UPSTREAM_COALESCE === 'on',
    },
    planner: {
      listRatio: e.PLANNER_LIST_RATIO,
      infoConcurrency: e.PLANNER_INFO_CONCURRENCY,
      maxBatch: e.LOADER_MAX_BATCH,
      acquirableConcurrency: e.ACQUIRABLE_CONCURRENCY,
      acquirableMaxPrefixes: e.ACQUIRABLE_MAX_PREFIXES,
    },
    graphiql: e.GRAPHIQL_ENABLED ?? dev,
    introspection: e.INTROSPECTION_ENABLED ?? dev,
    embeddedNumbersPerUnit: e.EMBEDDED_NUMBERS_PER_UNIT,
    limits: {
      maxDepth: e.LIMIT_MAX_DEPTH,
      maxAliases: e.LIMIT_MAX_ALIASES,
      maxDirectives: e.LIMIT_MAX_DIRECTIVES,
      maxTokens: e.LIMIT_MAX_TOKENS,
      bodyBytes: e.BODY_LIMIT_BYTES,
    },
    resilience: {
      operationTimeoutMs: e.OPERATION_TIMEOUT_MS,
      operationConcurrency: e.OPERATION_MAX_CONCURRENCY,
      totalConcurrency: e.UPSTREAM_MAX_CONCURRENCY,
      breaker: {
        errorPercent: e.BREAKER_ERROR_PERCENT,
        volumeThreshold: e.BREAKER_VOLUME_THRESHOLD,
        resetMs: e.BREAKER_RESET_MS,
        windowMs: e.BREAKER_WINDOW_MS,
      },
    },
    // Off by default for the embedded demo (one person exploring), on against a real upstream.
    rateLimit: { perMinute: e.RATE_LIMIT_PER_MINUTE ?? (e.UPSTREAM_URL ? 600 : 0), trustProxy: e.TRUST_PROXY },
    reference: { ttlSeconds: e.REFERENCE_CACHE_TTL_SECONDS, acquirableTtlSeconds: e.ACQUIRABLE_CACHE_TTL_SECONDS },
    redis: { url: e.REDIS_URL, timeoutMs: e.REDIS_TIMEOUT_MS },
    metricsPort: e.METRICS_PORT,
    tracing: tracingConfigOf(e),
    governance: {
      maxUpstreamCalls: e.LIMIT_MAX_UPSTREAM_CALLS,
      upstreamCallsPerMinute: e.RATE_LIMIT_UPSTREAM_CALLS_PER_MINUTE,
      persistedDocuments: { file: e.PERSISTED_DOCUMENTS_FILE, dir: e.PERSISTED_DOCUMENTS_DIR, mode: e.PERSISTED_DOCUMENTS_MODE },
    },
    cors,
    refusedCredentialTtlSeconds: e.REFUSED_CREDENTIAL_TTL_SECONDS,
    usage: { retentionDays: e.USAGE_RETENTION_DAYS, flushIntervalMs: e.USAGE_FLUSH_INTERVAL_MS, clientNames: e.CLIENT_NAMES ?? [] },
    plan: { enabled: e.PLAN_ENABLED ?? dev },
    serverTiming: e.SERVER_TIMING_ENABLED,
  };
}

/** `scheme://host[:port]` exactly as a browser sends it in `Origin` (no path, no trailing slash). */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-f:.]+\](:\d{1,5})?$/;

/**
 * CORS_ORIGINS: blank is today's behaviour (no CORS headers); `*` is any origin, for
 * development only (in production a browser page anywhere could then use a user's token
 * pasted into it against this API, and the allow-list is how an operator says which apps exist).
 */
function corsConfigOf(value: string | undefined, maxAgeSeconds: number, production: boolean): CorsConfig {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const fail = (why: string): never => {
    throw new ConfigError(`invalid configuration:\n  CORS_ORIGINS=${JSON.stringify(value)}: ${why}`);
  };
  const anyOrigin = entries.includes('*');
  if (anyOrigin && production) fail('`*` is allowed only outside production; list the origins of your web apps (e.g. https://app.example.com)');
  if (anyOrigin && entries.length > 1) fail('`*` cannot be combined with other origins');
  const origins = anyOrigin ? [] : entries.map((entry) => entry.toLowerCase());
  const bad = origins.find((origin) => !ORIGIN.test(origin));
  if (bad !== undefined)
    fail(`${JSON.stringify(bad)} is not an origin; write scheme://host[:port] with no path or trailing slash (e.g. http://localhost:5173)`);
  return { origins, anyOrigin, maxAgeSeconds };
}
