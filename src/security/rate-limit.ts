import type { IncomingMessage } from 'node:http';
import { createMemoryCounters, type Counters } from '../cache/counters.js';
import type { RateLimitConfig } from '../config.js';
import { tenantKeyOf } from './credentials.js';

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the caller may try again (for `Retry-After`). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** `bearer`: the request's normalised credential (context.ts), if it has one. */
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
