import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../helpers/stack.js';

/** Demand control over real HTTP: the estimate in upstream calls, its limit and `extensions.cost`. */

const EVERY_NUMBER_FIELD = `id number e164 context createdAt updatedAt recordingEnabled callerIdPrefix callerIdPassthrough forwardSipTo
  acquisition { acquiredAt subscriber { firstName name address1 address2 address3 address4 postcode pushedAt status } }
  subscriber { firstName name status } destination { type id name } prefix { prefix description areaName }`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '0', REFERENCE_CACHE_TTL_SECONDS: '0', ACQUIRABLE_CACHE_TTL_SECONDS: '0' } });
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

describe('demand control by upstream calls', () => {
  it('accepts a 100-row page with every field: one list call and one prefix call', async () => {
    const result = await stack.gql<{ numbers: { nodes: unknown[] } }>(`{ numbers(first: 100) { nodes { ${EVERY_NUMBER_FIELD} } } }`);
    expect([result.status, result.body.errors]).toEqual([200, undefined]);
    expect(result.body.data?.numbers.nodes).toHaveLength(30);
    expect(stack.calls().sort()).toEqual(['available_prefixes', 'list']);
    expect(result.cost).toEqual({ estimated: 2, actual: 2, limit: 25 });
  });

  it('estimates a literal and a variable first the same, and answers both alike', async () => {
    const literal = await stack.gql('{ numbers(first: 3) { nodes { number prefix { acquirableNumbers(first: 2) } } } }');
    const literalCalls = stack.calls().sort();
    stack.resetCalls();
    const variable = await stack.gql('query Q($f: Int) { numbers(first: $f) { nodes { number prefix { acquirableNumbers(first: 2) } } } }', {
      variables: { f: 3 },
    });
    expect(variable.body).toEqual(literal.body);
    expect(stack.calls().sort()).toEqual(literalCalls);
    expect(literal.cost).toEqual({ estimated: 5, actual: literalCalls.length, limit: 25 });
    expect(literalCalls.length).toBeLessThanOrEqual(5);
  });

  it('refuses the fan-out availablePrefixes { acquirableNumbers } up front, with one clear error and no upstream call', async () => {
    const result = await stack.gql('{ availablePrefixes { prefix acquirableNumbers } }');
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      errors: [
        {
          message:
            'This operation asks for the acquirable numbers of up to 160 prefixes; an operation may load them for at most 20 (ACQUIRABLE_MAX_PREFIXES). acquirableNumbers costs one upstream call per prefix, and availablePrefixes without `first` or `search` counts as 160 items: narrow the prefixes it is selected on (`search`, a smaller `first`), or ask acquirableNumbers(prefix:) for the areas you need.',
          extensions: { code: 'COST_ESTIMATED_TOO_EXPENSIVE' },
        },
      ],
    });
    expect(result.cost).toEqual({ estimated: 21, actual: 0, limit: 25 });
    expect(stack.calls()).toEqual([]);
  });

  it('runs a prefix search with its pools: counted as the most pools a query may load, 1 + k calls made', async () => {
    const result = await stack.gql<{ availablePrefixes: Array<{ acquirableNumbers: string[] }> }>(
      '{ availablePrefixes(search: "aber") { prefix acquirableNumbers(first: 2) } again: availablePrefixes(search: "Aberdeen") { prefix } }',
    );
    const found = result.body.data?.availablePrefixes ?? [];
    expect([result.status, result.body.errors, found.length > 0]).toEqual([200, undefined, true]);
    expect(stack.calls()).toHaveLength(1 + found.length);
    expect(result.cost).toEqual({ estimated: 21, actual: 1 + found.length, limit: 25 });
  });

  it('refuses by the variables too: a variable first past the limit costs what its literal would', async () => {
    const query = 'query Q($f: Int) { numbers(first: $f) { nodes { prefix { acquirableNumbers } } } }';
    const refused = await stack.gql(query, { variables: { f: 24 } });
    expect([refused.status, refused.body.errors?.map((e) => e.extensions?.code), refused.cost]).toEqual([
      400,
      ['COST_ESTIMATED_TOO_EXPENSIVE'],
      { estimated: 22, actual: 0, limit: 25 },
    ]);
    const literal = await stack.gql('{ numbers(first: 24) { nodes { prefix { acquirableNumbers } } } }');
    expect([literal.status, literal.cost]).toEqual([400, refused.cost]);
    expect(stack.calls()).toEqual([]);
  });

  it('reports actual below the estimate when a call is shared or a field fails before calling', async () => {
    const result = await stack.gql('{ a: accessNumbers { code } b: accessNumbers { description } numbers(first: 500) { totalCount } }');
    expect(result.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(result.cost).toEqual({ estimated: 2, actual: 1, limit: 25 });
    expect(stack.calls()).toEqual(['available_access_numbers']);
  });

  it('costs a mutation its write and possible read-back, and reports the one call it made', async () => {
    const result = await stack.gql(
      'mutation { updateNumber(input: { id: "3401", recordingEnabled: false }) { number { id recordingEnabled } userErrors { code } } }',
    );
    expect(result.body).toEqual({ data: { updateNumber: { number: { id: '3401', recordingEnabled: false }, userErrors: [] } } });
    expect(result.cost).toEqual({ estimated: 2, actual: 1, limit: 25 });
    expect(stack.calls()).toEqual(['save']);
  });

  it('reaches its estimate when the answer to a write is lost and the gateway reads the state back', async () => {
    stack.simulator.setFaults([{ fault: 'status=500', endpoint: 'save' }]);
    try {
      const result = await stack.gql('mutation { updateNumber(input: { id: "3402", callerIdPrefix: "LOST" }) { number { id } } }');
      expect(result.body.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_ERROR']);
      expect(stack.calls()).toEqual(['save', 'info']);
      expect(result.cost).toEqual({ estimated: 2, actual: 2, limit: 25 });
    } finally {
      stack.simulator.clearFaults();
    }
  });

  it('reports a cost of nothing on operations that never ran', async () => {
    for (const query of ['{ nope }', '{ numbers(first: 1) { ', '{ __typename }']) {
      const result = await stack.gql(query);
      expect([query, result.cost]).toEqual([query, { estimated: 0, actual: 0, limit: 25 }]);
    }
    expect(stack.calls()).toEqual([]);
  });
});

describe('demand control with its own limits', () => {
  let tight: Stack;
  beforeAll(async () => {
    tight = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '0', LIMIT_MAX_UPSTREAM_CALLS: '3', ACQUIRABLE_MAX_PREFIXES: '2' } });
  });
  afterAll(() => tight.close());

  it('refuses number(id) fields the planner could serve with more info calls than the limit', async () => {
    const ids = ['3401', '3402', '3403', '3404'].map((id, i) => `n${i}: number(id: "${id}") { id }`).join(' ');
    tight.resetCalls();
    const result = await tight.gql(`{ ${ids} }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.message).toBe(
      'This operation could make up to 4 upstream calls; the limit is 3 per operation (LIMIT_MAX_UPSTREAM_CALLS). Each number(id) can cost one upstream call: read many numbers through one numbers(...) page, or split the operation.',
    );
    expect(tight.calls()).toEqual([]);
  });

  it('refuses acquirableNumbers over more prefixes than an operation may load, even under the call limit', async () => {
    tight.resetCalls();
    const result = await tight.gql('{ a: acquirableNumbers(prefix: "01224") b: acquirableNumbers(prefix: "01225") c: acquirableNumbers(prefix: "01226") }');
    expect(result.status).toBe(400);
    expect(result.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      [
        'COST_ESTIMATED_TOO_EXPENSIVE',
        'This operation asks for the acquirable numbers of up to 3 prefixes; an operation may load them for at most 2 (ACQUIRABLE_MAX_PREFIXES). acquirableNumbers costs one upstream call per prefix: narrow the prefixes it is selected on (`search`, a smaller `first`), or ask acquirableNumbers(prefix:) for the areas you need.',
      ],
    ]);
    expect(tight.calls()).toEqual([]);
  });
});
