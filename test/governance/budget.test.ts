import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * The per-credential budget of upstream calls (RATE_LIMIT_UPSTREAM_CALLS_PER_MINUTE) in one
 * replica: charged at the estimate before an operation runs, refunded for calls not made.
 * test/ops/shared-budgets.test.ts runs it across two replicas and Redis.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_UPSTREAM_CALLS_PER_MINUTE: '5' } });
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

/** Estimated at 2: the list and the access numbers; the access numbers are cached after the first. */
const PAGE_AND_CODES = '{ numbers(first: 1) { totalCount } accessNumbers { code } }';

describe('the budget of upstream calls per credential', () => {
  it('charges the estimate, gives back what the caches saved, and refuses what it cannot cover', async () => {
    const cold = await stack.gql(PAGE_AND_CODES);
    expect(cold.cost).toEqual({ estimated: 2, actual: 2, limit: 25, remaining: 3, resetInSeconds: expect.any(Number) });
    const warm = await stack.gql(PAGE_AND_CODES);
    // Charged 2, called 1: the unused call is back in the budget, and `remaining` says so.
    expect(warm.cost).toEqual({ estimated: 2, actual: 1, limit: 25, remaining: 2, resetInSeconds: expect.any(Number) });
    // 3 calls used: 2 more fit only because the warm operation's unused call was given back.
    const third = await stack.gql(PAGE_AND_CODES);
    expect([third.status, third.body.errors, third.cost?.remaining]).toEqual([200, undefined, 1]);
    stack.resetCalls();
    const refused = await stack.gql(PAGE_AND_CODES);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.errors).toEqual([
      {
        message: `This operation could make up to 2 upstream calls, more than your credential has left this minute; retry after ${refused.headers.get('retry-after')} s.`,
        extensions: { code: 'RATE_LIMITED' },
      },
    ]);
    expect(refused.cost).toEqual({ estimated: 2, actual: 0, limit: 25, remaining: 1, resetInSeconds: Number(refused.headers.get('retry-after')) });
    expect(stack.calls()).toEqual([]);
  });

  it('takes nothing for a refused operation: a cheaper one still fits', async () => {
    const cheap = await stack.gql('{ numbers(first: 1) { totalCount } }');
    expect([cheap.status, cheap.cost]).toEqual([200, { estimated: 1, actual: 1, limit: 25, remaining: 0, resetInSeconds: expect.any(Number) }]);
    expect((await stack.gql('{ numbers(first: 1) { totalCount } }')).status).toBe(429);
  });

  it('keeps one budget per credential', async () => {
    const other = await stack.gql(PAGE_AND_CODES, { token: 'demo-token-b' });
    expect([other.status, other.body.errors]).toEqual([200, undefined]);
  });

  it('reports the budget of an operation that calls nothing, and leaves it out without a credential', async () => {
    const free = await stack.gql('{ __typename }', { token: 'demo-token-b' });
    expect(free.cost).toEqual({ estimated: 0, actual: 0, limit: 25, remaining: 3, resetInSeconds: expect.any(Number) });
    expect((await stack.gql('{ __typename }', { token: null })).cost).toEqual({ estimated: 0, actual: 0, limit: 25 });
  });

  it('says when an operation costs more than the whole budget and can never run', async () => {
    const pools = ['01224', '01887', '01873', '01970', '01225', '01226'].map((prefix, i) => `p${i}: acquirableNumbers(prefix: "${prefix}")`).join(' ');
    const result = await stack.gql(`{ ${pools} }`, { token: 'demo-token-b' });
    expect(result.status).toBe(429);
    expect(result.body.errors?.[0]?.message).toMatch(
      /^This operation could make up to 6 upstream calls, .* It is more than the whole budget of 5 per minute \(RATE_LIMIT_UPSTREAM_CALLS_PER_MINUTE\), so it can never run: split it\.$/,
    );
    expect(stack.calls()).toEqual([]);
  });
});
