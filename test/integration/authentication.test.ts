import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../helpers/stack.js';

/** No usable credential: one 401 before anything runs, unless the operation needs no upstream. */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

const UNAUTHENTICATED = {
  errors: [{ message: 'Send your API token as "Authorization: Bearer <token>".', extensions: { code: 'UNAUTHENTICATED' } }],
};

describe('an operation that needs the upstream, without a usable credential', () => {
  it.each([
    [
      'every query field at once',
      '{ numbers { totalCount } number(id: "3401") { id } numberByNumber(number: "01224405347") { id } availablePrefixes { prefix } acquirableNumbers(prefix: "01224") accessNumbers { code } }',
    ],
    ['a mutation', 'mutation { deleteNumber(input: { id: "3401" }) { deletedId } }'],
    [
      'a field behind an alias and a fragment, next to __typename',
      'query { __typename ...F } fragment F on Query { ... on Query { mine: accessNumbers { code } } }',
    ],
  ])('is HTTP 401 with WWW-Authenticate: Bearer and one UNAUTHENTICATED error: %s', async (_name, query) => {
    const { status, headers, body } = await stack.gql(query, { token: null });
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer');
    expect(body).toEqual(UNAUTHENTICATED);
    expect(stack.calls()).toEqual([]);
  });

  it.each([['Basic ZGVtbzpkZW1v'], ['Bearer'], ['Bearer two words'], ['Bearer tok"en'], ['demo-token-a']])(
    'treats the header %p as no credential',
    async (authorization) => {
      const { status, body } = await stack.gql('{ accessNumbers { code } }', { token: null, headers: { authorization } });
      expect([status, body]).toEqual([401, UNAUTHENTICATED]);
      expect(stack.calls()).toEqual([]);
    },
  );

  it('is refused over GET the same way', async () => {
    const query = encodeURIComponent('{ accessNumbers { code } }');
    const response = await fetch(`${stack.gateway.url}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    // Over GET the body is read as it is (stack.gql strips extensions.cost): nothing was called.
    expect(await response.json()).toEqual({ ...UNAUTHENTICATED, extensions: { cost: { estimated: 1, actual: 0, limit: 25 } } });
    expect(stack.calls()).toEqual([]);
  });
});

describe('an operation that needs no upstream', () => {
  it("answers introspection and __typename without a credential (GraphiQL's docs)", async () => {
    const { status, body } = await stack.gql('{ __typename __type(name: "UserErrorCode") { enumValues { name } } __schema { queryType { name } } }', {
      token: null,
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        __typename: 'Query',
        __type: { enumValues: ['INVALID_FORMAT', 'TOO_LONG', 'NO_CHANGES', 'NOT_FOUND', 'NUMBER_NOT_AVAILABLE', 'REJECTED'].map((name) => ({ name })) },
        __schema: { queryType: { name: 'Query' } },
      },
    });
    const mutationTypename = await stack.gql('mutation { __typename }', { token: null });
    expect([mutationTypename.status, mutationTypename.body]).toEqual([200, { data: { __typename: 'Mutation' } }]);
    expect(stack.calls()).toEqual([]);
  });

  it('still reports a document error before asking for a credential', async () => {
    const { status, body } = await stack.gql('{ numbrs { totalCount } }', { token: null });
    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('in development (npm start, npm run dev)', () => {
  let development: Stack;
  beforeAll(async () => {
    development = await startStack({ env: { NODE_ENV: 'development' } });
  });
  afterAll(() => development.close());

  it('answers a request without a token with the same 401 and no stack trace', async () => {
    const { status, body, text } = await development.gql('{ numbers(first: 5) { totalCount } }', { token: null });
    expect([status, body]).toEqual([401, UNAUTHENTICATED]);
    expect(text).not.toMatch(/stacktrace|at .*\.(ts|js):\d+/);
  });

  it('shows no stack trace on other errors written for clients either', async () => {
    const { body, text } = await development.gql('{ number(id: "abc") { id } }');
    expect(body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'id' }]);
    expect(text).not.toContain('stacktrace');
  });
});
