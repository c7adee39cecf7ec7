import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../helpers/stack.js';
import { DASHBOARD } from './demo.js';
import { credentialsIn, endpointsOf, planOf, seenPlans } from './plans.js';

/** Who may see a plan: development by default, production only with PLAN_ENABLED=true. */

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

afterAll(() => {
  expect(seenPlans.length).toBeGreaterThan(0);
  expect(seenPlans.flatMap(credentialsIn)).toEqual([]);
});

describe('who gets extensions.plan', () => {
  it('ignores the header in production without PLAN_ENABLED: the operation runs as if it were absent', async () => {
    stack = await startStack({ env: { NODE_ENV: 'production' } });
    for (const mode of ['trace', 'dry-run', 'nonsense']) {
      stack.resetCalls();
      const result = await stack.gql<{ numbers: { totalCount: number } }>(DASHBOARD, { headers: { 'numbers-plan': mode } });
      expect(result.status).toBe(200);
      expect(result.body.data?.numbers.totalCount).toBe(30);
      expect(result.body.extensions).toBeUndefined();
      expect(stack.calls().length).toBeGreaterThan(0);
    }
  });

  it('gives a production caller with PLAN_ENABLED=true the plan of its own operation only', async () => {
    stack = await startStack({ env: { NODE_ENV: 'production', PLAN_ENABLED: 'true' } });
    const a = await stack.gql(DASHBOARD, { headers: { 'numbers-plan': 'trace' } });
    expect(endpointsOf(planOf(a))).toEqual(['list', 'available_prefixes']);
    // Unit B's request right after shares nothing with A's: its own calls, no hit on A's cache.
    stack.resetCalls();
    const b = planOf(await stack.gql(DASHBOARD, { token: 'demo-token-b', headers: { 'numbers-plan': 'trace' } }));
    expect(endpointsOf(b)).toEqual(['list', 'available_prefixes']);
    expect(b.reads.filter((read) => read.source === 'cache')).toEqual([]);
    expect(stack.calls()).toEqual(['list', 'available_prefixes']);
  });

  it('turns off in development with PLAN_ENABLED=false', async () => {
    stack = await startStack({ env: { NODE_ENV: 'development', PLAN_ENABLED: 'false' } });
    const result = await stack.gql(DASHBOARD, { headers: { 'numbers-plan': 'trace' } });
    expect(result.body.extensions).toBeUndefined();
  });

  it('answers a value it does not know with BAD_REQUEST and no upstream call', async () => {
    stack = await startStack();
    const result = await stack.gql(DASHBOARD, { headers: { 'numbers-plan': 'everything' } });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([
      { message: 'The Numbers-Plan header must be "trace" or "dry-run", not "everything".', extensions: { code: 'BAD_REQUEST' } },
    ]);
    expect(stack.calls()).toEqual([]);
  });

  it('needs a credential like any operation: no plan and no call without one', async () => {
    stack = await startStack();
    const result = await stack.gql(DASHBOARD, { token: null, headers: { 'numbers-plan': 'dry-run' } });
    expect(result.status).toBe(401);
    expect(result.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(result.body.extensions).toBeUndefined();
    expect(stack.calls()).toEqual([]);
  });

  it('accepts the mode in any case', async () => {
    stack = await startStack();
    const result = await stack.gql(DASHBOARD, { headers: { 'numbers-plan': ' Dry-Run ' } });
    expect(planOf(result).mode).toBe('dry-run');
  });
});
