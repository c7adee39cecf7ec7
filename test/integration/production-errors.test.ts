import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, upstreamGet, upstreamList, type Stack } from '../helpers/stack.js';

/** In production no error a client sees names a REST path or an upstream endpoint. */

const TIMEOUT_MS = 300;
const REST_DETAIL = /numbers\/|api\/v2|"endpoint"|available_|acquirable_|update_subscriber/;
let stack: Stack;
let firstId: string;

beforeAll(async () => {
  stack = await startStack({
    env: { NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0', UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), BREAKER_VOLUME_THRESHOLD: '100000' },
  });
  firstId = String((await upstreamList(stack.simulator))[0]!.id);
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.simulator.clearFaults();
  stack.resetCalls();
});

describe('production errors', () => {
  it.each([
    ['status=500', 'UPSTREAM_ERROR', 'The numbers service failed.'],
    ['non-json', 'UPSTREAM_ERROR', 'The numbers service failed.'],
    ['hang', 'UPSTREAM_TIMEOUT', 'The numbers service did not answer in time.'],
  ])('a read failing with %s is %s without extensions.endpoint or a REST path', async (fault, code, message) => {
    stack.simulator.setFaults([{ fault, endpoint: 'info' }]);
    const { body, text } = await stack.gql(`{ number(id: "${firstId}") { id } accessNumbers { code } }`);
    expect(body.errors).toEqual([{ message, locations: [{ line: 1, column: 3 }], path: ['number'], extensions: { code } }]);
    expect(text).not.toMatch(REST_DETAIL);
  });

  it('a read refused with 401 is one UNAUTHENTICATED error of an HTTP 401, without a REST path', async () => {
    stack.simulator.setFaults([{ fault: 'unauthorized', endpoint: 'info' }]);
    // demo-token-b: the refusal is remembered, and the other tests here use demo-token-a.
    const { status, body, text } = await stack.gql(`{ number(id: "${firstId}") { id } accessNumbers { code } }`, { token: 'demo-token-b' });
    expect(status).toBe(401);
    expect(body.errors?.map((e) => e.extensions)).toEqual([{ code: 'UNAUTHENTICATED' }]);
    expect(text).not.toMatch(REST_DETAIL);
  });

  it('a lost write keeps its outcome and loses the endpoint', async () => {
    stack.simulator.setFaults([{ fault: 'status=503', endpoint: 'save' }]);
    const { body, text } = await stack.gql(`mutation { updateNumber(input: { id: "${firstId}", callerIdPrefix: "P" }) { number { id } } }`);
    expect(body.errors?.map((e) => [e.message, e.extensions])).toEqual([['The numbers service failed.', { code: 'UPSTREAM_ERROR', outcome: 'NOT_APPLIED' }]]);
    expect(text).not.toMatch(REST_DETAIL);
    expect(stack.calls()).toEqual(['save', 'info']);
  });

  it('passes upstream refusals on without the REST paths they name', async () => {
    const stock = (await upstreamGet<string[]>(stack.simulator, 'acquirable_numbers?prefix=01224'))[0]!;
    const { body, text } = await stack.gql(`mutation { createNumber(input: { number: "${stock}" }) { userErrors { field code message } } }`);
    expect(body.data).toEqual({
      createNumber: {
        userErrors: [{ field: ['input', 'number'], code: 'REJECTED', message: `number ${stock} is provider stock; use acquire to purchase it` }],
      },
    });
    expect(text).not.toMatch(REST_DETAIL);
  });
});

describe('outside production', () => {
  it('keeps the endpoint for whoever debugs against the simulator', async () => {
    const dev = await startStack({ env: { NODE_ENV: 'development' } });
    try {
      dev.simulator.setFaults([{ fault: 'status=500', endpoint: 'available_access_numbers' }]);
      const { body } = await dev.gql('{ accessNumbers { code } }');
      expect(body.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.endpoint])).toEqual([
        ['The numbers service failed (numbers/available_access_numbers).', 'UPSTREAM_ERROR', 'numbers/available_access_numbers'],
      ]);
    } finally {
      await dev.close();
    }
  });
});
