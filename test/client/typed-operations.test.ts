import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import {
  ClientAcquireNumberDocument,
  ClientNumbersDashboardDocument,
  type ClientNumbersDashboardQuery,
  type SubscriberStatus,
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

describe('typed client operations generated from schema.graphql', () => {
  it('reads the numbers dashboard with the generated result type', async () => {
    const data = await execute(ClientNumbersDashboardDocument, { first: 3 });
    expect(data.numbers?.totalCount).toBe(30);
    expect(data.numbers?.nodes).toHaveLength(3);
    expect(data.numbers?.pageInfo.hasNextPage).toBe(true);
    for (const node of data.numbers?.nodes ?? []) expect(dashboardRow(node)).toMatch(/^\+44\d{9,10} (INCOMING|UTILITY) /);
  });

  it('gets an expected failure of a mutation as typed userErrors', async () => {
    const data = await execute(ClientAcquireNumberDocument, { input: { number: '0000' } });
    expect(data.acquireNumber?.number).toBeNull();
    expect(data.acquireNumber?.userErrors.map((error) => error.field)).toEqual([['input', 'number']]);
  });
});
