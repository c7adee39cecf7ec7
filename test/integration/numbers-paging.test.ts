import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, upstreamGet, upstreamList, type Stack, type UpstreamNumber } from '../helpers/stack.js';

/**
 * `numbers` paging both ways, every ordering and the filters, over real HTTP: every page is
 * compared with one computed here from the simulator's own list, and every operation costs one
 * `numbers/list` call.
 */

interface Page {
  totalCount: number;
  edges: Array<{ cursor: string; node: { id: string } }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const PAGE = `totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
const QUERY = `query Numbers($first: Int, $after: String, $last: Int, $before: String, $orderBy: NumberOrder,
  $context: NumberContext, $search: String, $subscriberStatus: SubscriberStatus, $recordingEnabled: Boolean,
  $destinationType: String, $prefix: String) {
  numbers(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, context: $context, search: $search,
    subscriberStatus: $subscriberStatus, recordingEnabled: $recordingEnabled, destinationType: $destinationType, prefix: $prefix) { ${PAGE} }
}`;

let stack: Stack;
let unitA: UpstreamNumber[];

beforeAll(async () => {
  stack = await startStack();
  unitA = await upstreamList(stack.simulator);
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

async function page(variables: Record<string, unknown>, token?: string): Promise<Page> {
  const { body } = await stack.gql<{ numbers: Page }>(QUERY, { variables, token });
  expect(body.errors).toBeUndefined();
  return body.data!.numbers;
}

async function refusal(variables: Record<string, unknown>): Promise<Array<[unknown, unknown]>> {
  const { body } = await stack.gql<{ numbers: Page | null }>(QUERY, { variables });
  expect(body.data).toEqual({ numbers: null });
  return (body.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.argument]);
}

type Field = 'ID' | 'NUMBER' | 'CREATED_AT' | 'UPDATED_AT';
const ORDERINGS = (['ID', 'NUMBER', 'CREATED_AT', 'UPDATED_AT'] as const).flatMap((field) =>
  (['ASC', 'DESC'] as const).map((direction) => ({ field, direction })),
);

/** The expected order, written independently of the gateway's code: by value, then by id. */
function expectedIds(numbers: UpstreamNumber[], order: { field: Field; direction: 'ASC' | 'DESC' }): string[] {
  const value = (n: UpstreamNumber): number | string =>
    order.field === 'ID' ? n.id : order.field === 'NUMBER' ? n.number : Date.parse(order.field === 'CREATED_AT' ? n.created_at : n.updated_at);
  const sorted = [...numbers].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    return (x < y ? -1 : x > y ? 1 : 0) || a.id - b.id;
  });
  return (order.direction === 'ASC' ? sorted : sorted.reverse()).map((n) => String(n.id));
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}

describe('numbers: paging both ways in every ordering', () => {
  it.each(ORDERINGS)('walks $field $direction forwards with first/after and backwards with last/before, page for page', async (orderBy) => {
    const ids = expectedIds(unitA, orderBy);
    const forwardPages = chunks(ids, 7);

    let after: string | null = null;
    const forward: Page[] = [];
    for (let i = 0; i < forwardPages.length; i += 1) {
      const p = await page({ first: 7, after, orderBy });
      forward.push(p);
      after = p.pageInfo.endCursor;
    }
    expect(forward.map((p) => p.edges.map((e) => e.node.id))).toEqual(forwardPages);
    expect(forward.map((p) => [p.pageInfo.hasPreviousPage, p.pageInfo.hasNextPage])).toEqual(forwardPages.map((_, i) => [i > 0, i < forwardPages.length - 1]));
    expect(forward.every((p) => p.totalCount === ids.length && p.pageInfo.startCursor === p.edges[0]?.cursor)).toBe(true);

    // Backwards from the end: the last 7, then the 7 before them, and so on to the first.
    const backwardPages = chunks([...ids].reverse(), 7).map((chunk) => chunk.reverse());
    let before: string | null = null;
    const backward: Page[] = [];
    for (let i = 0; i < backwardPages.length; i += 1) {
      const p = await page({ last: 7, before, orderBy });
      backward.push(p);
      before = p.pageInfo.startCursor;
    }
    expect(backward.map((p) => p.edges.map((e) => e.node.id))).toEqual(backwardPages);
    expect(backward.map((p) => [p.pageInfo.hasPreviousPage, p.pageInfo.hasNextPage])).toEqual(
      backwardPages.map((_, i) => [i < backwardPages.length - 1, i > 0]),
    );
    expect(stack.calls()).toEqual(Array(forwardPages.length + backwardPages.length).fill('list'));
  });

  it("defaults to 20 numbers in id order and pages back from a forward page's cursor", async () => {
    const ids = expectedIds(unitA, { field: 'ID', direction: 'ASC' });
    const first = await page({});
    expect(first.edges.map((e) => e.node.id)).toEqual(ids.slice(0, 20));
    const middle = await page({ first: 5, after: first.edges[9]!.cursor });
    expect(middle.edges.map((e) => e.node.id)).toEqual(ids.slice(10, 15));
    const back = await page({ last: 4, before: middle.pageInfo.startCursor });
    expect(back.edges.map((e) => e.node.id)).toEqual(ids.slice(6, 10));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const between = await page({ first: 50, after: first.edges[2]!.cursor, before: first.edges[6]!.cursor });
    expect(between.edges.map((e) => e.node.id)).toEqual(ids.slice(3, 6));
    const lastOfRange = await page({ last: 2, after: first.edges[2]!.cursor, before: first.edges[6]!.cursor });
    expect(lastOfRange.edges.map((e) => e.node.id)).toEqual(ids.slice(4, 6));
    const empty = await page({ first: 5, after: first.edges[6]!.cursor, before: first.edges[2]!.cursor });
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo).toMatchObject({ startCursor: null, endCursor: null });
  });
});

describe('numbers: filters', () => {
  const ids = (ns: UpstreamNumber[]) => ns.map((n) => String(n.id));

  it.each([
    ['subscriberStatus', { subscriberStatus: 'VALIDATED' }, (n: UpstreamNumber) => n.aquisition.subscriber.status === 'validated'],
    ['recordingEnabled', { recordingEnabled: false }, (n: UpstreamNumber) => !n.recording_enabled],
    ['destinationType (any case)', { destinationType: 'qUEUE' }, (n: UpstreamNumber) => n.destination?.type === 'Queue'],
    ['prefix (national)', { prefix: '0800' }, (n: UpstreamNumber) => n.number.startsWith('0800')],
    ['prefix (+44 with spaces)', { prefix: '+44 15' }, (n: UpstreamNumber) => n.number.startsWith('015')],
  ])('filters by %s', async (_name, filter, keep) => {
    const expected = unitA.filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(unitA.length);
    const p = await page({ first: 100, ...filter });
    expect(p.totalCount).toBe(expected.length);
    expect(p.edges.map((e) => e.node.id)).toEqual(ids(expected));
  });

  it('combines every filter with AND, ordered and paged, in one upstream call', async () => {
    const keep = (n: UpstreamNumber) => n.context === 'incoming' && n.recording_enabled && n.number.startsWith('01');
    const expected = unitA.filter(keep).sort((a, b) => b.updated_at.localeCompare(a.updated_at));
    expect(expected.length).toBeGreaterThan(4);
    const orderBy = { field: 'UPDATED_AT', direction: 'DESC' };
    const filters = { context: 'INCOMING', recordingEnabled: true, prefix: '01' };
    const one = await page({ first: 3, orderBy, ...filters });
    const two = await page({ first: 3, after: one.pageInfo.endCursor, orderBy, ...filters });
    expect([one, two].map((p) => p.edges.map((e) => e.node.id))).toEqual([ids(expected.slice(0, 3)), ids(expected.slice(3, 6))]);
    expect(one.totalCount).toBe(expected.length);

    const narrow = unitA.filter(
      (n) => keep(n) && n.destination?.type === 'Voicemail' && n.aquisition.subscriber.status === 'unknown' && n.destination.object.name !== null,
    );
    expect(narrow.length).toBeGreaterThan(0);
    const all = await page({ first: 100, ...filters, destinationType: 'Voicemail', subscriberStatus: 'UNKNOWN', search: narrow[0]!.number.slice(-6) });
    expect(all.edges.map((e) => e.node.id)).toEqual(ids([narrow[0]!]));
    expect(stack.calls()).toEqual(['list', 'list', 'list']);
  });

  it('matches nothing, not everything, when no number passes', async () => {
    expect(await page({ prefix: '0999', first: 5 })).toEqual({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });
});

describe('numbers: cursors belong to their ordering and filters', () => {
  it('refuses a cursor from another ordering, direction or filter set, and an altered one, with no upstream call', async () => {
    const byNumber = await page({ first: 3, orderBy: { field: 'NUMBER', direction: 'ASC' } });
    const incoming = await page({ first: 3, context: 'INCOMING' });
    const plain = await page({ first: 3 });
    stack.resetCalls();
    const cursor = byNumber.pageInfo.endCursor!;
    const bytes = Buffer.from(cursor, 'base64url');
    bytes[20] = bytes[20]! ^ 1;
    const altered = bytes.toString('base64url');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ after: cursor }, 'after'],
      [{ after: cursor, orderBy: { field: 'NUMBER', direction: 'DESC' } }, 'after'],
      [{ before: cursor, orderBy: { field: 'UPDATED_AT', direction: 'ASC' } }, 'before'],
      [{ after: incoming.pageInfo.endCursor }, 'after'],
      [{ after: incoming.pageInfo.endCursor, context: 'UTILITY' }, 'after'],
      [{ after: plain.pageInfo.endCursor, search: 'a' }, 'after'],
      [{ after: altered, orderBy: { field: 'NUMBER', direction: 'ASC' } }, 'after'],
      [{ before: 'x'.repeat(300) }, 'before'],
      [{ after: Buffer.from('[1,2,3]').toString('base64url') }, 'after'],
    ];
    for (const [variables, argument] of cases) expect(await refusal(variables)).toEqual([['BAD_USER_INPUT', argument]]);
    expect(stack.calls()).toEqual([]);
  });

  it('accepts the same filters spelled differently', async () => {
    const spaced = await page({ first: 2, prefix: '+44 1', destinationType: 'menu', search: '  ' });
    const next = await page({ first: 2, after: spaced.pageInfo.endCursor, prefix: '01', destinationType: 'MENU' });
    const expected = unitA.filter((n) => n.number.startsWith('01') && n.destination?.type === 'Menu').map((n) => String(n.id));
    expect([...spaced.edges, ...next.edges].map((e) => e.node.id)).toEqual(expected.slice(0, 4));
  });

  it('refuses first with last, page sizes out of range and malformed filters', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ first: 2, last: 2 }, 'last'],
      [{ last: -1 }, 'last'],
      [{ last: 101 }, 'last'],
      [{ first: -1 }, 'first'],
      [{ destinationType: 'Menu; drop' }, 'destinationType'],
      [{ prefix: '1224' }, 'prefix'],
      [{ prefix: '01224x' }, 'prefix'],
      [{ search: 'a\u0000' }, 'search'],
    ];
    for (const [variables, argument] of cases) expect(await refusal(variables)).toEqual([['BAD_USER_INPUT', argument]]);
    expect(stack.calls()).toEqual([]);
  });

  it('continues after a cursor whose number was deleted meanwhile', async () => {
    const unitB = await upstreamList(stack.simulator, 'demo-token-b');
    const orderBy = { field: 'UPDATED_AT', direction: 'DESC' } as const;
    const ids = expectedIds(unitB, orderBy);
    const one = await page({ first: 4, orderBy }, 'demo-token-b');
    const { body } = await stack.gql(`mutation { deleteNumber(input: { id: "${ids[3]}" }) { deletedId } }`, { token: 'demo-token-b' });
    expect(body.data).toEqual({ deleteNumber: { deletedId: ids[3] } });
    const two = await page({ first: 4, after: one.pageInfo.endCursor, orderBy }, 'demo-token-b');
    expect(two.edges.map((e) => e.node.id)).toEqual(ids.slice(4, 8));
    const back = await page({ last: 10, before: two.pageInfo.startCursor, orderBy }, 'demo-token-b');
    expect(back.edges.map((e) => e.node.id)).toEqual(ids.slice(0, 3));
  });
});

describe('numberByNumber', () => {
  it('finds a number by its national or spaced E.164 form from the list the operation already loads', async () => {
    const target = unitA[7]!;
    const e164 = `+44 ${target.number.slice(1, 5)} ${target.number.slice(5)}`;
    const { body } = await stack.gql(
      `query($a: String!, $b: String!) { numbers(first: 1) { totalCount } a: numberByNumber(number: $a) { id e164 } b: numberByNumber(number: $b) { id } none: numberByNumber(number: "01999000000") { id } }`,
      { variables: { a: target.number, b: e164 } },
    );
    expect(body).toEqual({
      data: {
        numbers: { totalCount: unitA.length },
        a: { id: String(target.id), e164: `+44${target.number.slice(1)}` },
        b: { id: String(target.id) },
        none: null,
      },
    });
    expect(stack.calls()).toEqual(['list']);
  });

  it("is null for another unit's number and BAD_USER_INPUT for something that is not a UK number", async () => {
    const other = (await upstreamList(stack.simulator, 'demo-token-b'))[0]!;
    stack.resetCalls();
    const { body } = await stack.gql(`{ numberByNumber(number: "${other.number}") { id } }`);
    expect(body).toEqual({ data: { numberByNumber: null } });
    for (const number of ['1224', '+1 202 555 0100', '0122440534x', '']) {
      const refused = await stack.gql('query($n: String!) { numberByNumber(number: $n) { id } }', { variables: { n: number } });
      expect(refused.body.data).toEqual({ numberByNumber: null });
      expect(refused.body.errors?.map((e) => [e.extensions?.code, e.extensions?.argument])).toEqual([['BAD_USER_INPUT', 'number']]);
    }
    expect(stack.calls()).toEqual(['list']);
  });
});

describe('first on prefixes and acquirable numbers', () => {
  it('returns at most first prefixes in description order, and at most first acquirable numbers', async () => {
    const prefixes = await upstreamGet<Array<{ prefix: string; description: string }>>(stack.simulator, 'available_prefixes');
    const pool = await upstreamGet<string[]>(stack.simulator, 'acquirable_numbers?prefix=01224');
    stack.resetCalls();
    const sorted = prefixes.map((p) => p.description).sort((a, b) => a.localeCompare(b, 'en-GB'));
    const { body } = await stack.gql('{ availablePrefixes(first: 3) { description } acquirableNumbers(prefix: "01224", first: 2) }');
    expect(body).toEqual({ data: { availablePrefixes: sorted.slice(0, 3).map((description) => ({ description })), acquirableNumbers: pool.slice(0, 2) } });
    for (const query of [
      '{ availablePrefixes(first: 0) { prefix } }',
      '{ availablePrefixes(first: 501) { prefix } }',
      '{ acquirableNumbers(prefix: "01224", first: 101) }',
    ]) {
      const refused = await stack.gql(query);
      expect(refused.body.errors?.map((e) => [e.extensions?.code, e.extensions?.argument])).toEqual([['BAD_USER_INPUT', 'first']]);
    }
  });
});
