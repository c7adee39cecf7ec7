/**
 * What one upstream call costs the calling process with each HTTP client: got with the
 * gateway's options (src/upstream/http.ts), Node's own fetch (undici), node-fetch 2 (the
 * default fetcher of @apollo/datasource-rest, the RESTDataSource comparator) and bare node:http.
 * Each makes the same `numbers/info` call to the simulator (its own process) and reads the whole
 * body; CPU is this process's user + system time over the calls. Bounded: a few thousand calls
 * per client and round, on loopback.
 * Run: node --import @swc-node/register/esm-register bench/client-cost.ts [--calls=3000] [--rounds=5]
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import got from 'got';
import { loadConfig } from '../src/config.js';
import { createUpstreamAgents, upstreamGotOptions } from '../src/upstream/http.js';
import type { SimulatorReady } from './child-simulator.js';
import { buildChildren, ChildServer } from './ipc.js';
import { median } from './load.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '5' } } });
const CALLS = Number(values.calls);
const ROUNDS = Number(values.rounds);
/** Calls in flight at once, as under the bench's load. */
const CONCURRENCY = 8;
const AUTH = 'Bearer bench-token';

type NodeFetch = (url: string, init: { agent: http.Agent; headers: Record<string, string> }) => Promise<{ status: number; text(): Promise<string> }>;
// node-fetch 2 is a dependency of @apollo/datasource-rest, not of this project: load that copy.
const nodeFetch = createRequire(import.meta.resolve('@apollo/datasource-rest'))('node-fetch') as NodeFetch;

await buildChildren(['./child-simulator.ts']);
const simulator = await ChildServer.start<SimulatorReady>('simulator', './child-simulator.ts', { BENCH_UNIT_SIZE: '30', BENCH_LATENCY_MS: '0' });
const base = `${simulator.ready.url}/api/v2/numbers/`;
const config = loadConfig({});
const agents = createUpstreamAgents({ maxSockets: 64 });
const gotClient = got.extend(upstreamGotOptions(simulator.ready.url, config.upstream, agents));
const plainAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const headers = { authorization: AUTH, accept: 'application/json' };
const listed = JSON.parse((await gotClient('list', { headers: { authorization: AUTH } })).body) as { data: Array<{ id: number }> };
const ID = String(listed.data[0]?.id ?? 1);

function bare(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: plainAgent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** One `info` call each; every client reads the body as text, as the gateway's client does. */
const clients: Record<string, (id: string) => Promise<string>> = {
  'got (gateway options, searchParams)': async (id) => (await gotClient('info', { headers: { authorization: AUTH }, searchParams: { id } })).body,
  'got (gateway options, string URL)': async (id) => (await gotClient(`info?id=${id}`, { headers: { authorization: AUTH } })).body,
  // As src/upstream/client.ts calls it: with the call's deadline (a controller and a timer).
  'got (string URL, abort signal)': async (id) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 5000);
    try {
      return (await gotClient(`info?id=${id}`, { headers: { authorization: AUTH }, signal: controller.signal })).body;
    } finally {
      clearTimeout(timer);
    }
  },
  // The same deadline through the cancelable promise got returns: no signal for got to listen to.
  'got (string URL, cancel on deadline)': async (id) => {
    const call = gotClient(`info?id=${id}`, { headers: { authorization: AUTH } });
    const timer = setTimeout(() => call.cancel(), 5000);
    try {
      return (await call).body;
    } finally {
      clearTimeout(timer);
    }
  },
  'fetch (undici)': async (id) => (await fetch(`${base}info?id=${id}`, { headers })).text(),
  'node-fetch 2 (RESTDataSource default)': async (id) => (await nodeFetch(`${base}info?id=${id}`, { agent: plainAgent, headers })).text(),
  'node:http': (id) => bare(`${base}info?id=${id}`),
};

async function measure(call: (id: string) => Promise<string>, count: number): Promise<number> {
  let next = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next += 1;
        const body = await call(ID);
        if (!body.startsWith('{"status":"success"')) throw new Error(`unexpected answer: ${body.slice(0, 80)}`);
      }
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

try {
  const perClient = new Map<string, number[]>(Object.keys(clients).map((name) => [name, []]));
  for (const call of Object.values(clients)) await measure(call, 500);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, call] of Object.entries(clients)) perClient.get(name)?.push(await measure(call, CALLS));
  }
  console.log(`CPU of the calling process per numbers/info call, ${CALLS} calls × ${ROUNDS} rounds, ${CONCURRENCY} in flight, median (min–max)\n`);
  console.log('| client | CPU µs/call |\n|---|--:|');
  for (const [name, samples] of perClient) {
    console.log(`| ${name} | ${median(samples).toFixed(0)} (${Math.min(...samples).toFixed(0)}–${Math.max(...samples).toFixed(0)}) |`);
  }
} finally {
  agents.http.destroy();
  plainAgent.destroy();
  await simulator.stop();
}
