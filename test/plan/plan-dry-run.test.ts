import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { DEMO_ACQUIRABLE_NUMBER } from '../../src/graphiql/examples.js';
import { startStack, upstreamList, type Stack } from '../helpers/stack.js';
import { DASHBOARD, byIds, demoOperation } from './demo.js';
import { credentialsIn, endpointsOf, planOf, seenPlans } from './plans.js';

const DRY_RUN = { 'numbers-plan': 'dry-run' };

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

afterAll(() => {
  expect(seenPlans.length).toBeGreaterThan(0);
  expect(seenPlans.flatMap(credentialsIn)).toEqual([]);
});

describe('Numbers-Plan: dry-run', () => {
  it('plans the dashboard with no upstream call, data null and HTTP 200, and a real run on the cold cache then makes exactly those calls', async () => {
    stack = await startStack();
    const dry = await stack.gql(DASHBOARD, { headers: DRY_RUN });
    expect(dry.status).toBe(200);
    expect(dry.body.data).toBeNull();
    expect(dry.body.errors).toBeUndefined();
    expect(stack.calls()).toEqual([]);
    const plan = planOf(dry);
    expect(plan).toEqual({
      version: 1,
      mode: 'dry-run',
      estimated: 2,
      actual: 0,
      calls: [
        { endpoint: 'list', method: 'GET', params: {}, cacheable: false },
        { endpoint: 'available_prefixes', method: 'GET', params: {}, cacheable: true },
      ],
      reads: [],
      batches: [],
    });
    expect(dry.cost).toEqual({ estimated: 2, actual: 0, limit: 25 });

    const real = await stack.gql(DASHBOARD);
    expect(real.body.errors).toBeUndefined();
    expect(stack.calls()).toEqual(endpointsOf(plan));
  });

  it('plans ten number(id) fields with the planner decision a real run then follows', async () => {
    stack = await startStack();
    const ids = (await upstreamList(stack.simulator)).slice(0, 10).map((n) => n.id);
    stack.resetCalls();
    const dry = planOf(await stack.gql(byIds(ids), { headers: DRY_RUN }));
    expect(stack.calls()).toEqual([]);
    expect(dry.batches).toEqual([
      {
        loader: 'numberById',
        keys: 10,
        plan: 'list',
        listRatio: 30,
        infoConcurrency: 8,
        listStarted: false,
        reason: 'list because the unit size is unknown and k > one round of info calls (10 > 8); the list also teaches the unit size',
      },
    ]);
    await stack.gql(byIds(ids));
    expect(stack.calls()).toEqual(endpointsOf(dry));
    expect(endpointsOf(dry)).toEqual(['list']);

    // With the unit size known, two ids are two info calls, each named by its id.
    stack.resetCalls();
    const two = ids.slice(0, 2);
    const dryTwo = planOf(await stack.gql(byIds(two), { headers: DRY_RUN }));
    expect(dryTwo.calls).toEqual(two.map((id) => ({ endpoint: 'info', method: 'GET', params: { id: String(id) }, cacheable: false })));
    expect(dryTwo.batches[0]?.unitSize).toBe(30);
    await stack.gql(byIds(two));
    expect(stack.calls()).toEqual(['info', 'info']);
    expect(
      stack.simulator
        .stats()
        .calls.map((c) => c.params.id)
        .sort(),
    ).toEqual(two.map(String).sort());
  });

  it('plans nodes(ids:) as one batch of its distinct ids, as a real run then calls them', async () => {
    stack = await startStack();
    const ids = (await upstreamList(stack.simulator)).slice(0, 3).map((n) => String(n.id));
    await stack.gql(byIds(ids)); // the unit size is known from here: three ids are three info calls
    stack.resetCalls();
    const query = `{ nodes(ids: ${JSON.stringify([...ids, ids[0]])}) { id } }`;
    const dry = planOf(await stack.gql(query, { headers: DRY_RUN }));
    expect(stack.calls()).toEqual([]);
    expect(dry.batches.map((batch) => [batch.keys, batch.plan])).toEqual([[3, 'info']]);
    expect(dry.calls.map((call) => call.params.id)).toEqual(ids);
    await stack.gql(query);
    expect(stack.calls()).toEqual(endpointsOf(dry));
  });

  it('plans pools whose prefixes only the prefix list reveals as one entry with the most calls they can take', async () => {
    stack = await startStack();
    const dry = planOf(await stack.gql(demoOperation('PrefixSearch'), { headers: DRY_RUN }));
    expect(dry.calls).toEqual([
      { endpoint: 'available_prefixes', method: 'GET', params: {}, cacheable: true },
      { endpoint: 'acquirable_numbers', method: 'GET', params: {}, cacheable: true, upTo: 20 },
    ]);
    expect(stack.calls()).toEqual([]);
    const pinned = planOf(await stack.gql('{ acquirableNumbers(prefix: "01224", first: 3) }', { headers: DRY_RUN }));
    expect(pinned.calls).toEqual([{ endpoint: 'acquirable_numbers', method: 'GET', params: { prefix: '01224' }, cacheable: true }]);
  });

  it('runs no mutation: the number a dry-run "buys" stays for sale', async () => {
    stack = await startStack();
    const mutation = `mutation { acquireNumber(input: { number: "${DEMO_ACQUIRABLE_NUMBER}" }) { number { id } userErrors { code } } }`;
    const dry = await stack.gql(mutation, { headers: DRY_RUN });
    expect([dry.status, dry.body.data]).toEqual([200, null]);
    expect(planOf(dry).calls).toEqual([{ endpoint: 'acquire', method: 'POST', params: {}, cacheable: false }]);
    expect(stack.calls()).toEqual([]);
    const real = await stack.gql<{ acquireNumber: { userErrors: unknown[] } }>(mutation);
    expect(real.body.data?.acquireNumber.userErrors).toEqual([]);
    expect(stack.calls()).toEqual(['acquire']);
  });

  it('shows the plan of an operation demand control refuses, with the refusal', async () => {
    stack = await startStack({ env: { LIMIT_MAX_UPSTREAM_CALLS: '1' } });
    const refused = await stack.gql(DASHBOARD, { headers: DRY_RUN });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['COST_ESTIMATED_TOO_EXPENSIVE']);
    expect(endpointsOf(planOf(refused))).toEqual(['list', 'available_prefixes']);
    expect(stack.calls()).toEqual([]);
  });
});
