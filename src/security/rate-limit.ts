import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
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
 * through tokens. Both budgets must have room; a refused request costs nothing upstream.
 */
export function createRateLimiter(config: RateLimitConfig): RateLimiter {
  if (config.perMinute === 0) return { check: async () => ALLOW };
  const byCredential = new RateLimiterMemory({ keyPrefix: 'credential', points: config.perMinute, duration: 60 });
  const byIp = new RateLimiterMemory({ keyPrefix: 'ip', points: config.perMinute, duration: 60 });
  return {
    async check(req, bearer) {
      // Without a credential nothing reaches the upstream; such requests count per IP only.
      const consumed = [byIp.consume(clientIpOf(req, config.trustProxy))];
      if (bearer) consumed.push(byCredential.consume(tenantKeyOf(bearer)));
      try {
        await Promise.all(consumed);
        return ALLOW;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
    },
  };
}
