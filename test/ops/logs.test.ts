import { afterEach, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';

const TOKEN = 'demo-token-a';

interface Captured {
  simulator: Simulator;
  gateway: Gateway;
  /** Every line the gateway logged, raw (for "no token anywhere") and parsed. */
  raw: string[];
  lines(): Array<Record<string, unknown>>;
}

let captured: Captured | undefined;
afterEach(async () => {
  await captured?.gateway.stop();
  await captured?.simulator.close();
  captured = undefined;
});

/** A gateway whose pino logger writes into an array instead of stdout. */
async function start(): Promise<Captured> {
  const simulator = await createSimulator({ faults: true });
  const raw: string[] = [];
  const logger = createLogger({ level: 'info', env: 'test', tty: false }, { write: (line: string) => void raw.push(line) });
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', UPSTREAM_URL: simulator.url, UPSTREAM_RETRY_LIMIT: '0' });
  const gateway = createGateway(config, { upstreamUrl: simulator.url, logger });
  await gateway.start();
  return { simulator, gateway, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

async function gql(c: Captured, query: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(`${c.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, cookie: 'session=cookie-secret', ...headers },
    body: JSON.stringify({ query }),
  });
  await response.text();
  return response;
}

const requestLines = (c: Captured) => c.lines().filter((line) => line.msg === 'graphql request');

describe('request logs', () => {
  it('writes one JSON line per request with its operation, duration, upstream calls and request id', async () => {
    captured = await start();
    const response = await gql(captured, 'query Dashboard { numbers(first: 2) { totalCount } accessNumbers { code } }', { 'x-request-id': 'req-42' });
    expect(response.headers.get('x-request-id')).toBe('req-42');

    const [line, ...more] = requestLines(captured);
    expect(more).toEqual([]);
    expect(typeof line?.durationMs).toBe('number');
    expect({ ...line, durationMs: 0, time: 0, pid: 0, hostname: '' }).toEqual({
      level: 30,
      time: 0,
      pid: 0,
      hostname: '',
      service: 'numbers-gateway',
      msg: 'graphql request',
      requestId: 'req-42',
      method: 'POST',
      operation: 'Dashboard',
      operationType: 'query',
      status: 200,
      durationMs: 0,
      outcome: 'success',
      errorCodes: [],
      userErrors: 0,
      upstream: { list: 1, available_access_numbers: 1 },
      estimatedUpstreamCalls: 2,
    });
  });

  it('generates a request id when none is given and logs the one it returns', async () => {
    captured = await start();
    const response = await gql(captured, '{ accessNumbers { code } }');
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(requestLines(captured).map((line) => [line.requestId, line.operation])).toEqual([[id, null]]);
  });

  it('logs the error codes of a failed operation and never the token, the cookie or the upstream URL', async () => {
    captured = await start();
    captured.simulator.setFaults([{ fault: 'reset', endpoint: 'list' }]);
    await gql(captured, 'query Broken { numbers(first: 1) { totalCount } accessNumbers { code } }', { 'x-request-id': 'req-7' });
    await gql(captured, '{ numbers(');

    const lines = requestLines(captured);
    expect(lines.map((l) => [l.requestId, l.operation, l.status, l.outcome, l.errorCodes, l.upstream])).toEqual([
      ['req-7', 'Broken', 200, 'UPSTREAM_ERROR', ['UPSTREAM_ERROR'], { list: 1, available_access_numbers: 1 }],
      [expect.any(String), null, 400, 'GRAPHQL_PARSE_FAILED', ['GRAPHQL_PARSE_FAILED'], {}],
    ]);
    // The upstream failure itself is logged with its error and the request's id.
    const failures = captured.lines().filter((line) => line.msg === 'upstream failure');
    expect(failures.map((l) => [l.requestId, l.endpoint, l.path])).toEqual([['req-7', 'list', ['numbers']]]);
    const everything = captured.raw.join('');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('cookie-secret');
    expect(everything).not.toContain(captured.simulator.url);
  });

  it('censors credentials wherever a log call puts them', () => {
    const raw: string[] = [];
    const logger = createLogger({ level: 'info', env: 'test', tty: false }, { write: (line: string) => void raw.push(line) });
    logger.info(
      {
        headers: { authorization: 'Bearer a', cookie: 'c' },
        req: { headers: { authorization: 'Bearer b' } },
        token: 't',
        err: { options: { headers: { authorization: 'Bearer d' } } },
      },
      'x',
    );
    const line = JSON.parse(raw[0] ?? '{}') as Record<string, unknown>;
    expect([line.headers, line.req, line.token, line.err]).toEqual([
      { authorization: '[redacted]', cookie: '[redacted]' },
      { headers: { authorization: '[redacted]' } },
      '[redacted]',
      { options: { headers: { authorization: '[redacted]' } } },
    ]);
  });
});
