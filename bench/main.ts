/**
 * `npm run bench`: the gateway against two comparators over the same simulator, interleaved,
 * median of several rounds: the hand-written "limit" server (bare node:http + got) and "rest",
 * the Apollo Server + RESTDataSource gateway a team writes without this project. Options:
 *   --quick            unit of 30, 1 s runs, 3 rounds: a sanity check in under a minute
 *   --soak             5 minutes of mixed load on the gateway, RSS sampled (only when asked)
 *   --units=30,5000    unit sizes (default: 30 and 5000)
 *   --latency=50       added upstream latency in ms
 *   --duration=5 --rounds=3 --connections=50
 *   --gateway-env=NAME=value   extra gateway configuration (repeatable), for tuning experiments
 *   --only=dashboard   only this scenario, or those whose name contains this text (comma-separated list)
 *   --profile          each server's V8 CPU profile of each measured run, with its request count, in
 *                      .bench-build/profiles/ (for tuning; `bench/profile-summary.ts` reads them)
 *   --servers=limit,gateway    only these servers (default: limit, rest, gateway)
 *   --tracing          the gateway with tracing off against the gateway exporting every span
 *   --label=semi-16    write to a RESULTS.md block of its own (experiments keep the main blocks)
 *   --results=file.md  write the figures there instead of bench/RESULTS.md (test/bench/quick.test.ts)
 *   --save-baseline=a  keep this build of the gateway as .bench-build/baseline-a.mjs
 *   --baseline=a       also run that kept build, as "baseline", at the same time as the gateway
 *                      (each with --connections): an A/B of a change under the same load
 *   --cpu-stat=min     CPU per request of the least disturbed round instead of the median
 *   --gateway-node=--max-semi-space-size=16   a Node option for the gateway process (repeatable)
 *   --baseline-node=...                       the same for the baseline (see --baseline)
 * `dashboard` sends one credential on every connection (reads can be shared, docs/coalescing.md);
 * `dashboard, own credentials` gives each connection its own credential of the same unit (nothing
 * can be shared): compare the two with `--only=dashboard --connections=20`.
 * Everything runs on loopback; each server is its own process, so CPU and RSS are its own.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkSameAnswers } from './answers.js';
import { buildChildren, ChildServer, keepBaseline } from './ipc.js';
import type { SimulatorReady } from './child-simulator.js';
import { run, runTogether, summarise, type RunOptions, type RunResult } from './load.js';
import { machine, SERVERS, table, writeResults, type ScenarioResult, type ServerName } from './report.js';
import { BENCH_TOKEN, ownTokens, scenarios, type Scenario } from './scenarios.js';
import { soak } from './soak.js';
import { benchTracing } from './tracing.js';

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
    servers: { type: 'string' },
    label: { type: 'string' },
    results: { type: 'string' },
    baseline: { type: 'string' },
    'cpu-stat': { type: 'string', default: 'median' },
    'save-baseline': { type: 'string' },
    'gateway-node': { type: 'string', multiple: true, default: [] },
    'baseline-node': { type: 'string', multiple: true, default: [] },
  },
});

const quick = values.quick;
const latency = Number(values.latency);
const units = (values.units ?? (quick ? '30' : '30,5000')).split(',').map(Number);
const rounds = Number(values.rounds ?? 3);
const load: RunOptions = { connections: Number(values.connections), durationSeconds: Number(values.duration ?? (quick ? 1 : 5)), token: BENCH_TOKEN };
const extraEnv = Object.fromEntries(values['gateway-env'].map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
const servers = SERVERS.filter((name) =>
  name === 'baseline' ? values.baseline !== undefined : values.servers === undefined || values.servers.split(',').includes(name),
);
const gatewayNodeArgs = values['gateway-node'];
const only = values.only?.split(',');
const resultsFile = values.results;
const resultsName = values.results ?? 'bench/RESULTS.md';
const PROFILES = new URL('../.bench-build/profiles/', import.meta.url);

interface Stack {
  simulator: ChildServer<SimulatorReady>;
  servers: Map<ServerName, ChildServer<{ url: string }>>;
}

/** A scenario's load: with `credentials: 'own'`, every connection its own credential of the unit. */
const loadOf = (scenario: Scenario): RunOptions => (scenario.credentials === 'own' ? { ...load, tokens: ownTokens(load.connections) } : load);

/** Where each server answers a scenario: the GraphQL servers at /graphql, the limit per route. */
const pathOf = (name: ServerName, scenario: Scenario) => (name === 'limit' ? scenario.limitPath : '/graphql');

function startSimulator(unitSize: number): Promise<ChildServer<SimulatorReady>> {
  return ChildServer.start<SimulatorReady>('simulator', './child-simulator.ts', {
    BENCH_UNIT_SIZE: String(unitSize),
    BENCH_LATENCY_MS: String(latency),
    BENCH_OWN_TOKENS: String(load.connections),
  });
}

/** The gateway's environment in every mode: production, silent, no per-credential rate limit. */
function gatewayEnvOf(upstreamUrl: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    // The bench is one client hammering one credential: a per-credential limit would measure itself.
    RATE_LIMIT_PER_MINUTE: '0',
    UPSTREAM_URL: upstreamUrl,
    ...extraEnv,
    ...env,
  };
}

/** `--tracing`: per unit, the same scenarios against a gateway with tracing off and one with it on. */
async function tracingUnit(unitSize: number): Promise<string> {
  const simulator = await startSimulator(unitSize);
  const startGateway = (env: Record<string, string> = {}) =>
    ChildServer.start<{ url: string }>('gateway', './child-gateway.ts', gatewayEnvOf(simulator.ready.url, env), gatewayNodeArgs);
  try {
    const probe = await startGateway();
    const list = (await post(`${probe.ready.url}/graphql`, JSON.stringify({ query: '{ numbers(first: 10) { nodes { id } } }' }))) as {
      data: { numbers: { nodes: Array<{ id: string }> } };
    };
    await probe.stop();
    const ids = list.data.numbers.nodes.map((n) => n.id);
    // Tracing runs with one credential; the own-credentials scenarios are for coalescing.
    const all = scenarios({ one: ids[0] ?? '1', ten: ids }).filter((s) => !s.credentials && (only === undefined || only.some((text) => s.name.includes(text))));
    // Warnings only (dropped spans, failed exports), so a comparison that lost spans says so.
    return await benchTracing({ simulator, startGateway: (env) => startGateway({ LOG_LEVEL: 'warn', ...env }) }, all, load, rounds);
  } finally {
    await simulator.stop();
  }
}

async function startStack(unitSize: number): Promise<Stack> {
  const simulator = await startSimulator(unitSize);
  const upstream = { UPSTREAM_URL: simulator.ready.url };
  const gatewayEnv = gatewayEnvOf(simulator.ready.url);
  const start = (name: ServerName) => {
    if (name === 'baseline') return ChildServer.start<{ url: string }>('baseline', `./baseline-${values.baseline}.mjs`, gatewayEnv, values['baseline-node']);
    if (name === 'limit') return ChildServer.start<{ url: string }>('limit', './child-limit.ts', { ...upstream, ...extraEnv });
    if (name === 'rest') return ChildServer.start<{ url: string }>('rest', './child-rest.ts', { NODE_ENV: 'production', ...upstream });
    return ChildServer.start<{ url: string }>('gateway', './child-gateway.ts', gatewayEnv, gatewayNodeArgs);
  };
  // Always the gateway: the ids come from it and the others are checked against its answers.
  const names = servers.includes('gateway') ? servers : [...servers, 'gateway' as const];
  const started = await Promise.all(names.map(async (name) => [name, await start(name)] as const));
  return { simulator, servers: new Map(started) };
}

async function stopStack(stack: Stack): Promise<void> {
  await Promise.all([...stack.servers.values()].map((server) => server.stop()));
  await stack.simulator.stop();
}

function serverOf(stack: Stack, name: ServerName): ChildServer<{ url: string }> {
  const server = stack.servers.get(name);
  if (!server) throw new Error(`${name} is not running`);
  return server;
}

async function post(url: string, body: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` }, body });
  return response.json();
}

/** The comparators must answer what the gateway answers (bench/answers.ts), or the comparison means nothing. */
function checkStack(stack: Stack, list: Scenario[]): Promise<void> {
  const ask = (name: ServerName) => async (scenario: Scenario) => post(`${serverOf(stack, name).ready.url}${pathOf(name, scenario)}`, scenario.bodies[0] ?? '');
  return checkSameAnswers(
    list,
    ask('gateway'),
    servers.filter((name) => name !== 'gateway').map((name) => ({ name, ask: ask(name) })),
  );
}

/** Writes the run's profile and, beside it, what the run measured (for per-request figures). */
async function saveProfile(server: ChildServer<{ url: string }>, name: string, result: RunResult): Promise<void> {
  mkdirSync(PROFILES, { recursive: true });
  await server.request('profileStop', fileURLToPath(new URL(`${name}.cpuprofile`, PROFILES)));
  writeFileSync(new URL(`${name}.json`, PROFILES), JSON.stringify(result));
}

async function benchUnit(unitSize: number): Promise<ScenarioResult[]> {
  const stack = await startStack(unitSize);
  try {
    const list = (await post(`${serverOf(stack, 'gateway').ready.url}/graphql`, JSON.stringify({ query: '{ numbers(first: 10) { nodes { id } } }' }))) as {
      data: { numbers: { nodes: Array<{ id: string }> } };
    };
    const ids = list.data.numbers.nodes.map((n) => n.id);
    const every = scenarios({ one: ids[0] ?? '1', ten: ids });
    // A text names a scenario exactly when one has that name, else every scenario containing it.
    const picks = (text: string, name: string) => (every.some((s) => s.name === text) ? name === text : name.includes(text));
    const all = every.filter((s) => only === undefined || only.some((text) => picks(text, s.name)));
    await checkStack(stack, all);
    const target = (name: ServerName, s: Scenario) => ({ server: serverOf(stack, name), path: pathOf(name, s) });
    const warm = { ...load, durationSeconds: 1 };
    for (const s of all) for (const name of servers) await run(target(name, s), s.bodies, stack.simulator, { ...warm, tokens: loadOf(s).tokens });

    const runs = new Map(all.map((s) => [s.name, new Map<ServerName, RunResult[]>(servers.map((name) => [name, []]))]));
    for (let round = 0; round < rounds; round++) {
      for (const s of all) {
        // Rotate who goes first, so no server always runs on a machine another just warmed.
        const order = servers.map((_, i) => servers[(i + round) % servers.length] ?? 'gateway');
        // With --baseline, the two builds take their turn together: same moments, same other load.
        const turns = order
          .filter((name) => !(values.baseline && name === 'gateway'))
          .map((name) => (name === 'baseline' ? (['baseline', 'gateway'] as const) : [name]));
        for (const turn of turns) {
          if (values.profile) await Promise.all(turn.map((name) => serverOf(stack, name).request('profileStart')));
          const results = await runTogether(
            turn.map((name) => target(name, s)),
            s.bodies,
            stack.simulator,
            loadOf(s),
          );
          for (const [i, name] of turn.entries()) {
            const result = results[i];
            if (!result) continue;
            if (values.profile) await saveProfile(serverOf(stack, name), `${unitSize}-${s.name.replace(/\W+/g, '_')}-${name}-r${round + 1}`, result);
            runs.get(s.name)?.get(name)?.push(result);
          }
        }
      }
      process.stdout.write(`  unit ${unitSize}: round ${round + 1}/${rounds} done\n`);
    }
    return all.map((s) => ({
      scenario: s.name,
      results: new Map(servers.map((name) => [name, summarise(runs.get(s.name)?.get(name) ?? [], values['cpu-stat'] === 'min' ? 'min' : 'median')])),
    }));
  } finally {
    await stopStack(stack);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  await buildChildren(['./child-simulator.ts', './child-gateway.ts', './child-limit.ts', './child-rest.ts']);
  if (values['save-baseline']) keepBaseline(values['save-baseline']);
  if (values.soak) {
    const stack = await startStack(units[0] ?? 30);
    try {
      const block = await soak(
        serverOf(stack, 'gateway'),
        scenarios({ one: '1', ten: [] }).filter((s) => s.name === 'dashboard' || s.name === 'prefixes + pools' || s.name === 'accessNumbers'),
        stack.simulator,
        load,
      );
      console.log(block);
      writeResults('soak', `## RSS soak (\`npm run bench -- --soak\`)\n\n${machine()}\n\n${block}`, resultsFile);
    } finally {
      await stopStack(stack);
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
    writeResults(
      `tracing${latency > 0 ? `-latency-${latency}` : ''}`,
      `## \`npm run bench -- ${flags}\`\n\n${machine()}\n- settings: ${settings}\n\n${sections.join('\n\n')}`,
      resultsFile,
    );
    console.log(`bench finished in ${((Date.now() - started) / 1000).toFixed(0)} s; ${resultsName} updated`);
    return;
  }
  for (const unitSize of units) {
    const results = await benchUnit(unitSize);
    const section = `### Unit of ${unitSize} numbers${latency > 0 ? `, ${latency} ms upstream latency` : ''}\n\n${table(results)}`;
    console.log(`\n${section}\n`);
    sections.push(section);
  }
  const mode = quick ? 'quick' : 'full';
  // Node 20 is the default here; other versions (the image runs 24) keep blocks of their own.
  const major = process.versions.node.split('.')[0];
  const key = [mode, latency > 0 ? `latency-${latency}` : '', major === '20' ? '' : `node${major}`, values.label ?? ''].filter(Boolean).join('-');
  const settings = [
    `${load.connections} connections, ${load.durationSeconds} s per run, median of ${rounds} interleaved rounds${values['cpu-stat'] === 'min' ? ' (CPU: the lowest round)' : ''}`,
    ...(Object.keys(extraEnv).length ? [`gateway env ${JSON.stringify(extraEnv)}`] : []),
    ...(values['gateway-node'].length ? [`gateway node options ${values['gateway-node'].join(' ')}`] : []),
  ].join(', ');
  const flags = [quick ? '--quick' : '', latency > 0 ? `--latency=${latency}` : '', values.label ? `--label=${values.label}` : ''].filter(Boolean).join(' ');
  writeResults(
    key,
    `## \`npm run bench${flags ? ` -- ${flags}` : ''}\`${major === '20' ? '' : ` on Node ${major}`}\n\n${machine()}\n- settings: ${settings}\n\n${sections.join('\n\n')}`,
    resultsFile,
  );
  console.log(`bench finished in ${((Date.now() - started) / 1000).toFixed(0)} s; ${resultsName} updated`);
}

await main();
