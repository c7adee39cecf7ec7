import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { tenantKeyOf } from '../../src/security/credentials.js';
import { splitCost } from '../helpers/stack.js';
import { startBalancer, type Balancer } from './balancer.js';
import { startGatewayProcess, startRedis, startSimulatorProcess, type Proc } from './processes.js';
import { eventually } from '../helpers/eventually.js';

/**
 * The docker-compose.yml topology as real processes: redis-server, the simulator, two gateway
 * replicas through the real entry point (UPSTREAM_URL + REDIS_URL) and a round-robin balancer.
 */
jest.setTimeout(90_000);

const TOKEN = 'demo-token-a';
const NUMBERS = 'query Numbers { numbers(first: 3) { totalCount nodes { number } } }';
const PREFIXES = 'query Prefixes { availablePrefixes(search: "aber") { prefix areaName } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let redis: { proc: Proc; url: string };
let simulator: { proc: Proc; url: string };
let a: { proc: Proc; url: string };
let b: { proc: Proc; url: string };
let balancer: Balancer;

beforeAll(async () => {
  redis = await startRedis();
  simulator = await startSimulatorProcess();
  const env = { UPSTREAM_URL: simulator.url, REDIS_URL: redis.url };
  [a, b] = await Promise.all([startGatewayProcess('gateway-1', env), startGatewayProcess('gateway-2', env)]);
  balancer = await startBalancer([a.url, b.url]);
});

afterAll(async () => {
  await balancer?.close();
  // Graceful stop: each replica drains and exits 0 on SIGTERM.
  const codes = await Promise.all([a?.proc.stop(), b?.proc.stop()]);
  await Promise.all([simulator?.proc.stop(), redis?.proc.stop('SIGKILL')]);
  expect(codes).toEqual([0, 0]);
});

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }>; extensions?: Record<string, unknown> };
}

async function post(baseUrl: string, payload: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(payload),
  });
  // The cost differs between replicas (one hits the shared cache): compare data and errors.
  return { status: response.status, body: splitCost((await response.json()) as Answer['body']).body };
}

const byHash = (baseUrl: string, query: string) => post(baseUrl, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
const register = (baseUrl: string, query: string) => post(baseUrl, { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });

async function upstreamCalls(): Promise<string[]> {
  const stats = (await (await fetch(`${simulator.url}/__simulator/stats`)).json()) as { calls: Array<{ endpoint: string }> };
  return stats.calls.map((call) => call.endpoint);
}
const resetUpstreamCalls = () => fetch(`${simulator.url}/__simulator/reset`, { method: 'POST' });

async function readiness(baseUrl: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/health/ready`);
  return { status: response.status, body: await response.json() };
}

describe('two replicas sharing one Redis', () => {
  it('are ready, with the upstream and Redis reachable', async () => {
    for (const replica of [a, b]) {
      await eventually(async () => JSON.stringify((await readiness(replica.url)).body).includes('"redis":"ok"'));
      expect(await readiness(replica.url)).toEqual({ status: 200, body: { status: 'ok', checks: { upstream: 'ok', redis: 'ok', rateLimits: 'shared' } } });
    }
  });

  it('serves from replica B a persisted-query hash registered through replica A', async () => {
    expect((await byHash(b.url, NUMBERS)).body.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const registered = await register(a.url, NUMBERS);
    expect(registered.status).toBe(200);
    expect(registered.body.errors).toBeUndefined();
    expect(await byHash(b.url, NUMBERS)).toEqual(registered);
  });

  it('serves reference data fetched through A from the shared cache in B, without an upstream call', async () => {
    await resetUpstreamCalls();
    const first = await post(a.url, { query: PREFIXES });
    expect(await upstreamCalls()).toEqual(['available_prefixes']);
    await resetUpstreamCalls();
    expect(await post(b.url, { query: PREFIXES })).toEqual(first);
    expect(await upstreamCalls()).toEqual([]);
    expect((first.body.data?.availablePrefixes as unknown[]).length).toBeGreaterThan(0);
  });

  it('keys Redis by namespace and hash, never by a token', async () => {
    const client = new Redis(redis.url, { lazyConnect: true });
    await client.connect();
    const keys = (await client.keys('*')).sort();
    await client.quit();
    const tenant = tenantKeyOf(`Bearer ${TOKEN}`);
    // RATE_LIMIT_PER_MINUTE defaults to 600 with UPSTREAM_URL: its counts are shared too.
    expect(keys).toEqual([
      `numbers-gateway:apq:${sha256(NUMBERS)}`,
      `numbers-gateway:rate:requests:credential:${tenant}`,
      'numbers-gateway:rate:requests:ip:127.0.0.1',
      `numbers-gateway:ref:v1:${tenant}:available_prefixes`,
    ]);
    expect(keys.join(' ')).not.toContain(TOKEN);
  });

  it('balances requests over both replicas, each answering with what the other stored', async () => {
    const query = '{ accessNumbers { code takesNumber } }';
    const before = [...balancer.counts];
    const registered = await register(balancer.url, query);
    const served = await byHash(balancer.url, query);
    expect(served).toEqual(registered);
    expect(balancer.counts.map((count, i) => count - (before[i] ?? 0))).toEqual([1, 1]);
  });

  it('keeps answering correctly on both replicas when Redis dies, and reports it in /health/ready', async () => {
    const expected = await post(a.url, { query: NUMBERS });
    const prefixes = await post(a.url, { query: PREFIXES });
    await redis.proc.stop('SIGKILL');

    for (const replica of [a, b]) {
      await resetUpstreamCalls();
      expect(await post(replica.url, { query: NUMBERS })).toEqual(expected);
      // The shared cache is gone: reference data comes from the upstream again, correctly.
      expect(await post(replica.url, { query: PREFIXES })).toEqual(prefixes);
      expect((await upstreamCalls()).sort()).toEqual(['available_prefixes', 'list']);
      // A hash alone is now unknown, so the client sends the document again, and is served.
      expect((await byHash(replica.url, NUMBERS)).body.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect(await register(replica.url, NUMBERS)).toEqual(expected);
      expect(await readiness(replica.url)).toEqual({
        status: 200,
        body: { status: 'degraded', checks: { upstream: 'ok', redis: 'down', rateLimits: 'per-replica' } },
      });
    }
  });
});
