import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { loadConfig, type UpstreamConfig } from '../../src/config.js';
import { createNumbersApi, createOperationScope } from '../../src/upstream/client.js';
import { createDeparture, type Departure } from '../../src/upstream/coalesce.js';
import { UpstreamError } from '../../src/upstream/errors.js';
import { createUpstreamHttp, type UpstreamHttp } from '../../src/upstream/http.js';
import type { SharedRead } from '../../src/upstream/observer.js';
import type { NumbersApi } from '../../src/upstream/types.js';
import { eventually } from '../helpers/eventually.js';

/**
 * The coalescing rules of src/upstream/coalesce.ts, through the real client against a local
 * HTTP server that holds each answer until the test releases it, so "in flight" is a state the
 * test controls, not a race. Budgets are wall-clock, so each test orders its steps by awaiting
 * outcomes, never by sleeping.
 */

interface Held {
  url: string;
  method: string;
  authorization: string | undefined;
  answer(status: number, data: unknown): void;
}

const config: UpstreamConfig = {
  url: undefined,
  timeoutMs: 10_000,
  connectTimeoutMs: 2000,
  retryLimit: 0,
  maxSockets: 8,
  coalesce: true,
};
const RESILIENCE = loadConfig({}).resilience;
const NUMBER = {
  id: 1,
  number: '01224000001',
  created_at: '2015-05-05T14:43:36.000Z',
};
const NEWER = { ...NUMBER, created_at: '2016-06-06T10:00:00.000Z' };

let server: http.Server;
let baseUrl: string;
let held: Held[] = [];
let upstream: UpstreamHttp;
let fired = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      held.push({
        url: req.url ?? '',
        method: req.method ?? '',
        authorization: req.headers.authorization,
        answer: (status, data) => {
          if (res.headersSent || res.destroyed) return;
          res.writeHead(status, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              status: status === 200 ? 'success' : 'error',
              time: 0,
              flags: {},
              data,
            }),
          );
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  upstream = createUpstreamHttp(baseUrl, config, RESILIENCE);
  // Counts the calls the breaker sees (its rolling window is not otherwise observable).
  const fire = upstream.breaker.fire.bind(upstream.breaker);
  fired = 0;
  upstream.breaker.fire = (endpoint, call) => {
    fired += 1;
    return fire(endpoint, call);
  };
});
afterEach(() => {
  for (const call of held) call.answer(200, []);
  held = [];
  upstream.destroy();
});

let shared: SharedRead[] = [];
beforeEach(() => {
  shared = [];
});

/** One request's client: its credential, its operation budget, its client's departure. */
function api(token = 't0ken', budgetMs = RESILIENCE.operationTimeoutMs, departure?: Departure): NumbersApi {
  const scope = createOperationScope(RESILIENCE.operationConcurrency, budgetMs);
  const caller = { authorization: `Bearer ${token}`, requestId: undefined, departure };
  return createNumbersApi({ upstream, caller, scope, observer: { shared: (read) => void shared.push(read) } });
}

async function arrived(count: number): Promise<void> {
  expect(await eventually(() => held.length >= count)).toBe(true);
}

async function joined(count: number): Promise<void> {
  expect(await eventually(() => upstream.coalescer?.waiting === count)).toBe(true);
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('coalescing identical reads in flight', () => {
  it('answers identical reads of one credential with one call', async () => {
    const first = api().list();
    await arrived(1);
    const second = api().list();
    await joined(1);
    held[0]?.answer(200, [NUMBER]);
    await expect(Promise.all([first, second])).resolves.toEqual([[NUMBER], [NUMBER]]);
    expect(held.map((c) => c.url)).toEqual(['/api/v2/numbers/list']);
    expect(fired).toBe(1);
    expect(shared).toEqual([
      {
        endpoint: 'list',
        params: {},
        waitedMs: expect.any(Number),
        errorKind: undefined,
      },
    ]);
    expect(upstream.coalescer?.size).toBe(0);
  });

  it('never shares a read between two credentials', async () => {
    const first = api('t0ken').info('1');
    const second = api('other-t0ken').info('1');
    await arrived(2);
    for (const call of held) call.answer(200, NUMBER);
    await Promise.all([first, second]);
    expect(held.map((c) => [c.url, c.authorization])).toEqual([
      ['/api/v2/numbers/info?id=1', 'Bearer t0ken'],
      ['/api/v2/numbers/info?id=1', 'Bearer other-t0ken'],
    ]);
    expect(shared).toEqual([]);
  });

  it('shares only reads with the same parameters', async () => {
    const reads = [api().info('1'), api().info('2'), api().acquirableNumbers('01224'), api().acquirableNumbers('01225')];
    await arrived(4);
    expect(held.map((c) => c.url).sort()).toEqual([
      '/api/v2/numbers/acquirable_numbers?prefix=01224',
      '/api/v2/numbers/acquirable_numbers?prefix=01225',
      '/api/v2/numbers/info?id=1',
      '/api/v2/numbers/info?id=2',
    ]);
    for (const call of held) call.answer(200, call.url.includes('info') ? NUMBER : []);
    await Promise.all(reads);
    expect(shared).toEqual([]);
  });

  it('never coalesces writes', async () => {
    const writes = [api().save({ id: '1', recording_enabled: true }), api().save({ id: '1', recording_enabled: true })];
    await arrived(2);
    for (const call of held) call.answer(200, NUMBER);
    await Promise.all(writes);
    expect(held.map((c) => `${c.method} ${c.url}`)).toEqual(['POST /api/v2/numbers/save', 'POST /api/v2/numbers/save']);
  });

  it('gives a read after a write its own call, not the answer of a read started before the write', async () => {
    const before = api().info('1');
    await arrived(1);
    const write = api().save({ id: '1', recording_enabled: false });
    await arrived(2);
    held[1]?.answer(200, NEWER);
    await write;
    const after = api().info('1');
    await arrived(3);
    held[2]?.answer(200, NEWER);
    held[0]?.answer(200, NUMBER);
    await expect(before).resolves.toEqual(NUMBER);
    await expect(after).resolves.toEqual(NEWER);
    expect(held.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v2/numbers/info?id=1', 'POST /api/v2/numbers/save', 'GET /api/v2/numbers/info?id=1']);
  });

  it('does not let a read that starts while a write is in flight join a read started before it', async () => {
    const before = api().list();
    await arrived(1);
    const write = api().delete('1');
    await arrived(2);
    const during = api().list();
    await arrived(3);
    for (const call of held) call.answer(200, call.method === 'POST' ? true : []);
    await Promise.all([before, write, during]);
    expect(shared).toEqual([]);
  });
});

describe('failures of a shared read', () => {
  it('fails every waiter with the same typed error, after one call the breaker counts once', async () => {
    const first = api().list();
    await arrived(1);
    const second = api().list();
    await joined(1);
    held[0]?.answer(500, null);
    const errors = await Promise.all([failure(first), failure(second)]);
    expect(errors.map((e) => [e.kind, e.endpoint, e.status])).toEqual([
      ['UNAVAILABLE', 'list', 500],
      ['UNAVAILABLE', 'list', 500],
    ]);
    expect(held).toHaveLength(1);
    expect(fired).toBe(1);
    expect(shared).toEqual([
      {
        endpoint: 'list',
        params: {},
        waitedMs: expect.any(Number),
        errorKind: 'UNAVAILABLE',
      },
    ]);
  });

  it('stops a follower whose budget ran out without cancelling the call for the others', async () => {
    const leader = api().list();
    await arrived(1);
    const follower = api('t0ken', 300).list();
    expect((await failure(follower)).kind).toBe('TIMEOUT');
    held[0]?.answer(200, [NUMBER]);
    await expect(leader).resolves.toEqual([NUMBER]);
    expect(held).toHaveLength(1);
    expect(upstream.coalescer?.waiting).toBe(0);
  });

  it("does not fail the followers when the leader's budget runs out while they wait", async () => {
    const leader = api('t0ken', 1500).list();
    await arrived(1);
    const follower = api().list();
    await joined(1);
    expect((await failure(leader)).kind).toBe('TIMEOUT');
    held[0]?.answer(200, [NUMBER]);
    await expect(follower).resolves.toEqual([NUMBER]);
    expect(held).toHaveLength(1);
    expect(fired).toBe(1);
  });

  it('stops a follower whose client went away; the leader still gets its answer', async () => {
    const leader = api().list();
    await arrived(1);
    const departure = createDeparture();
    const follower = api('t0ken', RESILIENCE.operationTimeoutMs, departure).list();
    await joined(1);
    departure.leave();
    expect((await failure(follower)).kind).toBe('TIMEOUT');
    expect(upstream.coalescer?.waiting).toBe(0);
    held[0]?.answer(200, [NUMBER]);
    await expect(leader).resolves.toEqual([NUMBER]);
    expect(held).toHaveLength(1);
  });

  it("answers the leader and the followers alike when the leader's client went away", async () => {
    const departure = createDeparture();
    const leader = api('t0ken', RESILIENCE.operationTimeoutMs, departure).list();
    await arrived(1);
    const follower = api().list();
    await joined(1);
    departure.leave();
    held[0]?.answer(200, [NUMBER]);
    await expect(Promise.all([leader, follower])).resolves.toEqual([[NUMBER], [NUMBER]]);
    expect(held).toHaveLength(1);
  });

  it('cancels the call once the budget of every waiter has run out', async () => {
    const errors = [failure(api('t0ken', 200).list())];
    await arrived(1);
    errors.push(failure(api('t0ken', 400).list()));
    expect((await Promise.all(errors)).map((e) => e.kind)).toEqual(['TIMEOUT', 'TIMEOUT']);
    expect(await eventually(() => upstream.coalescer?.size === 0)).toBe(true);
  });
});

describe('UPSTREAM_COALESCE=off', () => {
  it('makes every read its own call', async () => {
    const off = createUpstreamHttp(baseUrl, { ...config, coalesce: false }, RESILIENCE);
    const scope = () => createOperationScope(4, 10_000);
    const reads = [1, 2].map(() => createNumbersApi({ upstream: off, caller: { authorization: 'Bearer t0ken', requestId: undefined }, scope: scope() }).list());
    await arrived(2);
    for (const call of held) call.answer(200, []);
    await Promise.all(reads);
    off.destroy();
    expect(held).toHaveLength(2);
    expect(off.coalescer).toBeUndefined();
  });
});
