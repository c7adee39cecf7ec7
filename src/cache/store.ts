import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createRedisStore } from './redis.js';
import type { LookupObserver, SharedStore } from './types.js';

/** A bounded in-process LRU: entries are evicted by total size, TTLs honoured per entry. */
export function createMemoryStore(maxBytes = 32 * 1024 * 1024): SharedStore {
  const cache = new InMemoryLRUCache<string>({ maxSize: maxBytes, sizeCalculation: (value) => value.length || 1 });
  return {
    kind: 'memory',
    cache,
    healthy: async () => true,
    close: () => Promise.resolve(),
  };
}

/**
 * The store this process uses: Redis when `REDIS_URL` is set (replicas share it), else in
 * memory. `onLookup` sees every read, for the cache hit/miss metrics.
 */
export function createStore(config: Pick<Config, 'redis'>, logger: Logger, onLookup?: LookupObserver): SharedStore {
  const { url, timeoutMs } = config.redis;
  const store = url ? createRedisStore(url, logger, { commandTimeoutMs: timeoutMs }) : createMemoryStore();
  return onLookup ? observeLookups(store, onLookup) : store;
}

function observeLookups(store: SharedStore, onLookup: LookupObserver): SharedStore {
  const { cache } = store;
  const observed: KeyValueCache<string> = {
    async get(key) {
      const value = await cache.get(key);
      onLookup(key, value !== undefined);
      return value;
    },
    set: (key, value, options) => cache.set(key, value, options),
    delete: (key) => cache.delete(key),
  };
  return { kind: store.kind, cache: observed, client: store.client, healthy: () => store.healthy(), close: () => store.close() };
}
