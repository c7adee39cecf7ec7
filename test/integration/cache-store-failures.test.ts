import { describe, expect, it } from '@jest/globals';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { createReferenceCache, poolKeysOf } from '../../src/cache/reference.js';
import type { PlannerConfig } from '../../src/config.js';
import { createLoaders } from '../../src/loaders/index.js';
import { UnitSizeMemory } from '../../src/loaders/unit-size.js';
import type { PrefixDto } from '../../src/upstream/types.js';
import { applyWriteEffects } from '../../src/write-effects.js';
import { createFakeApi } from '../helpers/fake-api.js';

const PREFIXES: PrefixDto[] = [{ prefix: '01224', description: 'Aberdeen (01224)' }];
const CONFIG = { ttlSeconds: 300, acquirableTtlSeconds: 30 };
const PLANNER: PlannerConfig = { listRatio: 30, infoConcurrency: 3, maxBatch: 1000, acquirableConcurrency: 2, acquirableMaxPrefixes: 20 };

const brokenStore: KeyValueCache<string> = {
  get: () => Promise.reject(new Error('ECONNREFUSED')),
  set: () => Promise.reject(new Error('ECONNREFUSED')),
  delete: () => Promise.reject(new Error('ECONNREFUSED')),
};

describe('reference cache over a failing store', () => {
  it('treats every store error as a miss and still answers from the upstream', async () => {
    const { api: upstream, calls } = createFakeApi({ prefixes: PREFIXES });
    const errors: string[] = [];
    const cache = createReferenceCache(brokenStore, CONFIG, (_error, key) => errors.push(key));
    const api = cache.wrap(upstream, 'tenant-1');
    expect(await api.availablePrefixes()).toEqual(PREFIXES);
    expect(await api.availablePrefixes()).toEqual(PREFIXES);
    expect(calls).toEqual(['available_prefixes', 'available_prefixes']);
    expect(errors).toEqual(Array(4).fill('ref:v1:tenant-1:available_prefixes'));
  });

  it('shares one upstream call between concurrent misses of the same tenant, not across tenants', async () => {
    const [one, two, other] = [createFakeApi({ prefixes: PREFIXES }), createFakeApi({ prefixes: PREFIXES }), createFakeApi({ prefixes: PREFIXES })];
    const cache = createReferenceCache(new InMemoryLRUCache<string>(), CONFIG);
    const a1 = cache.wrap(one.api, 'tenant-a');
    const a2 = cache.wrap(two.api, 'tenant-a');
    const b = cache.wrap(other.api, 'tenant-b');
    await Promise.all([a1.availablePrefixes(), a2.availablePrefixes(), b.availablePrefixes()]);
    expect([one.calls, two.calls, other.calls]).toEqual([['available_prefixes'], [], ['available_prefixes']]);
  });

  it('bypasses the cache when there is no credential to key it by', async () => {
    const { api: upstream, calls } = createFakeApi({ prefixes: PREFIXES });
    const cache = createReferenceCache(new InMemoryLRUCache<string>(), CONFIG);
    const api = cache.wrap(upstream, undefined);
    await api.availablePrefixes();
    await api.availablePrefixes();
    expect(calls).toEqual(['available_prefixes', 'available_prefixes']);
  });

  it('clears the pools that could hold a number even when acquiring it is refused', async () => {
    const { api: upstream, calls } = createFakeApi({ answers: { acquire: () => Promise.reject(new Error('rejected')) } });
    const cache = createReferenceCache(new InMemoryLRUCache<string>(), CONFIG);
    const api = cache.wrap(upstream, 't');
    const loaders = createLoaders(api, { planner: PLANNER, tenantKey: 't', unitSizes: new UnitSizeMemory() });
    await api.acquirableNumbers('01224');
    await api.acquirableNumbers('0131');
    await expect(api.acquire('01224123456')).rejects.toThrow('rejected');
    // What the acquireNumber mutation does after its write, whatever the outcome.
    await applyWriteEffects({ loaders, forgetPools: (n) => cache.forgetPools('t', n) }, 'acquireNumber', { number: '01224123456' });
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
