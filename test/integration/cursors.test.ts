import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { createGateway } from '../../src/server.js';
import { startStack, upstreamList, type Stack, type UpstreamNumber } from '../helpers/stack.js';

/**
 * `numbers` cursors (version 3) over real HTTP: usable only by the credential that received
 * them, opaque, the same on every replica and after a restart, and earlier versions refused with
 * a message to restart paging. Every refusal costs no upstream call.
 */

interface Page {
  totalCount: number;
  edges: Array<{ cursor: string; node: { id: string; number: string } }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const QUERY = `query($first: Int, $after: String, $last: Int, $before: String, $orderBy: NumberOrder) {
  numbers(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
    totalCount edges { cursor node { id number } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const BY_NUMBER = { field: 'NUMBER', direction: 'ASC' } as const;

let stack: Stack;
let unitA: UpstreamNumber[];

beforeAll(async () => {
  stack = await startStack();
  unitA = await upstreamList(stack.simulator);
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

async function page(variables: Record<string, unknown>, token = 'demo-token-a', url = stack.gateway.url): Promise<Page> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY, variables }),
  });
  const body = (await response.json()) as { data?: { numbers: Page }; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data!.numbers;
}

async function refused(variables: Record<string, unknown>, token = 'demo-token-a'): Promise<unknown> {
  const { body } = await stack.gql<{ numbers: Page | null }>(QUERY, { variables, token });
  expect(body.data).toEqual({ numbers: null });
  return body.errors?.map((e) => ({ code: e.extensions?.code, argument: e.extensions?.argument, message: e.message }));
}

const sortedByNumber = (numbers: UpstreamNumber[]) => [...numbers].sort((a, b) => (a.number < b.number ? -1 : 1));

describe('cursors are bound to the credential', () => {
  it("refuses unit B's cursor sent by unit A with the same ordering: BAD_USER_INPUT, no upstream call", async () => {
    const b = await page({ first: 10, orderBy: BY_NUMBER }, 'demo-token-b');
    stack.resetCalls();
    for (const variables of [
      { first: 10, after: b.pageInfo.endCursor, orderBy: BY_NUMBER },
      { last: 10, before: b.pageInfo.startCursor, orderBy: BY_NUMBER },
    ]) {
      const argument = 'after' in variables ? 'after' : 'before';
      expect(await refused(variables)).toEqual([
        {
          code: 'BAD_USER_INPUT',
          argument,
          message: `${argument} is not a cursor of this connection: pass a cursor your credential received from a page with the same orderBy and filters.`,
        },
      ]);
    }
    expect(stack.calls()).toEqual([]);
  });

  it('accepts the cursor from the same credential, whatever the case of the Bearer scheme', async () => {
    const sorted = sortedByNumber(unitA);
    const one = await page({ first: 3, orderBy: BY_NUMBER });
    const response = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'bearer demo-token-a' },
      body: JSON.stringify({ query: QUERY, variables: { first: 3, after: one.pageInfo.endCursor, orderBy: BY_NUMBER } }),
    });
    const two = ((await response.json()) as { data: { numbers: Page } }).data.numbers;
    expect([...one.edges, ...two.edges].map((e) => e.node.id)).toEqual(sorted.slice(0, 6).map((n) => String(n.id)));
    expect(two.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    expect(stack.calls()).toEqual(['list', 'list']);
  });
});

describe('cursors are opaque', () => {
  it('decode to neither a phone number nor an id, in any ordering', async () => {
    const numbers = unitA.map((n) => n.number);
    const ids = unitA.map((n) => String(n.id));
    for (const field of ['ID', 'NUMBER', 'CREATED_AT', 'UPDATED_AT']) {
      const p = await page({ first: 30, orderBy: { field, direction: 'ASC' } });
      expect(p.edges).toHaveLength(30);
      for (const { cursor } of p.edges) {
        expect(cursor).toMatch(/^[A-Za-z0-9_-]{40,100}$/);
        const decoded = Buffer.from(cursor, 'base64url');
        for (const text of [decoded.toString('latin1'), decoded.toString('utf8')]) {
          expect(numbers.filter((n) => text.includes(n) || text.includes(n.slice(1)))).toEqual([]);
          expect(ids.filter((id) => text.includes(id))).toEqual([]);
        }
      }
    }
  });

  it('are the same for the same position, so an unchanged page is the same answer', async () => {
    const once = await page({ first: 5, orderBy: BY_NUMBER });
    const again = await page({ first: 5, orderBy: BY_NUMBER });
    expect(again.edges.map((e) => e.cursor)).toEqual(once.edges.map((e) => e.cursor));
    expect(new Set(once.edges.map((e) => e.cursor)).size).toBe(5);
  });
});

describe('cursors across replicas and restarts', () => {
  it('reads a cursor made by another gateway process (a replica, or this one before a restart)', async () => {
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', UPSTREAM_URL: stack.simulator.url });
    const replica = createGateway(config, { upstreamUrl: stack.simulator.url, logger: pino({ level: 'silent' }) });
    await replica.start();
    try {
      const sorted = sortedByNumber(unitA);
      const one = await page({ first: 4, orderBy: BY_NUMBER });
      const two = await page({ first: 4, after: one.pageInfo.endCursor, orderBy: BY_NUMBER }, 'demo-token-a', replica.url);
      expect(two.edges.map((e) => e.node.id)).toEqual(sorted.slice(4, 8).map((n) => String(n.id)));
      const back = await page({ last: 2, before: two.pageInfo.startCursor, orderBy: BY_NUMBER });
      expect(back.edges.map((e) => e.node.id)).toEqual(sorted.slice(2, 4).map((n) => String(n.id)));
    } finally {
      await replica.stop();
    }
  });
});

describe('cursors of earlier versions', () => {
  it('refuses version 1 and version 2 cursors with a message to restart paging, with no upstream call', async () => {
    const n = sortedByNumber(unitA)[2]!;
    const v1 = Buffer.from(`number:${unitA[4]!.id}`).toString('base64url');
    const v2 = Buffer.from(JSON.stringify(['n2', n.number, n.id, 'AAAAAAAAAAAAAAAA'])).toString('base64url');
    for (const [cursor, orderBy] of [
      [v1, undefined],
      [v2, BY_NUMBER],
    ] as const) {
      expect(await refused({ first: 2, after: cursor, orderBy })).toEqual([
        {
          code: 'BAD_USER_INPUT',
          argument: 'after',
          message:
            'after is a cursor of an earlier version of this API, which are no longer read: request the first page again (without after or before) and page on with its cursors.',
        },
      ]);
    }
    expect(stack.calls()).toEqual([]);
  });
});

describe('first: 0 and last: 0', () => {
  it('answer totalCount and pageInfo with no nodes, in exactly one list call', async () => {
    const { body, cost } = await stack.gql(
      `{ numbers(first: 0) { totalCount nodes { id } edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
    );
    expect(body).toEqual({
      data: {
        numbers: {
          totalCount: unitA.length,
          nodes: [],
          edges: [],
          pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null },
        },
      },
    });
    expect(stack.calls()).toEqual(['list']);
    expect(cost).toMatchObject({ actual: 1 });

    stack.resetCalls();
    const last = await stack.gql(
      `{ numbers(last: 0, context: INCOMING) { totalCount nodes { id prefix { areaName } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
    );
    expect(last.body).toEqual({
      data: {
        numbers: {
          totalCount: unitA.filter((x) => x.context === 'incoming').length,
          nodes: [],
          pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
        },
      },
    });
    // No node, so no nested prefix: the list alone, and the estimate counts no prefix call either.
    expect(stack.calls()).toEqual(['list']);
    expect(last.cost).toMatchObject({ estimated: 1, actual: 1 });
  });

  it('count what is left after a cursor', async () => {
    const one = await page({ first: 10 });
    stack.resetCalls();
    const rest = await page({ first: 0, after: one.pageInfo.endCursor });
    expect(rest).toEqual({ totalCount: unitA.length, edges: [], pageInfo: { hasNextPage: true, hasPreviousPage: true, startCursor: null, endCursor: null } });
    expect(stack.calls()).toEqual(['list']);
  });
});
