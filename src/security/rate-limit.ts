import type { IncomingMessage } from 'node:http';
import { createMemoryCounters, type Counters, type CountVerdict } from '../cache/counters.js';
import type { RateLimitConfig } from '../config.js';
import { tenantKeyOf } from './credentials.js';

/** One budget a request was counted against, for the RateLimit header fields (src/http/rate-limit-headers.ts). */
export interface RateLimitPolicyState {
  /** `per-credential` or `per-ip`. */
  name: string;
  /** Requests allowed per window. */
  quota: number;
  windowSeconds: number;
  remaining: number;
  /** Seconds until the window ends. */
  resetSeconds: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the caller may try again (for `Retry-After`). */
  retryAfterSeconds: number;
  /** The budgets this request was counted against; empty while rate limiting is off. */
  policies: readonly RateLimitPolicyState[];
}

export interface RateLimiter {
  /** `bearer`: the request's normalised credential (context.ts), if it has one. */
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
      const [ip, credential] = await Promise.all([byIp.take(clientIpOf(req, config.trustProxy), 1), bearer ? byCredential.take(tenantKeyOf(bearer), 1) : undefined]);
      const verdicts = credential ? [credential, ip] : [ip];
      const retryAfterSeconds = Math.max(0, ...verdicts.map((v) => (v.allowed ? 0 : v.retryAfterSeconds)));
      const policies = credential ? [state('per-credential', credential), state('per-ip', ip)] : [state('per-ip', ip)];
      return { allowed: retryAfterSeconds === 0, retryAfterSeconds, policies };
    },
  };
}
