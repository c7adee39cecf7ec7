import { afterEach, describe, expect, it } from '@jest/globals';
import { startStack, upstreamGet, upstreamList, type Stack } from '../helpers/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const DASHBOARD = '{ numbers(first: 20) { nodes { number destination { name } subscriber { name } prefix { areaName } } } }';
const ABER = '{ availablePrefixes(search: "aber") { prefix acquirableNumbers(first: 5) } }';

interface Prefix {
  prefix: string;
  description: string;
}

async function aberPrefixes(s: Stack): Promise<string[]> {
  const all = await upstreamGet<Prefix[]>(s.simulator, 'available_prefixes');
  return all
    .filter((p) => p.description.toLowerCase().includes('aber'))
    .sort((a, b) => a.description.localeCompare(b.description, 'en-GB'))
    .map((p) => p.prefix);
}

describe('upstream calls per operation', () => {
  it('serves the dashboard with list + prefixes cold and the list alone while the prefixes are fresh', async () => {
    stack = await startStack();
    const numbers = await upstreamList(stack.simulator);
    stack.resetCalls();
    const cold = await stack.gql(DASHBOARD);
    expect(stack.calls().sort()).toEqual(['available_prefixes', 'list']);
    stack.resetCalls();
    const warm = await stack.gql(DASHBOARD);
    expect(stack.calls()).toEqual(['list']);
    expect(warm.body).toEqual(cold.body);
    expect(warm.body.errors).toBeUndefined();
    const nodes = (warm.body.data as { numbers: { nodes: Array<{ number: string }> } }).numbers.nodes;
    expect(nodes.map((n) => n.number)).toEqual(numbers.slice(0, 20).map((n) => n.number));
  });

  it('makes 1 + k calls for prefixes with nested pools cold, and none while all of them are fresh', async () => {
    stack = await startStack();
    const aber = await aberPrefixes(stack);
    stack.resetCalls();
    const cold = await stack.gql(ABER);
    const calls = stack.simulator.stats().calls;
    expect(calls.filter((c) => c.endpoint === 'available_prefixes')).toHaveLength(1);
    expect(
      calls
        .filter((c) => c.endpoint === 'acquirable_numbers')
        .map((c) => c.params.prefix)
        .sort(),
    ).toEqual([...aber].sort());
    expect(calls).toHaveLength(1 + aber.length);
    stack.resetCalls();
    const warm = await stack.gql(ABER);
    expect(stack.calls()).toEqual([]);
    expect(warm.body).toEqual(cold.body);
    expect((warm.body.data as { availablePrefixes: Prefix[] }).availablePrefixes.map((p) => p.prefix)).toEqual(aber);
  });

  it('calls the upstream for access numbers once, then serves them from the cache', async () => {
    stack = await startStack();
    const upstream = await upstreamGet<Array<{ number: string; description: string }>>(stack.simulator, 'available_access_numbers');
    stack.resetCalls();
    const first = await stack.gql('{ accessNumbers { code description } }');
    const second = await stack.gql('{ accessNumbers { code description } }');
    expect(stack.calls()).toEqual(['available_access_numbers']);
    const expected = { data: { accessNumbers: upstream.map((a) => ({ code: a.number, description: a.description })) } };
    expect(first.body).toEqual(expected);
    expect(second.body).toEqual(expected);
  });

  it('never caches numbers across requests', async () => {
    stack = await startStack();
    const [n] = await upstreamList(stack.simulator);
    stack.resetCalls();
    await stack.gql(`{ numbers(first: 1) { totalCount } number(id: "${n!.id}") { number } }`);
    await stack.gql(`{ numbers(first: 1) { totalCount } number(id: "${n!.id}") { number } }`);
    expect(stack.calls()).toEqual(['list', 'list']);
  });
});

describe('reference cache', () => {
  it('keys entries by tenant: unit B makes its own calls after unit A warmed the cache', async () => {
    stack = await startStack();
    await stack.gql('{ availablePrefixes { prefix } accessNumbers { code } }', { token: 'demo-token-a' });
    await stack.gql('{ availablePrefixes { prefix } accessNumbers { code } }', { token: 'demo-token-b' });
    await stack.gql('{ availablePrefixes { prefix } accessNumbers { code } }', { token: 'demo-token-b' });
    await stack.gql('{ availablePrefixes { prefix } accessNumbers { code } }', { token: 'demo-token-a' });
    expect(stack.simulator.stats().byUnit).toEqual({
      'unit-a': { available_prefixes: 1, available_access_numbers: 1 },
      'unit-b': { available_prefixes: 1, available_access_numbers: 1 },
    });
  });

  it('does not cache a failed call: the next request asks the upstream again', async () => {
    stack = await startStack();
    stack.simulator.setFaults([{ fault: 'status=503', endpoint: 'available_access_numbers', times: 3 }]);
    const failed = await stack.gql('{ accessNumbers { code } }');
    expect(failed.body.data).toEqual({ accessNumbers: null });
    stack.simulator.clearFaults();
    stack.resetCalls();
    const ok = await stack.gql<{ accessNumbers: unknown[] }>('{ accessNumbers { code } }');
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.accessNumbers.length).toBeGreaterThan(0);
    expect(stack.calls()).toEqual(['available_access_numbers']);
  });

  it('reads the upstream every time when the TTLs are 0', async () => {
    stack = await startStack({ env: { REFERENCE_CACHE_TTL_SECONDS: '0', ACQUIRABLE_CACHE_TTL_SECONDS: '0' } });
    await stack.gql('{ accessNumbers { code } acquirableNumbers(prefix: "01224") }');
    await stack.gql('{ accessNumbers { code } acquirableNumbers(prefix: "01224") }');
    expect(stack.calls().sort()).toEqual(['acquirable_numbers', 'acquirable_numbers', 'available_access_numbers', 'available_access_numbers']);
  });

  it('clears the cached pool when a number is acquired, so the next read no longer offers it', async () => {
    stack = await startStack();
    const pool = await upstreamGet<string[]>(stack.simulator, 'acquirable_numbers?prefix=01224');
    const [bought, ...rest] = pool;
    const before = await stack.gql('{ acquirableNumbers(prefix: "01224") }');
    expect(before.body).toEqual({ data: { acquirableNumbers: pool } });
    const acquired = await stack.gql(`mutation { acquireNumber(input: { number: "${bought!}" }) { number { number } userErrors { code } } }`);
    expect(acquired.body).toEqual({ data: { acquireNumber: { number: { number: bought }, userErrors: [] } } });
    stack.resetCalls();
    const after = await stack.gql('{ acquirableNumbers(prefix: "01224") }');
    expect(after.body).toEqual({ data: { acquirableNumbers: rest } });
    expect(stack.calls()).toEqual(['acquirable_numbers']);
  });

  it("keeps other prefixes' pools cached when a number is acquired", async () => {
    stack = await startStack();
    const [bought] = await upstreamGet<string[]>(stack.simulator, 'acquirable_numbers?prefix=01224');
    await stack.gql('{ acquirableNumbers(prefix: "0131") }');
    await stack.gql(`mutation { acquireNumber(input: { number: "${bought!}" }) { number { number } } }`);
    stack.resetCalls();
    await stack.gql('{ acquirableNumbers(prefix: "0131") }');
    expect(stack.calls()).toEqual([]);
  });
});
