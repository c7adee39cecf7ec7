import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    env: { LIMIT_MAX_DEPTH: '5', LIMIT_MAX_ALIASES: '15', LIMIT_MAX_DIRECTIVES: '5', LIMIT_MAX_TOKENS: '300', BODY_LIMIT_BYTES: '4096' },
  });
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> } };
}

const refused: Array<[string, string, number, string]> = [
  ['depth', '{ numbers { edges { node { acquisition { subscriber { status } } } } } }', 400, 'GRAPHQL_VALIDATION_FAILED'],
  ['aliases', `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: accessNumbers { code }`).join(' ')} }`, 400, 'GRAPHQL_VALIDATION_FAILED'],
  [
    'directives',
    '{ accessNumbers @include(if: true) { code @skip(if: false) description @include(if: true) takesNumber @skip(if: false) } again: accessNumbers @skip(if: false) { code @include(if: true) } }',
    400,
    'GRAPHQL_VALIDATION_FAILED',
  ],
  ['tokens', `{ accessNumbers { ${'code '.repeat(400)} } }`, 400, 'GRAPHQL_VALIDATION_FAILED'],
  [
    'two guarded mutations',
    'mutation { a: acquireNumber(input: { number: "01224405347" }) { userErrors { code } } b: deleteNumber(input: { id: "1" }) { deletedId } }',
    400,
    'GRAPHQL_VALIDATION_FAILED',
  ],
  [
    'guarded mutations through a fragment',
    'mutation { deleteNumber(input: { id: "1" }) { deletedId } ...More } fragment More on Mutation { again: deleteNumber(input: { id: "2" }) { deletedId } }',
    400,
    'GRAPHQL_VALIDATION_FAILED',
  ],
];

describe('operation limits', () => {
  it.each(refused)('refuses an operation over the %s limit before any upstream call', async (_limit, query, status, code) => {
    const result = await post(JSON.stringify({ query }));
    expect(result.status).toBe(status);
    expect(result.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(stack.calls()).toEqual([]);
  });

  it.each([
    [
      'depth',
      '{ numbers { edges { node { acquisition { subscriber { status } } } } } }',
      'The operation nests fields 6 deep; the limit is 5 (LIMIT_MAX_DEPTH). Select less deeply nested fields, or split the operation.',
    ],
    [
      'aliases',
      `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: accessNumbers { code }`).join(' ')} }`,
      'The operation uses 16 aliases; the limit is 15 (LIMIT_MAX_ALIASES). Send the aliased fields in separate operations.',
    ],
    [
      'directives',
      '{ accessNumbers @include(if: true) { code @skip(if: false) description @include(if: true) takesNumber @skip(if: false) } again: accessNumbers @skip(if: false) { code @include(if: true) } }',
      'The operation uses 6 directives; the limit is 5 (LIMIT_MAX_DIRECTIVES). Use fewer @skip/@include directives.',
    ],
    [
      'tokens',
      `{ accessNumbers { ${'code '.repeat(400)} } }`,
      'The document has more than 300 tokens (names, punctuation, values); the limit is 300 (LIMIT_MAX_TOKENS). Send a smaller document.',
    ],
  ])('names the %s limit, what the operation has and what to change, never as a "Syntax Error"', async (_limit, query, message) => {
    const result = await post(JSON.stringify({ query }));
    expect(result.body.errors?.map((e) => e.message)).toEqual([message]);
  });

  it('lets the dashboard query through at depth 4', async () => {
    const result = await post(
      JSON.stringify({ query: '{ numbers(first: 20) { nodes { number destination { name } subscriber { name status } prefix { areaName } } } }' }),
    );
    expect([result.status, result.body.errors]).toEqual([200, undefined]);
  });

  it('lets an operation at the limits through', async () => {
    const aliases = Array.from({ length: 15 }, (_, i) => `a${i}: accessNumbers { code }`).join(' ');
    const result = await post(JSON.stringify({ query: `{ ${aliases} }` }));
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(stack.calls()).toEqual(['available_access_numbers']);
  });

  it('allows one guarded mutation beside other mutations', async () => {
    const result = await post(
      JSON.stringify({
        query:
          'mutation { deleteNumber(input: { id: "999999" }) { deletedId } updateNumber(input: { id: "999999", recordingEnabled: true }) { number { id } } }',
      }),
    );
    expect(result.status).toBe(200);
    expect(stack.calls()).toEqual(['delete', 'save']);
  });

  it('refuses HTTP batches', async () => {
    const result = await post(JSON.stringify([{ query: '{ accessNumbers { code } }' }, { query: '{ accessNumbers { code } }' }]));
    expect(result.status).toBe(400);
    expect(stack.calls()).toEqual([]);
  });

  it('refuses a body over the size limit with 413', async () => {
    const result = await post(JSON.stringify({ query: '{ accessNumbers { code } }', variables: { pad: 'x'.repeat(5000) } }));
    expect(result.status).toBe(413);
    expect(result.body.errors?.map((e) => e.extensions?.code)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(stack.calls()).toEqual([]);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const result = await post('{"query": ');
    expect([result.status, result.body.errors?.[0]?.extensions?.code]).toEqual([400, 'BAD_REQUEST']);
  });

  it('refuses a GET without a CSRF-safe header (CSRF prevention)', async () => {
    const response = await fetch(`${stack.gateway.url}/graphql?query=${encodeURIComponent('{ accessNumbers { code } }')}`, {
      headers: { authorization: 'Bearer demo-token-a', accept: 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(stack.calls()).toEqual([]);
  });

  it.each([
    ['number(id)', 'query Q($v: ID!) { number(id: $v) { id } }', ['..', '%2e%2e', '1?x=2', '1#x', '1\u0007', '1'.repeat(200)]],
    [
      'acquirableNumbers(prefix)',
      'query Q($v: String!) { acquirableNumbers(prefix: $v) }',
      ['..', '%2e%2e', '01224?x=2', '01224#x', '0122\n4', '0'.repeat(200)],
    ],
    ['numbers(search)', 'query Q($v: String) { numbers(search: $v) { totalCount } }', ['a\u0000b', 'x'.repeat(101)]],
  ])('rejects malicious %s values with BAD_USER_INPUT and zero upstream calls', async (_field, query, values) => {
    for (const v of values) {
      const result = await post(JSON.stringify({ query, variables: { v } }));
      expect([result.status, result.body.errors?.map((e) => e.extensions?.code)]).toEqual([200, ['BAD_USER_INPUT']]);
    }
    expect(stack.calls()).toEqual([]);
  });
});
