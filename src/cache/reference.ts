import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { ReferenceCacheConfig } from '../config.js';
import type { CacheEntry, CacheLookupObserver } from '../upstream/observer.js';
import { ignoringStoreFailure } from './store-failure.js';
import type { NumbersApi } from '../upstream/types.js';

/**
 * The cross-request cache of reference data: available prefixes, access numbers and the
 * acquirable numbers of a prefix. Everything else (numbers, subscribers) changes under the
 * caller's feet and is never kept beyond one request.
 *
 * Entries live in the shared store (`KeyValueCache<string>`, memory or Redis), as JSON, under
 * keys that hold the tenant key (a hash of the credential, never the token itself). The store is
 * an optimisation only: an error reading or writing it counts as a miss and the request goes on
 * to the upstream.
 */
export interface ReferenceCache {
  /**
   * Wraps one tenant's API so its reads of reference data go through the cache. Without a
   * tenant (no credential) the API is returned as it is: the upstream refuses such calls anyway.
   * `onLookup` hears how each of this caller's reads was served (the request's trace).
   */
  wrap(api: NumbersApi, tenantKey: string | undefined, onLookup?: CacheLookupObserver): NumbersApi;
  /**
   * Forgets the tenant's cached pools that can hold `number` (after acquiring it: see
   * write-effects.ts). Pools are keyed by a leading part of the number, so every such key goes.
   */
  forgetPools(tenantKey: string, number: string): Promise<void>;
}

/** Receives store failures (for a log line); they never fail a request. */
export type StoreErrorHandler = (error: unknown, key: string) => void;

/** Bumped when the JSON shape of an entry changes, so replicas of two versions never mix. */
const KEY_VERSION = 'ref:v1';
/** Decoded entries kept in process; beyond this the oldest is dropped. */
const DECODED_MAX = 1000;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Every pool that can hold a number is keyed by a leading part of it (the simulator and the
 * docs key pools by area code, and a client may ask for any digits), so acquiring `0122412345`
 * clears `01`, `012`, …, `0122412345` of that tenant: exact, and one write per digit.
 */
export function poolKeysOf(number: string): string[] {
  const keys: string[] = [];
  for (let length = 2; length <= number.length; length++) keys.push(number.slice(0, length));
  return keys;
}

export function createReferenceCache(store: KeyValueCache<string>, config: ReferenceCacheConfig, onStoreError: StoreErrorHandler = () => {}): ReferenceCache {
  /**
   * Loads in flight, by key: under load, requests of one tenant that miss together share one
   * upstream call instead of each making its own. Only ever holds the same tenant's data, since
   * the key holds the tenant.
   */
  const inFlight = new Map<string, Promise<unknown>>();
  /**
   * The last decoded value of each key with the text it came from. Parsing the 159 prefixes on
   * every hit was the largest cost of a warm dashboard (the bench's profile); comparing the text
   * is far cheaper (the same string object in memory, a memcmp from Redis). Values are frozen,
   * since every request of the tenant now shares them, and typed readonly (NumbersApi), so code
   * that would mutate one fails to compile instead of throwing at run time.
   */
  const decoded = new Map<string, { raw: string; value: unknown }>();

  function decode(key: string, raw: string): unknown {
    const known = decoded.get(key);
    if (known?.raw === raw) return known.value;
    const value = deepFreeze(JSON.parse(raw) as unknown);
    decoded.delete(key);
    decoded.set(key, { raw, value });
    if (decoded.size > DECODED_MAX) decoded.delete(decoded.keys().next().value ?? key);
    return value;
  }

  const failed = (key: string) => (error: unknown) => onStoreError(error, key);

  function read(key: string): Promise<unknown> {
    return ignoringStoreFailure(
      async () => {
        const raw = await store.get(key);
        return raw === undefined ? undefined : decode(key, raw);
      },
      undefined,
      failed(key),
    );
  }

  function write(key: string, value: unknown, ttl: number): Promise<void> {
    return ignoringStoreFailure(() => store.set(key, JSON.stringify(value), { ttl }), undefined, failed(key));
  }

  async function forget(key: string): Promise<void> {
    await ignoringStoreFailure(() => store.delete(key), false, failed(key));
  }

  function through<T>(key: string, ttl: number, load: () => Promise<T>, report?: (result: 'hit' | 'miss' | 'shared') => void): Promise<T> {
    const pending = inFlight.get(key);
    if (pending) {
      report?.('shared');
      return pending as Promise<T>;
    }
    const promise = (async () => {
      const hit = await read(key);
      report?.(hit === undefined ? 'miss' : 'hit');
      if (hit !== undefined) return hit as T;
      const value = await load();
      // The answer does not wait for the store: a slow Redis must not slow a cache miss.
      void write(key, value, ttl);
      return value;
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  }

  const poolKey = (tenantKey: string, prefix: string) => `${KEY_VERSION}:${tenantKey}:acquirable_numbers:${prefix}`;

  return {
    wrap(api, tenantKey, onLookup) {
      if (tenantKey === undefined) return api;
      const base = `${KEY_VERSION}:${tenantKey}`;
      const { ttlSeconds, acquirableTtlSeconds } = config;
      const report = (entry: CacheEntry) => (onLookup ? (result: Parameters<CacheLookupObserver>[1]) => onLookup(entry, result) : undefined);
      const [prefixesRead, accessRead, poolRead] = [report('available_prefixes'), report('available_access_numbers'), report('acquirable_numbers')];
      return {
        ...api,
        availablePrefixes:
          ttlSeconds > 0 ? () => through(`${base}:available_prefixes`, ttlSeconds, api.availablePrefixes, prefixesRead) : api.availablePrefixes,
        availableAccessNumbers:
          ttlSeconds > 0 ? () => through(`${base}:available_access_numbers`, ttlSeconds, api.availableAccessNumbers, accessRead) : api.availableAccessNumbers,
        acquirableNumbers:
          acquirableTtlSeconds > 0
            ? (prefix) => through(poolKey(tenantKey, prefix), acquirableTtlSeconds, () => api.acquirableNumbers(prefix), poolRead)
            : api.acquirableNumbers,
      };
    },
    async forgetPools(tenantKey, number) {
      if (config.acquirableTtlSeconds > 0) await Promise.all(poolKeysOf(number).map((prefix) => forget(poolKey(tenantKey, prefix))));
    },
  };
}
