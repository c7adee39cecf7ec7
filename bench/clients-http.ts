/**
 * CPU of the per-request work issue 18 added to /graphql's HTTP path (web and mobile clients),
 * piece by piece, in one process with no I/O: the CORS guard, the refused-credential guard and
 * plugin, the RateLimit header fields and the If-None-Match check. A whole-request A/B would
 * not show it: two identical builds differ by up to 17 % on this machine (bench/RESULTS.md),
 * far more than these pieces cost. Bounded: each case runs 3 warm-up and 11 measured pairs of
 * batches of 20,000 operations (the piece, and what it is measured against); the figure is the
 * median of the pairs' differences in process CPU time per operation, range beside it.
 * Run: node --import @swc-node/register/esm-register bench/clients-http.ts
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import pino from 'pino';
import { createStore } from '../src/cache/store.js';
import { loadConfig } from '../src/config.js';
import { ifNoneMatchMatches } from '../src/http/conditional.js';
import { corsGuard, createCors } from '../src/http/cors.js';
import type { Exchange } from '../src/http/exchange.js';
import { startRequest } from '../src/request/incoming.js';
import { setRateLimitHeaders } from '../src/security/rate-limit-headers.js';
import { createRefusedCredentials } from '../src/security/refused-credentials.js';

type Case = () => Promise<unknown> | unknown;

const WARMUP_BATCHES = 3;
const BATCHES = 11;
const PER_BATCH = 20_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** CPU time (user + system) per operation, in µs: time the process spends descheduled by other load is not counted. */
async function batch(op: Case): Promise<number> {
  const started = process.cpuUsage();
  for (let i = 0; i < PER_BATCH; i++) await op();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / PER_BATCH;
}

/**
 * µs per operation of `op` beyond `base` (what every case must also do, such as building the
 * request it works on): batches of the two alternate, so both meet the same moments of the
 * machine's other load, and the figure is the median of the per-pair differences.
 */
async function measure(name: string, op: Case, base: Case = () => undefined): Promise<number> {
  const differences: number[] = [];
  for (let b = 0; b < WARMUP_BATCHES + BATCHES; b++) {
    const without = await batch(base);
    const withIt = await batch(op);
    if (b >= WARMUP_BATCHES) differences.push(withIt - without);
  }
  const figure = Math.max(0, median(differences));
  console.log(`| ${name} | ${figure.toFixed(2)} | ${Math.min(...differences).toFixed(2)} – ${Math.max(...differences).toFixed(2)} |`);
  return figure;
}

/** A request and a response that are never sent: headers are set on the response object only. */
function exchangeFor(headers: Record<string, string>): Exchange {
  const req = new IncomingMessage(new Socket());
  req.method = 'POST';
  req.headers = headers;
  const res = new ServerResponse(req);
  return {
    req,
    res,
    request: startRequest(req.headers),
    method: 'POST',
    body: undefined,
    search: '',
    refuse: () => 'answered',
  };
}

const APP = 'https://app.example.com';
const config = loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: `${APP}, http://localhost:5173`, REFUSED_CREDENTIAL_TTL_SECONDS: '30' });
const store = createStore(config, pino({ level: 'silent' }));
const refused = createRefusedCredentials(config.refusedCredentialTtlSeconds, { cache: store.cache });
const cors = corsGuard(createCors(config.cors, config.serverTiming));
const corsOff = corsGuard(createCors(loadConfig({ NODE_ENV: 'production' }).cors, false));
const policies = [
  { name: 'per-credential', quota: 600, windowSeconds: 60, remaining: 598, resetSeconds: 41 },
  { name: 'per-ip', quota: 600, windowSeconds: 60, remaining: 590, resetSeconds: 41 },
];
const tag = 'W/"1a2-Yk3c5cQv0sUu9kqg1oE4hFZx7nM"';

// One exchange for every case: building a request and a response per operation (sockets,
// header maps) would bury these few µs in allocation and GC noise. Vary is appended to, so each
// operation (and the base it is measured against) clears it.
const headers = { origin: APP, authorization: 'Bearer demo-token-a', 'content-type': 'application/json' };
const shared = exchangeFor(headers);
const exchange = () => {
  shared.res.removeHeader('vary');
  return shared;
};
console.log('| piece (per request) | CPU µs, median of 11 pairs | range |\n|---|--:|--:|');
const pieces = {
  cors: await measure('CORS guard, allowed origin (Allow-Origin, Expose-Headers, Timing-Allow-Origin, Vary)', () => cors.run(exchange()), exchange),
  refused: await measure('refused-credential guard: hash + in-memory store miss', () => refused.guard.run(exchange()), exchange),
  rateLimitHeaders: await measure('RateLimit-Policy + RateLimit, two policies', () => setRateLimitHeaders(exchange().res, policies), exchange),
  plugin: await measure('refused-credential plugin: requestDidStart + willSendResponse, not refused', async () => {
    // A minimal request context for the two hooks the plugin has.
    const listener = (await refused.plugin.requestDidStart?.({ contextValue: { tenantKey: 'k' } } as never)) as {
      willSendResponse?: (rc: never) => Promise<void>;
    };
    await listener.willSendResponse?.({
      response: { body: { kind: 'single', singleResult: { data: {} } }, http: { status: undefined, headers: new Map() } },
      operation: undefined,
    } as never);
  }),
};
const corsOffFigure = await measure('CORS guard, CORS_ORIGINS unset', () => corsOff.run(exchange()), exchange);
const ifNoneMatch = await measure('If-None-Match against the ETag (conditional GETs only)', () => ifNoneMatchMatches(`"x", ${tag}`, tag));

const total = pieces.cors + pieces.refused + pieces.rateLimitHeaders + pieces.plugin;
console.log(
  `\nCORS on, credential checked, rate limit on, not conditional: ${total.toFixed(2)} µs per request (CORS off: ${corsOffFigure.toFixed(2)} for the guard)`,
);
console.log(`with a conditional GET: ${(total + ifNoneMatch).toFixed(2)} µs`);
// The gateway's CPU per request in bench/RESULTS.md's final table (Node 20, production mode).
for (const [scenario, micros] of [
  ['accessNumbers', 321],
  ['number(id)', 863],
  ['dashboard', 1413],
] as const) {
  console.log(`÷ ${scenario} (${micros} µs): ${((total / micros) * 100).toFixed(2)} %`);
}
await store.close();
