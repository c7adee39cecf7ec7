import type { IncomingMessage } from 'node:http';
import { createMemoryCounters, type Counters } from '../cache/counters.js';
import type { RateLimitConfig } from '../config.js';
import { ErrorCode } from '../error-codes.js';
import type { Guard } from '../http/exchange.js';
import { tenantKeyOf } from './credentials.js';

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the caller may try again (for `Retry-After`). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** `bearer`: the request's normalised credential (request/incoming.ts), if it has one. */
  check(req: IncomingMessage, bearer: string | undefined): Promise<RateLimitVerdict>;
}

const ALLOW: RateLimitVerdict = { allowed: true, retryAfterSeconds: 0 };

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
 * counts live in the shared counters, so replicas sharing Redis share the budgets.
 */
export function createRateLimiter(config: RateLimitConfig, counters: Counters = createMemoryCounters()): RateLimiter {
  if (config.perMinute === 0) return { check: async () => ALLOW };
  const byCredential = counters.perMinute('requests:credential', config.perMinute);
  const byIp = counters.perMinute('requests:ip', config.perMinute);
  return {
    async check(req, bearer) {
      // Without a credential nothing reaches the upstream; such requests count per IP only.
      const verdicts = await Promise.all([
        byIp.take(clientIpOf(req, config.trustProxy), 1),
        bearer ? byCredential.take(tenantKeyOf(bearer), 1) : ALLOW,
      ]);
      const waits = verdicts.map((v) => (v.allowed ? 0 : v.retryAfterSeconds));
      const retryAfterSeconds = Math.max(...waits);
      return retryAfterSeconds === 0 ? ALLOW : { allowed: false, retryAfterSeconds };
    },
  };
}

/** Refuses a request over either budget with 429 RATE_LIMITED and `Retry-After`, before its body is read. */
export function rateLimitGuard(limiter: RateLimiter): Guard {
  return {
    name: 'rateLimit',
    async run(exchange) {
      const verdict = await limiter.check(exchange.req, exchange.request.authorization);
      if (verdict.allowed) return 'continue';
      const retryAfter = String(verdict.retryAfterSeconds);
      return exchange.refuse(429, ErrorCode.RATE_LIMITED, `Too many requests; retry after ${retryAfter} s.`, { 'retry-after': retryAfter });
    },
  };
}
