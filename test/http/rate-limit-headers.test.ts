import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../helpers/stack.js';

/** The RateLimit header fields (IETF httpapi draft) on every /graphql answer while a limit is on. */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
});
afterAll(() => stack.close());

/** `[remaining per credential, remaining per ip]` from a RateLimit field, after checking its syntax. */
function remainingOf(field: string | null): number[] {
  expect(field).toMatch(/^"per-credential";r=\d+;t=([1-9]|[1-5]\d|60), "per-ip";r=\d+;t=([1-9]|[1-5]\d|60)$/);
  return [...(field ?? '').matchAll(/;r=(\d+)/g)].map((m) => Number(m[1]));
}

describe('with RATE_LIMIT_PER_MINUTE set', () => {
  it('states the policy and counts down what is left, through to the 429', async () => {
    const seen: number[][] = [];
    for (let i = 0; i < 3; i += 1) {
      const { status, headers } = await stack.gql('{ __typename }');
      expect(status).toBe(200);
      expect(headers.get('ratelimit-policy')).toBe('"per-credential";q=3;w=60, "per-ip";q=3;w=60');
      seen.push(remainingOf(headers.get('ratelimit')));
    }
    expect(seen).toEqual([
      [2, 2],
      [1, 1],
      [0, 0],
    ]);
    const refused = await stack.gql('{ __typename }');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.headers.get('ratelimit-policy')).toBe('"per-credential";q=3;w=60, "per-ip";q=3;w=60');
    expect(remainingOf(refused.headers.get('ratelimit'))).toEqual([0, 0]);
    // Retry-After and the RateLimit reset agree.
    const reset = /"per-credential";r=0;t=(\d+)/.exec(refused.headers.get('ratelimit') ?? '')?.[1];
    expect(refused.headers.get('retry-after')).toBe(reset);
  });

  it('names only the per-ip policy for a request without a credential', async () => {
    const { headers } = await stack.gql('{ __typename }', { token: null, headers: { 'x-forwarded-for': 'ignored without TRUST_PROXY' } });
    expect(headers.get('ratelimit-policy')).toBe('"per-ip";q=3;w=60');
    expect(headers.get('ratelimit')).toMatch(/^"per-ip";r=0;t=\d+$/);
  });
});

describe('without a rate limit', () => {
  it('sends no RateLimit header fields', async () => {
    const off = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
    try {
      const { headers } = await off.gql('{ __typename }');
      expect([headers.get('ratelimit'), headers.get('ratelimit-policy')]).toEqual([null, null]);
    } finally {
      await off.close();
    }
  });
});
