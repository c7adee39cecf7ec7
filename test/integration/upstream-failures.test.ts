import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, upstreamList, type Stack } from '../helpers/stack.js';

const TIMEOUT_MS = 300;
let stack: Stack;
let firstId: string;

beforeAll(async () => {
  // The breaker has its own test; here every fault must reach the upstream.
  stack = await startStack({ env: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), UPSTREAM_RETRY_LIMIT: '2', BREAKER_VOLUME_THRESHOLD: '100000' } });
  firstId = String((await upstreamList(stack.simulator))[0]!.id);
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.simulator.clearFaults();
  stack.resetCalls();
});

const QUERY = () => `{ number(id: "${firstId}") { id } accessNumbers { code } }`;

describe('a failing upstream call nulls only its own field', () => {
  it.each([
    ['status=500', 'UPSTREAM_ERROR', 1],
    ['non-json', 'UPSTREAM_ERROR', 1],
    ['error-envelope', 'UPSTREAM_ERROR', 1],
    ['missing-data', 'UPSTREAM_ERROR', 1],
    ['unauthorized', 'UNAUTHENTICATED', 1],
    ['status=503', 'UPSTREAM_ERROR', 3],
    ['reset', 'UPSTREAM_ERROR', 3],
    ['hang', 'UPSTREAM_TIMEOUT', 1],
  ])('info failing with %s gives %s after %i call(s) while accessNumbers still resolves', async (fault, code, calls) => {
    stack.simulator.setFaults([{ fault, endpoint: 'info' }]);
    const started = Date.now();
    const { status, body, text } = await stack.gql<{ number: unknown; accessNumbers: unknown[] }>(QUERY());
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
    expect(status).toBe(200);
    expect(body.data?.number).toBeNull();
    expect(body.data?.accessNumbers).toHaveLength(12);
    expect(body.errors).toEqual([
      {
        message: expect.any(String),
        locations: [{ line: 1, column: 3 }],
        path: ['number'],
        extensions: { code, endpoint: 'numbers/info' },
      },
    ]);
    expect(text).not.toMatch(/stacktrace|demo-token|127\.0\.0\.1|at .*\.ts:/);
    // Retries happen inside the budget: a hung read uses it all, so it is tried once.
    expect(stack.calls().filter((c) => c === 'info')).toHaveLength(calls);
  });

  it('recovers within the same call when a read fails once with 503', async () => {
    stack.simulator.setFaults([{ fault: 'status=503', endpoint: 'info', times: 1 }]);
    const { body } = await stack.gql(QUERY());
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({ number: { id: firstId } });
    expect(stack.calls().filter((c) => c === 'info')).toHaveLength(2);
  });
});

describe('failing writes', () => {
  it.each([
    ['status=503', 'UPSTREAM_ERROR', 'NOT_APPLIED'],
    ['reset', 'UPSTREAM_ERROR', 'NOT_APPLIED'],
    ['hang', 'UPSTREAM_TIMEOUT', 'NOT_SEEN'],
  ])('a write failing with %s is a %s error, sent exactly once, then checked: %s', async (fault, code, outcome) => {
    const before = await stack.gql<{ number: { recordingEnabled: boolean } }>(`{ number(id: "${firstId}") { recordingEnabled } }`);
    const wanted = !before.body.data!.number.recordingEnabled;
    stack.resetCalls();
    stack.simulator.setFaults([{ fault, endpoint: 'save' }]);
    const { body } = await stack.gql(`mutation { updateNumber(input: { id: "${firstId}", recordingEnabled: ${wanted} }) { number { id } userErrors { code } } }`);
    expect(body.data).toEqual({ updateNumber: null });
    expect(body.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.outcome])).toEqual([[['updateNumber'], code, outcome]]);
    expect(stack.calls()).toEqual(['save', 'info']);
  });

  it('reports success when the answer was lost but the read-back shows the change applied', async () => {
    // The save lands upstream after 400 ms, past the 300 ms budget; the check reads after it.
    stack.simulator.setFaults([
      { fault: 'latency=400', endpoint: 'save', times: 1 },
      { fault: 'latency=200', endpoint: 'info', times: 1 },
    ]);
    const { body } = await stack.gql(`mutation { updateNumber(input: { id: "${firstId}", callerIdPrefix: "LATE" }) { number { id callerIdPrefix } userErrors { code } } }`);
    expect(body).toEqual({ data: { updateNumber: { number: { id: firstId, callerIdPrefix: 'LATE' }, userErrors: [] } } });
    expect(stack.calls()).toEqual(['save', 'info']);
  });
});
