import { afterEach, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { scrape, seriesOf } from '../ops/metrics-text.js';
import { eventually } from '../helpers/eventually.js';
import { splitCost, upstreamList, type GraphQLResult } from '../helpers/stack.js';
import { startUpstreamGate, type UpstreamGate } from '../helpers/upstream-gate.js';
import { planOf } from '../plan/plans.js';

/**
 * Coalescing through the whole gateway, over HTTP, against the simulator: a gate between the two
 * holds the simulator's answers to `list`, so a read is in flight exactly as long as the test
 * says. Which request joined is read from the gateway's own gauge of waiting requests.
 */

const LIST = '{ numbers(first: 2) { nodes { id number recordingEnabled } } }';

interface Gated {
  simulator: Simulator;
  gate: UpstreamGate;
  gateway: Gateway;
  lines: Array<Record<string, unknown>>;
}

let gated: Gated | undefined;
afterEach(async () => {
  gated?.gate.release();
  await gated?.gateway.stop();
  await gated?.gate.close();
  await gated?.simulator.close();
  gated = undefined;
});

/** unit-a has two credentials (two users of one unit); every call passes the gate. */
async function start(env: Record<string, string> = {}): Promise<Gated> {
  const simulator = await createSimulator({
    faults: true,
    units: [
      { id: 'unit-a', token: 'demo-token-a', moreTokens: ['demo-token-a2'] },
      { id: 'unit-b', token: 'demo-token-b' },
    ],
  });
  const gate = await startUpstreamGate(simulator.url);
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger(
    { level: 'info', env: 'test', tty: false },
    {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    },
  );
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    UPSTREAM_URL: gate.url,
    UPSTREAM_RETRY_LIMIT: '0',
    BREAKER_VOLUME_THRESHOLD: '100000',
    ...env,
  });
  const gateway = createGateway(config, { upstreamUrl: gate.url, logger });
  await gateway.start();
  gated = { simulator, gate, gateway, lines };
  return gated;
}

type Numbers = {
  numbers: {
    nodes: Array<{ id: string; number: string; recordingEnabled: boolean }>;
  } | null;
};

async function gql(
  g: Gated,
  query: string,
  token = 'demo-token-a',
  signal?: AbortSignal,
  headers: Record<string, string> = {},
): Promise<GraphQLResult<Numbers>> {
  const response = await fetch(`${g.gateway.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...headers,
    },
    body: JSON.stringify({ query }),
    signal,
  });
  const text = await response.text();
  const { body, cost } = splitCost(JSON.parse(text) as GraphQLResult<Numbers>['body']);
  return {
    status: response.status,
    headers: response.headers,
    body,
    cost,
    text,
  };
}

/** The first `list` answer is at the gate, held: the read is in flight. */
async function listHeld(g: Gated, count = 1): Promise<void> {
  expect(await eventually(() => g.gate.heldCount === count)).toBe(true);
}

/** `count` requests wait for another request's read (the gateway's gauge). */
async function waiting(g: Gated, count: number): Promise<void> {
  const gauge = async () => seriesOf(await scrape(g.gateway.url), 'numbers_gateway_upstream_coalesced_waiting')[''];
  expect(await eventually(async () => (await gauge()) === count)).toBe(true);
}

const listCalls = (g: Gated) => g.gate.seen.filter((call) => call.endpoint === 'list');
const requestLines = (g: Gated) => g.lines.filter((line) => line.msg === 'graphql request');

async function expectedNodes(g: Gated, token = 'demo-token-a') {
  const numbers = await upstreamList(g.simulator, token);
  return numbers.slice(0, 2).map((n) => ({
    id: String(n.id),
    number: n.number,
    recordingEnabled: n.recording_enabled,
  }));
}

describe('identical reads in flight', () => {
  it('answer two requests of one credential with one list call, counted once in cost, log and metrics', async () => {
    const g = await start();
    const nodes = await expectedNodes(g);
    g.gate.hold('list');
    const first = gql(g, LIST);
    await listHeld(g);
    const second = gql(g, LIST);
    await waiting(g, 1);
    g.gate.release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.body).toEqual({ data: { numbers: { nodes } } });
    expect(b.body).toEqual(a.body);
    expect([a.cost?.actual, b.cost?.actual]).toEqual([1, 0]);
    expect(listCalls(g)).toHaveLength(1);
    const metrics = await scrape(g.gateway.url);
    expect(seriesOf(metrics, 'numbers_gateway_upstream_coalesced_total')).toEqual({ 'endpoint=list': 1 });
    expect(seriesOf(metrics, 'numbers_gateway_upstream_requests_total', { endpoint: 'list' })).toEqual({ 'status=200': 1 });
    // The second was the identical query: it waited for the first's whole answer, ran nothing.
    expect(seriesOf(metrics, 'numbers_gateway_coalesced_operations_total')).toEqual({ 'result=shared': 1 });
    const logged = requestLines(g).map((line) => ({
      upstream: line.upstream,
      upstreamShared: line.upstreamShared,
    }));
    expect(logged).toHaveLength(2);
    expect(logged).toEqual(
      expect.arrayContaining([
        { upstream: { list: 1 }, upstreamShared: undefined },
        { upstream: {}, upstreamShared: { list: 1 } },
      ]),
    );
  });

  it('share a whole query only with the identical one; another query of the credential shares its read', async () => {
    const g = await start();
    const nodes = await expectedNodes(g);
    const query = 'query Page($first: Int!) { numbers(first: $first) { nodes { id number recordingEnabled } } }';
    const page = (first: number) =>
      fetch(`${g.gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a' },
        body: JSON.stringify({ query, variables: { first } }),
      }).then(async (response) => ((await response.json()) as { data: Numbers }).data);
    g.gate.hold('list');
    const first = page(2);
    await listHeld(g);
    const same = page(2);
    const fewer = page(1);
    await waiting(g, 2);
    g.gate.release();
    const [a, b, c] = await Promise.all([first, same, fewer]);
    expect([a, b]).toEqual([{ numbers: { nodes } }, { numbers: { nodes } }]);
    expect(c).toEqual({ numbers: { nodes: nodes.slice(0, 1) } });
    expect(listCalls(g)).toHaveLength(1);
    const metrics = await scrape(g.gateway.url);
    expect(seriesOf(metrics, 'numbers_gateway_coalesced_operations_total')).toEqual({ 'result=shared': 1 });
    // Both others report the read they did not make: one through the shared query, one joined.
    expect(seriesOf(metrics, 'numbers_gateway_upstream_coalesced_total')).toEqual({ 'endpoint=list': 2 });
    const logged = requestLines(g).map(({ upstream, upstreamShared, operationShared }) => JSON.stringify({ upstream, upstreamShared, operationShared }));
    expect(logged.sort()).toEqual(
      [{ upstream: {}, upstreamShared: { list: 1 } }, { upstream: {}, upstreamShared: { list: 1 }, operationShared: true }, { upstream: { list: 1 } }]
        .map((line) => JSON.stringify(line))
        .sort(),
    );
  });

  it("never hand on a refused credential's answer: each request gets its own 401", async () => {
    const g = await start();
    g.gate.hold('list');
    const first = gql(g, LIST, 'not-a-known-token');
    await listHeld(g);
    const second = gql(g, LIST, 'not-a-known-token');
    await waiting(g, 1);
    g.gate.release();
    const answers = await Promise.all([first, second]);
    expect(answers.map((a) => [a.status, a.headers.get('www-authenticate'), a.body.errors?.map((e) => e.extensions?.code)])).toEqual([
      [401, expect.stringContaining('invalid_token'), ['UNAUTHENTICATED']],
      [401, expect.stringContaining('invalid_token'), ['UNAUTHENTICATED']],
    ]);
    expect(seriesOf(await scrape(g.gateway.url), 'numbers_gateway_coalesced_operations_total')).toEqual({ 'result=ran': 1 });
    // The follower runs the query itself once the leader is refused: its own call, refused too
    // (it passed the refused-credential guard before the refusal was known).
    expect(listCalls(g)).toHaveLength(2);
  });

  it('never share between two credentials, even of one unit', async () => {
    const g = await start();
    g.gate.hold('list');
    const first = gql(g, LIST, 'demo-token-a');
    await listHeld(g, 1);
    const second = gql(g, LIST, 'demo-token-a2');
    await listHeld(g, 2);
    g.gate.release();
    const [a, b] = await Promise.all([first, second]);
    expect(b.body).toEqual(a.body);
    expect([a.cost?.actual, b.cost?.actual]).toEqual([1, 1]);
    expect(listCalls(g).map((call) => call.authorization)).toEqual(['Bearer demo-token-a', 'Bearer demo-token-a2']);
  });

  it('give a read after a write of the same credential its own call, which sees the write', async () => {
    const g = await start();
    const [before] = await expectedNodes(g);
    g.gate.hold('list');
    const first = gql(g, LIST);
    await listHeld(g, 1);
    const write = await gql(
      g,
      `mutation { updateNumber(input: { id: "${before?.id}", recordingEnabled: ${!before?.recordingEnabled} }) { userErrors { code } } }`,
    );
    expect(write.body).toEqual({ data: { updateNumber: { userErrors: [] } } });
    const second = gql(g, LIST);
    await listHeld(g, 2);
    g.gate.release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.body.data?.numbers?.nodes[0]?.recordingEnabled).toBe(before?.recordingEnabled);
    expect(b.body.data?.numbers?.nodes[0]?.recordingEnabled).toBe(!before?.recordingEnabled);
    expect(listCalls(g)).toHaveLength(2);
  });
});

describe('the upstream plan (Numbers-Plan: trace) of a shared read', () => {
  it("shows the call in the leader's plan and, in the follower's, a read shared with a request in flight and no call", async () => {
    const g = await start();
    const nodes = await expectedNodes(g);
    const trace = { 'numbers-plan': 'trace' };
    g.gate.hold('list');
    const first = gql(g, LIST, 'demo-token-a', undefined, trace);
    await listHeld(g);
    const second = gql(g, LIST, 'demo-token-a', undefined, trace);
    await waiting(g, 1);
    g.gate.release();
    const [a, b] = await Promise.all([first, second]);
    expect(listCalls(g)).toHaveLength(1);
    for (const answer of [a, b]) expect(answer.body.data).toEqual({ numbers: { nodes } });
    const leader = planOf(a);
    const follower = planOf(b);
    expect(leader.calls.map(({ endpoint, params, status, retries }) => ({ endpoint, params, status, retries }))).toEqual([
      { endpoint: 'list', params: {}, status: 200, retries: 0 },
    ]);
    expect(leader.reads).toEqual([]);
    expect(follower.calls).toEqual([]);
    expect(follower.reads).toEqual([{ endpoint: 'list', source: 'shared', count: 1, firstMs: expect.any(Number) }]);
    // `actual` is the calls each request made, as in extensions.cost and Server-Timing.
    expect([leader.actual, follower.actual]).toEqual([1, 0]);
    expect([a.cost?.actual, b.cost?.actual]).toEqual([1, 0]);
    // Server-Timing says the same: the leader made the call, the follower shared it (and waited for it).
    expect(a.headers.get('server-timing')).toContain('desc="1 call"');
    expect(b.headers.get('server-timing')).toContain('desc="0 calls, 1 shared"');
    expect(b.headers.get('server-timing')).not.toContain('upstream;dur=0.0;');
  });
});

describe('a shared read that fails or is left', () => {
  it("gives every waiter the leader's typed error after one call", async () => {
    const g = await start();
    g.simulator.setFaults([{ fault: 'status=503', endpoint: 'list', times: 1 }]);
    g.gate.hold('list');
    const first = gql(g, LIST);
    await listHeld(g);
    const second = gql(g, LIST);
    await waiting(g, 1);
    g.gate.release();
    for (const answer of await Promise.all([first, second])) {
      expect(answer.body.data).toEqual({ numbers: null });
      expect(answer.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['numbers'], 'UPSTREAM_ERROR']]);
    }
    expect(listCalls(g)).toHaveLength(1);
    // The follower got the leader's answer, errors and all (an upstream failure is not the leader's own).
    expect(seriesOf(await scrape(g.gateway.url), 'numbers_gateway_coalesced_operations_total')).toEqual({ 'result=shared': 1 });
  });

  it('stops a follower whose client went away; the leader still gets the answer', async () => {
    const g = await start();
    const nodes = await expectedNodes(g);
    g.gate.hold('list');
    const first = gql(g, LIST);
    await listHeld(g);
    const hangUp = new AbortController();
    const second = gql(g, LIST, 'demo-token-a', hangUp.signal).catch((error: unknown) => error);
    await waiting(g, 1);
    hangUp.abort();
    await waiting(g, 0);
    g.gate.release();
    expect((await first).body).toEqual({ data: { numbers: { nodes } } });
    expect(await second).toMatchObject({ name: 'AbortError' });
    expect(listCalls(g)).toHaveLength(1);
  });

  it("answers the followers when the leader's client went away", async () => {
    const g = await start();
    const nodes = await expectedNodes(g);
    g.gate.hold('list');
    const hangUp = new AbortController();
    const first = gql(g, LIST, 'demo-token-a', hangUp.signal).catch((error: unknown) => error);
    await listHeld(g);
    const second = gql(g, LIST);
    await waiting(g, 1);
    hangUp.abort();
    expect(await first).toMatchObject({ name: 'AbortError' });
    g.gate.release();
    expect((await second).body).toEqual({ data: { numbers: { nodes } } });
    expect(listCalls(g)).toHaveLength(1);
  });

  it("answers the followers when the leader's operation budget runs out first", async () => {
    // Budgets are wall-clock: the follower starts 1.5 s after the leader, so it still has that
    // long when the leader's 3 s run out; the per-call timeout is far above both. Two different
    // queries, so the follower waits for the leader's read, not for its whole answer.
    const g = await start({
      OPERATION_TIMEOUT_MS: '3000',
      UPSTREAM_TIMEOUT_MS: '20000',
    });
    const nodes = await expectedNodes(g);
    g.gate.hold('list');
    const first = gql(g, `query Leader ${LIST}`);
    await listHeld(g);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = gql(g, `query Follower ${LIST}`);
    await waiting(g, 1);
    const leader = await first;
    expect(leader.body.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_TIMEOUT']);
    g.gate.release();
    expect((await second).body).toEqual({ data: { numbers: { nodes } } });
    expect(listCalls(g)).toHaveLength(1);
  });

  it("runs an identical query itself when the leader's budget ran out, on the leader's read still in flight", async () => {
    const g = await start({
      OPERATION_TIMEOUT_MS: '3000',
      UPSTREAM_TIMEOUT_MS: '20000',
    });
    const nodes = await expectedNodes(g);
    g.gate.hold('list');
    const first = gql(g, LIST);
    await listHeld(g);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = gql(g, LIST);
    await waiting(g, 1);
    expect((await first).body.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_TIMEOUT']);
    // The leader's timeout is its own: the follower is not handed it. It runs the query, and its
    // read joins the leader's call, which was kept in flight for it.
    await waiting(g, 1);
    g.gate.release();
    expect((await second).body).toEqual({ data: { numbers: { nodes } } });
    expect(listCalls(g)).toHaveLength(1);
    const metrics = await scrape(g.gateway.url);
    expect(seriesOf(metrics, 'numbers_gateway_coalesced_operations_total')).toEqual({ 'result=ran': 1 });
    expect(seriesOf(metrics, 'numbers_gateway_upstream_coalesced_total')).toEqual({ 'endpoint=list': 1 });
  });

  it('times out an identical query at its own budget, after one call, when the answer never comes', async () => {
    const g = await start({ OPERATION_TIMEOUT_MS: '2000', UPSTREAM_TIMEOUT_MS: '20000' });
    g.gate.hold('list');
    const first = gql(g, LIST);
    await listHeld(g);
    const second = gql(g, LIST);
    await waiting(g, 1);
    for (const answer of await Promise.all([first, second])) {
      expect(answer.body.data).toEqual({ numbers: null });
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_TIMEOUT']);
    }
    expect(listCalls(g)).toHaveLength(1);
  });

  it('times out every waiter, after one call, when the answer never comes within any budget', async () => {
    const g = await start({ OPERATION_TIMEOUT_MS: '2000', UPSTREAM_TIMEOUT_MS: '20000' });
    g.gate.hold('list');
    const first = gql(g, `query Leader ${LIST}`);
    await listHeld(g);
    const second = gql(g, `query Follower ${LIST}`);
    await waiting(g, 1);
    for (const answer of await Promise.all([first, second])) {
      expect(answer.body.data).toEqual({ numbers: null });
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_TIMEOUT']);
    }
    expect(listCalls(g)).toHaveLength(1);
  });
});

describe('UPSTREAM_COALESCE=off', () => {
  it('makes a call per request', async () => {
    const g = await start({ UPSTREAM_COALESCE: 'off' });
    g.gate.hold('list');
    const first = gql(g, LIST);
    await listHeld(g, 1);
    const second = gql(g, LIST);
    await listHeld(g, 2);
    g.gate.release();
    const [a, b] = await Promise.all([first, second]);
    expect(b.body).toEqual(a.body);
    expect([a.cost?.actual, b.cost?.actual]).toEqual([1, 1]);
  });
});
