import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

// Per-minute counters for rate limits and budgets, in the shared store so that replicas count
// together: in Redis when the store is Redis, else in this process.
//
// Redis down or slow (a command past REDIS_TIMEOUT_MS) never fails a request and never lets
// one through uncounted: rate-limiter-flexible's insurance limiter counts in this process
// until Redis answers again. Each replica then allows the whole budget, which is logged once
// per outage and shown in /health/ready.

/** Where a key's budget stands: what is left of this minute's points and when the window ends. */
export interface CountState {
  remaining: number;
  /** Seconds until the current window ends and the budget is whole again (0: no window open). */
  resetSeconds: number;
}

export type CountVerdict = ({ allowed: true } | { allowed: false; retryAfterSeconds: number }) & CountState;

export interface Counter {
  /** Counts `points` for `key`; refused when that takes it past the budget (the points stay counted). */
  take(key: string, points: number): Promise<CountVerdict>;
  /** Where `key` stands, without counting anything; a store failure reads as a whole budget. */
  peek(key: string): Promise<CountState>;
  /** Uncounts points (a refund); never fails. */
  giveBack(key: string, points: number): Promise<void>;
}

export type CountingMode = 'shared' | 'per-replica';

export interface Counters {
  /** A counter of at most `points` per key per minute, under the namespace `name`. */
  perMinute(name: string, points: number): Counter;
  /** Where counting happens right now: in Redis (`shared`), or in this process. */
  mode(): CountingMode;
}

/** Redis keys of counters: `numbers-gateway:rate:<name>:<key>` (keys are hashes or IPs, never tokens). */
const KEY_PREFIX = 'rate';

function retryAfterOf(rejection: RateLimiterRes): number {
  return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
}

function resetOf(res: RateLimiterRes): number {
  return Math.max(0, Math.ceil(res.msBeforeNext / 1000));
}

function counterOver(limiter: Pick<RateLimiterMemory, 'consume' | 'reward' | 'get' | 'points'>, onAnswer: (options: object) => void): Counter {
  return {
    async take(key, points) {
      const call = {};
      try {
        const res = await limiter.consume(key, points, call);
        return { allowed: true, remaining: Math.max(0, res.remainingPoints), resetSeconds: resetOf(res) };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return { allowed: false, retryAfterSeconds: retryAfterOf(rejection), remaining: 0, resetSeconds: retryAfterOf(rejection) };
      } finally {
        onAnswer(call);
      }
    },
    async peek(key) {
      try {
        const res = await limiter.get(key);
        if (!res) return { remaining: limiter.points, resetSeconds: 0 };
        return { remaining: Math.max(0, res.remainingPoints), resetSeconds: resetOf(res) };
      } catch {
        return { remaining: limiter.points, resetSeconds: 0 };
      }
    },
    async giveBack(key, points) {
      const call = {};
      try {
        await limiter.reward(key, points, call);
      } catch {
        // Both the store and the fallback failed: the refund is lost, the budget errs on the safe side.
      } finally {
        onAnswer(call);
      }
    },
  };
}

/** Counters in this process only: one replica, or no Redis configured. */
export function createMemoryCounters(): Counters {
  return {
    perMinute: (name, points) => counterOver(new RateLimiterMemory({ keyPrefix: `${KEY_PREFIX}:${name}`, points, duration: 60 }), () => {}),
    mode: () => 'per-replica',
  };
}

/**
 * Counters in Redis through the store's own connection: it already fails fast (no offline
 * queue, one command timeout), and one connection per replica keeps a single notion of "Redis
 * is down" for the cache, the counters and readiness.
 */
export function createRedisCounters(client: Redis, logger: Logger): Counters {
  let mode: CountingMode = 'shared';
  /** Calls the fallback answered; a call absent from it was answered by Redis. */
  const insured = new WeakSet<object>();

  class Fallback extends RateLimiterMemory {
    override consume(key: string | number, points?: number, options: object = {}) {
      insured.add(options);
      return super.consume(key, points, options);
    }

    override reward(key: string | number, points?: number, options: object = {}) {
      insured.add(options);
      return super.reward(key, points, options);
    }
  }

  const answered = (call: object): void => {
    const next: CountingMode = insured.has(call) ? 'per-replica' : 'shared';
    if (next === mode) return;
    mode = next;
    if (next === 'per-replica') {
      logger.warn('redis unavailable: rate limits and upstream-call budgets are counted per replica until it is back (each replica allows the whole budget)');
    } else {
      logger.info('redis reachable again: rate limits and upstream-call budgets are shared by the replicas again');
    }
  };

  return {
    perMinute(name, points) {
      const keyPrefix = `${KEY_PREFIX}:${name}`;
      const limiter = new RateLimiterRedis({
        storeClient: client,
        keyPrefix,
        points,
        duration: 60,
        // Not connected: count in memory at once instead of waiting for a command to fail.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new Fallback({ keyPrefix, points, duration: 60 }),
      });
      return counterOver(limiter, answered);
    },
    mode: () => mode,
  };
}
