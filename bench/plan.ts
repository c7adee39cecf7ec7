/**
 * What the upstream plan and Server-Timing cost a request: the same operations through the
 * whole gateway (HTTP, Apollo, loaders, upstream client against the simulator on loopback), one
 * request at a time, in four modes that take turns round by round so the machine's load falls
 * on all of them alike:
 *   - baseline: SERVER_TIMING_ENABLED=false, no Numbers-Plan header
 *   - absent: Server-Timing on (the default), no header: what every request pays
 *   - trace: `Numbers-Plan: trace`
 *   - dry-run: `Numbers-Plan: dry-run` (nothing called, nothing executed)
 * CPU is the process's (gateway, simulator and client together: the same for every mode but
 * the part under test), per request; the figure is the median of the rounds' means.
 *
 *   node --import @swc-node/register/esm-register bench/plan.ts [--rounds=9] [--requests=200]
 *
 * Bounded: rounds × requests × 4 modes × 2 operations requests (14,400 by default).
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { serverTimingOf } from '../src/observability/server-timing.js';
import { createPlanRecorder } from '../src/plan/recorder.js';
import { createGateway, type Gateway } from '../src/server.js';
import { createSimulator } from '../src/simulator/index.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '9' }, requests: { type: 'string', default: '200' } } });
const rounds = Math.min(Math.max(Number(values.rounds), 1), 50);
const requests = Math.min(Math.max(Number(values.requests), 1), 5000);

const DASHBOARD = `query NumbersDashboard { numbers(first: 20) { totalCount nodes { id number e164 context destination { type name } subscriber { name status } prefix { areaName } } pageInfo { hasNextPage endCursor } } }`;

const simulator = await createSimulator({});
const start = async (env: Record<string, string>): Promise<Gateway> => {
  const config = loadConfig({ NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'silent', UPSTREAM_URL: simulator.url, RATE_LIMIT_PER_MINUTE: '0', ...env });
  const gateway = createGateway(config, { upstreamUrl: simulator.url, logger: pino({ level: 'silent' }) });
  await gateway.start();
  return gateway;
};
const [plain, timed] = await Promise.all([start({ SERVER_TIMING_ENABLED: 'false', GRAPHIQL_ENABLED: 'false' }), start({ GRAPHIQL_ENABLED: 'false' })]);

const ids = (
  (await (await fetch(`${simulator.url}/api/v2/numbers/list`, { headers: { authorization: 'Bearer demo-token-a' } })).json()) as { data: { id: number }[] }
).data
  .slice(0, 10)
  .map((n) => n.id);
const TEN_IDS = `{ ${ids.map((id, i) => `n${i}: number(id: "${id}") { id number }`).join(' ')} }`;

interface Mode {
  name: string;
  gateway: Gateway;
  plan?: string;
}
const modes: Mode[] = [
  { name: 'baseline (no Server-Timing, no header)', gateway: plain },
  { name: 'header absent (Server-Timing on)', gateway: timed },
  { name: 'Numbers-Plan: trace', gateway: timed, plan: 'trace' },
  { name: 'Numbers-Plan: dry-run', gateway: timed, plan: 'dry-run' },
];

async function send(mode: Mode, query: string): Promise<void> {
  const response = await fetch(`${mode.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a', ...(mode.plan ? { 'numbers-plan': mode.plan } : {}) },
    body: JSON.stringify({ query }),
  });
  if (response.status !== 200) throw new Error(`${mode.name}: HTTP ${response.status}`);
  await response.arrayBuffer();
}

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? NaN;

for (const [label, query] of [
  ['dashboard (2 calls cold, 1 warm)', DASHBOARD],
  ['ten number(id), one list call', TEN_IDS],
] as const) {
  const wall = new Map<string, number[]>(modes.map((m) => [m.name, []]));
  const cpu = new Map<string, number[]>(modes.map((m) => [m.name, []]));
  for (const mode of modes) for (let i = 0; i < 100; i++) await send(mode, query); // warm-up: JIT, caches, unit size
  for (let round = 0; round < rounds; round++) {
    for (const mode of modes) {
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < requests; i++) await send(mode, query);
      const used = process.cpuUsage(cpuStart);
      wall.get(mode.name)?.push(((performance.now() - started) * 1000) / requests);
      cpu.get(mode.name)?.push((used.user + used.system) / requests);
    }
  }
  console.log(`\n${label}: median of ${rounds} rounds × ${requests} sequential requests, Node ${process.version}`);
  console.log('| mode | µs per request (wall) | CPU µs per request |');
  console.log('|---|---|---|');
  for (const mode of modes) console.log(`| ${mode.name} | ${median(wall.get(mode.name) ?? []).toFixed(0)} | ${median(cpu.get(mode.name) ?? []).toFixed(0)} |`);
}

await Promise.all([plain.stop(), timed.stop()]);
await simulator.close();

/**
 * The recorder alone, no I/O: what a trace adds to the dashboard's request in the gateway's own
 * code (two calls, 19 memo reads, one cache lookup, the plan built and serialised). Fastest of
 * the rounds: contention only ever adds time.
 */
const recorderRounds = 30;
const perRound = 2000;
let best = Infinity;
for (let round = 0; round < recorderRounds; round++) {
  const started = performance.now();
  for (let i = 0; i < perRound; i++) {
    const recorder = createPlanRecorder(performance.now(), 'memory');
    for (const endpoint of ['list', 'available_prefixes'])
      recorder.span({ endpoint, method: 'GET', breaker: 'closed', params: {} }).end({ status: 200, retries: 0, errorKind: undefined });
    recorder.cacheLookup('available_prefixes', 'miss');
    for (let r = 0; r < 19; r++) recorder.memoRead('available_prefixes');
    if (JSON.stringify(recorder.toPlan(2, 2)).length === 0) throw new Error('empty plan');
  }
  best = Math.min(best, ((performance.now() - started) * 1000) / perRound);
}
const timingRecord = {
  startedAt: 0,
  upstreamCalls: new Map([
    ['list', 1],
    ['available_prefixes', 1],
  ]),
  upstream: { spans: [1, 5, 5.5, 7], cacheHits: 1 },
};
let timingBest = Infinity;
for (let round = 0; round < recorderRounds; round++) {
  const started = performance.now();
  for (let i = 0; i < perRound; i++) if (serverTimingOf(timingRecord, 9).length === 0) throw new Error('empty header');
  timingBest = Math.min(timingBest, ((performance.now() - started) * 1000) / perRound);
}
console.log(`
in isolation, fastest of ${recorderRounds} rounds × ${perRound}:`);
console.log(`  plan recorder, dashboard trace (record + build + JSON.stringify): ${best.toFixed(2)} µs per request`);
console.log(`  Server-Timing header value, two calls: ${timingBest.toFixed(2)} µs per request`);
