import { describe, expect, it } from '@jest/globals';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { createReferenceCache, poolKeysOf } from '../../src/cache/reference.js';
import type { NumbersApi, PrefixDto } from '../../src/upstream/types.js';

const PREFIXES: PrefixDto[] = [{ prefix: '01224', description: 'Aberdeen (01224)' }];
const CONFIG = { ttlSeconds: 300, acquirableTtlSeconds: 30 };

/** A fake upstream that records its calls, like the batches in the loader tests. */
function recordingApi(calls: string[]): NumbersApi {
  const fail = () => Promise.reject(new Error('not used by this test'));
  return {
    list: fail,
    info: fail,
    save: fail,
    acquire: async (number) => {
      calls.push(`acquire ${number}`);
      return Promise.reject(new Error('rejected'));
    },
    updateSubscriber: fail,
    delete: fail,
    availablePrefixes: async () => {
      calls.push('available_prefixes');
      return PREFIXES;
    },
    acquirableNumbers: async (prefix) => {
      calls.push(`acquirable_numbers ${prefix}`);
      return [`${prefix}000001`];
    },
    availableAccessNumbers: async () => {
      calls.push('available_access_numbers');
      return [];
    },
  };
}

const brokenStore: KeyValueCache<string> = {
  get: () => Promise.reject(new Error('ECONNREFUSED')),
  set: () => Promise.reject(new Error('ECONNREFUSED')),
  delete: () => Promise.reject(new Error('ECONNREFUSED')),
};

describe('reference cache over a failing store', () => {
  it('treats every store error as a miss and still answers from the upstream', async () => {
    const calls: string[] = [];
    const errors: string[] = [];
    const cache = createReferenceCache(brokenStore, CONFIG, (_error, key) => errors.push(key));
    const api = cache.wrap(recordingApi(calls), 'tenant-1');
    expect(await api.availablePrefixes()).toEqual(PREFIXES);
    expect(await api.availablePrefixes()).toEqual(PREFIXES);
    expect(calls).toEqual(['available_prefixes', 'available_prefixes']);
    expect(errors).toEqual(Array(4).fill('ref:v1:tenant-1:available_prefixes'));
  });

  it('shares one upstream call between concurrent misses of the same tenant, not across tenants', async () => {
    const calls: string[] = [];
    const cache = createReferenceCache(new InMemoryLRUCache<string>(), CONFIG);
    const a1 = cache.wrap(recordingApi(calls), 'tenant-a');
    const a2 = cache.wrap(recordingApi(calls), 'tenant-a');
    const b = cache.wrap(recordingApi(calls), 'tenant-b');
    await Promise.all([a1.availablePrefixes(), a2.availablePrefixes(), b.availablePrefixes()]);
    expect(calls).toEqual(['available_prefixes', 'available_prefixes']);
  });

  it('bypasses the cache when there is no credential to key it by', async () => {
    const calls: string[] = [];
    const cache = createReferenceCache(new InMemoryLRUCache<string>(), CONFIG);
    const api = cache.wrap(recordingApi(calls), undefined);
    await api.availablePrefixes();
    await api.availablePrefixes();
    expect(calls).toEqual(['available_prefixes', 'available_prefixes']);
  });

  it('clears the pools that could hold a number even when acquiring it is refused', async () => {
    const calls: string[] = [];
    const store = new InMemoryLRUCache<string>();
    const api = createReferenceCache(store, CONFIG).wrap(recordingApi(calls), 't');
    await api.acquirableNumbers('01224');
    await api.acquirableNumbers('0131');
    await expect(api.acquire('01224123456')).rejects.toThrow('rejected');
    await api.acquirableNumbers('01224');
    await api.acquirableNumbers('0131');
    expect(calls).toEqual(['acquirable_numbers 01224', 'acquirable_numbers 0131', 'acquire 01224123456', 'acquirable_numbers 01224']);
  });
});

describe('poolKeysOf', () => {
  it('lists every leading part of a number from two digits up', () => {
    expect(poolKeysOf('012245')).toEqual(['01', '012', '0122', '01224', '012245']);
  });
});
