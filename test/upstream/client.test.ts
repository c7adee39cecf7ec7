import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig, type UpstreamConfig } from '../../src/config.js';
import { createNumbersApi, createOperationScope } from '../../src/upstream/client.js';
import { UpstreamError } from '../../src/upstream/errors.js';
import { createUpstreamHttp, type UpstreamHttp } from '../../src/upstream/http.js';
import type { NumbersApi } from '../../src/upstream/types.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Reply = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let server: http.Server;
let baseUrl: string;
let seen: Seen[] = [];
let replies: Reply[] = [];
let upstream: UpstreamHttp;

/**
 * The per-call budget (retries included) and the connect timeout are wall-clock limits, set far
 * above what any call here takes, so that how busy the machine is never decides a test: with a
 * 400 ms budget, three 502 answers and 150 ms of backoff ran out of time on a loaded machine and
 * gave TIMEOUT instead of UNAVAILABLE. Tests of the budget itself use their own short one.
 */
const config: UpstreamConfig = { url: undefined, timeoutMs: 10_000, connectTimeoutMs: 2000, retryLimit: 2, maxSockets: 8, coalesce: false };
const SHORT_BUDGET_MS = 400;
/** The documented defaults of the resilience settings. */
const RESILIENCE = loadConfig({}).resilience;
const NUMBER = { id: 1, number: '01224000001', created_at: '2015-05-05T14:43:36.000Z' };

function envelope(data: unknown): string {
  return JSON.stringify({ status: 'success', time: 0.01, flags: {}, data });
}

function reply(status: number, body: string): Reply {
  return (_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const next = replies.shift() ?? reply(200, envelope([]));
      next(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream = createUpstreamHttp(baseUrl, config, RESILIENCE);
});
afterAll(async () => {
  upstream.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  // Like nock's pending-mocks check: a scripted reply that was never used means a call the
  // test expected did not happen.
  const unused = replies.length;
  seen = [];
  replies = [];
  expect(unused).toBe(0);
});

/** A fresh operation scope with the default budget, as the context gives each operation. */
function scope() {
  return createOperationScope(RESILIENCE.operationConcurrency, RESILIENCE.operationTimeoutMs);
}

function api(authorization: string | undefined = 'Bearer t0ken', through: UpstreamHttp = upstream): NumbersApi {
  return createNumbersApi({ upstream: through, caller: { authorization, requestId: 'req-1' }, scope: scope() });
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('upstream client requests', () => {
  it('sends reads as GET with query parameters and only the allowed headers', async () => {
    replies = [reply(200, envelope(NUMBER))];
    await expect(api().info('3466')).resolves.toEqual(NUMBER);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('GET');
    expect(seen[0]!.url).toBe('/api/v2/numbers/info?id=3466');
    expect(seen[0]!.headers.authorization).toBe('Bearer t0ken');
    expect(seen[0]!.headers['x-request-id']).toBe('req-1');
    expect(seen[0]!.headers.cookie).toBeUndefined();
  });

  it('sends writes as POST with a form body, booleans as true/false and null as empty', async () => {
    replies = [reply(200, envelope(NUMBER))];
    await api().save({ id: '7', destination: null, caller_id_prefix: null, recording_enabled: false });
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.url).toBe('/api/v2/numbers/save');
    expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(seen[0]!.body))).toEqual({
      id: '7',
      destination_type: '',
      destination_id: '',
      caller_id_prefix: '',
      recording_enabled: 'false',
    });
  });

  it('does not call the upstream without a credential', async () => {
    const error = await failure(createNumbersApi({ upstream, caller: { authorization: undefined, requestId: undefined }, scope: scope() }).list());
    expect(error.kind).toBe('UNAUTHENTICATED');
    expect(seen).toEqual([]);
  });
});

describe('upstream envelope', () => {
  it('accepts the documented stray " data" key', async () => {
    replies = [reply(200, JSON.stringify({ status: 'success', time: 0.35, flags: {}, ' data': NUMBER }))];
    await expect(api().updateSubscriber({ id: '1', name: 'X' })).resolves.toEqual(NUMBER);
  });

  it.each([
    ['a body that is not JSON', reply(200, '<html>Bad Gateway</html>'), 'UNAVAILABLE'],
    ['status "error" with HTTP 200', reply(200, JSON.stringify({ status: 'error', time: 0, flags: {}, message: 'no' })), 'UNAVAILABLE'],
    ['a missing data key', reply(200, JSON.stringify({ status: 'success', time: 0, flags: {} })), 'UNAVAILABLE'],
    ['data of the wrong shape', reply(200, envelope({ not: 'a list' })), 'UNAVAILABLE'],
    ['HTTP 401', reply(401, JSON.stringify({ status: 'error', message: 'bad token' })), 'UNAUTHENTICATED'],
    ['HTTP 403', reply(403, '{}'), 'FORBIDDEN'],
    ['HTTP 500', reply(500, 'oops'), 'UNAVAILABLE'],
  ])('turns %s into an UpstreamError of kind %s', async (_what, answer, kind) => {
    replies = [answer];
    const error = await failure(api().list());
    expect(error.kind).toBe(kind);
    expect(error.endpoint).toBe('list');
    expect(error.message).not.toContain('t0ken');
    expect(error.message).not.toContain(baseUrl);
  });

  it('keeps the envelope message of a validation failure, sanitised', async () => {
    replies = [reply(400, JSON.stringify({ status: 'error', time: 0, flags: {}, message: 'number\u0000 taken' }))];
    const error = await failure(api().acquire('01224000001'));
    expect([error.kind, error.status, error.upstreamMessage]).toEqual(['REJECTED', 400, 'number  taken']);
  });

  it.each([
    ['an object for a list', () => api().list(), envelope({ not: 'a list' }), 'numbers/list: unexpected data: expected a list of numbers, got object'],
    ['a bad item in a list', () => api().list(), envelope([NUMBER, 7]), 'numbers/list: unexpected data: expected a list of numbers, got item 1: number'],
    [
      'an item without the fields',
      () => api().availablePrefixes(),
      envelope([{ prefix: '01224' }]),
      'numbers/available_prefixes: unexpected data: expected a list of prefixes, got item 0: object without the required fields',
    ],
    ['null for a number', () => api().info('1'), envelope(null), 'numbers/info: unexpected data: expected a number object, got null'],
    ['a string for a boolean', () => api().delete('1'), envelope('yes'), 'numbers/delete: unexpected data: expected a boolean, got string'],
  ])('says what it expected and what it got for %s', async (_what, send, body, message) => {
    replies = [reply(200, body)];
    const error = await failure(send());
    expect([error.kind, error.message]).toEqual(['UNAVAILABLE', message]);
  });

  it('reads a 404 from info as "no such number"', async () => {
    replies = [reply(404, JSON.stringify({ status: 'error', message: 'not found' }))];
    await expect(api().info('5')).resolves.toBeNull();
  });
});

describe('upstream retries and timeouts', () => {
  it('retries a read on 503 and succeeds', async () => {
    replies = [reply(503, '{}'), reply(200, envelope([NUMBER]))];
    await expect(api().list()).resolves.toEqual([NUMBER]);
    expect(seen.map((s) => s.url)).toEqual(['/api/v2/numbers/list', '/api/v2/numbers/list']);
  });

  it('gives up on a read after the retry limit', async () => {
    // A call beyond the limit would get the default 200 reply and show as a fourth request.
    replies = [reply(502, '{}'), reply(502, '{}'), reply(502, '{}')];
    const error = await failure(api().list());
    expect([error.kind, error.status]).toEqual(['UNAVAILABLE', 502]);
    expect(seen).toHaveLength(1 + config.retryLimit);
  });

  it('does not retry a read on 500, nor a write on 503', async () => {
    replies = [reply(500, '{}')];
    await failure(api().list());
    replies = [reply(503, '{}')];
    await failure(api().acquire('01224000001'));
    expect(seen.map((s) => s.method)).toEqual(['GET', 'POST']);
  });

  it('does not follow redirects', async () => {
    replies = [(_req, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end()];
    const error = await failure(api().list());
    expect([error.kind, error.status]).toEqual(['UNAVAILABLE', 302]);
    expect(seen).toHaveLength(1);
  });

  it('times out a hanging write once, within the budget, without retrying', async () => {
    const impatient = createUpstreamHttp(baseUrl, { ...config, timeoutMs: SHORT_BUDGET_MS }, RESILIENCE);
    replies = [() => undefined];
    try {
      // The reply never comes, so only the budget can end the call: TIMEOUT is the evidence that
      // it did (without the budget the test itself would time out). How long that took is not
      // asserted: no test asserts a duration, and a busy machine fires timers late.
      const error = await failure(api('Bearer t0ken', impatient).delete('9'));
      expect(error.kind).toBe('TIMEOUT');
      expect(seen).toHaveLength(1);
    } finally {
      impatient.destroy();
    }
  });
});

describe('concurrency caps and the operation budget', () => {
  /** Holds every request for `ms`, counting how many are in flight at once. */
  function slowReplies(count: number, ms: number): () => number {
    let inFlight = 0;
    let max = 0;
    replies = Array.from({ length: count }, () => (_req: http.IncomingMessage, res: http.ServerResponse) => {
      inFlight += 1;
      max = Math.max(max, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end(envelope(NUMBER));
      }, ms);
    });
    return () => max;
  }

  it('keeps at most OPERATION_MAX_CONCURRENCY calls of one operation in flight', async () => {
    const maxInFlight = slowReplies(6, 30);
    const scoped = createNumbersApi({ upstream, caller: { authorization: 'Bearer t0ken', requestId: undefined }, scope: createOperationScope(2, 5000) });
    await Promise.all(['1', '2', '3', '4', '5', '6'].map((id) => scoped.info(id)));
    expect(seen).toHaveLength(6);
    expect(maxInFlight()).toBe(2);
  });

  it('keeps at most UPSTREAM_MAX_CONCURRENCY calls in flight across operations', async () => {
    const capped = createUpstreamHttp(baseUrl, config, { ...RESILIENCE, totalConcurrency: 3 });
    const maxInFlight = slowReplies(8, 30);
    const operations = [1, 2].map(() =>
      createNumbersApi({ upstream: capped, caller: { authorization: 'Bearer t0ken', requestId: undefined }, scope: createOperationScope(16, 5000) }),
    );
    await Promise.all(operations.flatMap((op) => ['1', '2', '3', '4'].map((id) => op.info(id))));
    capped.destroy();
    expect(seen).toHaveLength(8);
    expect(maxInFlight()).toBe(3);
  });

  it('ends every call of an operation when the operation budget runs out', async () => {
    const slow = createUpstreamHttp(baseUrl, config, RESILIENCE);
    replies = [() => undefined, () => undefined];
    const scoped = createNumbersApi({ upstream: slow, caller: { authorization: 'Bearer t0ken', requestId: undefined }, scope: createOperationScope(4, 200) });
    const errors = await Promise.all([failure(scoped.list()), failure(scoped.info('1'))]);
    slow.destroy();
    expect(errors.map((e) => e.kind)).toEqual(['TIMEOUT', 'TIMEOUT']);
  });
});
