import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
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
 */

let simulator: Simulator;
let gateway: Gateway;

beforeAll(async () => {
  simulator = await createSimulator({});
  gateway = createGateway(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), { upstreamUrl: simulator.url, logger: pino({ level: 'silent' }) });
  await gateway.start();
});

afterAll(async () => {
  await gateway.stop();
  await simulator.close();
});

/** The smallest typed client: what a frontend's fetch wrapper around a TypedDocumentNode does. */
async function execute<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables: Variables): Promise<Result> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: Result; errors?: { message: string }[] };
  if (!body.data || body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

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
  it('reads the numbers dashboard with the generated result type', async () => {
    const data = await execute(ClientNumbersDashboardDocument, { first: 3 });
    expect(data.numbers?.totalCount).toBe(30);
    expect(data.numbers?.nodes).toHaveLength(3);
    expect(data.numbers?.pageInfo.hasNextPage).toBe(true);
    for (const node of data.numbers?.nodes ?? []) expect(dashboardRow(node)).toMatch(/^\+44\d{9,10} (INCOMING|UTILITY) /);
  });

  it('pages backwards in a typed ordering with typed filters', async () => {
    const orderBy: NumberOrder = { field: 'UPDATED_AT', direction: 'DESC' };
    const last = await execute(ClientNumbersPageDocument, { last: 2, orderBy, recordingEnabled: true, prefix: '01' });
    const edges = last.numbers?.edges ?? [];
    expect(edges).toHaveLength(2);
    expect(last.numbers?.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await execute(ClientNumbersPageDocument, { last: 2, before: last.numbers?.pageInfo.startCursor, orderBy, recordingEnabled: true, prefix: '01' });
    const times = [...(before.numbers?.edges ?? []), ...edges].map((e) => Date.parse(e.node.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect([...(before.numbers?.edges ?? []), ...edges].every((e) => e.node.recordingEnabled && e.node.number.startsWith('01'))).toBe(true);
  });

  it('looks a number up by its E.164 form and reads prefixes with first', async () => {
    const page = await execute(ClientNumbersPageDocument, { first: 1 });
    const national = page.numbers?.edges[0]?.node.number ?? '';
    const found = await execute(ClientNumberByNumberDocument, { number: `+44 ${national.slice(1)}` });
    expect(found.numberByNumber?.number).toBe(national);
    const prefixes = await execute(ClientPrefixesDocument, { search: 'Aberdeen', first: 1, poolFirst: 2, prefix: '01224' });
    expect(prefixes.availablePrefixes?.map((p) => [p.areaName, p.acquirableNumbers?.length])).toEqual([['Aberdeen', 2]]);
    expect(prefixes.acquirableNumbers).toHaveLength(2);
  });

  it('switches exhaustively on a typed user error code', async () => {
    const page = await execute(ClientNumbersPageDocument, { first: 1 });
    const id = page.numbers?.edges[0]?.node.id ?? '';
    const data = await execute(ClientUpdateNumberDocument, { input: { id, destination: { type: 'Menu', id: '999999' } } });
    expect(data.updateNumber?.userErrors.map((e) => [e.field, userErrorText(e.code)])).toEqual([[['input', 'destination'], 'Refused.']]);
  });

  it('gets an expected failure of a mutation as typed userErrors', async () => {
    const data = await execute(ClientAcquireNumberDocument, { input: { number: '0000' } });
    expect(data.acquireNumber?.number).toBeNull();
    expect(data.acquireNumber?.userErrors.map((error) => error.field)).toEqual([['input', 'number']]);
  });
});
