import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { eventually } from '../helpers/eventually.js';
import { freePort, startGatewayProcess, startProcess, startRedis, startSimulatorProcess, type Proc } from './processes.js';

/**
 * The field-usage ledger across replicas, as real processes: redis-server, the simulator and
 * two gateway replicas through the real entry point, each with its internal listener. Two
 * clients send traffic through both; the usage endpoint of either replica and the CLI report
 * the exact per-client, per-version counts. With Redis killed, requests are unaffected, and
 * the counts made meanwhile reach Redis once it is back.
 */
jest.setTimeout(120_000);

const DASHBOARD = 'query Dash { numbers(first: 2) { nodes { number destination { type name } } } }';
const FILTERED = 'query Filtered($t: String) { numbers(first: 1, destinationType: $t) { totalCount } }';
const IOS = { 'apollographql-client-name': 'ios-app', 'apollographql-client-version': '3.2.0' };
const IOS_OLD = { 'apollographql-client-name': 'ios-app', 'apollographql-client-version': '3.1.0' };
const ANDROID = { 'graphql-client-name': 'android-app', 'graphql-client-version': '1.0.0' };

interface Replica {
  proc: Proc;
  url: string;
  internal: string;
}

let redis: { proc: Proc; url: string };
let redisPort: number;
let simulator: { proc: Proc; url: string };
let a: Replica;
let b: Replica;
const dir = mkdtempSync(join(tmpdir(), 'usage-'));
const today = new Date().toISOString().slice(0, 10);

async function startReplica(name: string): Promise<Replica> {
  const port = await freePort();
  const started = await startGatewayProcess(name, {
    UPSTREAM_URL: simulator.url,
    REDIS_URL: redis.url,
    METRICS_PORT: String(port),
    USAGE_FLUSH_INTERVAL_MS: '200',
    RATE_LIMIT_PER_MINUTE: '0',
  });
  return { ...started, internal: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  redis = await startRedis();
  redisPort = Number(new URL(redis.url).port);
  simulator = await startSimulatorProcess();
  [a, b] = await Promise.all([startReplica('gateway-1'), startReplica('gateway-2')]);
});

afterAll(async () => {
  await Promise.all([a?.proc.stop(), b?.proc.stop(), simulator?.proc.stop(), redis?.proc.stop('SIGKILL')]);
  rmSync(dir, { recursive: true, force: true });
});

async function post(
  replica: Replica,
  query: string,
  headers: Record<string, string>,
  variables?: Record<string, unknown>,
): Promise<{ status: number; data: unknown; errors: unknown }> {
  const response = await fetch(`${replica.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  return { status: response.status, data: body.data, errors: body.errors };
}

async function usage(
  replica: Replica,
  coordinate: string,
): Promise<{ status: number; body: { entries?: unknown[]; retentionDays?: number; format?: string } }> {
  const response = await fetch(`${replica.internal}/usage?coordinate=${encodeURIComponent(coordinate)}&days=30`);
  return { status: response.status, body: (await response.json()) as { entries?: unknown[] } };
}

const entry = (coordinate: string, client: string, version: string, count: number) => ({ coordinate, client, version, day: today, count });

/** Waits until both replicas' counts are in Redis (each flushes every 200 ms), then returns the entries. */
async function settled(coordinate: string, expected: unknown[]): Promise<unknown[] | undefined> {
  let last: unknown[] | undefined;
  await eventually(
    async () => {
      last = (await usage(a, coordinate)).body.entries;
      return JSON.stringify(last) === JSON.stringify(expected);
    },
    100,
    100,
  );
  return last;
}

async function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  const proc = startProcess('usage-cli', process.execPath, ['--import', '@swc-node/register/esm-register', 'scripts/usage.ts', ...args], {});
  const [code] = (await once(proc.child, 'exit')) as [number | null];
  return { code, output: proc.output() };
}

describe('usage of two clients through two replicas sharing Redis', () => {
  const expected = [
    entry('Destination.type', 'android-app', '1.0.0', 4),
    entry('Destination.type', 'ios-app', '3.1.0', 1),
    entry('Destination.type', 'ios-app', '3.2.0', 5),
  ];

  it('reports the exact per-client, per-version counts of a coordinate on either replica', async () => {
    const sent = [
      ...Array.from({ length: 3 }, () => post(a, DASHBOARD, IOS)),
      ...Array.from({ length: 2 }, () => post(b, DASHBOARD, IOS)),
      post(a, DASHBOARD, IOS_OLD),
      ...Array.from({ length: 4 }, () => post(b, DASHBOARD, ANDROID)),
      post(b, FILTERED, ANDROID, { t: 'Menu' }),
    ];
    const answers = await Promise.all(sent);
    expect(answers.map((r) => [r.status, r.errors])).toEqual(answers.map(() => [200, undefined]));
    expect(await settled('Destination.type', expected)).toEqual(expected);
    const fromB = await usage(b, 'Destination.type');
    expect(fromB).toEqual({
      status: 200,
      body: { format: 'numbers-gateway-usage', version: 1, generatedAt: expect.any(String), retentionDays: 30, entries: expected },
    });
    expect((await usage(b, 'Query.numbers(destinationType:)')).body.entries).toEqual([entry('Query.numbers(destinationType:)', 'android-app', '1.0.0', 1)]);
  });

  it('answers bad parameters with 400 and a message', async () => {
    const response = await fetch(`${a.internal}/usage?coordinate=${encodeURIComponent('not a coordinate')}`);
    expect([response.status, await response.json()]).toEqual([
      400,
      { error: 'coordinate must be a schema coordinate: Type.field, Type.field(arg:) or Enum.VALUE' },
    ]);
    const days = await fetch(`${a.internal}/usage?days=31`);
    expect([days.status, await days.json()]).toEqual([400, { error: 'days must be an integer from 1 to 30 (USAGE_RETENTION_DAYS)' }]);
    // The public port does not serve it when METRICS_PORT is set.
    expect((await fetch(`${a.url}/usage`)).status).toBe(404);
  });

  it('prints the same counts with the CLI, from Redis or from a replica, and exports them', async () => {
    const file = join(dir, 'usage.json');
    const fromRedis = await cli(['--redis', redis.url, '--coordinate', 'Destination.type', '--export', file]);
    expect(fromRedis.code).toBe(0);
    expect(fromRedis.output.split('\n').slice(0, 5)).toEqual([
      'coordinate        client       version  requests  first day   last day',
      '----------------  -----------  -------  --------  ----------  ----------',
      `Destination.type  android-app  1.0.0           4  ${today}  ${today}`,
      `Destination.type  ios-app      3.1.0           1  ${today}  ${today}`,
      `Destination.type  ios-app      3.2.0           5  ${today}  ${today}`,
    ]);
    expect(fromRedis.output).toContain(`wrote 3 entries to ${file}`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      format: 'numbers-gateway-usage',
      version: 1,
      generatedAt: expect.any(String),
      retentionDays: 30,
      entries: expected,
    });
    const fromReplica = await cli(['--url', b.internal, '--coordinate', 'Destination.type', '--days', '7']);
    expect([fromReplica.code, fromReplica.output.split('\n').slice(2, 5)]).toEqual([0, fromRedis.output.split('\n').slice(2, 5)]);
    expect(await cli(['--url', b.internal, '--days', 'many'])).toMatchObject({
      code: 2,
      output: expect.stringContaining('--days must be a positive integer, not "many"'),
    });
  });

  it('serves requests as usual with Redis down, and the counts made meanwhile reach Redis once it is back', async () => {
    await redis.proc.stop('SIGKILL');
    const during = await Promise.all([post(a, DASHBOARD, IOS), post(b, DASHBOARD, IOS), post(b, DASHBOARD, ANDROID)]);
    expect(during.map((r) => [r.status, r.errors, (r.data as { numbers: { nodes: unknown[] } }).numbers.nodes.length])).toEqual([
      [200, undefined, 2],
      [200, undefined, 2],
      [200, undefined, 2],
    ]);
    const down = await usage(a, 'Destination.type');
    expect(down.status).toBe(503);
    // A fresh redis-server (no persistence) at the same address: what it gets is what the
    // replicas kept while it was away.
    redis = await startRedis(redisPort);
    const kept = [entry('Destination.type', 'android-app', '1.0.0', 1), entry('Destination.type', 'ios-app', '3.2.0', 2)];
    expect(await settled('Destination.type', kept)).toEqual(kept);
  });
});
