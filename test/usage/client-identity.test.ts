import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { clientFromHeaders, identifyByDocument, NO_CLIENT } from '../../src/usage/client-identity.js';
import { createClientLabel, LedgerClients, MAX_LEDGER_CLIENTS, MAX_LEDGER_VERSIONS } from '../../src/usage/client-labels.js';
import type { UsageExport } from '../../src/usage/report.js';
import { parseMetrics, seriesOf } from '../ops/metrics-text.js';
import { only, startTracedStack, type TracedStack } from '../observability/traced-stack.js';

const randomName = () => `app-${Math.random().toString(36).slice(2, 12)}`;

describe('the client a request names', () => {
  it('is read from apollographql-client-name/-version, else graphql-client-name/-version', () => {
    expect(clientFromHeaders({ 'apollographql-client-name': 'ios-app', 'apollographql-client-version': '3.2.0' })).toEqual({
      name: 'ios-app',
      version: '3.2.0',
    });
    expect(clientFromHeaders({ 'graphql-client-name': 'web', 'graphql-client-version': '2026.12.1+build.7' })).toEqual({
      name: 'web',
      version: '2026.12.1+build.7',
    });
    expect(clientFromHeaders({ 'apollographql-client-name': 'ios-app', 'graphql-client-name': 'web' })).toEqual({ name: 'ios-app', version: undefined });
    expect(clientFromHeaders({})).toBe(NO_CLIENT);
  });

  it('treats a name or version that is too long or has unsafe characters as absent, never as an error', () => {
    expect(clientFromHeaders({ 'apollographql-client-name': 'a'.repeat(65), 'apollographql-client-version': '1' })).toEqual(NO_CLIENT);
    expect(clientFromHeaders({ 'apollographql-client-name': 'ios app"}' })).toEqual(NO_CLIENT);
    expect(clientFromHeaders({ 'apollographql-client-name': 'ios-app', 'apollographql-client-version': '3.2.0\u0000; DROP' })).toEqual({
      name: 'ios-app',
      version: undefined,
    });
    expect(clientFromHeaders({ 'apollographql-client-name': '-leading-dash' })).toEqual(NO_CLIENT);
    // An invalid Apollo name falls back to the graphql-client-* pair.
    expect(clientFromHeaders({ 'apollographql-client-name': 'bad name', 'graphql-client-name': 'web' })).toEqual({ name: 'web', version: undefined });
  });

  it('is completed, never contradicted, by the client versions that ship a trusted document', () => {
    const one = [{ client: 'ios-app', version: '3.2.0' }];
    const releases = [
      { client: 'ios-app', version: '3.1.0' },
      { client: 'ios-app', version: '3.2.0' },
    ];
    const shared = [...releases, { client: 'android-app', version: '1.0.0' }];
    expect(identifyByDocument(NO_CLIENT, one)).toEqual({ name: 'ios-app', version: '3.2.0' });
    expect(identifyByDocument(NO_CLIENT, releases)).toEqual({ name: 'ios-app', version: undefined });
    expect(identifyByDocument(NO_CLIENT, shared)).toBe(NO_CLIENT);
    expect(identifyByDocument({ name: 'android-app', version: undefined }, shared)).toEqual({ name: 'android-app', version: '1.0.0' });
    const claimed = { name: 'ios-app', version: '9.9.9' };
    expect(identifyByDocument(claimed, one)).toBe(claimed);
    expect(identifyByDocument(NO_CLIENT, [])).toBe(NO_CLIENT);
  });
});

describe('the client metric label', () => {
  it('keeps known names, calls 10,000 random names "other" and no name "unknown"', () => {
    const label = createClientLabel(['ios-app', 'web']);
    const labels = new Set<string>();
    for (let i = 0; i < 10_000; i++) labels.add(label(randomName()));
    expect([...labels]).toEqual(['other']);
    expect([label('ios-app'), label('web'), label(undefined)]).toEqual(['ios-app', 'web', 'unknown']);
  });

  it('bounds the ledger: registered clients always, then a fixed number of other names and versions', () => {
    const clients = new LedgerClients(new Set(['ios-app']));
    const kept = new Set<string>();
    for (let i = 0; i < 10_000; i++) kept.add(clients.of({ name: randomName(), version: '1.0.0' }).client);
    expect(kept.size).toBe(MAX_LEDGER_CLIENTS + 1);
    expect(kept.has('other')).toBe(true);
    expect(clients.of({ name: 'ios-app', version: '3.2.0' })).toEqual({ client: 'ios-app', version: '3.2.0' });
    // 3.2.0 is one of the versions kept: MAX_LEDGER_VERSIONS - 1 more, then `other`.
    const versions = new Set<string>();
    for (let i = 0; i < 1_000; i++) versions.add(clients.of({ name: 'ios-app', version: `3.${i}` }).version);
    expect(versions.size).toBe(MAX_LEDGER_VERSIONS);
    expect(versions.has('other')).toBe(true);
    expect(clients.of({ name: undefined, version: undefined })).toEqual({ client: 'unknown', version: 'unknown' });
  });
});

const MANIFEST = fileURLToPath(new URL('../client/generated/persisted-documents.json', import.meta.url));
const documents = Object.entries(JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>);
const [dashboardId = '', dashboard = ''] = documents.find(([, body]) => body.includes('ClientNumbersDashboard')) ?? [];
const [byNumberId = ''] = documents.find(([, body]) => body.includes('ClientNumberByNumber')) ?? [];

const registry = mkdtempSync(join(tmpdir(), 'client-registry-'));
const register = (client: string, version: string, entries: Array<[string, string]>) => {
  mkdirSync(join(registry, client), { recursive: true });
  writeFileSync(join(registry, client, `${version}.json`), JSON.stringify(Object.fromEntries(entries)));
};
register('ios-app', '3.1.0', [[dashboardId, dashboard]]);
register('ios-app', '3.2.0', documents);

let traced: TracedStack | undefined;
afterEach(async () => {
  await traced?.close();
  traced = undefined;
});
afterAll(() => rmSync(registry, { recursive: true, force: true }));

async function post(t: TracedStack, payload: Record<string, unknown>, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${t.stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a', ...headers },
    body: JSON.stringify(payload),
  });
  await response.text();
  return response.status;
}

const scrapeRequests = async (t: TracedStack) =>
  seriesOf(parseMetrics(await (await fetch(`${t.stack.gateway.url}/metrics`)).text()), 'numbers_gateway_graphql_requests_total');

describe('a request from ios-app 3.2.0 over HTTP', () => {
  it('shows the client on its log line, its SERVER span and the request metric; random names add one "other" series', async () => {
    traced = await startTracedStack({ CLIENT_NAMES: 'ios-app,web' });
    const query = 'query Who { accessNumbers { code } }';
    expect(await post(traced, { query }, { 'apollographql-client-name': 'ios-app', 'apollographql-client-version': '3.2.0' })).toBe(200);
    expect(await post(traced, { query })).toBe(200);
    for (let i = 0; i < 40; i++) expect(await post(traced, { query }, { 'graphql-client-name': randomName(), 'graphql-client-version': String(i) })).toBe(200);
    expect(await scrapeRequests(traced)).toEqual({
      'operation=Who,outcome=success,client=ios-app': 1,
      'operation=Who,outcome=success,client=unknown': 1,
      'operation=Who,outcome=success,client=other': 40,
    });
    const lines = traced.lines().filter((line) => line.msg === 'graphql request');
    expect(lines.slice(0, 2).map((line) => [line.client, line.clientVersion])).toEqual([
      ['ios-app', '3.2.0'],
      [undefined, undefined],
    ]);
    // Without METRICS_PORT the ledger is served on the GraphQL port, as /metrics is.
    const usage = (await (await fetch(`${traced.stack.gateway.url}/usage?coordinate=Query.accessNumbers&days=1`)).json()) as UsageExport;
    expect(usage.entries.length).toBe(42);
    expect(usage.entries.filter((e) => e.client === 'ios-app' || e.client === 'unknown').map((e) => [e.coordinate, e.client, e.version, e.count])).toEqual([
      ['Query.accessNumbers', 'ios-app', '3.2.0', 1],
      ['Query.accessNumbers', 'unknown', 'unknown', 1],
    ]);
    const spans = await traced.finish();
    const servers = spans.filter((span) => span.kind === 'SERVER');
    expect(servers).toHaveLength(42);
    const named = servers.filter((span) => span.attributes['numbers_gateway.client.name'] === 'ios-app');
    expect(named.map((span) => span.attributes['numbers_gateway.client.version'])).toEqual(['3.2.0']);
    // The request without a client header has no client attribute; the random (valid) names are on theirs.
    expect(servers.filter((span) => span.attributes['numbers_gateway.client.name'] === undefined)).toHaveLength(1);
    expect(only(named, 'POST /graphql').attributes['http.response.status_code']).toBe(200);
  });

  it('is identified by a registered trusted document when it sends no client header', async () => {
    traced = await startTracedStack({ PERSISTED_DOCUMENTS_DIR: registry, PERSISTED_DOCUMENTS_MODE: 'safelist' });
    // The dashboard ships in 3.1.0 and 3.2.0: the client is known, the version is not.
    expect(await post(traced, { documentId: dashboardId, variables: { first: 1 } })).toBe(200);
    // ClientNumberByNumber ships in 3.2.0 only.
    const byNumber = { documentId: byNumberId, variables: { number: '01224000000' } };
    expect(await post(traced, byNumber)).toBe(200);
    // The headers win over the registry.
    expect(await post(traced, byNumber, { 'apollographql-client-name': 'web', 'apollographql-client-version': '1.0' })).toBe(200);
    // Refused by a guard before Apollo: the client is still on its log line and its metric.
    expect(
      await post(traced, { query: '{ accessNumbers { code } }' }, { 'apollographql-client-name': 'ios-app', 'apollographql-client-version': '3.3.0' }),
    ).toBe(400);
    const lines = traced.lines().filter((line) => line.msg === 'graphql request');
    expect(lines.map((line) => [line.operation, line.client, line.clientVersion])).toEqual([
      ['ClientNumbersDashboard', 'ios-app', undefined],
      ['ClientNumberByNumber', 'ios-app', '3.2.0'],
      ['ClientNumberByNumber', 'web', '1.0'],
      [null, 'ios-app', '3.3.0'],
    ]);
    // Registered clients keep their name as a label; `web` is neither registered nor listed.
    expect(await scrapeRequests(traced)).toEqual({
      'operation=ClientNumbersDashboard,outcome=success,client=ios-app': 1,
      'operation=ClientNumberByNumber,outcome=success,client=ios-app': 1,
      'operation=ClientNumberByNumber,outcome=success,client=other': 1,
      'operation=unknown,outcome=QUERY_NOT_IN_SAFELIST,client=ios-app': 1,
    });
  });
});
