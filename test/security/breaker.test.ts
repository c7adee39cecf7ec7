import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * How long the circuit stays open. The fail-fast checks below (up to five operations answered
 * from the open circuit) must all happen within it, or the half-open probe would reach the
 * upstream mid-check: at 400 ms that was a race with how busy the machine is. Two seconds are
 * a margin of two orders of magnitude over what those operations take, at two seconds of waiting
 * per test.
 */
const RESET_MS = 2000;
let stack: Stack;
// A fresh gateway per test: the breaker's rolling window must not carry calls across tests.
beforeEach(async () => {
  stack = await startStack({
    env: { BREAKER_VOLUME_THRESHOLD: '4', BREAKER_ERROR_PERCENT: '50', BREAKER_RESET_MS: String(RESET_MS), UPSTREAM_RETRY_LIMIT: '0' },
  });
});
afterEach(() => stack.close());

const codes = async (token = 'demo-token-a') =>
  (await stack.gql('{ numbers(first: 1) { totalCount } }', { token })).body.errors?.map((e) => e.extensions?.code) ?? [];

describe('circuit breaker', () => {
  it('does not open on answers about the caller (401), however many', async () => {
    for (let i = 0; i < 8; i += 1) expect(await codes('not-a-demo-token')).toEqual(['UNAUTHENTICATED']);
    expect(await codes()).toEqual([]);
  });

  it('opens when the upstream keeps failing, fails fast without calling it, and closes after a good probe', async () => {
    stack.simulator.setFaults([{ fault: 'status=500', endpoint: 'list' }]);
    stack.resetCalls();
    for (let i = 0; i < 4; i += 1) expect(await codes()).toEqual(['UPSTREAM_ERROR']);
    expect(stack.calls()).toHaveLength(4);

    stack.resetCalls();
    for (let i = 0; i < 5; i += 1) expect(await codes()).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.calls()).toEqual([]);

    stack.simulator.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, RESET_MS + 100));
    expect(await codes()).toEqual([]);
    expect(await codes()).toEqual([]);
    expect(stack.calls()).toEqual(['list', 'list']);
  });

  it('re-opens when the half-open probe fails', async () => {
    stack.simulator.setFaults([{ fault: 'status=503', endpoint: 'list' }]);
    for (let i = 0; i < 4; i += 1) await codes();
    expect(await codes()).toEqual(['UPSTREAM_UNAVAILABLE']);
    await new Promise((resolve) => setTimeout(resolve, RESET_MS + 100));
    stack.resetCalls();
    expect(await codes()).toEqual(['UPSTREAM_ERROR']);
    expect(await codes()).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.calls()).toEqual(['list']);
  });
});
