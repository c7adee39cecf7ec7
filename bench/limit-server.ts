/**
 * The bench's "limit" server. Bare node:http plus got with the gateway's got settings,
 * making exactly the upstream calls each scenario needs (reference data cached in memory with
 * the gateway's TTLs, the same list-or-info rule for ids) and answering the same JSON the gateway
 * answers. What the gateway costs beyond this is GraphQL's and its own.
 */
import http from 'node:http';
import got from 'got';
import type { Config } from '../src/config.js';
import { createPrefixIndex } from '../src/loaders/prefix-index.js';
import { planBatch } from '../src/loaders/planner.js';
import { areaNameOf } from '../src/resolvers/prefix.js';
import { createUpstreamAgents, upstreamGotOptions } from '../src/upstream/http.js';
import type { AccessNumberDto, NumberDto, PrefixDto } from '../src/upstream/types.js';
import { DASHBOARD_FIRST, PREFIX_POOL_FIRST, PREFIX_SEARCH } from './scenarios.js';

/**
 * The limit server for `config` (its upstream and planner settings), not yet listening; its
 * caches live as long as it does. bench/child-limit.ts runs it as a bench child, the bench's
 * answer test (test/bench/answers.test.ts) in-process.
 */
export function createLimitServer(config: Config): http.Server {
  const upstreamUrl = config.upstream.url ?? '';
  const { listRatio, infoConcurrency } = config.planner;
  // The gateway's own options and agents, so the comparison is of everything but the got call.
  const upstream = got.extend(upstreamGotOptions(upstreamUrl, config.upstream, createUpstreamAgents(config.upstream)));

  async function call<T>(authorization: string, endpoint: string, params: Record<string, string> = {}, post = false): Promise<T> {
    // The gateway's call (src/upstream/client.ts): reads with a string URL, writes with a form.
    const query = new URLSearchParams(params).toString();
    const response = await (post
      ? upstream(endpoint, { method: 'POST', headers: { authorization }, form: params })
      : upstream(query ? `${endpoint}?${query}` : endpoint, { headers: { authorization } }));
    const envelope = JSON.parse(response.body) as { status: string; data: T };
    if (response.statusCode !== 200 || envelope.status !== 'success') throw new Error(`${endpoint}: HTTP ${response.statusCode}`);
    return envelope.data;
  }

  /** The gateway's reference cache, reduced to a Map: same keys (tenant + endpoint), same TTLs. */
  const cached = new Map<string, { until: number; value: Promise<unknown> }>();
  function reference<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    const hit = cached.get(key);
    if (hit && hit.until > Date.now()) return hit.value as Promise<T>;
    const value = load();
    cached.set(key, { until: Date.now() + ttlSeconds * 1000, value });
    value.catch(() => cached.delete(key));
    return value;
  }

  const unitSizes = new Map<string, number>();
  const prefixesOf = (auth: string) => reference(`${auth}:prefixes`, 300, () => call<PrefixDto[]>(auth, 'available_prefixes'));
  const poolOf = (auth: string, prefix: string) => reference(`${auth}:pool:${prefix}`, 30, () => call<string[]>(auth, 'acquirable_numbers', { prefix }));
  async function listOf(auth: string): Promise<NumberDto[]> {
    const numbers = await call<NumberDto[]>(auth, 'list');
    unitSizes.set(auth, numbers.length);
    return numbers;
  }

  const numberView = (n: NumberDto | null) => n && { id: String(n.id), number: n.number };

  type Handler = (auth: string, body: string) => Promise<unknown>;
  const routes: Record<string, Handler> = {
    async '/dashboard'(auth) {
      const [numbers, prefixes] = await Promise.all([listOf(auth), prefixesOf(auth)]);
      const index = createPrefixIndex(prefixes);
      const nodes = numbers.slice(0, DASHBOARD_FIRST).map((n) => {
        const prefix = index.lookup(n.number);
        const subscriber = n.aquisition?.subscriber;
        return {
          number: n.number,
          destination: n.destination ? { name: n.destination.object.name } : null,
          subscriber: subscriber ? { name: subscriber.name } : null,
          prefix: prefix ? { areaName: areaNameOf(prefix.description) } : null,
        };
      });
      return { numbers: { nodes } };
    },
    async '/one'(auth, body) {
      const id = (JSON.parse(body) as { query: string }).query.match(/id: "(\d+)"/)?.[1] ?? '';
      const n = await call<NumberDto>(auth, 'info', { id });
      return {
        number: {
          id: String(n.id),
          number: n.number,
          recordingEnabled: n.recording_enabled,
          destination: n.destination ? { name: n.destination.object.name } : null,
        },
      };
    },
    async '/ten'(auth, body) {
      const ids = [...(JSON.parse(body) as { query: string }).query.matchAll(/id: "(\d+)"/g)].map((m) => m[1] ?? '');
      const plan = planBatch(
        { batchSize: ids.length, unitSize: unitSizes.get(auth), listStarted: false },
        { listRatio, infoConcurrency, maxBatch: 1000, acquirableConcurrency: 4, acquirableMaxPrefixes: 20 },
      );
      let found: Array<NumberDto | null>;
      if (plan === 'list') {
        const byId = new Map((await listOf(auth)).map((n) => [String(n.id), n]));
        found = ids.map((id) => byId.get(id) ?? null);
      } else {
        found = await Promise.all(ids.map((id) => call<NumberDto>(auth, 'info', { id })));
      }
      return Object.fromEntries(found.map((n, i) => [`n${i}`, numberView(n)]));
    },
    async '/prefixes'(auth) {
      const found = (await prefixesOf(auth))
        .filter((p) => p.prefix.startsWith(PREFIX_SEARCH) || areaNameOf(p.description).toLowerCase().includes(PREFIX_SEARCH))
        .sort((a, b) => a.description.localeCompare(b.description, 'en-GB'));
      const pools = await Promise.all(found.map((p) => poolOf(auth, p.prefix)));
      return {
        availablePrefixes: found.map((p, i) => ({
          prefix: p.prefix,
          areaName: areaNameOf(p.description),
          acquirableNumbers: pools[i]?.slice(0, PREFIX_POOL_FIRST) ?? null,
        })),
      };
    },
    async '/access'(auth) {
      const access = await reference(`${auth}:access`, 300, () => call<AccessNumberDto[]>(auth, 'available_access_numbers'));
      return { accessNumbers: access.map((a) => ({ code: a.number, description: a.description, takesNumber: a.number.includes('{number}') })) };
    },
    async '/update'(auth, body) {
      const { query, variables } = JSON.parse(body) as { query: string; variables: { on: boolean } };
      const id = query.match(/id: "(\d+)"/)?.[1] ?? '';
      const n = await call<NumberDto>(auth, 'save', { id, recording_enabled: String(variables.on) }, true);
      return { updateNumber: { number: { id: String(n.id), recordingEnabled: n.recording_enabled }, userErrors: [] } };
    },
  };

  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const handler = routes[req.url ?? ''];
      const auth = req.headers.authorization ?? '';
      (handler ? handler(auth, Buffer.concat(chunks).toString()) : Promise.reject(new Error('no route')))
        .then((data) => {
          const text = JSON.stringify({ data });
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
          res.end(text);
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ message: String(error) }] }));
        });
    });
  });
}
