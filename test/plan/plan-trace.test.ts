import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { startStack, upstreamList, type Stack } from '../helpers/stack.js';
import { DASHBOARD, byIds } from './demo.js';
import { credentialsIn, endpointsOf, planOf, seenPlans } from './plans.js';

const TRACE = { 'numbers-plan': 'trace' };

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

afterAll(() => {
  // Every plan of this file was checked as it arrived; this says that none was skipped.
  expect(seenPlans.length).toBeGreaterThan(0);
  expect(seenPlans.flatMap(credentialsIn)).toEqual([]);
});

describe('Numbers-Plan: trace', () => {
  it('lists exactly the upstream calls the simulator logged for the dashboard, then the reference-cache hit on a warm run', async () => {
    stack = await startStack();
    const cold = await stack.gql(DASHBOARD, { headers: TRACE });
    expect(cold.status).toBe(200);
    expect(cold.body.errors).toBeUndefined();
    const coldPlan = planOf(cold);
    expect(coldPlan.mode).toBe('trace');
    expect(endpointsOf(coldPlan)).toEqual(stack.calls());
    expect(endpointsOf(coldPlan)).toEqual(['list', 'available_prefixes']);
    expect(coldPlan.calls.map(({ method, params, cacheable, status, retries, breaker }) => ({ method, params, cacheable, status, retries, breaker }))).toEqual([
      { method: 'GET', params: {}, cacheable: false, status: 200, retries: 0, breaker: 'closed' },
      { method: 'GET', params: {}, cacheable: true, status: 200, retries: 0, breaker: 'closed' },
    ]);
    for (const call of coldPlan.calls) {
      expect(call.startMs).toBeLessThanOrEqual(coldPlan.durationMs ?? 0);
      expect((call.startMs ?? 0) + (call.durationMs ?? 0)).toBeLessThanOrEqual(coldPlan.durationMs ?? 0);
    }
    // The 20 numbers ask for their prefix: the first builds the index, the other 19 reuse it.
    expect(coldPlan.reads.map(({ endpoint, source, count }) => ({ endpoint, source, count }))).toEqual([
      { endpoint: 'available_prefixes', source: 'memo', count: 19 },
    ]);
    expect([coldPlan.estimated, coldPlan.actual]).toEqual([cold.cost?.estimated, cold.cost?.actual]);
    expect([coldPlan.estimated, coldPlan.actual]).toEqual([2, 2]);

    stack.resetCalls();
    const warm = await stack.gql(DASHBOARD, { headers: TRACE });
    const warmPlan = planOf(warm);
    expect(endpointsOf(warmPlan)).toEqual(stack.calls());
    expect(endpointsOf(warmPlan)).toEqual(['list']);
    expect(warmPlan.reads.map(({ endpoint, source, store, count }) => ({ endpoint, source, store, count }))).toEqual([
      // In the order they first happened: the 19 prefix lookups wait on the one cache read.
      { endpoint: 'available_prefixes', source: 'memo', store: undefined, count: 19 },
      { endpoint: 'available_prefixes', source: 'cache', store: 'memory', count: 1 },
    ]);
    expect([warmPlan.estimated, warmPlan.actual]).toEqual([2, 1]);
    expect(warm.body.data).toEqual(cold.body.data);
  });

  it("shows the planner's decision with its inputs for ten number(id) fields", async () => {
    stack = await startStack();
    const ids = (await upstreamList(stack.simulator)).slice(0, 10).map((n) => n.id);
    await stack.gql('{ numbers(first: 1) { totalCount } }'); // teaches the planner the unit size (30)
    stack.resetCalls();
    const result = await stack.gql(byIds(ids), { headers: TRACE });
    expect(Object.values(result.body.data ?? {})).toHaveLength(10);
    const plan = planOf(result);
    expect(endpointsOf(plan)).toEqual(stack.calls());
    expect(plan.batches).toEqual([
      {
        loader: 'numberById',
        keys: 10,
        plan: 'list',
        unitSize: 30,
        listRatio: 30,
        infoConcurrency: 8,
        listStarted: false,
        reason: 'list because k > 1 + S/ratio (10 > 1 + 30/30 = 2)',
        atMs: plan.batches[0]?.atMs,
      },
    ]);
    expect(endpointsOf(plan)).toEqual(['list']);
  });

  it('names each info call by its id when the planner picks info, and the ids a list already loaded as list reads', async () => {
    stack = await startStack();
    const [first, second] = (await upstreamList(stack.simulator)).map((n) => n.id);
    await stack.gql('{ numbers(first: 1) { totalCount } }');
    stack.resetCalls();
    const info = planOf(await stack.gql(byIds([first ?? 0, second ?? 0]), { headers: TRACE }));
    expect(info.calls.map((c) => [c.endpoint, c.params])).toEqual(
      expect.arrayContaining([
        ['info', { id: String(first) }],
        ['info', { id: String(second) }],
      ]),
    );
    expect(info.calls).toHaveLength(2);
    expect(info.batches[0]?.reason).toBe('info because k ≤ 1 + S/ratio (2 ≤ 1 + 30/30 = 2): 2 info call(s)');

    // The page loads the list first; the batch after it is served by that list.
    const served = planOf(await stack.gql(`query { numbers(first: 1) { totalCount } n: number(id: "${String(first)}") { id } }`, { headers: TRACE }));
    expect(endpointsOf(served)).toEqual(['list']);
  });

  it('records a failing call with its last status, its retries, its error kind and the breaker state', async () => {
    stack = await startStack({ env: { UPSTREAM_RETRY_LIMIT: '2', UPSTREAM_TIMEOUT_MS: '10000', BREAKER_VOLUME_THRESHOLD: '100000' } });
    stack.simulator.setFaults([{ fault: 'status=503', endpoint: 'available_access_numbers' }]);
    const result = await stack.gql('{ accessNumbers { code } }', { headers: TRACE });
    expect(result.body.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_ERROR']);
    const plan = planOf(result);
    // One call of the gateway, three attempts at the simulator.
    expect(stack.calls()).toEqual(Array(3).fill('available_access_numbers'));
    expect(plan.calls.map(({ endpoint, status, error, retries, breaker }) => ({ endpoint, status, error, retries, breaker }))).toEqual([
      { endpoint: 'available_access_numbers', status: 503, error: 'UNAVAILABLE', retries: 2, breaker: 'closed' },
    ]);
    expect(plan.actual).toBe(1);
  });

  it('adds no plan without the header, and no plan for a request that cannot run', async () => {
    stack = await startStack();
    const plain = await stack.gql(DASHBOARD);
    expect(plain.body.extensions).toBeUndefined();
    const broken = await stack.gql('{ numbers(first: 1) { nope } }', { headers: TRACE });
    expect(broken.status).toBe(400);
    expect(broken.body.extensions).toBeUndefined();
  });
});
