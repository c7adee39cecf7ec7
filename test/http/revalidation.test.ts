import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ifNoneMatchMatches } from '../../src/http/conditional.js';
import { startStack, upstreamList, type Stack } from '../helpers/stack.js';

/**
 * Revalidation as a fetch-based client does it: keep the last answer and its ETag per URL, send
 * If-None-Match (fetch adds `Cache-Control: no-cache` with it, as browsers do), reuse the kept
 * body on a 304. The wrapper is the one docs/web-clients.md shows.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

interface Kept {
  etag: string;
  body: unknown;
}

/** docs/web-clients.md's revalidating fetch wrapper, reporting the status it saw on the wire. */
function revalidatingClient(endpoint: string, token: string) {
  const kept = new Map<string, Kept>();
  return async (query: string, variables: Record<string, unknown> = {}): Promise<{ wire: number; body: unknown; cacheControl: string | null }> => {
    const url = `${endpoint}?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
    const previous = kept.get(url);
    const response = await fetch(url, {
      headers: {
        authorization: `Bearer ${token}`,
        'apollo-require-preflight': 'true',
        ...(previous ? { 'if-none-match': previous.etag, 'cache-control': 'no-cache' } : {}),
      },
    });
    if (response.status === 304 && previous) return { wire: 304, body: previous.body, cacheControl: response.headers.get('cache-control') };
    const body: unknown = await response.json();
    const etag = response.headers.get('etag');
    if (response.ok && etag) kept.set(url, { etag, body });
    return { wire: response.status, body, cacheControl: response.headers.get('cache-control') };
  };
}

const PAGE = 'query Page($first: Int) { numbers(first: $first) { totalCount nodes { id number } pageInfo { endCursor } } }';

describe('a GET of numbers', () => {
  it('is private, no-cache with a weak ETag, and a 304 when nothing changed, even with Cache-Control: no-cache', async () => {
    const client = revalidatingClient(`${stack.gateway.url}/graphql`, 'demo-token-a');
    const first = await client(PAGE, { first: 5 });
    expect([first.wire, first.cacheControl]).toEqual([200, 'private, no-cache']);
    const again = await client(PAGE, { first: 5 });
    expect([again.wire, again.cacheControl]).toEqual([304, 'private, no-cache']);
    expect(again.body).toEqual(first.body);
    // The gateway asks the upstream each time (it cannot know otherwise); the body is what is saved.
    expect(stack.calls()).toEqual(['list', 'list']);
  });

  it('is a 200 with the new answer once a number changed', async () => {
    const client = revalidatingClient(`${stack.gateway.url}/graphql`, 'demo-token-a');
    const query = '{ numbers(first: 2) { nodes { id callerIdPrefix } } }';
    await client(query);
    const [first] = await upstreamList(stack.simulator);
    await stack.gql(`mutation { updateNumber(input: { id: "${String(first!.id)}", callerIdPrefix: "REVAL" }) { userErrors { code } } }`);
    const changed = await client(query);
    expect(changed.wire).toBe(200);
    expect(JSON.stringify(changed.body)).toContain('REVAL');
    expect((await client(query)).wire).toBe(304);
  });

  it('covers number, numberByNumber, node, nodes and numbers next to reference data', async () => {
    const client = revalidatingClient(`${stack.gateway.url}/graphql`, 'demo-token-a');
    const [first, second] = await upstreamList(stack.simulator);
    const [a, b] = [String(first!.id), String(second!.id)];
    for (const query of [
      `{ number(id: "${a}") { id } }`,
      `{ numberByNumber(number: "${first!.number}") { id } }`,
      `{ node(id: "${a}") { id ... on Number { number } } }`,
      `{ nodes(ids: ["${b}", "${a}"]) { id } }`,
      '{ numbers(first: 1) { totalCount } accessNumbers { code } __typename }',
    ]) {
      expect((await client(query)).cacheControl).toBe('private, no-cache');
      expect((await client(query)).wire).toBe(304);
    }
  });
});

describe('reference data', () => {
  it('keeps its max-age and is a 304 for a conditional GET sent with Cache-Control: no-cache', async () => {
    const client = revalidatingClient(`${stack.gateway.url}/graphql`, 'demo-token-a');
    expect((await client('{ accessNumbers { code } }')).cacheControl).toBe('max-age=300, private');
    expect((await client('{ accessNumbers { code } }')).wire).toBe(304);
  });
});

describe('answers that are never kept', () => {
  it("are no-store without an ETag: POSTs, errors, mutations and another credential's tag", async () => {
    const post = await stack.gql(PAGE, { variables: { first: 1 } });
    expect([post.headers.get('cache-control'), post.headers.get('etag')]).toEqual(['no-store', null]);
    const client = revalidatingClient(`${stack.gateway.url}/graphql`, 'demo-token-a');
    const failed = await client('{ numbers(first: -1) { totalCount } }');
    // BAD_USER_INPUT of a field is a 200 with errors (GraphQL over HTTP): never kept either.
    expect([failed.wire, failed.cacheControl]).toEqual([200, 'no-store']);
    const mutation = await stack.gql('mutation { deleteNumber(input: { id: "999999" }) { deletedId } }');
    expect(mutation.headers.get('cache-control')).toBe('no-store');
    // Unit B's page is another representation: A's tag does not match it.
    const url = `${stack.gateway.url}/graphql?query=${encodeURIComponent('{ numbers(first: 1) { nodes { id } } }')}`;
    const a = await fetch(url, { headers: { authorization: 'Bearer demo-token-a', 'apollo-require-preflight': 'true' } });
    const b = await fetch(url, {
      headers: { authorization: 'Bearer demo-token-b', 'apollo-require-preflight': 'true', 'if-none-match': a.headers.get('etag') ?? '' },
    });
    expect(b.status).toBe(200);
  });
});

describe('If-None-Match (RFC 9110 §13.1.2)', () => {
  it.each([
    ['W/"1-x"', 'W/"1-x"', true],
    ['"1-x"', 'W/"1-x"', true],
    ['W/"0-a", W/"1-x"', 'W/"1-x"', true],
    ['W/"a,b"', 'W/"a,b"', true],
    ['*', 'W/"1-x"', true],
    ['W/"1-y"', 'W/"1-x"', false],
    ['1-x', 'W/"1-x"', false],
    ['', 'W/"1-x"', false],
  ])('%p against %p is %p', (header, etag, matches) => {
    expect(ifNoneMatchMatches(header, etag)).toBe(matches);
  });
});
