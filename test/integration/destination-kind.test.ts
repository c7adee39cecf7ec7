import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { numberDto } from '../helpers/fake-api.js';
import { startStack, upstreamList, type Stack, type UpstreamNumber } from '../helpers/stack.js';
import { scrape, seriesOf } from '../ops/metrics-text.js';

/**
 * `DestinationKind` replaces the free-string destination `type` (deprecated, still served):
 * `Destination.kind`, the `destinationKind` filter and `DestinationInput.kind`, over HTTP
 * against the simulator, with the exact upstream calls.
 */

/** The simulator's upstream types and their kinds: each kind is spelled as the upstream spells the type (the contract). */
const KINDS: Record<string, string> = {
  Menu: 'Menu',
  Queue: 'Queue',
  Extension: 'Extension',
  Voicemail: 'Voicemail',
  CallGroup: 'CallGroup',
  Conference: 'Conference',
};

let stack: Stack;
let unitA: UpstreamNumber[];

beforeAll(async () => {
  stack = await startStack();
  unitA = await upstreamList(stack.simulator);
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

type Connection = { numbers: { totalCount: number; nodes: { id: string }[]; pageInfo: { endCursor: string | null } } };
const ids = (numbers: UpstreamNumber[]) => numbers.map((n) => ({ id: String(n.id) }));

describe('Destination.kind', () => {
  it('reads every routed number as its kind, with the upstream name still in the deprecated type, in one call', async () => {
    const { body } = await stack.gql<{ numbers: { nodes: { destination: unknown }[] } }>(
      '{ numbers(first: 100) { nodes { destination { kind type id name } } } }',
    );
    expect(body).toEqual({
      data: {
        numbers: {
          nodes: unitA.map((n) => ({
            destination: n.destination && {
              kind: KINDS[n.destination.type],
              type: n.destination.type,
              id: String(n.destination.object.id),
              name: n.destination.object.name,
            },
          })),
        },
      },
    });
    expect(new Set(unitA.flatMap((n) => (n.destination ? [n.destination.type] : []))).size).toBeGreaterThan(3);
    expect(stack.calls()).toEqual(['list']);
  });
});

describe('numbers(destinationKind:)', () => {
  it('keeps exactly the numbers routed to that kind, as destinationType always did', async () => {
    const queues = unitA.filter((n) => n.destination?.type === 'Queue');
    expect(queues.length).toBeGreaterThan(0);
    const byKind = await stack.gql<Connection>('{ numbers(first: 100, destinationKind: Queue) { totalCount nodes { id } } }');
    const byType = await stack.gql<Connection>('{ numbers(first: 100, destinationType: "queue") { totalCount nodes { id } } }');
    const both = await stack.gql<Connection>('{ numbers(first: 100, destinationType: "Queue", destinationKind: Queue) { totalCount nodes { id } } }');
    for (const { body } of [byKind, byType, both]) expect(body).toEqual({ data: { numbers: { totalCount: queues.length, nodes: ids(queues) } } });
    expect(stack.calls()).toEqual(['list', 'list', 'list']);
  });

  it('matches no number of a known kind with UNKNOWN, and never an unrouted one', async () => {
    const { body } = await stack.gql<Connection>('{ numbers(first: 100, destinationKind: UNKNOWN) { totalCount nodes { id } } }');
    expect(body).toEqual({ data: { numbers: { totalCount: 0, nodes: [] } } });
  });

  it('refuses destinationType and destinationKind that name different kinds, before any upstream call', async () => {
    const { body } = await stack.gql('{ numbers(destinationType: "Menu", destinationKind: Queue) { totalCount } }');
    expect(body).toEqual({
      data: { numbers: null },
      errors: [
        {
          message: 'destinationType "Menu" and destinationKind Queue name different kinds; give destinationKind only.',
          locations: [{ line: 1, column: 3 }],
          path: ['numbers'],
          extensions: { code: 'BAD_USER_INPUT', argument: 'destinationKind' },
        },
      ],
    });
    expect(stack.calls()).toEqual([]);
  });

  it('binds cursors to the kind filter: a page continues with it and is refused without it', async () => {
    const menus = unitA.filter((n) => n.destination?.type === 'Menu');
    expect(menus.length).toBeGreaterThan(2);
    const first = await stack.gql<Connection>('{ numbers(first: 2, destinationKind: Menu) { totalCount nodes { id } pageInfo { endCursor } } }');
    const after = first.body.data!.numbers.pageInfo.endCursor!;
    const next = await stack.gql<Connection>('query Next($after: String) { numbers(first: 100, after: $after, destinationKind: Menu) { nodes { id } } }', {
      variables: { after },
    });
    expect([...first.body.data!.numbers.nodes, ...next.body.data!.numbers.nodes]).toEqual(ids(menus));
    const other = await stack.gql('query Next($after: String) { numbers(first: 100, after: $after) { totalCount } }', { variables: { after } });
    expect(other.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('DestinationInput.kind', () => {
  const PAYLOAD = 'number { destination { kind type id } } userErrors { field code message }';

  it('routes a number by kind, sending the upstream its name for the kind', async () => {
    const target = unitA.find((n) => n.destination?.type !== 'CallGroup')!;
    const group = unitA.find((n) => n.destination?.type === 'CallGroup')!.destination!;
    stack.resetCalls();
    const { body } = await stack.gql(
      `mutation { updateNumber(input: { id: "${target.id}", destination: { kind: CallGroup, id: "${group.object.id}" } }) { ${PAYLOAD} } }`,
    );
    expect(body).toEqual({
      data: { updateNumber: { number: { destination: { kind: 'CallGroup', type: 'CallGroup', id: String(group.object.id) } }, userErrors: [] } },
    });
    expect(stack.simulator.stats().calls.map((c) => [c.endpoint, c.params])).toEqual([
      ['save', { id: String(target.id), destination_type: 'CallGroup', destination_id: String(group.object.id) }],
    ]);
  });

  it.each([
    [
      'kind and a type of another kind',
      'kind: Menu, type: "Queue"',
      ['input', 'destination', 'kind'],
      'kind Menu and the deprecated type name different kinds of destination; give kind only.',
    ],
    ['UNKNOWN alone', 'kind: UNKNOWN', ['input', 'destination', 'kind'], 'UNKNOWN is not a kind of destination to route to: give one such as Menu.'],
    ['neither kind nor type', 'type: null', ['input', 'destination', 'kind'], 'Give the kind of destination, e.g. Menu.'],
  ])('refuses %s with a user error and no upstream call', async (_case, destination, field, message) => {
    const { body } = await stack.gql(`mutation { updateNumber(input: { id: "${unitA[0]!.id}", destination: { ${destination}, id: "262" } }) { ${PAYLOAD} } }`);
    expect(body).toEqual({ data: { updateNumber: { number: null, userErrors: [{ field, code: 'INVALID_FORMAT', message }] } } });
    expect(stack.calls()).toEqual([]);
  });

  it('accepts kind with the deprecated type when both name the same kind', async () => {
    const target = unitA[1]!;
    const menu = unitA.find((n) => n.destination?.type === 'Menu')!.destination!;
    stack.resetCalls();
    const { body } = await stack.gql(
      `mutation { updateNumber(input: { id: "${target.id}", destination: { kind: Menu, type: "Menu", id: "${menu.object.id}" } }) { ${PAYLOAD} } }`,
    );
    expect(body).toEqual({ data: { updateNumber: { number: { destination: { kind: 'Menu', type: 'Menu', id: String(menu.object.id) } }, userErrors: [] } } });
    expect(stack.simulator.stats().calls.map((c) => c.params.destination_type)).toEqual(['Menu']);
  });
});

describe('a destination type the gateway does not know', () => {
  let upstream: Server;
  let gateway: Gateway;
  const requests: string[] = [];
  const routedElsewhere = { ...numberDto(7), destination: { type: 'HuntGroup', object: { id: 901, name: 'Night Hunt' } } };
  const routedToMenu = { ...numberDto(8), destination: { type: 'Menu', object: { id: 262, name: 'Main Menu' } } };

  beforeAll(async () => {
    // An upstream newer than the gateway: its list has a kind no DestinationKind names yet.
    upstream = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/api/v2/numbers/list'))
        res.end(JSON.stringify({ status: 'success', time: 0, flags: {}, data: [routedElsewhere, routedToMenu] }));
      else res.writeHead(404).end(JSON.stringify({ status: 'error', time: 0, flags: {}, data: { message: 'not here' } }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    gateway = createGateway(loadConfig({ NODE_ENV: 'test', PORT: '0', UPSTREAM_URL: url }), { upstreamUrl: url, logger: pino({ level: 'silent' }) });
    await gateway.start();
  });
  afterAll(async () => {
    await gateway.stop();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('reads as UNKNOWN with its name in type, and the UNKNOWN filter finds it', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a' },
      body: JSON.stringify({
        query: '{ all: numbers { nodes { id destination { kind type } } } unknown: numbers(destinationKind: UNKNOWN) { nodes { id } } }',
      }),
    });
    expect(await response.json()).toEqual({
      data: {
        all: {
          nodes: [
            { id: '7', destination: { kind: 'UNKNOWN', type: 'HuntGroup' } },
            { id: '8', destination: { kind: 'Menu', type: 'Menu' } },
          ],
        },
        unknown: { nodes: [{ id: '7' }] },
      },
      extensions: { cost: { estimated: 1, actual: 1, limit: 25 } },
    });
    expect(requests).toEqual(['GET /api/v2/numbers/list']);
  });
});

describe('the deprecated destination coordinates', () => {
  let counted: Stack;
  beforeAll(async () => {
    counted = await startStack({ env: { CLIENT_NAMES: 'ios-app' } });
  });
  afterAll(() => counted.close());

  it('are counted by client in numbers_gateway_deprecated_field_requests_total; their replacements are not', async () => {
    const headers = { 'apollographql-client-name': 'ios-app', 'apollographql-client-version': '3.2.0' };
    await counted.gql('{ numbers(first: 1, destinationType: "Menu") { nodes { destination { type } } } }', { headers });
    await counted.gql('{ numbers(first: 1, destinationKind: Menu) { nodes { destination { kind } } } }', { headers });
    const refused = await counted.gql(
      'mutation { updateNumber(input: { id: "1", destination: { kind: Queue, type: "Menu", id: "262" } }) { userErrors { code } } }',
      { headers },
    );
    expect(refused.body).toEqual({ data: { updateNumber: { userErrors: [{ code: 'INVALID_FORMAT' }] } } });
    expect(seriesOf(await scrape(counted.gateway.url), 'numbers_gateway_deprecated_field_requests_total', { client: 'ios-app' })).toEqual({
      'coordinate=Destination.type': 1,
      'coordinate=Query.numbers(destinationType:)': 1,
      'coordinate=DestinationInput.type': 1,
    });
  });
});
