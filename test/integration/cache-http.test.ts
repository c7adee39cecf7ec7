import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { splitCost, startStack, upstreamGet, type Stack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const AUTH = { authorization: 'Bearer demo-token-a' };
/** What Apollo's CSRF prevention asks of a GET: mobile clients send the operation name. */
const PREFLIGHT = { 'apollo-require-preflight': 'true' };

function persisted(hash: string) {
  return { persistedQuery: { version: 1, sha256Hash: hash } };
}

async function getWithHash(hash: string, token = AUTH) {
  const extensions = encodeURIComponent(JSON.stringify(persisted(hash)));
  const response = await fetch(`${stack.gateway.url}/graphql?extensions=${extensions}`, { headers: { ...token, ...PREFLIGHT } });
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    body: splitCost((await response.json()) as Record<string, unknown>).body,
  };
}

async function getQuery(query: string) {
  const response = await fetch(`${stack.gateway.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { ...AUTH, ...PREFLIGHT } });
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    body: splitCost((await response.json()) as Record<string, unknown>).body,
  };
}

describe('automatic persisted queries', () => {
  it('serves a query registered over POST to a GET that sends only its hash', async () => {
    const query = '{ accessNumbers { code } }';
    const codes = (await upstreamGet<Array<{ number: string }>>(stack.simulator, 'available_access_numbers')).map((a) => ({ code: a.number }));
    const registered = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AUTH },
      body: JSON.stringify({ query, extensions: persisted(sha256(query)) }),
    });
    expect(splitCost((await registered.json()) as Record<string, unknown>).body).toEqual({ data: { accessNumbers: codes } });
    const served = await getWithHash(sha256(query));
    expect(served).toEqual({ status: 200, cacheControl: 'max-age=300, private', body: { data: { accessNumbers: codes } } });
  });

  it('answers PERSISTED_QUERY_NOT_FOUND for a hash it does not know, without calling the upstream', async () => {
    const { body } = await getWithHash(sha256('{ numbers { totalCount } }'));
    expect(body).toEqual({
      errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
    });
    expect(stack.calls()).toEqual([]);
  });

  it('refuses to register a document under a hash that is not its own', async () => {
    const response = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AUTH },
      body: JSON.stringify({ query: '{ accessNumbers { code } }', extensions: persisted(sha256('{ numbers { totalCount } }')) }),
    });
    expect(response.status).toBe(400);
    expect(stack.calls()).toEqual([]);
  });
});

describe('Cache-Control from cache hints', () => {
  it("lets the caller's own client keep access numbers and prefixes for the reference TTL", async () => {
    expect((await getQuery('{ accessNumbers { code takesNumber } }')).cacheControl).toBe('max-age=300, private');
    expect((await getQuery('{ availablePrefixes(search: "aber") { prefix areaName } }')).cacheControl).toBe('max-age=300, private');
  });

  it('uses the shorter pool TTL when acquirable numbers are in the response', async () => {
    expect((await getQuery('{ availablePrefixes(search: "0122") { prefix acquirableNumbers(first: 1) } }')).cacheControl).toBe('max-age=30, private');
    expect((await getQuery('{ acquirableNumbers(prefix: "01224") }')).cacheControl).toBe('max-age=30, private');
  });

  it('never lets a response holding numbers be served from a cache without revalidating it', async () => {
    expect((await getQuery('{ numbers(first: 1) { totalCount } }')).cacheControl).toBe('private, no-cache');
    expect((await getQuery('{ accessNumbers { code } numbers(first: 1) { totalCount } }')).cacheControl).toBe('private, no-cache');
  });

  it('never lets a mutation or a response with errors be cached', async () => {
    const mutation = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AUTH },
      body: JSON.stringify({ query: 'mutation { deleteNumber(input: { id: "999999" }) { deletedId userErrors { code } } }' }),
    });
    expect(mutation.headers.get('cache-control')).toBe('no-store');
    const failed = await getQuery('{ acquirableNumbers(prefix: "not-digits") }');
    expect(failed.cacheControl).toBe('no-store');
  });
});
