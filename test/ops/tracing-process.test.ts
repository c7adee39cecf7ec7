import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startOtlpReceiver, type OtlpReceiver } from '../helpers/otlp-receiver.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { shapeOf } from '../observability/traced-stack.js';
import { startProcess, type Proc } from './processes.js';

jest.setTimeout(60_000);

let simulator: Simulator | undefined;
let receiver: OtlpReceiver | undefined;
let gateway: Proc | undefined;
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'module-log-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await gateway?.stop('SIGKILL');
  await simulator?.close();
  await receiver?.close();
  gateway = undefined;
  simulator = undefined;
  receiver = undefined;
});

/**
 * The production entry point (src/index.ts) as its own process, recording every module it loads:
 * one request, then SIGTERM. Returns the modules, the process's log lines and its exit code.
 */
async function runOnce(name: string, env: Record<string, string>): Promise<{ modules: string[]; lines: Array<Record<string, unknown>>; code: number | null }> {
  simulator = await createSimulator();
  const file = join(dir, `${name}.log`);
  gateway = startProcess(name, process.execPath, ['--import', '@swc-node/register/esm-register', '--import', './test/helpers/module-log.mjs', 'src/index.ts'], {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    UPSTREAM_URL: simulator.url,
    MODULE_LOG_FILE: file,
    ...env,
  });
  const [, url] = await gateway.waitFor(/"url":"(http:\/\/[^"]+\/graphql)"/);
  const response = await fetch(url ?? '', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a', 'x-request-id': 'one' },
    body: JSON.stringify({ query: 'query One { numbers(first: 1) { totalCount } }' }),
  });
  expect([response.status, await response.json()]).toEqual([
    200,
    { data: { numbers: { totalCount: 30 } }, extensions: { cost: { estimated: 1, actual: 1, limit: 25 } } },
  ]);
  const code = await gateway.stop('SIGTERM');
  const lines = gateway
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { modules: readFileSync(file, 'utf8').split('\n'), lines, code };
}

const otel = (modules: string[]) =>
  [...new Set(modules.filter((m) => m.includes('/node_modules/@opentelemetry/')).map((m) => /@opentelemetry\/[^/]+/.exec(m)?.[0]))].sort();

describe('tracing in the production process', () => {
  it('loads no OpenTelemetry SDK module while no endpoint is set', async () => {
    const { modules, lines, code } = await runOnce('untraced', {});
    expect(code).toBe(0);
    // The log is complete (the hooks saw the gateway's own modules and its packages)...
    expect(['/src/server.ts', '/node_modules/graphql/', '/node_modules/got/'].filter((part) => !modules.some((m) => m.includes(part)))).toEqual([]);
    // ...and holds no OpenTelemetry SDK package. The API (a no-op facade until an SDK registers)
    // is there because prom-client requires it for exemplars, as it did before tracing existed.
    expect(otel(modules)).toEqual(['@opentelemetry/api']);
    expect(lines.filter((l) => l.msg === 'graphql request').map((l) => [l.requestId, l.traceId])).toEqual([['one', undefined]]);
  });

  it('with an endpoint, loads the SDK and exports the spans still queued when SIGTERM comes', async () => {
    receiver = await startOtlpReceiver();
    // Ten minutes between exports: the spans can only arrive through the shutdown's flush.
    const { modules, lines, code } = await runOnce('traced', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '600000' });
    expect(code).toBe(0);
    expect(otel(modules)).toEqual(expect.arrayContaining(['@opentelemetry/exporter-trace-otlp-proto', '@opentelemetry/sdk-trace']));
    expect(otel(modules)).not.toContain('@opentelemetry/exporter-trace-otlp-http');
    const spans = receiver.spans();
    expect(shapeOf(spans)).toEqual([
      ['CLIENT', 'GET list', 'graphql.execute'],
      ['INTERNAL', 'graphql.execute', 'query One'],
      ['INTERNAL', 'graphql.parse', 'query One'],
      ['INTERNAL', 'graphql.validate', 'query One'],
      ['INTERNAL', 'query One', 'POST /graphql'],
      ['SERVER', 'POST /graphql', '(root)'],
    ]);
    expect(lines.filter((l) => l.msg === 'graphql request').map((l) => [l.requestId, l.traceId])).toEqual([['one', spans[0]?.traceId]]);
  });
});
