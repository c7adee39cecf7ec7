import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkSameAnswers, comparable, difference, type Ask } from '../../bench/answers.js';
import { createLimitServer } from '../../bench/limit-server.js';
import { startRestServer } from '../../bench/rest-server.js';
import { scenarios, type Scenario } from '../../bench/scenarios.js';
import { loadConfig } from '../../src/config.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * The bench refuses to measure servers that answer differently, so a change to the gateway's
 * answers (a new extension, a renamed field) stops `npm run bench` before it measures anything.
 * This runs the bench's own check against its three servers, in-process and without load, so CI
 * notices that instead of the next person to run the bench.
 */
const TOKEN = 'bench-token';

let stack: Stack;
let limit: ReturnType<typeof createLimitServer>;
let limitUrl: string;
let rest: Awaited<ReturnType<typeof startRestServer>>;

beforeAll(async () => {
  // The bench's gateway settings (bench/main.ts): production, no per-credential rate limit.
  stack = await startStack({
    env: { NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0' },
    simulator: { units: [{ id: 'bench', token: TOKEN, numbers: 30 }], faults: false },
  });
  limit = createLimitServer(loadConfig({ UPSTREAM_URL: stack.simulator.url }));
  await new Promise<void>((resolve) => limit.listen(0, '127.0.0.1', resolve));
  limitUrl = `http://127.0.0.1:${(limit.address() as AddressInfo).port}`;
  rest = await startRestServer(stack.simulator.url);
});

afterAll(async () => {
  await rest.stop();
  limit.closeAllConnections();
  await new Promise((resolve) => limit.close(resolve));
  await stack.close();
});

async function post(url: string, body: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body });
  return response.json();
}

const at =
  (base: string, path: (s: Scenario) => string): Ask =>
  (scenario) =>
    post(`${base}${path(scenario)}`, scenario.bodies[0] ?? '');

describe("the bench's same-answer check", () => {
  it('finds the limit server and the RESTDataSource gateway answering every scenario as the gateway does', async () => {
    const list = (await stack.gql<{ numbers: { nodes: Array<{ id: string }> } }>('{ numbers(first: 10) { nodes { id } } }', { token: TOKEN })).body;
    const ids = list.data?.numbers.nodes.map((n) => n.id) ?? [];
    expect(ids).toHaveLength(10);
    const all = scenarios({ one: ids[0] ?? '', ten: ids });
    await expect(
      checkSameAnswers(
        all,
        at(stack.gateway.url, () => '/graphql'),
        [
          { name: 'limit', ask: at(limitUrl, (s) => s.limitPath) },
          { name: 'rest', ask: at(rest.url, () => '/graphql') },
        ],
      ),
    ).resolves.toBeUndefined();
  });

  it("compares data and errors and ignores the gateway's own extensions", () => {
    const data = { number: { id: '1' } };
    expect(comparable({ data, extensions: { cost: { estimated: 1, actual: 1, limit: 25 } } })).toEqual({ data, errors: undefined });
    expect(difference('one', 'limit', { data, extensions: { cost: {} } }, { data })).toBeUndefined();
    expect(difference('one', 'limit', { data }, { data: { number: null } })).toContain('one: the limit server answers differently');
    expect(difference('one', 'limit', { data, errors: [{ message: 'x' }] }, { data })).toContain('answers differently');
  });
});
