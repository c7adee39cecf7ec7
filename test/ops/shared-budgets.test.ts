import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { scrape, seriesOf } from './metrics-text.js';
import { startGatewayProcess, startRedis, startSimulatorProcess, type Proc } from './processes.js';
import { eventually } from '../helpers/eventually.js';

/**
 * Budgets shared by replicas, as real processes: redis-server, the simulator and two gateway
 * replicas through the real entry point. RATE_LIMIT_PER_MINUTE and the upstream-call budget are
 * counted in Redis, so two replicas allow the budget once, not twice; with Redis dead each
 * replica counts on its own, says so, and still refuses past the budget.
 */
jest.setTimeout(90_000);

const REQUESTS_PER_MINUTE = 8;
const CALLS_PER_MINUTE = 6;
/** Two calls whatever the caches hold (the reference cache is off): list and access numbers. */
const TWO_CALLS = '{ numbers(first: 1) { totalCount } accessNumbers { code } }';

let redis: { proc: Proc; url: string };
let simulator: { proc: Proc; url: string };
let a: { proc: Proc; url: string };
let b: { proc: Proc; url: string };

beforeAll(async () => {
  redis = await startRedis();
  simulator = await startSimulatorProcess();
  const env = {
    UPSTREAM_URL: simulator.url,
    REDIS_URL: redis.url,
    RATE_LIMIT_PER_MINUTE: String(REQUESTS_PER_MINUTE),
    RATE_LIMIT_UPSTREAM_CALLS_PER_MINUTE: String(CALLS_PER_MINUTE),
    REFERENCE_CACHE_TTL_SECONDS: '0',
    // Each request below comes "from" its own address, so only the dimension under test counts.
    TRUST_PROXY: 'true',
  };
  [a, b] = await Promise.all([startGatewayProcess('gateway-1', env), startGatewayProcess('gateway-2', env)]);
  // A replica listens before its Redis connection is up, and counts per replica until it is (the
  // fallback this file tests last): start counting once both say the budgets are shared, or a
  // loaded machine puts the first requests in a replica's own count.
  for (const replica of [a, b]) await untilShared(replica.url);
});

async function untilShared(baseUrl: string): Promise<void> {
  const shared = async () => ((await (await fetch(`${baseUrl}/health/ready`)).json()) as { checks?: { rateLimits?: string } }).checks?.rateLimits === 'shared';
  if (!(await eventually(shared, 200, 100))) throw new Error(`${baseUrl}: the rate limits never became shared`);
}

afterAll(async () => {
  await Promise.all([a?.proc.stop(), b?.proc.stop(), simulator?.proc.stop(), redis?.proc.stop('SIGKILL')]);
});

let address = 0;

interface Answer {
  status: number;
  retryAfter: string | null;
  codes: Array<string | undefined> | undefined;
  cost: unknown;
}

async function post(baseUrl: string, query: string, options: { token?: string | null; from?: string } = {}): Promise<Answer> {
  const token = options.token === undefined ? 'demo-token-a' : options.token;
  address += 1;
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': options.from ?? `10.0.${Math.floor(address / 250)}.${address % 250}`,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }>; extensions?: { cost?: unknown } };
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    codes: body.errors?.map((e) => e.extensions?.code),
    cost: body.extensions?.cost,
  };
}

async function upstreamCalls(): Promise<string[]> {
  const stats = (await (await fetch(`${simulator.url}/__simulator/stats`)).json()) as { calls: Array<{ endpoint: string }> };
  return stats.calls.map((call) => call.endpoint);
}
const resetUpstreamCalls = () => fetch(`${simulator.url}/__simulator/reset`, { method: 'POST' });

/** Sends `count` requests alternating between the replicas and returns their statuses. */
async function alternate(count: number, send: (replica: string) => Promise<Answer>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await send(i % 2 === 0 ? a.url : b.url)).status);
  return statuses;
}

const readiness = async (baseUrl: string) => (await fetch(`${baseUrl}/health/ready`)).json();

describe('two replicas sharing one Redis', () => {
  it('allow RATE_LIMIT_PER_MINUTE requests of a credential once between them, not once each', async () => {
    expect(await alternate(REQUESTS_PER_MINUTE, (replica) => post(replica, '{ __typename }'))).toEqual(Array(REQUESTS_PER_MINUTE).fill(200));
    for (const replica of [a.url, b.url]) {
      const refused = await post(replica, '{ __typename }');
      expect([refused.status, refused.codes]).toEqual([429, ['RATE_LIMITED']]);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    }
  });

  it('count a client address once between them too', async () => {
    const from = '192.0.2.7';
    expect(await alternate(REQUESTS_PER_MINUTE, (replica) => post(replica, '{ __typename }', { token: null, from }))).toEqual(
      Array(REQUESTS_PER_MINUTE).fill(200),
    );
    expect((await post(b.url, '{ __typename }', { token: null, from })).status).toBe(429);
  });

  it('charge each operation its estimate in upstream calls against one budget per credential', async () => {
    await resetUpstreamCalls();
    const spent = await alternate(CALLS_PER_MINUTE / 2, (replica) => post(replica, TWO_CALLS, { token: 'demo-token-b' }));
    expect(spent).toEqual([200, 200, 200]);
    expect(await upstreamCalls()).toHaveLength(CALLS_PER_MINUTE);
    const refused = await post(b.url, TWO_CALLS, { token: 'demo-token-b' });
    expect([refused.status, refused.codes, refused.cost]).toEqual([
      429,
      ['RATE_LIMITED'],
      { estimated: 2, actual: 0, limit: 25, remaining: 0, resetInSeconds: expect.any(Number) },
    ]);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // Refused before it ran: no upstream call, and operations that call nothing still pass.
    expect(await upstreamCalls()).toHaveLength(CALLS_PER_MINUTE);
    expect((await post(a.url, '{ __typename }', { token: 'demo-token-b' })).status).toBe(200);
  });

  it('report the budgets as shared in /health/ready and /metrics', async () => {
    for (const replica of [a.url, b.url]) {
      expect(await readiness(replica)).toEqual({ status: 'ok', checks: { upstream: 'ok', redis: 'ok', rateLimits: 'shared' } });
      expect(seriesOf(await scrape(replica), 'numbers_gateway_rate_limits_shared')).toEqual({ '': 1 });
    }
  });

  it('remember a credential the upstream refused: the other replica answers it 401 without asking the upstream', async () => {
    await resetUpstreamCalls();
    const first = await post(a.url, '{ accessNumbers { code } }', { token: 'gone-token' });
    expect([first.status, first.codes]).toEqual([401, ['UNAUTHENTICATED']]);
    expect(await upstreamCalls()).toHaveLength(1);
    const again = await post(b.url, '{ accessNumbers { code } }', { token: 'gone-token' });
    expect([again.status, again.codes]).toEqual([401, ['UNAUTHENTICATED']]);
    expect(await upstreamCalls()).toHaveLength(1);
  });

  it('count per replica when Redis dies: still refusing past the budget, never failing a request, and saying so', async () => {
    await redis.proc.stop('SIGKILL');
    for (const replica of [a, b]) {
      // A fresh count in each replica: the whole budget again, then refusals as before.
      const statuses = await alternate(REQUESTS_PER_MINUTE + 1, () => post(replica.url, '{ __typename }'));
      expect(statuses).toEqual([...Array(REQUESTS_PER_MINUTE).fill(200), 429]);
      expect(await readiness(replica.url)).toEqual({ status: 'degraded', checks: { upstream: 'ok', redis: 'down', rateLimits: 'per-replica' } });
      expect(seriesOf(await scrape(replica.url), 'numbers_gateway_rate_limits_shared')).toEqual({ '': 0 });
      await replica.proc.waitFor(/rate limits and upstream-call budgets are counted per replica until it is back/);
    }
    await resetUpstreamCalls();
    const calls = await alternate(CALLS_PER_MINUTE / 2 + 1, () => post(a.url, TWO_CALLS, { token: 'demo-token-b' }));
    expect(calls).toEqual([200, 200, 200, 429]);
    expect(await upstreamCalls()).toHaveLength(CALLS_PER_MINUTE);
  });
});
