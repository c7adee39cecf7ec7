import type { IncomingMessage } from 'node:http';
import { createMemoryCounters, type Counters, type CountVerdict } from '../cache/counters.js';
import type { RateLimitConfig } from '../config.js';
import { ErrorCode } from '../error-codes.js';
import type { Guard } from '../http/exchange.js';
import { tenantKeyOf } from './credentials.js';
import { setRateLimitHeaders, type RateLimitPolicyState } from './rate-limit-headers.js';

export type { RateLimitPolicyState } from './rate-limit-headers.js';

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the caller may try again (for `Retry-After`). */
  retryAfterSeconds: number;
  /** The budgets this request was counted against; empty while rate limiting is off. */
  policies: readonly RateLimitPolicyState[];
}

export interface RateLimiter {
  /** `bearer`: the request's normalised credential (request/incoming.ts), if it has one. */
  check(req: IncomingMessage, bearer: string | undefined): Promise<RateLimitVerdict>;
}

const OFF: RateLimitVerdict = { allowed: true, retryAfterSeconds: 0, policies: [] };
const WINDOW_SECONDS = 60;

/** The client IP: the socket's peer, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIpOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') {
    const first = forwarded.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * Requests per minute per credential (hashed, never the token itself) and per client IP: one
 * leaked token cannot exhaust the upstream for everyone, and neither can one host cycling
 * through tokens. Both budgets must have room; a refused request costs nothing upstream. The
 * counts live in the shared counters, so replicas sharing Redis share the budgets. The verdict
 * says where each budget stands, so every answer can tell the client (RateLimit headers).
 */
export function createRateLimiter(config: RateLimitConfig, counters: Counters = createMemoryCounters()): RateLimiter {
  if (config.perMinute === 0) return { check: async () => OFF };
  const byCredential = counters.perMinute('requests:credential', config.perMinute);
  const byIp = counters.perMinute('requests:ip', config.perMinute);
  const state = (name: string, verdict: CountVerdict): RateLimitPolicyState => ({
    name,
    quota: config.perMinute,
    windowSeconds: WINDOW_SECONDS,
    remaining: verdict.remaining,
    resetSeconds: verdict.resetSeconds,
  });
  return {
    async check(req, bearer) {
      // Without a credential nothing reaches the upstream; such requests count per IP only.
      const [ip, credential] = await Promise.all([
        byIp.take(clientIpOf(req, config.trustProxy), 1),
        bearer ? byCredential.take(tenantKeyOf(bearer), 1) : undefined,
      ]);
      const verdicts = credential ? [credential, ip] : [ip];
      const retryAfterSeconds = Math.max(0, ...verdicts.map((v) => (v.allowed ? 0 : v.retryAfterSeconds)));
      const policies = credential ? [state('per-credential', credential), state('per-ip', ip)] : [state('per-ip', ip)];
      return { allowed: retryAfterSeconds === 0, retryAfterSeconds, policies };
    },
  };
}

/**
 * Refuses a request over either budget with 429 RATE_LIMITED and `Retry-After`, before its body
 * is read; every answer after it carries the RateLimit header fields (rate-limit-headers.ts).
 */
export function rateLimitGuard(limiter: RateLimiter): Guard {
  return {
    name: 'rateLimit',
    async run(exchange) {
      const verdict = await limiter.check(exchange.req, exchange.request.authorization);
      setRateLimitHeaders(exchange.res, verdict.policies);
      if (verdict.allowed) return 'continue';
      const retryAfter = String(verdict.retryAfterSeconds);
      return exchange.refuse(429, ErrorCode.RATE_LIMITED, `Too many requests (RATE_LIMIT_PER_MINUTE per credential and per IP); retry after ${retryAfter} s.`, {
        'retry-after': retryAfter,
      });
    },
  };
}
