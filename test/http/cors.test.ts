import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startStack, type Stack } from '../helpers/stack.js';

/** CORS as the browser sees it on the wire: preflights, allowed and other origins, and CORS off. */

const APP = 'http://localhost:4190';
const OTHER = 'http://localhost:4191';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { CORS_ORIGINS: `${APP}, https://app.example.com`, CORS_MAX_AGE_SECONDS: '900' } });
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

function preflight(url: string, origin: string) {
  return fetch(`${url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
}

function corsHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers].filter(([name]) => name.startsWith('access-control-')));
}

describe('a preflight', () => {
  it('from an allowed origin is 204 with the methods, headers and max age, before CSRF prevention and without any upstream call', async () => {
    const response = await preflight(stack.gateway.url, APP);
    expect(response.status).toBe(204);
    expect(corsHeaders(response.headers)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'POST, GET',
      'access-control-allow-headers':
        'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, apollographql-client-name, apollographql-client-version, graphql-client-name, graphql-client-version, traceparent, tracestate, if-none-match, x-request-id, numbers-plan',
      'access-control-max-age': '900',
    });
    expect(response.headers.get('vary')).toBe('origin, access-control-request-method, access-control-request-headers');
    expect(await response.text()).toBe('');
    expect(stack.calls()).toEqual([]);
  });

  it('from an origin that is not listed gets no Access-Control-Allow-* header', async () => {
    const response = await preflight(stack.gateway.url, OTHER);
    expect(response.status).toBe(204);
    expect(corsHeaders(response.headers)).toEqual({});
    expect(response.headers.get('vary')).toBe('origin');
  });
});

describe('an actual request', () => {
  it('from an allowed origin carries its origin and the headers a page may read, with Vary: origin', async () => {
    const { status, headers } = await stack.gql('{ numbers(first: 1) { totalCount } }', { headers: { origin: APP } });
    expect(status).toBe(200);
    expect(headers.get('access-control-allow-origin')).toBe(APP);
    expect(headers.get('access-control-expose-headers')).toBe('etag, retry-after, x-request-id, ratelimit, ratelimit-policy, server-timing, www-authenticate');
    expect(headers.get('access-control-allow-credentials')).toBeNull();
    expect(headers.get('timing-allow-origin')).toBe(APP);
    expect(headers.get('vary')).toBe('origin, accept, accept-encoding, authorization');
  });

  it('from another origin, or with no origin, carries no CORS header but still varies on origin', async () => {
    for (const headers of [{ origin: OTHER }, {}] as Array<Record<string, string>>) {
      const response = await stack.gql('{ numbers(first: 1) { totalCount } }', { headers });
      expect(corsHeaders(response.headers)).toEqual({});
      expect(response.headers.get('timing-allow-origin')).toBeNull();
      expect(response.headers.get('vary')).toBe('origin, accept, accept-encoding, authorization');
    }
  });

  it('reaches the page on a 304 too, with the ETag exposed and Timing-Allow-Origin', async () => {
    const url = `${stack.gateway.url}/graphql?query=${encodeURIComponent('{ numbers(first: 2) { nodes { id } } }')}`;
    const headers = { origin: APP, authorization: 'Bearer demo-token-a', 'apollo-require-preflight': 'true' };
    const first = await fetch(url, { headers });
    const etag = first.headers.get('etag') ?? '';
    expect([first.status, etag]).toEqual([200, expect.stringMatching(/^W\//)]);
    const again = await fetch(url, { headers: { ...headers, 'if-none-match': etag, 'cache-control': 'no-cache' } });
    expect(again.status).toBe(304);
    expect(corsHeaders(again.headers)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-expose-headers': 'etag, retry-after, x-request-id, ratelimit, ratelimit-policy, server-timing, www-authenticate',
    });
    expect([again.headers.get('etag'), again.headers.get('timing-allow-origin')]).toEqual([etag, APP]);
  });

  it('keeps CSRF prevention: a simple cross-origin GET without a preflight header is refused', async () => {
    const query = encodeURIComponent('{ accessNumbers { code } }');
    const response = await fetch(`${stack.gateway.url}/graphql?query=${query}`, { headers: { origin: APP, authorization: 'Bearer demo-token-a' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(stack.calls()).toEqual([]);
  });
});

describe('Timing-Allow-Origin', () => {
  it('is left out with SERVER_TIMING_ENABLED=false: no timings for the page to read', async () => {
    const quiet = await startStack({ env: { CORS_ORIGINS: APP, SERVER_TIMING_ENABLED: 'false' } });
    try {
      const { status, headers } = await quiet.gql('{ numbers(first: 1) { totalCount } }', { headers: { origin: APP } });
      expect(status).toBe(200);
      expect(headers.get('access-control-allow-origin')).toBe(APP);
      expect(headers.get('server-timing')).toBeNull();
      expect(headers.get('timing-allow-origin')).toBeNull();
    } finally {
      await quiet.close();
    }
  });
});

describe('without CORS_ORIGINS', () => {
  it('answers as before: no CORS headers, and a preflight meets CSRF prevention', async () => {
    const plain = await startStack();
    try {
      const response = await preflight(plain.gateway.url, APP);
      expect(response.status).toBe(400);
      expect(corsHeaders(response.headers)).toEqual({});
      const answer = await plain.gql('{ numbers(first: 1) { totalCount } }', { headers: { origin: APP } });
      expect(answer.headers.get('vary')).toBe('accept, accept-encoding, authorization');
      expect(corsHeaders(answer.headers)).toEqual({});
      expect(answer.headers.get('timing-allow-origin')).toBeNull();
    } finally {
      await plain.close();
    }
  });
});

describe('CORS_ORIGINS', () => {
  it('allows `*` outside production only, and never with other origins', () => {
    expect(loadConfig({ CORS_ORIGINS: '*' }).cors).toEqual({ origins: [], anyOrigin: true, maxAgeSeconds: 600 });
    expect(() => loadConfig({ CORS_ORIGINS: '*', NODE_ENV: 'production' })).toThrow(/CORS_ORIGINS="\*": `\*` is allowed only outside production/);
    expect(() => loadConfig({ CORS_ORIGINS: `*,${APP}` })).toThrow(ConfigError);
  });

  it.each(['localhost:4190', 'http://localhost:4190/', 'https://app.example.com/path', 'ftp://x.example'])('refuses %p, which is not an origin', (value) => {
    expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS=.*is not an origin; write scheme:\/\/host\[:port\]/);
  });

  it('is off when blank', () => {
    expect(loadConfig({ CORS_ORIGINS: ' ' }).cors).toEqual({ origins: [], anyOrigin: false, maxAgeSeconds: 600 });
  });
});
