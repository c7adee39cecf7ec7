import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ignoringStoreFailure } from './store-failure.js';
import type { SharedStore } from './types.js';

/** Every key the gateway writes starts with this, so the Redis can be shared with other apps. */
export const REDIS_KEY_PREFIX = 'numbers-gateway:';

export interface RedisStoreOptions {
  /** Budget of one command (and of the readiness PING). */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/**
 * The shared store on Redis, for replicas that must share persisted queries and reference data.
 *
 * Redis is an optimisation, never a dependency of a request: with it down or slow, reads are
 * misses and writes are dropped, and each costs at most one short command timeout. Commands are
 * never queued while disconnected (`enableOfflineQueue: false`: they fail at once instead of
 * waiting for a reconnect) and never retried; the client keeps reconnecting in the background,
 * and the store is used again as soon as it is back.
 */
export function createRedisStore(url: string, logger: Logger, options: RedisStoreOptions = {}): SharedStore {
  const commandTimeout = options.commandTimeoutMs ?? 500;
  const client = new Redis(url, {
    keyPrefix: REDIS_KEY_PREFIX,
    commandTimeout,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    // Reconnect quickly after an outage (ioredis' default backs off to 5 s).
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });

  // One log line per outage, not one per request or per reconnect attempt.
  let failing = false;
  const failed = (error: unknown): void => {
    if (failing) return;
    failing = true;
    logger.warn({ err: error }, 'redis unavailable: shared cache reads are misses, writes are dropped');
  };
  client.on('error', failed);
  client.on('ready', () => {
    if (failing) logger.info('redis reachable again: shared cache in use');
    failing = false;
  });

  const redisCache: KeyValueCache<string> = {
    async get(key) {
      return (await client.get(key)) ?? undefined;
    },
    async set(key, value, setOptions?: KeyValueCacheSetOptions) {
      const ttl = setOptions?.ttl;
      // Apollo's TTLs are seconds; PX keeps fractions instead of rounding a 0.5 s TTL to 0.
      if (typeof ttl === 'number' && ttl > 0) await client.set(key, value, 'PX', Math.ceil(ttl * 1000));
      else await client.set(key, value);
    },
    async delete(key) {
      return (await client.del(key)) > 0;
    },
  };

  return {
    kind: 'redis',
    cache: errorsAreMisses(redisCache, failed),
    client,
    async healthy() {
      try {
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      try {
        await client.quit();
      } catch {
        // Not connected: stop the reconnect loop so the process can exit.
        client.disconnect();
      }
    },
  };
}

/**
 * A cache whose failures never reach the caller: a failed read is a miss, a failed write or
 * delete is dropped. (Apollo's ErrorsAreMissesCache covers reads only; APQ registration and
 * the reference cache also write on the request path.)
 */
export function errorsAreMisses(cache: KeyValueCache<string>, onError: (error: unknown) => void): KeyValueCache<string> {
  return {
    get: (key) => ignoringStoreFailure(() => cache.get(key), undefined, onError),
    set: (key, value, options) => ignoringStoreFailure(() => cache.set(key, value, options), undefined, onError),
    delete: (key) => ignoringStoreFailure(() => cache.delete(key), false, onError),
  };
}
