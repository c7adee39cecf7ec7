import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/observability/logger.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { scrape, seriesOf } from '../ops/metrics-text.js';

/** Operations the gateway does not serve are the client's mistake: 400, info log, no alert. */

const REFUSAL =
  'This gateway does not serve subscriptions; it serves queries and mutations. To follow changes, poll the query over GET with If-None-Match: an unchanged answer is a 304 with no body (docs/web-clients.md).';

let stack: Stack;
const lines: string[] = [];
beforeAll(async () => {
  const logger = createLogger({ level: 'info', env: 'production', tty: false }, { write: (line: string) => void lines.push(line) });
  stack = await startStack({ env: { NODE_ENV: 'production' }, logger });
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.resetCalls();
  lines.length = 0;
});

describe('a subscription', () => {
  it('is HTTP 400 GRAPHQL_VALIDATION_FAILED saying what is served, with no upstream call', async () => {
    const { status, body, cost } = await stack.gql('subscription S { numberChanged { id } }');
    expect(status).toBe(400);
    expect(body).toEqual({ errors: [{ message: REFUSAL, locations: [{ line: 1, column: 1 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
    expect(cost).toEqual({ estimated: 0, actual: 0, limit: 25 });
    expect(stack.calls()).toEqual([]);
  });

  it('is refused the same way over GET, next to a query, and on fields that would exist', async () => {
    const get = await fetch(`${stack.gateway.url}/graphql?query=${encodeURIComponent('subscription { __typename }')}`, {
      headers: { authorization: 'Bearer demo-token-a', 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(400);
    expect(((await get.json()) as { errors: Array<{ message: string }> }).errors.map((e) => e.message)).toEqual([REFUSAL]);
    const mixed = await stack.gql('query A { numbers(first: 1) { totalCount } } subscription B { numbers { totalCount } }');
    expect([mixed.status, mixed.body.errors?.map((e) => e.extensions?.code)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
    expect(stack.calls()).toEqual([]);
  });

  it('is logged at info level only, and counted as GRAPHQL_VALIDATION_FAILED, not as an internal error', async () => {
    await stack.gql('subscription S { numberChanged { id } }', { headers: { 'x-request-id': 'sub-1' } });
    // pino's level 30 is info.
    const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; requestId?: string; outcome?: string; status?: number });
    expect(logged.map((l) => [l.level, l.msg, l.requestId, l.status, l.outcome])).toEqual([[30, 'graphql request', 'sub-1', 400, 'GRAPHQL_VALIDATION_FAILED']]);
    const requests = seriesOf(await scrape(stack.gateway.url), 'numbers_gateway_graphql_requests_total');
    expect(Object.keys(requests).filter((series) => series.includes('INTERNAL_SERVER_ERROR'))).toEqual([]);
    expect(requests['operation=unknown,outcome=GRAPHQL_VALIDATION_FAILED,client=unknown']).toBeGreaterThanOrEqual(1);
  });
});
