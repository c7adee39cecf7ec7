import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsConfig } from '../config.js';
import type { Guard } from './exchange.js';

/**
 * Cross-origin access to /graphql for web apps on other origins (CORS_ORIGINS), as one guard
 * that runs before anything else of the request:
 *
 * - a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered here,
 *   204, before CSRF prevention, rate limiting or any GraphQL work; it allows `POST, GET` and
 *   the request headers GraphQL clients send;
 * - every other answer to an allowed origin carries `Access-Control-Allow-Origin` (that origin,
 *   never `*`, so the answer can never be reused for another origin) and exposes the response
 *   headers clients read;
 * - with Server-Timing on (SERVER_TIMING_ENABLED), those answers also carry `Timing-Allow-Origin`
 *   (that origin), without which the page's `performance.getEntries()` shows no `serverTiming`
 *   and none of the connection's timings for a cross-origin call;
 * - a disallowed origin gets no `Access-Control-Allow-*` header at all: the browser refuses to
 *   hand the answer to the page, and a preflight of it ends there.
 *
 * Apollo's CSRF prevention stays on: a simple cross-origin request (no preflight) still needs
 * `content-type: application/json` or `apollo-require-preflight`, so a form on a hostile page
 * cannot make a user's browser run an operation. Credentials are sent as `Authorization`, never
 * cookies, so `Access-Control-Allow-Credentials` is never sent.
 */
export interface Cors {
  /** Whether CORS_ORIGINS is set at all (else the gateway behaves as if this module did not exist). */
  readonly enabled: boolean;
  /** Answers a preflight and returns true; otherwise decorates `res` for its origin and returns false. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

/** Methods GraphQL over HTTP uses (mutations only over POST). */
const ALLOW_METHODS = 'POST, GET';

/**
 * Request headers that Apollo Client, urql, graphql-request, Relay and the gateway's own extras
 * send (`numbers-plan`: a web app asking for its operations' upstream plan, docs/upstream-plan.md;
 * without it here, the browser would refuse the whole call, not just the plan).
 */
export const ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'graphql-client-name',
  'graphql-client-version',
  'traceparent',
  'tracestate',
  'if-none-match',
  'x-request-id',
  'numbers-plan',
].join(', ');

/** Response headers a page may read (the CORS-safelisted ones, e.g. Cache-Control, need no listing). */
export const EXPOSE_HEADERS = ['etag', 'retry-after', 'x-request-id', 'ratelimit', 'ratelimit-policy', 'server-timing', 'www-authenticate'].join(', ');

const DISABLED: Cors = { enabled: false, handle: () => false };

function appendVary(res: ServerResponse, value: string): void {
  const current = res.getHeader('vary');
  res.setHeader('vary', current === undefined || current === '' ? value : `${String(current)}, ${value}`);
}

/** CORS for /graphql, from CORS_ORIGINS; disabled (a no-op) when it is blank. `timing`: Server-Timing is sent (SERVER_TIMING_ENABLED). */
export function createCors(config: CorsConfig, timing: boolean): Cors {
  if (!config.anyOrigin && config.origins.length === 0) return DISABLED;
  const allowed = new Set(config.origins);
  const maxAge = String(config.maxAgeSeconds);
  const isAllowed = (origin: string): boolean => config.anyOrigin || allowed.has(origin.toLowerCase());
  return {
    enabled: true,
    handle(req, res) {
      // The answer differs by Origin whatever it is (even absent): shared caches must key on it.
      appendVary(res, 'origin');
      const origin = req.headers.origin;
      const allowedOrigin = typeof origin === 'string' && isAllowed(origin) ? origin : undefined;
      const preflight = req.method === 'OPTIONS' && typeof origin === 'string' && req.headers['access-control-request-method'] !== undefined;
      if (preflight) {
        if (allowedOrigin !== undefined) {
          res.setHeader('access-control-allow-origin', allowedOrigin);
          res.setHeader('access-control-allow-methods', ALLOW_METHODS);
          res.setHeader('access-control-allow-headers', ALLOW_HEADERS);
          res.setHeader('access-control-max-age', maxAge);
          appendVary(res, 'access-control-request-method, access-control-request-headers');
        }
        res.statusCode = 204;
        res.setHeader('content-length', '0');
        res.end();
        return true;
      }
      if (allowedOrigin !== undefined) {
        res.setHeader('access-control-allow-origin', allowedOrigin);
        res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
        if (timing) res.setHeader('timing-allow-origin', allowedOrigin);
      }
      return false;
    },
  };
}

/**
 * The first guard of /graphql (src/pipeline.ts): a preflight is answered here, before the
 * rate limit, the body or Apollo's CSRF prevention; any other request goes on with its CORS
 * headers set, so every answer after it (a 429, a 401, a 400) reaches the page too.
 */
export function corsGuard(cors: Cors): Guard {
  return {
    name: 'cors',
    async run({ req, res }) {
      return cors.handle(req, res) ? 'answered' : 'continue';
    },
  };
}
