import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createRedisStore, type RedisStoreOptions } from '../../src/cache/redis.js';
import type { SharedStore } from '../../src/cache/types.js';
import { freePort, startRedis, type Proc } from './processes.js';
import { eventually } from '../helpers/eventually.js';

const logger = pino({ level: 'silent' });
let redis: { proc: Proc; url: string };
let raw: Redis;

beforeAll(async () => {
  redis = await startRedis();
  raw = new Redis(redis.url);
});
const stores: SharedStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});
afterAll(async () => {
  await raw?.quit();
  await redis?.proc.stop('SIGKILL');
});

function open(url: string, options?: RedisStoreOptions): SharedStore {
  const store = createRedisStore(url, logger, options);
  stores.push(store);
  return store;
}

/** The client connects in the background; until then every command is a miss (no offline queue). */
async function connected(store: SharedStore): Promise<void> {
  await eventually(() => store.healthy(), 100, 20);
}

describe('the Redis shared store', () => {
  it('gets, sets with a TTL in seconds and deletes, under the numbers-gateway: prefix', async () => {
    const store = open(redis.url);
    await connected(store);
    expect(await store.cache.get('apq:abc')).toBeUndefined();
    await store.cache.set('apq:abc', '{ numbers { totalCount } }', { ttl: 30 });
    await store.cache.set('ref:v1:t:forever', 'x');
    expect(await store.cache.get('apq:abc')).toBe('{ numbers { totalCount } }');
    expect(await raw.get('numbers-gateway:apq:abc')).toBe('{ numbers { totalCount } }');
    const ttl = await raw.pttl('numbers-gateway:apq:abc');
    expect(ttl > 25_000 && ttl <= 30_000).toBe(true);
    expect(await raw.pttl('numbers-gateway:ref:v1:t:forever')).toBe(-1);
    expect(await store.cache.delete('apq:abc')).toBe(true);
    expect(await store.cache.delete('apq:abc')).toBe(false);
    expect(await store.cache.get('apq:abc')).toBeUndefined();
    expect(await store.healthy()).toBe(true);
  });

  it('treats an unreachable Redis as an empty cache that drops writes, and reports it unhealthy', async () => {
    const store = open(`redis://127.0.0.1:${await freePort()}`, { connectTimeoutMs: 200 });
    await expect(store.cache.set('apq:abc', 'q', { ttl: 30 })).resolves.toBeUndefined();
    await expect(store.cache.get('apq:abc')).resolves.toBeUndefined();
    await expect(store.cache.delete('apq:abc')).resolves.toBe(false);
    await expect(store.healthy()).resolves.toBe(false);
  });
});
