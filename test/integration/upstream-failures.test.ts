import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, upstreamList, type Stack } from '../helpers/stack.js';

/**
 * Two gateways, each with its own simulator. The upstream budget (UPSTREAM_TIMEOUT_MS, per call,
 * retries included) is a wall-clock limit, so a test only runs against a short one when the
 * budget running out is what it checks (a hung or late upstream). Everything else runs with a
 * budget far above what any call here takes, however busy the machine: a 503 read is retried
 * twice with 50 + 100 ms of backoff, and under a 300 ms budget a loaded CI machine used it all
 * up, turning the expected UPSTREAM_ERROR after 3 calls into UPSTREAM_TIMEOUT after 2.
 */
const PATIENT_BUDGET_MS = 10_000;
/** Long enough for a healthy call (the sibling field, the read-back of a lost write) to fit on a busy machine. */
const SHORT_BUDGET_MS = 2000;
let patient: Stack;
let short: Stack;
let firstId: string;

beforeAll(async () => {
  // The breaker has its own test; here every fault must reach the upstream.
  const env = { UPSTREAM_RETRY_LIMIT: '2', BREAKER_VOLUME_THRESHOLD: '100000' };
  [patient, short] = await Promise.all([
    startStack({ env: { ...env, UPSTREAM_TIMEOUT_MS: String(PATIENT_BUDGET_MS) } }),
    startStack({ env: { ...env, UPSTREAM_TIMEOUT_MS: String(SHORT_BUDGET_MS) } }),
  ]);
  // Both simulators seed the same data.
  firstId = String((await upstreamList(patient.simulator))[0]!.id);
});
afterAll(() => Promise.all([patient?.close(), short?.close()]));
beforeEach(() => {
  for (const stack of [patient, short]) {
    stack.simulator.clearFaults();
    stack.resetCalls();
  }
});

/** Only a hung upstream needs the budget to end the call. */
const stackFor = (fault: string): Stack => (fault === 'hang' ? short : patient);

const QUERY = () => `{ number(id: "${firstId}") { id } accessNumbers { code } }`;

describe('a failing upstream call nulls only its own field', () => {
  it.each([
    ['status=500', 'UPSTREAM_ERROR', 1],
    ['non-json', 'UPSTREAM_ERROR', 1],
    ['error-envelope', 'UPSTREAM_ERROR', 1],
    ['missing-data', 'UPSTREAM_ERROR', 1],
    ['status=503', 'UPSTREAM_ERROR', 3],
    ['reset', 'UPSTREAM_ERROR', 3],
    ['hang', 'UPSTREAM_TIMEOUT', 1],
  ])('info failing with %s gives %s after %i call(s) while accessNumbers still resolves', async (fault, code, calls) => {
    // No wall-clock assertion: with the patient budget, a fault the gateway did not recognise
    // promptly would surface as UPSTREAM_TIMEOUT (or the test timing out), and for `hang` the
    // code UPSTREAM_TIMEOUT is the evidence that the budget, and only the budget, ended the call.
    const stack = stackFor(fault);
    stack.simulator.setFaults([{ fault, endpoint: 'info' }]);
    const { status, body, text } = await stack.gql<{ number: unknown; accessNumbers: unknown[] }>(QUERY());
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
    const stack = patient;
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
    const stack = stackFor(fault);
    const before = await stack.gql<{ number: { recordingEnabled: boolean } }>(`{ number(id: "${firstId}") { recordingEnabled } }`);
    const wanted = !before.body.data!.number.recordingEnabled;
    stack.resetCalls();
    stack.simulator.setFaults([{ fault, endpoint: 'save' }]);
    const { body } = await stack.gql(
      `mutation { updateNumber(input: { id: "${firstId}", recordingEnabled: ${wanted} }) { number { id } userErrors { code } } }`,
    );
    expect(body.data).toEqual({ updateNumber: null });
    expect(body.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.outcome])).toEqual([[['updateNumber'], code, outcome]]);
    expect(stack.calls()).toEqual(['save', 'info']);
  });

  it('reports success when the answer was lost but the read-back shows the change applied', async () => {
    // The save lands upstream just past the budget, so the gateway has given up on it; the
    // read-back is sent after that and answered half a budget later, after the save landed.
    // Timers fire in deadline order (gateway and simulator share this process), so the margins
    // only have to cover the save's trip to the simulator (under half a budget) and the read-back
    // finishing inside its own budget (half a budget to spare), not the machine's speed.
    const stack = short;
    stack.simulator.setFaults([
      { fault: `latency=${SHORT_BUDGET_MS + 100}`, endpoint: 'save', times: 1 },
      { fault: `latency=${SHORT_BUDGET_MS / 2}`, endpoint: 'info', times: 1 },
    ]);
    const { body } = await stack.gql(
      `mutation { updateNumber(input: { id: "${firstId}", callerIdPrefix: "LATE" }) { number { id callerIdPrefix } userErrors { code } } }`,
    );
    expect(body).toEqual({ data: { updateNumber: { number: { id: firstId, callerIdPrefix: 'LATE' }, userErrors: [] } } });
    expect(stack.calls()).toEqual(['save', 'info']);
  });
});
