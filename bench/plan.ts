/**
 * What the upstream plan and Server-Timing cost a request: the same operations through the
 * whole gateway (HTTP, Apollo, loaders, upstream client against the simulator on loopback), one
 * request at a time, in four modes that take turns round by round so the machine's load falls
 * on all of them alike:
 *   - baseline: SERVER_TIMING_ENABLED=false and PLAN_ENABLED=false: none of this page's parts in the pipeline
 *   - absent: the defaults (Server-Timing on, plans on), no header: what every request pays
 *   - trace: `Numbers-Plan: trace`
 *   - dry-run: `Numbers-Plan: dry-run` (nothing called, nothing executed)
 * CPU is the process's (gateway, simulator and client together: the same for every mode but
 * the part under test), per request; the figure is the median of the rounds' means, and its
 * ratio to the baseline's median (the figure docs/upstream-plan.md records).
 *
 *   node --import @swc-node/register/esm-register bench/plan.ts [--rounds=9] [--requests=200]
 *
 * Bounded: rounds × requests × 4 modes × 2 operations requests (14,400 by default).
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import type { Exchange, Guard, RequestObserver } from '../src/concern.js';
import { createServerTiming, serverTimingOf } from '../src/observability/server-timing.js';
import { createPlan } from '../src/plan/index.js';
import { createPlanRecorder } from '../src/plan/recorder.js';
import { startRequest } from '../src/request/incoming.js';
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
const [plain, timed] = await Promise.all([
  start({ SERVER_TIMING_ENABLED: 'false', PLAN_ENABLED: 'false', GRAPHIQL_ENABLED: 'false' }),
  start({ GRAPHIQL_ENABLED: 'false' }),
]);

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
  { name: 'baseline (Server-Timing and plans off)', gateway: plain },
  { name: 'header absent (defaults: both on)', gateway: timed },
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
  console.log('| mode | µs per request (wall) | × baseline | CPU µs per request | × baseline |');
  console.log('|---|---|---|---|---|');
  const base = { wall: median(wall.get(modes[0]?.name ?? '') ?? []), cpu: median(cpu.get(modes[0]?.name ?? '') ?? []) };
  for (const mode of modes) {
    const w = median(wall.get(mode.name) ?? []);
    const c = median(cpu.get(mode.name) ?? []);
    console.log(`| ${mode.name} | ${w.toFixed(0)} | ${(w / base.wall).toFixed(2)} | ${c.toFixed(0)} | ${(c / base.cpu).toFixed(2)} |`);
  }
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
  sharedReads: new Map<string, number>(),
  upstreamCalls: new Map([
    ['list', 1],
    ['available_prefixes', 1],
  ]),
  upstreamTiming: { spans: [1, 5, 5.5, 7], cacheHits: 1 },
};
let timingBest = Infinity;
for (let round = 0; round < recorderRounds; round++) {
  const started = performance.now();
  for (let i = 0; i < perRound; i++) if (serverTimingOf(timingRecord, 9).length === 0) throw new Error('empty header');
  timingBest = Math.min(timingBest, ((performance.now() - started) * 1000) / perRound);
}
/**
 * What every request meets by default without the header, alone: the Server-Timing and plan
 * guards, both observers asked for the request, two calls timed, the head written with the
 * header. Measured as the difference to the same request (a fresh IncomingMessage, response and
 * record) meeting none of them; fastest of the rounds for each.
 */
const defaults = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
const timing = createServerTiming(true);
const plan = createPlan(defaults);
const standingGuards: Guard[] = [...timing.guards, ...plan.guards.header];
const standingObservers: RequestObserver[] = [timing.observer, plan.observers.recorder];
async function oneRequest(guards: readonly Guard[], observers: readonly RequestObserver[]): Promise<void> {
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  const request = startRequest(req.headers);
  const exchange: Exchange = { req, res, request, method: 'POST', body: undefined, search: '', refuse: () => 'answered' };
  for (const guard of guards) await guard.run(exchange);
  for (const observe of observers) {
    const observer = observe(request);
    observer?.call?.({ endpoint: 'list', status: 200, durationMs: 3 });
    observer?.call?.({ endpoint: 'available_prefixes', status: 200, durationMs: 1 });
  }
  res.writeHead(200, { 'content-type': 'application/json' });
}
const standing = { none: Infinity, defaults: Infinity };
for (let round = 0; round < recorderRounds; round++) {
  for (const [key, guards, observers] of [
    ['none', [], []],
    ['defaults', standingGuards, standingObservers],
  ] as const) {
    const started = performance.now();
    for (let i = 0; i < perRound; i++) await oneRequest(guards, observers);
    standing[key] = Math.min(standing[key], ((performance.now() - started) * 1000) / perRound);
  }
}
console.log(`
in isolation, fastest of ${recorderRounds} rounds × ${perRound}:`);
console.log(`  plan recorder, dashboard trace (record + build + JSON.stringify): ${best.toFixed(2)} µs per request`);
console.log(`  Server-Timing header value, two calls: ${timingBest.toFixed(2)} µs per request`);
console.log(
  `  defaults without the header (both guards, both observers, two calls, the head): ${(standing.defaults - standing.none).toFixed(2)} µs per request (${standing.defaults.toFixed(2)} vs ${standing.none.toFixed(2)})`,
);
