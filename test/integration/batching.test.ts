import { afterEach, describe, expect, it } from '@jest/globals';
import { startStack, upstreamGet, upstreamList, type Stack } from '../helpers/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

function tenAliases(ids: number[]): string {
  return `{ ${ids.map((id, i) => `n${i}: number(id: "${id}") { id number }`).join(' ')} }`;
}

describe('number-by-id batch planning', () => {
  it('uses ten info calls for ten ids when the configured ratio makes the list too expensive', async () => {
    stack = await startStack({ env: { PLANNER_LIST_RATIO: '1', PLANNER_INFO_CONCURRENCY: '4' } });
    const ids = (await upstreamList(stack.simulator)).slice(0, 10).map((n) => n.id);
    await stack.gql('{ numbers(first: 1) { totalCount } }'); // teaches the planner the unit size
    stack.resetCalls();
    const { body } = await stack.gql(tenAliases(ids));
    expect(Object.values(body.data ?? {}).map((n) => (n as { id: string }).id)).toEqual(ids.map(String));
    const calls = stack.simulator.stats().calls;
    expect(calls.map((c) => c.endpoint)).toEqual(Array(10).fill('info'));
    expect(calls.map((c) => c.params.id).sort()).toEqual(ids.map(String).sort());
  });

  it('uses one list call for ten ids once the unit is known to be small', async () => {
    stack = await startStack({ env: { PLANNER_LIST_RATIO: '30' } });
    const ids = (await upstreamList(stack.simulator)).slice(0, 10).map((n) => n.id);
    await stack.gql('{ numbers(first: 1) { totalCount } }');
    stack.resetCalls();
    const { body } = await stack.gql(tenAliases(ids));
    expect(Object.values(body.data ?? {}).map((n) => (n as { id: string }).id)).toEqual(ids.map(String));
    expect(stack.calls()).toEqual(['list']);
  });

  it('uses info calls for a batch that fits one round of the cap while the unit size is unknown', async () => {
    stack = await startStack({ env: { PLANNER_INFO_CONCURRENCY: '8' } });
    const ids = (await upstreamList(stack.simulator)).slice(0, 9).map((n) => n.id);
    stack.resetCalls();
    await stack.gql(tenAliases(ids.slice(0, 8)));
    expect(stack.calls()).toEqual(Array(8).fill('info'));
    stack.resetCalls();
    await stack.gql(tenAliases(ids.slice(0, 9)));
    expect(stack.calls()).toEqual(['list']);
  });

  it("learns the unit size per tenant: one tenant's size never steers another's plan", async () => {
    stack = await startStack({ env: { PLANNER_LIST_RATIO: '30' } });
    const idsB = (await upstreamList(stack.simulator, 'demo-token-b')).slice(0, 5).map((n) => n.id);
    await stack.gql('{ numbers(first: 1) { totalCount } }'); // unit A becomes known
    stack.resetCalls();
    await stack.gql(tenAliases(idsB), { token: 'demo-token-b' });
    expect(stack.calls()).toEqual(Array(5).fill('info'));
  });
});

describe('reference data', () => {
  it('loads acquirable numbers once per distinct prefix: 1 + k calls for a prefix search', async () => {
    stack = await startStack();
    const all = await upstreamGet<Array<{ prefix: string; description: string }>>(stack.simulator, 'available_prefixes');
    const aber = all.filter((p) => p.description.toLowerCase().includes('aber')).sort((a, b) => a.description.localeCompare(b.description, 'en-GB'));
    const pools = await Promise.all(aber.map((p) => upstreamGet<string[]>(stack!.simulator, `acquirable_numbers?prefix=${p.prefix}`)));
    stack.resetCalls();
    const { body } = await stack.gql(
      '{ availablePrefixes(search: "aber") { prefix description areaName acquirableNumbers(first: 5) } again: availablePrefixes(search: "ABER") { acquirableNumbers(first: 2) } }',
    );
    expect(aber.length).toBeGreaterThanOrEqual(4);
    expect(body).toEqual({
      data: {
        availablePrefixes: aber.map((p, i) => ({
          prefix: p.prefix,
          description: p.description,
          areaName: p.description.replace(/ \(\d+\)$/, ''),
          acquirableNumbers: pools[i]!.slice(0, 5),
        })),
        again: pools.map((pool) => ({ acquirableNumbers: pool.slice(0, 2) })),
      },
    });
    const calls = stack.simulator.stats().calls;
    expect(calls.filter((c) => c.endpoint === 'available_prefixes')).toHaveLength(1);
    expect(
      calls
        .filter((c) => c.endpoint === 'acquirable_numbers')
        .map((c) => c.params.prefix)
        .sort(),
    ).toEqual(aber.map((p) => p.prefix).sort());
    expect(calls).toHaveLength(1 + aber.length);
  });

  it('searches prefixes by leading digits', async () => {
    stack = await startStack();
    const { body } = await stack.gql<{ availablePrefixes: Array<{ prefix: string }> }>('{ availablePrefixes(search: "0122") { prefix } }');
    const prefixes = body.data!.availablePrefixes.map((p) => p.prefix);
    expect(prefixes).toContain('01224');
    expect(prefixes.every((p) => p.startsWith('0122'))).toBe(true);
  });

  it('lists acquirable numbers of one prefix and rejects a malformed prefix without a call', async () => {
    stack = await startStack();
    const pool = await upstreamGet<string[]>(stack.simulator, 'acquirable_numbers?prefix=01224');
    stack.resetCalls();
    const { body } = await stack.gql('{ acquirableNumbers(prefix: "01224") }');
    expect(body).toEqual({ data: { acquirableNumbers: pool } });
    const bad = await stack.gql('{ acquirableNumbers(prefix: "01224&prefix=0") }');
    expect(bad.body.data).toEqual({ acquirableNumbers: null });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.calls()).toEqual(['acquirable_numbers']);
  });

  it('maps access numbers and builds dial strings', async () => {
    stack = await startStack();
    const upstream = await upstreamGet<Array<{ number: string; description: string }>>(stack.simulator, 'available_access_numbers');
    stack.resetCalls();
    const { body } = await stack.gql('{ accessNumbers { code description takesNumber dialString(number: "201") } }');
    expect(body).toEqual({
      data: {
        accessNumbers: upstream.map((a) => ({
          code: a.number,
          description: a.description,
          takesNumber: a.number.includes('{number}'),
          dialString: a.number.replace('{number}', '201'),
        })),
      },
    });
    expect(body.data && (body.data.accessNumbers as Array<{ dialString: string }>)).toContainEqual(expect.objectContaining({ dialString: '*30*201' }));
    expect(stack.calls()).toEqual(['available_access_numbers']);
  });

  it('loads acquirable numbers for at most ACQUIRABLE_MAX_PREFIXES prefixes per operation', async () => {
    stack = await startStack({ env: { ACQUIRABLE_MAX_PREFIXES: '3', ACQUIRABLE_CACHE_TTL_SECONDS: '0' } });
    const { body } = await stack.gql<{ availablePrefixes: Array<{ acquirableNumbers: string[] | null }> }>(
      '{ availablePrefixes(search: "01") { prefix acquirableNumbers(first: 1) } }',
    );
    const pools = body.data!.availablePrefixes.map((p) => p.acquirableNumbers);
    expect(pools.length).toBeGreaterThan(3);
    expect(pools.filter((p) => p !== null)).toHaveLength(3);
    expect(new Set(body.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(body.errors).toHaveLength(pools.length - 3);
    expect(stack.calls().filter((c) => c === 'acquirable_numbers')).toHaveLength(3);
  });
});
