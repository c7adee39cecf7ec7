import { describe, expect, it } from '@jest/globals';
import type { QueryNumbersArgs } from '../../src/generated/graphql.js';
import { createCursorSealer } from '../../src/cursors/sealer.js';
import { pageRequest as pageRequestOf } from '../../src/resolvers/connection.js';
import type { NumberDto } from '../../src/upstream/types.js';
import { numberDto } from '../helpers/fake-api.js';

/** Paging over ties and malformed upstream values, which the simulator's seed data does not have. */

const SAME = '2020-01-01T00:00:00.000Z';
const numbers: NumberDto[] = [
  { ...numberDto(5), updated_at: SAME },
  { ...numberDto(1), updated_at: '2021-01-01T00:00:00.000Z' },
  { ...numberDto(3), updated_at: SAME },
  { ...numberDto(4), updated_at: 'not a date' },
  { ...numberDto(2), updated_at: SAME },
];

const sealer = createCursorSealer('Bearer unit-test-token');
const pageRequest = (args: QueryNumbersArgs) => pageRequestOf(args, sealer);

function walk(args: QueryNumbersArgs, size: number): number[][] {
  const pages: number[][] = [];
  let after: string | null = null;
  for (let i = 0; i < numbers.length; i += 1) {
    const page = pageRequest({ ...args, first: size, after }).paginate(numbers);
    pages.push(page.edges.map((e) => e.node.id));
    if (!page.hasNextPage) break;
    after = page.edges.at(-1)!.cursor();
  }
  return pages;
}

describe('numbers paging over ties', () => {
  it('orders equal values by id in the same direction, so DESC is ASC reversed, across page boundaries', () => {
    const asc = walk({ orderBy: { field: 'UPDATED_AT', direction: 'ASC' } }, 2);
    const desc = walk({ orderBy: { field: 'UPDATED_AT', direction: 'DESC' } }, 2);
    // An unparsable timestamp sorts before every real one instead of breaking the order.
    expect(asc).toEqual([[4, 2], [3, 5], [1]]);
    expect(desc).toEqual([[1, 5], [3, 2], [4]]);
  });

  it('pages backwards through ties with last/before to the same items', () => {
    const orderBy = { field: 'UPDATED_AT', direction: 'ASC' } as const;
    const all = pageRequest({ orderBy, first: 5 }).paginate(numbers);
    const before = all.edges[3]!.cursor();
    const page = pageRequest({ orderBy, last: 2, before }).paginate(numbers);
    expect(page.edges.map((e) => e.node.id)).toEqual([2, 3]);
    expect([page.hasPreviousPage, page.hasNextPage]).toEqual([true, true]);
  });

  it('does not sort the list it was given, which other fields of the request share', () => {
    const before = numbers.map((n) => n.id);
    pageRequest({ orderBy: { field: 'NUMBER', direction: 'DESC' } }).paginate(numbers);
    expect(numbers.map((n) => n.id)).toEqual(before);
  });
});
