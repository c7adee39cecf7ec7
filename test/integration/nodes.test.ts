import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, upstreamList, type Stack, type UpstreamNumber } from '../helpers/stack.js';

/**
 * `interface Node`, `node(id:)` and `nodes(ids:)` over real HTTP: exact data, exact upstream
 * calls (the same loader and planner as `number(id:)`) and the cost the estimator states.
 */

let stack: Stack;
let unitA: UpstreamNumber[];
let unitB: UpstreamNumber[];

beforeAll(async () => {
  // The planner's default: with the unit size unknown, a batch of up to 8 ids is 8 info calls.
  stack = await startStack({ env: { PLANNER_INFO_CONCURRENCY: '8', UPSTREAM_RETRY_LIMIT: '0' } });
  unitA = await upstreamList(stack.simulator);
  unitB = await upstreamList(stack.simulator, 'demo-token-b');
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.simulator.clearFaults();
  stack.resetCalls();
});

const NODES = 'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Number { number } } }';
const shown = (n: UpstreamNumber) => ({ __typename: 'Number', id: String(n.id), number: n.number });
const codes = (errors: Array<{ extensions?: Record<string, unknown> }> | undefined) => errors?.map((e) => [e.extensions?.code, e.extensions?.argument]);

describe('node(id:)', () => {
  it("is the number as a Node, null for another unit's id, batched with number(id:) into one plan", async () => {
    const [a, b] = [unitA[0]!, unitA[1]!];
    const { body, cost } = await stack.gql(
      `{ n: node(id: "${a.id}") { __typename id ... on Number { number e164 } } same: number(id: "${a.id}") { id } other: node(id: "${b.id}") { id } foreign: node(id: "${unitB[0]!.id}") { id } }`,
    );
    expect(body).toEqual({
      data: {
        n: { __typename: 'Number', id: String(a.id), number: a.number, e164: `+44${a.number.slice(1)}` },
        same: { id: String(a.id) },
        other: { id: String(b.id) },
        foreign: null,
      },
    });
    // Three distinct ids in one batch, under the info cap: three info calls, estimated as three.
    expect(stack.calls()).toEqual(['info', 'info', 'info']);
    expect(cost).toMatchObject({ estimated: 3, actual: 3 });
  });

  it('refuses a malformed id with BAD_USER_INPUT and no upstream call', async () => {
    const { body } = await stack.gql('{ node(id: "../list") { id } }');
    expect(body.data).toEqual({ node: null });
    expect(codes(body.errors)).toEqual([['BAD_USER_INPUT', 'id']]);
    expect(stack.calls()).toEqual([]);
  });
});

describe('nodes(ids:)', () => {
  it('answers 0 ids with an empty list and no upstream call', async () => {
    const { body, cost } = await stack.gql(NODES, { variables: { ids: [] } });
    expect(body).toEqual({ data: { nodes: [] } });
    expect(stack.calls()).toEqual([]);
    expect(cost).toMatchObject({ estimated: 0, actual: 0 });
  });

  it('answers 1 id with one info call', async () => {
    const { body, cost } = await stack.gql(NODES, { variables: { ids: [String(unitA[5]!.id)] } });
    expect(body).toEqual({ data: { nodes: [shown(unitA[5]!)] } });
    expect(stack.calls()).toEqual(['info']);
    expect(cost).toMatchObject({ estimated: 1, actual: 1 });
  });

  it('keeps the input order, repeats duplicates and is null for ids the unit does not have', async () => {
    const [x, y, z] = [unitA[9]!, unitA[2]!, unitA[20]!];
    const ids = [x, y, unitB[3]!, x, z].map((n) => String(n.id)).concat('999999');
    const { body } = await stack.gql(NODES, { variables: { ids } });
    expect(body).toEqual({ data: { nodes: [shown(x), shown(y), null, shown(x), shown(z), null] } });
    // Five distinct ids: five info calls, never two for the same id.
    const calls = stack.simulator.stats().calls;
    expect(calls.map((c) => c.endpoint)).toEqual(Array(5).fill('info'));
    expect(calls.map((c) => c.params.id).sort()).toEqual(
      [x, y, unitB[3]!, z]
        .map((n) => String(n.id))
        .concat('999999')
        .sort(),
    );
  });

  it('answers 100 ids with one list call, in order, null for every id the unit lacks', async () => {
    const own = unitA.map((n) => String(n.id));
    const ids = Array.from({ length: 100 }, (_, i) => (i % 3 === 2 ? String(unitB[i % unitB.length]!.id) : own[i % own.length]!));
    const byId = new Map(unitA.map((n) => [String(n.id), n]));
    const { body, cost } = await stack.gql(NODES, { variables: { ids } });
    expect(body).toEqual({ data: { nodes: ids.map((id) => (byId.has(id) ? shown(byId.get(id)!) : null)) } });
    expect(stack.calls()).toEqual(['list']);
    expect(cost).toMatchObject({ estimated: 1, actual: 1 });
  });

  it('refuses 101 ids, or a malformed one, with BAD_USER_INPUT before any upstream call', async () => {
    const many = Array.from({ length: 101 }, () => String(unitA[0]!.id));
    for (const ids of [many, [String(unitA[0]!.id), '1?x=2']]) {
      const { status, body } = await stack.gql(NODES, { variables: { ids } });
      expect(status).toBe(200);
      // `nodes` is non-null ([Node]!), so its refusal nulls the whole answer's data.
      expect(body.data).toBeNull();
      expect(codes(body.errors)).toEqual([['BAD_USER_INPUT', 'ids']]);
    }
    expect(stack.calls()).toEqual([]);
  });

  it('shares one list call with numbers in the same operation', async () => {
    const ids = [unitA[3]!, unitA[4]!].map((n) => String(n.id));
    const { body, cost } = await stack.gql(`query($ids: [ID!]!) { numbers(first: 0) { totalCount } nodes(ids: $ids) { id } }`, { variables: { ids } });
    expect(body).toEqual({ data: { numbers: { totalCount: unitA.length }, nodes: ids.map((id) => ({ id })) } });
    expect(stack.calls()).toEqual(['list']);
    expect(cost?.actual).toBe(1);
  });

  it('fails item by item: an id whose upstream call fails is null with its own error, the list survives', async () => {
    stack.simulator.setFaults([{ fault: 'status=503', endpoint: 'info' }]);
    const ids = [unitA[0]!, unitA[1]!].map((n) => String(n.id));
    const { body } = await stack.gql(NODES, { variables: { ids } });
    expect(body.data).toEqual({ nodes: [null, null] });
    expect(body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['nodes', 0], 'UPSTREAM_ERROR'],
      [['nodes', 1], 'UPSTREAM_ERROR'],
    ]);
  });
});
