import { ApolloServer } from '@apollo/server';
import { describe, expect, it } from '@jest/globals';
import pino from 'pino';
import type { GatewayContext } from '../../src/request/context.js';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { createClientLabel, LedgerClients } from '../../src/usage/client-labels.js';
import { createUsageLedger } from '../../src/usage/ledger.js';
import { useUsageLedger } from '../../src/usage/plugin.js';
import { createMemorySink } from '../../src/usage/sinks.js';
import { parseMetrics, seriesOf } from '../ops/metrics-text.js';

const typeDefs = `
  enum Kind { MENU QUEUE @deprecated(reason: "Use MENU. Removal not before 2027-06-01.") }
  type Destination { kind: Kind, type: String @deprecated(reason: "Use kind. Removal not before 2027-06-01.") }
  type Query { destinations(kind: Kind, type: String @deprecated(reason: "Use kind. Removal not before 2027-06-01.")): [Destination] }`;

/** Apollo with the usage plugin over a schema that deprecates a field, an argument and an enum value. */
function setup() {
  const metrics = new GatewayMetrics();
  metrics.observeClients(createClientLabel(['ios-app']));
  const ledger = createUsageLedger({ sink: createMemorySink(30), retentionDays: 30 });
  const clients = new LedgerClients(new Set(['ios-app']));
  const apollo = new ApolloServer<GatewayContext>({
    typeDefs,
    resolvers: { Query: { destinations: () => [{ kind: 'MENU', type: 'Menu' }] } },
    plugins: [useUsageLedger({ ledger, clients, deprecatedField: metrics.deprecatedField, logger: pino({ level: 'silent' }) })],
  });
  const run = (query: string, name: string | undefined, variables?: Record<string, unknown>) =>
    apollo.executeOperation({ query, variables }, { contextValue: { record: { client: { name, version: '1' } } } as unknown as GatewayContext });
  return { metrics, ledger, apollo, run };
}

describe('numbers_gateway_deprecated_field_requests_total', () => {
  it('counts each deprecated coordinate an operation uses, literal or variable, by bounded client', async () => {
    const { metrics, ledger, apollo, run } = setup();
    await apollo.start();
    await run('{ destinations(type: "Menu") { type kind } }', 'ios-app');
    await run('query($k: Kind) { destinations(kind: $k) { kind } }', 'some-other-app', { k: 'QUEUE' });
    await run('query($k: Kind) { destinations(kind: $k) { kind } }', undefined, { k: 'MENU' });
    await apollo.stop();
    expect(seriesOf(parseMetrics(await metrics.render()), 'numbers_gateway_deprecated_field_requests_total')).toEqual({
      'coordinate=Destination.type,client=ios-app': 1,
      'coordinate=Query.destinations(type:),client=ios-app': 1,
      'coordinate=Kind.QUEUE,client=other': 1,
    });
    // The ledger counted all three, the variable-sent enum values included.
    const kinds = await ledger.query({ days: 1 });
    expect(kinds.entries.filter((e) => e.coordinate.startsWith('Kind.')).map((e) => [e.coordinate, e.client, e.count])).toEqual([
      ['Kind.MENU', 'unknown', 1],
      ['Kind.QUEUE', 'some-other-app', 1],
    ]);
  });
});
