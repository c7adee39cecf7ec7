import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';

/**
 * The store shared by everything the gateway keeps across requests: Apollo's persisted-query
 * cache and the reference-data cache. In memory by default (one replica); backed by Redis when
 * replicas must share it. It speaks Apollo's `KeyValueCache<string>` so Apollo can use it as is.
 */
export interface SharedStore {
  readonly kind: 'memory' | 'redis';
  readonly cache: KeyValueCache<string>;
  /** Whether the backing service answers (always true in memory); for /health/ready. */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

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

/** The store this process uses: in memory until a shared backend is configured. */
export function createStore(): SharedStore {
  return createMemoryStore();
}
