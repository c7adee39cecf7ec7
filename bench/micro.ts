/**
 * Microbenchmarks of the hot-path pieces the tuning log compares, in one process with no I/O:
 * the bench's CPU per request moves by 5-15 % between identical runs on this shared machine,
 * more than most single changes are worth. Each case runs in batches; the figure is the fastest
 * batch's time per operation (contention only ever adds time), so reruns agree within a few %.
 * Run: node --import @swc-node/register/esm-register bench/micro.ts [filter]
 */
import type { Got } from 'got';
import CircuitBreaker from 'opossum';
import pLimit from 'p-limit';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { GatewayMetrics } from '../src/observability/metrics.js';
import { tenantKeyOf } from '../src/security/credentials.js';
import { createBreaker } from '../src/upstream/breaker.js';
import { createNumbersApi, createOperationScope } from '../src/upstream/client.js';
import { createLimit } from '../src/upstream/concurrency.js';
import { createUpstreamHttp } from '../src/upstream/http.js';

type Case = () => Promise<void> | void;

/** One `info` read through the whole client layer, got replaced by an answer already there. */
function clientLayer(coalesce: 'on' | 'off'): Case {
  const body = JSON.stringify({ status: 'success', time: 0.01, flags: {}, data: { id: 1, number: '01224000001', created_at: '2015-05-05T14:43:36.000Z' } });
  const answered = () => Object.assign(Promise.resolve({ statusCode: 200, body }), { cancel: () => undefined });
  const config = loadConfig({ UPSTREAM_COALESCE: coalesce });
  const upstream = { ...createUpstreamHttp('http://127.0.0.1:9', config.upstream, config.resilience), got: answered as unknown as Got };
  // As request/context.ts does: the credential's hash is the request's, computed once.
  const caller = { authorization: 'Bearer t', requestId: 'r', tenantKey: tenantKeyOf('Bearer t') };
  return async () => {
    const api = createNumbersApi({ upstream, caller, scope: createOperationScope(16, 15_000), observer: { call: () => undefined } });
    await api.info('1');
  };
}

const BATCHES = 30;
const PER_BATCH = 2000;

async function measure(name: string, op: Case): Promise<void> {
  for (let i = 0; i < PER_BATCH * 3; i++) await op();
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < BATCHES; b++) {
    const started = performance.now();
    for (let i = 0; i < PER_BATCH; i++) await op();
    best = Math.min(best, (performance.now() - started) / PER_BATCH);
  }
  console.log(`| ${name} | ${(best * 1000).toFixed(2)} |`);
}

const task = () => Promise.resolve(1);

/** Every upstream call passes the operation's cap, the process's cap and a batch's cap. */
const cases: Record<string, Case> = {
  'three nested caps, p-limit': (() => {
    const [a, b] = [pLimit(16), pLimit(256)];
    return async () => {
      const batch = pLimit(8);
      await batch(() => a(() => b(task)));
    };
  })(),
  'three nested caps, createLimit': (() => {
    const [a, b] = [createLimit(16), createLimit(256)];
    return async () => {
      const batch = createLimit(8);
      await batch(() => a(() => b(task)));
    };
  })(),
  /** opossum configured as src/upstream/breaker.ts configured it before it was replaced. */
  'breaker, opossum': (() => {
    const { breaker: config } = loadConfig({}).resilience;
    const breaker = new CircuitBreaker((call: () => Promise<number>) => call(), {
      timeout: false,
      errorThresholdPercentage: config.errorPercent,
      volumeThreshold: config.volumeThreshold,
      resetTimeout: config.resetMs,
      rollingCountTimeout: config.windowMs,
      rollingCountBuckets: 10,
      errorFilter: () => false,
    });
    breaker.on('open', () => undefined);
    breaker.on('halfOpen', () => undefined);
    breaker.on('close', () => undefined);
    return async () => {
      await breaker.fire(task);
    };
  })(),
  'breaker, createBreaker': (() => {
    const breaker = createBreaker(loadConfig({}).resilience.breaker);
    return async () => {
      await breaker.fire('info', task);
    };
  })(),
  /** An operation's budget and one call's deadline, as src/upstream/client.ts had them. */
  'deadline, operation signal + listener': () => {
    const operation = AbortSignal.timeout(15_000);
    const controller = new AbortController();
    const abort = () => controller.abort(new DOMException('out of time', 'TimeoutError'));
    operation.addEventListener('abort', abort, { once: true });
    const timer = setTimeout(abort, 5000);
    clearTimeout(timer);
    operation.removeEventListener('abort', abort);
  },
  'deadline, one timer cut to the operation': () => {
    const endsAt = performance.now() + 15_000;
    const controller = new AbortController();
    const abort = () => controller.abort(new DOMException('out of time', 'TimeoutError'));
    const timer = setTimeout(abort, Math.min(5000, Math.floor(endsAt - performance.now())));
    clearTimeout(timer);
  },
  /** The request's child logger, with the production logger's redaction (context.ts). */
  'pino child, production logger': (() => {
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    const logger = createLogger({ level: 'info', env: 'production', tty: false }, sink);
    return () => void logger.child({ requestId: '5b0c6e0e-1f6f-4e1e-9a59-6d2b3c1d2e3f' });
  })(),
  'tenant key, createHash': () => void createHash('sha256').update('Bearer bench-token').digest('base64url').slice(0, 22),
  'tenant key, crypto.hash': () => void tenantKeyOf('Bearer bench-token'),
  /** What every upstream call and every request record in prom-client (observability/metrics.ts). */
  'metrics, one upstream call + one request': (() => {
    const metrics = new GatewayMetrics();
    return () => {
      metrics.upstreamCall({ endpoint: 'info', status: 200, durationMs: 3.2 });
      metrics.graphqlRequest({ operationName: null, outcome: 'success', seconds: 0.012 });
    };
  })(),
  /**
   * The gateway's own work around one upstream read (caps, breaker, deadline timer, envelope,
   * guard, observer) with got replaced by an answer that is already there: what the client
   * layer adds to got's own cost per call.
   */
  'client layer around one info call (got stubbed)': clientLayer('on'),
  /** The same with UPSTREAM_COALESCE=off: what looking for a read in flight to join costs a call that has none. */
  'client layer around one info call (got stubbed), coalescing off': clientLayer('off'),
  'bare: parse the same answer': () => {
    const body = JSON.stringify({ status: 'success', time: 0.01, flags: {}, data: { id: 1, number: '01224000001', created_at: '2015-05-05T14:43:36.000Z' } });
    return void (JSON.parse(body) as unknown);
  },
};

const filter = process.argv[2];
console.log('| case | µs per operation (fastest batch) |\n|---|--:|');
for (const [name, op] of Object.entries(cases)) if (!filter || name.includes(filter)) await measure(name, op);
// opossum's rolling-window interval timers would keep the process alive.
process.exit(0);
