import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { upstreamGet, type Cost } from '../helpers/stack.js';
import {
  ClientAcquireNumberDocument,
  ClientNumberByNumberDocument,
  ClientNumbersDashboardDocument,
  ClientNumbersPageDocument,
  ClientPrefixesDocument,
  ClientUpdateNumberDocument,
  type ClientNumbersDashboardQuery,
  type NumberOrder,
  type SubscriberStatus,
  type UserErrorCode,
} from './generated/graphql.js';

/**
 * A frontend's typed operations (generated from schema.graphql by codegen.client.yml) used
 * against the running gateway. Removing or renaming a field they select fails `npm run codegen`;
 * changing a type they rely on fails `tsc` here: a breaking schema change cannot pass CI quietly.
 * The same build writes persisted-documents.json, the manifest a mobile app ships with: in
 * safelist mode the operations run by id only, and each one's cost estimate covers its calls.
 */

const MANIFEST = fileURLToPath(new URL('./generated/persisted-documents.json', import.meta.url));

let simulator: Simulator;
let gateway: Gateway;
let safelisted: Gateway;

beforeAll(async () => {
  simulator = await createSimulator({ faults: true });
  const start = async (env: Record<string, string>) => {
    const started = createGateway(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...env }), { upstreamUrl: simulator.url, logger: pino({ level: 'silent' }) });
    await started.start();
    return started;
  };
  gateway = await start({});
  safelisted = await start({ PERSISTED_DOCUMENTS_FILE: MANIFEST, PERSISTED_DOCUMENTS_MODE: 'safelist' });
});

afterAll(async () => {
  await Promise.all([gateway.stop(), safelisted.stop()]);
  await simulator.close();
});

beforeEach(() => simulator.resetStats());

type Typed<Result, Variables> = TypedDocumentNode<Result, Variables> & { __meta__?: { hash?: string } };

/**
 * The smallest typed client: what a frontend's fetch wrapper around a TypedDocumentNode does,
 * sending the document itself or, like a mobile app with a manifest, only its id.
 */
async function execute<Result, Variables>(
  document: Typed<Result, Variables>,
  variables: Variables,
  options: { to?: Gateway; byId?: boolean } = {},
): Promise<{ data: Result; cost: Cost }> {
  const payload = options.byId ? { documentId: document.__meta__?.hash, variables } : { query: print(document), variables };
  const response = await fetch(`${(options.to ?? gateway).url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a' },
    body: JSON.stringify(payload),
  });
  const body = (await response.json()) as { data?: Result; errors?: { message: string }[]; extensions?: { cost?: Cost } };
  if (!body.data || body.errors || !body.extensions?.cost) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return { data: body.data, cost: body.extensions.cost };
}

/** Upstream calls the simulator saw since the last reset. */
const upstreamCalls = () => simulator.stats().calls.map((call) => call.endpoint);

/** Typed all the way: `status` is the SubscriberStatus union, `e164` a string. */
function dashboardRow(node: NonNullable<ClientNumbersDashboardQuery['numbers']>['nodes'][number]): string {
  const status: SubscriberStatus | 'none' = node.subscriber?.status ?? 'none';
  return `${node.e164} ${node.context} ${node.destination?.name ?? '-'} ${status} ${node.prefix?.areaName ?? ''}`.trim();
}

/**
 * What a frontend writes to show a user error: an exhaustive switch. A code added to the schema's
 * enum fails `tsc` here (`never`), so it cannot reach clients unnoticed.
 */
function userErrorText(code: UserErrorCode): string {
  switch (code) {
    case 'INVALID_FORMAT':
      return 'Check the format.';
    case 'TOO_LONG':
      return 'Too long.';
    case 'NO_CHANGES':
      return 'Nothing to change.';
    case 'NOT_FOUND':
      return 'No such number.';
    case 'NUMBER_NOT_AVAILABLE':
      return 'Number taken.';
    case 'REJECTED':
      return 'Refused.';
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
}

describe('typed client operations generated from schema.graphql', () => {
  it('reads the numbers dashboard with the generated result type, estimated at its calls', async () => {
    const { data, cost } = await execute(ClientNumbersDashboardDocument, { first: 3 });
    expect(data.numbers?.totalCount).toBe(30);
    expect(data.numbers?.nodes).toHaveLength(3);
    expect(data.numbers?.pageInfo.hasNextPage).toBe(true);
    for (const node of data.numbers?.nodes ?? []) expect(dashboardRow(node)).toMatch(/^\+44\d{9,10} (INCOMING|UTILITY) /);
    // Cold: the list and the prefixes; the estimate covers exactly that.
    expect(upstreamCalls().sort()).toEqual(['available_prefixes', 'list']);
    expect(cost).toEqual({ estimated: 2, actual: 2, limit: 25 });
  });

  it('costs the dashboard one call while the prefixes are cached, whatever the page size', async () => {
    const { cost } = await execute(ClientNumbersDashboardDocument, { first: 100 });
    expect(upstreamCalls()).toEqual(['list']);
    expect(cost).toEqual({ estimated: 2, actual: 1, limit: 25 });
  });

  it('pages backwards in a typed ordering with typed filters', async () => {
    const orderBy: NumberOrder = { field: 'UPDATED_AT', direction: 'DESC' };
    const { data: last } = await execute(ClientNumbersPageDocument, { last: 2, orderBy, recordingEnabled: true, prefix: '01' });
    const edges = last.numbers?.edges ?? [];
    expect(edges).toHaveLength(2);
    expect(last.numbers?.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const { data: before } = await execute(ClientNumbersPageDocument, {
      last: 2,
      before: last.numbers?.pageInfo.startCursor,
      orderBy,
      recordingEnabled: true,
      prefix: '01',
    });
    const times = [...(before.numbers?.edges ?? []), ...edges].map((e) => Date.parse(e.node.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect([...(before.numbers?.edges ?? []), ...edges].every((e) => e.node.recordingEnabled && e.node.number.startsWith('01'))).toBe(true);
  });

  it('looks a number up by its E.164 form and reads prefixes with first', async () => {
    const { data: page } = await execute(ClientNumbersPageDocument, { first: 1 });
    const national = page.numbers?.edges[0]?.node.number ?? '';
    const { data: found } = await execute(ClientNumberByNumberDocument, { number: `+44 ${national.slice(1)}` });
    expect(found.numberByNumber?.number).toBe(national);
    const { data: prefixes } = await execute(ClientPrefixesDocument, { search: 'Aberdeen', first: 1, poolFirst: 2, prefix: '01224' });
    expect(prefixes.availablePrefixes?.map((p) => [p.areaName, p.acquirableNumbers?.length])).toEqual([['Aberdeen', 2]]);
    expect(prefixes.acquirableNumbers).toHaveLength(2);
  });

  it('switches exhaustively on a typed user error code', async () => {
    const { data: page } = await execute(ClientNumbersPageDocument, { first: 1 });
    const id = page.numbers?.edges[0]?.node.id ?? '';
    const { data } = await execute(ClientUpdateNumberDocument, { input: { id, destination: { kind: 'Menu', id: '999999' } } });
    expect(data.updateNumber?.userErrors.map((e) => [e.field, userErrorText(e.code)])).toEqual([[['input', 'destination'], 'Refused.']]);
  });

  it('gets an expected failure of a mutation as typed userErrors, with no write', async () => {
    const { data, cost } = await execute(ClientAcquireNumberDocument, { input: { number: '0000' } });
    expect(data.acquireNumber?.number).toBeNull();
    expect(data.acquireNumber?.userErrors.map((error) => error.field)).toEqual([['input', 'number']]);
    expect(upstreamCalls()).toEqual([]);
    expect(cost).toEqual({ estimated: 2, actual: 0, limit: 25 });
  });
});

describe('typed client operations by id, in safelist mode (the mobile workflow)', () => {
  it('reads the dashboard by its manifest id', async () => {
    const { data, cost } = await execute(ClientNumbersDashboardDocument, { first: 2 }, { to: safelisted, byId: true });
    expect(data.numbers?.nodes.map(dashboardRow)).toHaveLength(2);
    expect(cost.estimated).toBeGreaterThanOrEqual(upstreamCalls().length);
    expect(cost.actual).toBe(upstreamCalls().length);
  });

  it('buys a number by the mutation id: its write, estimated with its read-back', async () => {
    const [number] = await upstreamGet<string[]>(simulator, 'acquirable_numbers?prefix=01224');
    simulator.resetStats();
    const { data, cost } = await execute(ClientAcquireNumberDocument, { input: { number: number ?? '' } }, { to: safelisted, byId: true });
    expect(data.acquireNumber?.userErrors).toEqual([]);
    expect(data.acquireNumber?.number?.e164).toBe(`+44${number?.slice(1)}`);
    expect(upstreamCalls()).toEqual(['acquire']);
    expect(cost).toEqual({ estimated: 2, actual: 1, limit: 25 });
  });

  it('reaches its estimate when the answer to the purchase is lost: the write and the read-back', async () => {
    const [number] = await upstreamGet<string[]>(simulator, 'acquirable_numbers?prefix=01887');
    simulator.setFaults([{ fault: 'status=500', endpoint: 'acquire' }]);
    simulator.resetStats();
    try {
      const response = await fetch(`${safelisted.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a' },
        body: JSON.stringify({ documentId: (ClientAcquireNumberDocument as Typed<unknown, unknown>).__meta__?.hash, variables: { input: { number } } }),
      });
      const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string; outcome?: string } }>; extensions?: { cost?: Cost } };
      expect(body.errors?.map((e) => [e.extensions?.code, e.extensions?.outcome])).toEqual([['UPSTREAM_ERROR', 'NOT_APPLIED']]);
      expect(upstreamCalls()).toEqual(['acquire', 'list']);
      expect(body.extensions?.cost).toEqual({ estimated: 2, actual: 2, limit: 25 });
    } finally {
      simulator.clearFaults();
    }
  });

  it('refuses the same operations sent as text', async () => {
    await expect(execute(ClientNumbersDashboardDocument, { first: 2 }, { to: safelisted })).rejects.toThrow(/QUERY_NOT_IN_SAFELIST|Only trusted documents/);
    expect(upstreamCalls()).toEqual([]);
  });
});
