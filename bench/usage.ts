/**
 * CPU of client identity and the field-usage ledger per request, against a dashboard request.
 * Micro cases as bench/micro.ts measures them (batches, fastest batch's µs per operation: on
 * this shared machine contention only ever adds time); the reference is a dashboard request
 * through the gateway over loopback HTTP in this process, CPU of the whole process (gateway,
 * in-process simulator and the fetch client: an upper bound of the gateway's own share, which
 * bench/RESULTS.md measured at ~1,050-1,400 µs in the gateway process alone).
 *
 *   node --import @swc-node/register/esm-register bench/usage.ts [--requests=300]
 *
 * Bounded: 30 batches × 2,000 per micro case, `requests` (≤ 2,000) dashboard requests.
 */
import { parseArgs } from 'node:util';
import { buildASTSchema, concatAST, getOperationAST, parse, type OperationDefinitionNode } from 'graphql';
import pino from 'pino';
import { GatewayMetrics } from '../src/observability/metrics.js';
import { loadTypeDefs } from '../src/schema.js';
import { useUsageLedger } from '../src/usage/plugin.js';
import { clientFromHeaders, NO_CLIENT } from '../src/usage/client-identity.js';
import { createClientLabel, LedgerClients } from '../src/usage/client-labels.js';
import { computeUsage, usageOf, variableCoordinates } from '../src/usage/coordinates.js';
import { createUsageLedger } from '../src/usage/ledger.js';
import { createMemorySink } from '../src/usage/sinks.js';
import { clientHeaders, clientOfDocument } from '../src/usage/identity.js';
import { NO_TRACE } from '../src/observability/tracing/off.js';
import type { Exchange } from '../src/concern.js';
import { startStack } from '../test/helpers/stack.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' } } });
const requests = Math.min(Math.max(Number(values.requests) || 300, 10), 2000);

const BATCHES = 30;
const PER_BATCH = 2000;

async function measure(name: string, op: () => void | Promise<void>): Promise<number> {
  for (let i = 0; i < PER_BATCH * 3; i++) await op();
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < BATCHES; b++) {
    const started = performance.now();
    for (let i = 0; i < PER_BATCH; i++) await op();
    best = Math.min(best, (performance.now() - started) / PER_BATCH);
  }
  console.log(`| ${name} | ${(best * 1000).toFixed(3)} |`);
  return best * 1000;
}

const schema = buildASTSchema(concatAST(loadTypeDefs().map((typeDefs) => parse(typeDefs))));
/** The dashboard of test/client/numbers.graphql (ClientNumbersDashboard). */
const DASHBOARD = `query ClientNumbersDashboard($first: Int!) {
  numbers(first: $first) {
    totalCount
    nodes { id number e164 context destination { type name } subscriber { name status } prefix { areaName } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const UPDATE = 'mutation U($input: UpdateNumberInput!) { updateNumber(input: $input) { number { id } userErrors { code } } }';
const dashboard = parse(DASHBOARD);
const dashboardOp = getOperationAST(dashboard) as OperationDefinitionNode;
const update = parse(UPDATE);
const updateOp = getOperationAST(update) as OperationDefinitionNode;
const headers = { 'apollographql-client-name': 'ios-app', 'apollographql-client-version': '3.2.0', authorization: 'Bearer demo-token-a' };
const ledger = createUsageLedger({ sink: createMemorySink(30), retentionDays: 30 });
const clients = new LedgerClients(new Set(['ios-app']));
const metrics = new GatewayMetrics();
metrics.observeClients(createClientLabel(['ios-app']));
// A flush now and then, as the timer does, so pending buckets do not only grow.
let sinceFlush = 0;
const flushSometimes = () => {
  if (++sinceFlush === 10_000) {
    sinceFlush = 0;
    void ledger.flush();
  }
};

console.log(`Node ${process.version}\n\n| case | µs per operation (fastest batch) |\n|---|--:|`);
/** What a request pays in all: its identity (the guards of usage/identity.ts), the plugin's two hooks (plugin.ts), the metric label. */
const plugin = useUsageLedger({ ledger, clients, deprecatedField: metrics.deprecatedField, logger: pino({ level: 'silent' }) });
type Hooks = { executionDidStart(context: unknown): Promise<void> };
const ofDocument = clientOfDocument({ shippedBy: () => [] });
const perRequest = await measure('whole per-request share: the two identity guards + usage plugin hooks + labelled request metric, dashboard', async () => {
  const record = { client: NO_CLIENT, trustedDocument: undefined };
  const exchange = { req: { headers }, request: { record, trace: NO_TRACE } } as unknown as Exchange;
  await clientHeaders.run(exchange);
  await ofDocument.run(exchange);
  const hooks = (await plugin.requestDidStart?.({ contextValue: { record } } as never)) as unknown as Hooks;
  await hooks.executionDidStart({ schema, document: dashboard, operation: dashboardOp, request: { variables: { first: 20 } } });
  metrics.graphqlRequest({ operationName: 'ClientNumbersDashboard', outcome: 'success', seconds: 0.01, client: record.client.name });
  flushSometimes();
});
await measure('  of which: the labelled request metric alone', () =>
  metrics.graphqlRequest({ operationName: 'ClientNumbersDashboard', outcome: 'success', seconds: 0.01, client: 'ios-app' }),
);
await measure('  of which: identity + ledger, called directly (no Apollo hook)', () => {
  const client = clientFromHeaders(headers);
  const usage = usageOf(schema, dashboard, dashboardOp);
  const extra = variableCoordinates(usage, { first: 20 });
  const { client: name, version } = clients.of(client);
  ledger.record(usage, extra, name, version);
  flushSometimes();
});
await measure('identity + ledger, updateNumber (walks an input variable)', () => {
  const client = clientFromHeaders(headers);
  const usage = usageOf(schema, update, updateOp);
  const extra = variableCoordinates(usage, { input: { id: '7', destination: { type: 'Menu', id: '3' }, recordingEnabled: true } });
  const { client: name, version } = clients.of(client);
  ledger.record(usage, extra, name, version);
  flushSometimes();
});
await measure('coordinates of a new document (once per document: computeUsage of the dashboard)', () => void computeUsage(schema, dashboard, dashboardOp));

const stack = await startStack({ env: { GRAPHIQL_ENABLED: 'false', RATE_LIMIT_PER_MINUTE: '0' } });
const body = JSON.stringify({ query: DASHBOARD, variables: { first: 20 } });
const send = async () => {
  const response = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  if (response.status !== 200) throw new Error(`dashboard answered ${response.status}`);
  await response.text();
};
for (let i = 0; i < 50; i++) await send();
const before = process.cpuUsage();
for (let i = 0; i < requests; i++) await send();
const used = process.cpuUsage(before);
await stack.close();
const dashboardUs = (used.user + used.system) / requests;
console.log(`| dashboard request over loopback HTTP, whole process (gateway + simulator + client), ${requests} requests | ${dashboardUs.toFixed(0)} |`);
console.log(
  `\nledger per request ÷ dashboard request: ${((perRequest / dashboardUs) * 100).toFixed(3)} % (÷ the gateway-only 1,053 µs of bench/RESULTS.md: ${((perRequest / 1053) * 100).toFixed(3)} %)`,
);
