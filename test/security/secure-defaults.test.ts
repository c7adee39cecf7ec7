import net from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { INTROSPECTION_REFUSED } from '../../src/security/introspection.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After past the per-credential budget, without calling the upstream', async () => {
    stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await stack.gql('{ numbers(first: 1) { totalCount } }')).status);
    stack.resetCalls();
    const refused = await stack.gql('{ numbers(first: 1) { totalCount } }');
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    // The refusal names the variable that sets the limit.
    expect(refused.body.errors?.[0]?.message).toMatch(/^Too many requests \(RATE_LIMIT_PER_MINUTE per credential and per IP\); retry after \d+ s\.$/);
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(stack.calls()).toEqual([]);
  });

  it('counts per client IP too, so cycling tokens from one host does not help', async () => {
    stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    const statuses = [];
    for (const token of ['demo-token-a', 'demo-token-b', 'x1', 'x2']) statuses.push((await stack.gql('{ accessNumbers { code } }', { token })).status);
    // x1 is counted and reaches the upstream, which refuses it (401); x2 is refused by the IP's budget.
    expect(statuses).toEqual([200, 200, 401, 429]);
  });

  it('is off with the embedded simulator defaults and when set to 0', async () => {
    stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
    const results = await Promise.all(Array.from({ length: 30 }, () => stack!.gql('{ accessNumbers { code } }')));
    expect(results.every((r) => r.status === 200)).toBe(true);
  });
});

describe('production mode', () => {
  it('refuses introspection, blocks field suggestions and masks stack traces', async () => {
    stack = await startStack({ env: { NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0' } });
    const introspection = await stack.gql('{ __schema { types { name } } }');
    expect(introspection.status).toBe(400);
    expect(introspection.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // The refusal names the variable that changes it, not Apollo's constructor option.
    expect(introspection.body.errors?.map((e) => e.message)).toEqual([INTROSPECTION_REFUSED]);
    const hidden = await stack.gql('query Q { ...F } fragment F on Query { __type(name: "Number") { name } }');
    expect(hidden.body.errors?.map((e) => e.message)).toEqual([INTROSPECTION_REFUSED]);

    const typo = await stack.gql('{ numbrs { totalCount } }');
    expect(typo.status).toBe(400);
    expect(typo.text).not.toMatch(/did you mean/i);
    expect(typo.text).not.toContain('numbers');
    expect(typo.text).not.toContain('stacktrace');

    const failing = await stack.gql('{ number(id: "..") { id } }');
    expect(failing.text).not.toContain('stacktrace');
  });

  it('keeps suggestions and introspection in development', async () => {
    stack = await startStack({ env: { NODE_ENV: 'development' } });
    const typo = await stack.gql('{ numbrs { totalCount } }');
    expect(typo.body.errors?.[0]?.message).toMatch(/Did you mean "numbers"/);
    const introspection = await stack.gql('{ __schema { queryType { name } } }');
    expect(introspection.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('answers a persisted-query hash that does not match its document as a client error, not an internal one', async () => {
    stack = await startStack({ env: { NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0' } });
    const { status, body } = await stack.gql('{ accessNumbers { code } }', {
      extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } },
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toBe('provided sha does not match query');
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });
});

describe('hostile request targets', () => {
  it('answers request lines that are not URLs and keeps serving', async () => {
    stack = await startStack();
    const { url } = stack.gateway;
    const { port } = new URL(url);
    for (const target of ['//[', '//%', '//x:99999', '/graphql?%zz']) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 (400|404)/);
    }
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  });
});
