import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';

/**
 * The store shared by everything the gateway keeps across requests: Apollo's persisted-query
 * cache and the reference-data cache. In memory by default (one replica); backed by Redis when
 * replicas must share it. It speaks Apollo's `KeyValueCache<string>` so Apollo can use it as is.
 */
export interface SharedStore {
  readonly kind: 'memory' | 'redis';
  readonly cache: KeyValueCache<string>;
  /** The Redis connection behind a `redis` store, shared with the counters (cache/counters.ts). */
  readonly client?: Redis;
  /** Whether the backing service answers (always true in memory); for /health/ready. */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** Told of every read of the store: the key (for its namespace) and whether it was a hit. */
export type LookupObserver = (key: string, hit: boolean) => void;
