/**
 * `npm run bench`: the gateway against a hand-written "limit" server over the same simulator,
 * interleaved, median of several rounds. Options:
 *   --quick            unit of 30, 1 s runs, 3 rounds: a sanity check in under a minute
 *   --soak             5 minutes of mixed load on the gateway, RSS sampled (only when asked)
 *   --units=30,5000    unit sizes (default: 30 and 5000)
 *   --latency=50       added upstream latency in ms
 *   --duration=5 --rounds=3 --connections=50
 *   --gateway-env=NAME=value   extra gateway configuration (repeatable), for tuning experiments
 *   --only=dashboard   only the scenarios whose name contains this text
 *   --profile          write the gateway's V8 CPU profile to .bench-build/profiles/ (for tuning)
 *   --tracing          the gateway with tracing off against the gateway exporting every span
 * Everything runs on loopback; each server is its own process, so CPU and RSS are its own.
 */
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { buildChildren, ChildServer } from './ipc.js';
import type { SimulatorReady } from './child-simulator.js';
import { run, summarise, type RunOptions, type RunResult } from './load.js';
import { machine, table, writeResults, type ScenarioResult } from './report.js';
import { scenarios, type Scenario } from './scenarios.js';
import { soak } from './soak.js';
import { benchTracing } from './tracing.js';

const TOKEN = 'bench-token';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    soak: { type: 'boolean', default: false },
    units: { type: 'string' },
    latency: { type: 'string', default: '0' },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string', default: '50' },
    'gateway-env': { type: 'string', multiple: true, default: [] },
    profile: { type: 'boolean', default: false },
    only: { type: 'string' },
    tracing: { type: 'boolean', default: false },
  },
});

const quick = values.quick;
const latency = Number(values.latency);
const units = (values.units ?? (quick ? '30' : '30,5000')).split(',').map(Number);
const rounds = Number(values.rounds ?? 3);
const load: RunOptions = { connections: Number(values.connections), durationSeconds: Number(values.duration ?? (quick ? 1 : 5)), token: TOKEN };
const extraEnv = Object.fromEntries(values['gateway-env'].map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));

interface Stack {
  simulator: ChildServer<SimulatorReady>;
  gateway: ChildServer<{ url: string }>;
  limit: ChildServer<{ url: string }>;
}

function startSimulator(unitSize: number): Promise<ChildServer<SimulatorReady>> {
  return ChildServer.start<SimulatorReady>('simulator', './child-simulator.ts', {
    BENCH_UNIT_SIZE: String(unitSize),
    BENCH_LATENCY_MS: String(latency),
  });
}

function startGateway(upstreamUrl: string, env: Record<string, string> = {}): Promise<ChildServer<{ url: string }>> {
  return ChildServer.start<{ url: string }>('gateway', './child-gateway.ts', {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    // The bench is one client hammering one credential: a per-credential limit would measure itself.
    RATE_LIMIT_PER_MINUTE: '0',
    UPSTREAM_URL: upstreamUrl,
    ...extraEnv,
    ...env,
  }, values.profile ? ['--cpu-prof', '--cpu-prof-dir=.bench-build/profiles'] : []);
}

async function startStack(unitSize: number): Promise<Stack> {
  const simulator = await startSimulator(unitSize);
  const [gateway, limit] = await Promise.all([
    startGateway(simulator.ready.url),
    ChildServer.start<{ url: string }>('limit', './child-limit.ts', { UPSTREAM_URL: simulator.ready.url, ...extraEnv }),
  ]);
  return { simulator, gateway, limit };
}

/** `--tracing`: per unit, the same scenarios against a gateway with tracing off and one with it on. */
async function tracingUnit(unitSize: number): Promise<string> {
  const simulator = await startSimulator(unitSize);
  try {
    const probe = await startGateway(simulator.ready.url);
    const list = (await post(`${probe.ready.url}/graphql`, JSON.stringify({ query: '{ numbers(first: 10) { nodes { id } } }' }))) as {
      data: { numbers: { nodes: Array<{ id: string }> } };
    };
    await probe.stop();
    const ids = list.data.numbers.nodes.map((n) => n.id);
    const all = scenarios({ one: ids[0] ?? '1', ten: ids }).filter((s) => values.only === undefined || s.name.includes(values.only));
    // Warnings only (dropped spans, failed exports), so a comparison that lost spans says so.
    return await benchTracing({ simulator, startGateway: (env) => startGateway(simulator.ready.url, { LOG_LEVEL: 'warn', ...env }) }, all, load, rounds);
  } finally {
    await simulator.stop();
  }
}

async function post(url: string, body: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body });
  return response.json();
}

/** The limit must answer exactly what the gateway answers, or the comparison means nothing. */
async function checkSameAnswers(stack: Stack, list: Scenario[]): Promise<void> {
  for (const scenario of list) {
    const body = scenario.bodies[0] ?? '';
    const fromGateway = await post(`${stack.gateway.ready.url}/graphql`, body);
    const fromLimit = await post(`${stack.limit.ready.url}${scenario.limitPath}`, body);
    if (!isDeepStrictEqual(fromGateway, fromLimit)) {
      throw new Error(`${scenario.name}: the limit server answers differently\n gateway: ${JSON.stringify(fromGateway).slice(0, 400)}\n limit:   ${JSON.stringify(fromLimit).slice(0, 400)}`);
    }
  }
}

async function benchUnit(unitSize: number): Promise<ScenarioResult[]> {
  const stack = await startStack(unitSize);
  try {
    const list = (await post(`${stack.gateway.ready.url}/graphql`, JSON.stringify({ query: '{ numbers(first: 10) { nodes { id } } }' }))) as {
      data: { numbers: { nodes: Array<{ id: string }> } };
    };
    const ids = list.data.numbers.nodes.map((n) => n.id);
    const all = scenarios({ one: ids[0] ?? '1', ten: ids }).filter((s) => values.only === undefined || s.name.includes(values.only));
    await checkSameAnswers(stack, all);
    const targets = {
      limit: (s: Scenario) => ({ server: stack.limit, path: s.limitPath }),
      gateway: (_s: Scenario) => ({ server: stack.gateway, path: '/graphql' }),
    };
    const warm = { ...load, durationSeconds: 1 };
    for (const s of all) for (const target of Object.values(targets)) await run(target(s), s.bodies, stack.simulator, warm);

    const runs = new Map<string, { limit: RunResult[]; gateway: RunResult[] }>(all.map((s) => [s.name, { limit: [], gateway: [] }]));
    for (let round = 0; round < rounds; round++) {
      for (const s of all) {
        // Alternate who goes first, so neither always runs on a machine the other just warmed.
        const order = round % 2 === 0 ? (['limit', 'gateway'] as const) : (['gateway', 'limit'] as const);
        for (const name of order) runs.get(s.name)?.[name].push(await run(targets[name](s), s.bodies, stack.simulator, load));
      }
      process.stdout.write(`  unit ${unitSize}: round ${round + 1}/${rounds} done\n`);
    }
    return all.map((s) => {
      const r = runs.get(s.name) ?? { limit: [], gateway: [] };
      return { scenario: s.name, limit: summarise(r.limit), gateway: summarise(r.gateway) };
    });
  } finally {
    await Promise.all([stack.gateway.stop(), stack.limit.stop()]);
    await stack.simulator.stop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  await buildChildren(['./child-simulator.ts', './child-gateway.ts', './child-limit.ts']);
  if (values.soak) {
    const stack = await startStack(units[0] ?? 30);
    try {
      const block = await soak(stack.gateway, scenarios({ one: '1', ten: [] }).filter((s) => s.name === 'dashboard' || s.name === 'prefixes + pools' || s.name === 'accessNumbers'), stack.simulator, load);
      console.log(block);
      writeResults('soak', `## RSS soak (\`npm run bench -- --soak\`)\n\n${machine()}\n\n${block}`);
    } finally {
      await Promise.all([stack.gateway.stop(), stack.limit.stop()]);
      await stack.simulator.stop();
    }
    return;
  }
  const sections: string[] = [];
  if (values.tracing) {
    for (const unitSize of units) {
      const section = `### Unit of ${unitSize} numbers${latency > 0 ? `, ${latency} ms upstream latency` : ''}\n\n${await tracingUnit(unitSize)}`;
      console.log(`\n${section}\n`);
      sections.push(section);
    }
    const settings = `${load.connections} connections, ${load.durationSeconds} s per run, median of ${rounds} interleaved rounds, off = no OTLP endpoint; on = every span exported over OTLP/HTTP (http/protobuf, parentbased_always_on, batch every 200 ms) to a sink on loopback; on, 10 % = the same with parentbased_traceidratio 0.1`;
    // The whole command line: rounds, duration and units change what these figures mean.
    const flags = process.argv.slice(2).join(' ');
    writeResults(`tracing${latency > 0 ? `-latency-${latency}` : ''}`, `## \`npm run bench -- ${flags}\`\n\n${machine()}\n- settings: ${settings}\n\n${sections.join('\n\n')}`);
    console.log(`bench finished in ${((Date.now() - started) / 1000).toFixed(0)} s; bench/RESULTS.md updated`);
    return;
  }
  for (const unitSize of units) {
    const results = await benchUnit(unitSize);
    const section = `### Unit of ${unitSize} numbers${latency > 0 ? `, ${latency} ms upstream latency` : ''}\n\n${table(results)}`;
    console.log(`\n${section}\n`);
    sections.push(section);
  }
  const mode = quick ? 'quick' : 'full';
  const key = `${mode}${latency > 0 ? `-latency-${latency}` : ''}`;
  const settings = `${load.connections} connections, ${load.durationSeconds} s per run, median of ${rounds} interleaved rounds${Object.keys(extraEnv).length ? `, gateway env ${JSON.stringify(extraEnv)}` : ''}`;
  const flags = [quick ? '--quick' : '', latency > 0 ? `--latency=${latency}` : ''].filter(Boolean).join(' ');
  writeResults(key, `## \`npm run bench${flags ? ` -- ${flags}` : ''}\`\n\n${machine()}\n- settings: ${settings}\n\n${sections.join('\n\n')}`);
  console.log(`bench finished in ${((Date.now() - started) / 1000).toFixed(0)} s; bench/RESULTS.md updated`);
}

await main();
