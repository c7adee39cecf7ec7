import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { NUMBER_FIELDS, SUBSCRIBER_FRAGMENT, expectedNumber } from '../helpers/expected.js';
import { startStack, upstreamGet, upstreamList, type GraphQLResult, type Stack, type UpstreamNumber } from '../helpers/stack.js';

interface Page {
  edges: Array<{ cursor: string; node: { id: string } }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null; startCursor: string | null };
}

let stack: Stack;
let unitA: UpstreamNumber[];
let prefixes: Array<{ prefix: string; description: string }>;

beforeAll(async () => {
  stack = await startStack();
  unitA = await upstreamList(stack.simulator);
  prefixes = await upstreamGet(stack.simulator, 'available_prefixes');
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

function prefixOf(number: string) {
  const hits = prefixes.filter((p) => number.startsWith(p.prefix)).sort((a, b) => b.prefix.length - a.prefix.length);
  const hit = hits[0];
  return hit ? { prefix: hit.prefix, description: hit.description, areaName: hit.description.replace(/ \(\d+\)$/, '') } : null;
}

describe('numbers', () => {
  it('returns the first page with every field mapped from the upstream list in one call', async () => {
    const { body } = await stack.gql(
      `{ numbers(first: 3) { totalCount nodes { ${NUMBER_FIELDS} } pageInfo { hasNextPage hasPreviousPage } } } ${SUBSCRIBER_FRAGMENT}`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      numbers: {
        totalCount: unitA.length,
        nodes: unitA.slice(0, 3).map(expectedNumber),
        pageInfo: { hasNextPage: true, hasPreviousPage: false },
      },
    });
    expect(stack.calls()).toEqual(['list']);
  });

  it('serves the dashboard page with destination, subscriber and prefix in exactly two upstream calls', async () => {
    const { body } = await stack.gql<{ numbers: { nodes: Array<{ number: string; prefix: unknown }> } }>(
      '{ numbers(first: 20) { nodes { number destination { name } subscriber { name status } prefix { prefix description areaName } } } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.numbers.nodes.map((n) => n.prefix)).toEqual(unitA.slice(0, 20).map((n) => prefixOf(n.number)));
    expect(body.data?.numbers.nodes.some((n) => n.prefix === null)).toBe(true);
    expect(stack.calls().sort()).toEqual(['available_prefixes', 'list']);
  });

  it('walks every page with opaque cursors and never repeats or skips a number', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { body }: GraphQLResult<{ numbers: Page }> = await stack.gql<{ numbers: Page }>(
        'query Page($after: String) { numbers(first: 7, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
        { variables: { after } },
      );
      const page: Page = body.data!.numbers;
      expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      seen.push(...page.edges.map((e) => e.node.id));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(unitA.map((n) => String(n.id)));
    expect(pages).toBe(Math.ceil(unitA.length / 7));
    expect(stack.calls()).toEqual(Array(pages).fill('list'));
  });

  it('filters by context and by search over digits, +44 form, destination and subscriber names', async () => {
    const utility = unitA.filter((n) => n.context === 'utility').map((n) => String(n.id));
    const { body } = await stack.gql<{ numbers: { totalCount: number; nodes: Array<{ id: string }> } }>(
      '{ numbers(first: 100, context: UTILITY) { totalCount nodes { id } } }',
    );
    expect(utility.length).toBeGreaterThan(0);
    expect(body.data?.numbers).toEqual({ totalCount: utility.length, nodes: utility.map((id) => ({ id })) });

    const target = unitA[4]!;
    const byDigits = await stack.gql<{ numbers: { nodes: Array<{ id: string }> } }>('query S($s: String) { numbers(search: $s) { nodes { id } } }', {
      variables: { s: `+44 ${target.number.slice(1, 5)} ${target.number.slice(5)}` },
    });
    expect(byDigits.body.data?.numbers.nodes).toEqual([{ id: String(target.id) }]);

    const named = unitA.find((n) => n.aquisition.subscriber.name)!;
    const name = named.aquisition.subscriber.name!;
    const byName = await stack.gql<{ numbers: { nodes: Array<{ id: string }> } }>('query S($s: String) { numbers(first: 100, search: $s) { nodes { id } } }', {
      variables: { s: name.toUpperCase() },
    });
    const expected = unitA.filter((n) =>
      [n.destination?.object.name, n.aquisition.subscriber.name, n.aquisition.subscriber.first_name].some((t) => t?.toLowerCase().includes(name.toLowerCase())),
    );
    expect(byName.body.data?.numbers.nodes).toEqual(expected.map((n) => ({ id: String(n.id) })));
  });

  it('rejects a page size out of range and a forged cursor with BAD_USER_INPUT and no upstream call', async () => {
    for (const args of ['first: -1', 'first: 101', 'after: "bnVtYmVyOjEuLi8"', 'after: "not-a-cursor"']) {
      const { body } = await stack.gql(`{ numbers(${args}) { totalCount } }`);
      expect(body.data).toEqual({ numbers: null });
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
    expect(stack.calls()).toEqual([]);
  });
});

describe('number(id)', () => {
  it('returns one number with one info call', async () => {
    const n = unitA[2]!;
    const { body } = await stack.gql(`query One($id: ID!) { number(id: $id) { ${NUMBER_FIELDS} } } ${SUBSCRIBER_FRAGMENT}`, {
      variables: { id: String(n.id) },
    });
    expect(body).toEqual({ data: { number: expectedNumber(n) } });
    expect(stack.simulator.stats().calls.map((c) => [c.endpoint, c.method, c.params])).toEqual([['info', 'GET', { id: String(n.id) }]]);
  });

  it("is null for an id the unit does not have, including another unit's id", async () => {
    const other = (await upstreamList(stack.simulator, 'demo-token-b'))[0]!;
    stack.resetCalls();
    const { body } = await stack.gql(`{ missing: number(id: "999999") { id } foreign: number(id: "${other.id}") { id } }`);
    expect(body).toEqual({ data: { missing: null, foreign: null } });
    expect(stack.calls()).toEqual(['info', 'info']);
  });

  it('rejects ids that are not plain digits before calling the upstream', async () => {
    for (const id of ['..', '%2e%2e', '1?x=2', '1#x', '1\u0000', '9'.repeat(40), '-1', '']) {
      const { body } = await stack.gql('query One($id: ID!) { number(id: $id) { id } }', { variables: { id } });
      expect(body.data).toEqual({ number: null });
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
    expect(stack.calls()).toEqual([]);
  });

  it('dedupes repeated ids and reuses numbers the list already loaded in the same operation', async () => {
    const [a, b] = unitA;
    const { body } = await stack.gql(
      `{ numbers(first: 1) { totalCount } x: number(id: "${a!.id}") { id } y: number(id: "${a!.id}") { id } z: number(id: "${b!.id}") { id } }`,
    );
    expect(body.data).toEqual({ numbers: { totalCount: unitA.length }, x: { id: String(a!.id) }, y: { id: String(a!.id) }, z: { id: String(b!.id) } });
    expect(stack.calls()).toEqual(['list']);
  });
});
