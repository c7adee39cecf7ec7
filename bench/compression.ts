/**
 * `npm run bench:compression`: the CPU cost of compressing the gateway's typical answers at the
 * levels src/http/compression.ts uses, and at the neighbouring levels it could use. The bodies
 * are real answers of an in-process gateway over the simulator (loopback only). Each case runs
 * a bounded number of synchronous compressions (CPU time of this thread, not wall time) and
 * reports the median of 5 rounds; the gateway itself compresses on the zlib thread pool, which
 * costs the same CPU off the event loop.
 *   --rounds=5 --budget-ms=150   rounds per case, CPU per round (each round also stops at 2,000 runs)
 */
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { BROTLI_OPTIONS, COMPRESSION_THRESHOLD_BYTES, GZIP_OPTIONS } from '../src/http/compression.js';
import { createGateway } from '../src/server.js';
import { createSimulator } from '../src/simulator/index.js';
import { scenarios } from './scenarios.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, 'budget-ms': { type: 'string', default: '150' } } });
const ROUNDS = Number(values.rounds);
const BUDGET_US = Number(values['budget-ms']) * 1000;
const MAX_RUNS = 2000;

const FULL_NUMBER = `id number e164 context createdAt updatedAt recordingEnabled callerIdPrefix callerIdPassthrough forwardSipTo
  acquisition { acquiredAt subscriber { firstName name address1 address2 address3 address4 postcode pushedAt status } }
  destination { type id name } prefix { prefix description areaName }`;

async function answers(): Promise<Array<{ name: string; body: Buffer }>> {
  const simulator = await createSimulator({ numbersPerUnit: 120 });
  const gateway = createGateway(loadConfig({ NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'silent', LIMIT_MAX_COST: '100000' }), {
    upstreamUrl: simulator.url,
    logger: pino({ level: 'silent' }),
  });
  await gateway.start();
  const dashboard = scenarios({ one: '1', ten: [] }).find((s) => s.name === 'dashboard')!.bodies[0]!;
  const requests: Array<[string, string]> = [
    ['1 number, all fields', JSON.stringify({ query: `{ numbers(first: 1) { edges { cursor node { ${FULL_NUMBER} } } } }` })],
    ['3-number page, all fields', JSON.stringify({ query: `{ numbers(first: 3) { edges { cursor node { ${FULL_NUMBER} } } } }` })],
    ['dashboard (bench scenario)', dashboard],
    ['159 prefixes', JSON.stringify({ query: '{ availablePrefixes { prefix description areaName } }' })],
    [
      '100-number page, all fields',
      JSON.stringify({ query: `{ numbers(first: 100) { totalCount edges { cursor node { ${FULL_NUMBER} } } pageInfo { endCursor } } }` }),
    ],
  ];
  try {
    const bodies = [];
    for (const [name, request] of requests) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a' },
        body: request,
      });
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200 || body.includes('"errors"')) throw new Error(`${name}: unexpected answer ${body.toString().slice(0, 200)}`);
      bodies.push({ name, body });
    }
    return bodies;
  } finally {
    await gateway.stop();
    await simulator.close();
  }
}

type Codec = { name: string; inUse: boolean; run: (body: Buffer) => Buffer };

const CODECS: Codec[] = [
  { name: 'gzip 1', inUse: false, run: (b) => zlib.gzipSync(b, { level: 1 }) },
  { name: 'gzip 4', inUse: false, run: (b) => zlib.gzipSync(b, { level: 4 }) },
  { name: 'gzip 6', inUse: GZIP_OPTIONS.level === 6, run: (b) => zlib.gzipSync(b, GZIP_OPTIONS) },
  { name: 'gzip 9', inUse: false, run: (b) => zlib.gzipSync(b, { level: 9 }) },
  { name: 'br 4', inUse: true, run: (b) => zlib.brotliCompressSync(b, BROTLI_OPTIONS(b.length)) },
  { name: 'br 5', inUse: false, run: (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }) },
  { name: 'br 6', inUse: false, run: (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6 } }) },
  { name: 'br 11', inUse: false, run: (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }) },
];

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Median CPU µs per compression over ROUNDS rounds, each bounded by BUDGET_US and MAX_RUNS. */
function measure(codec: Codec, body: Buffer): number {
  codec.run(body); // warm-up: allocate zlib's tables once
  const perRun: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = cpuMicros();
    let runs = 0;
    while (runs < MAX_RUNS && cpuMicros() - start < BUDGET_US) {
      codec.run(body);
      runs += 1;
    }
    perRun.push((cpuMicros() - start) / runs);
  }
  return perRun.sort((a, b) => a - b)[Math.floor(perRun.length / 2)]!;
}

const bodies = await answers();
console.log(`Node ${process.version}, threshold ${COMPRESSION_THRESHOLD_BYTES} bytes, median of ${ROUNDS} rounds\n`);
console.log('| answer | bytes | coding | bytes sent | ratio | CPU µs per response |');
console.log('|---|--:|---|--:|--:|--:|');
for (const { name, body } of bodies) {
  for (const codec of CODECS) {
    const size = codec.run(body).length;
    const micros = measure(codec, body);
    const label = codec.inUse ? `**${codec.name}** (used)` : codec.name;
    console.log(`| ${name} | ${body.length} | ${label} | ${size} | ${(body.length / size).toFixed(1)}× | ${micros.toFixed(0)} |`);
  }
}
