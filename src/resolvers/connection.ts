import type { CursorSealer } from '../cursors/sealer.js';
import type { QueryNumbersArgs } from '../generated/graphql.js';
import type { NumberDto } from '../upstream/types.js';
import { bindingOf, decodeCursor, encodeCursor } from './cursor.js';
import { checkFilter, matchesFilter } from './number-filter.js';
import { comparePositions, DEFAULT_ORDER, ordered, type Position } from './number-order.js';
import type { NumberConnectionModel } from './models.js';
import { badInput, requireRange } from './validation.js';

// Relay paging of `numbers` over the unit's whole list (REST v2 has no paging, ordering or
// filtering of its own, so one `numbers/list` call serves any page): filter, order, cut the
// range between `after` and `before`, then take `first` from its start or `last` from its end.
// Because the whole list is known, `hasPreviousPage` and `hasNextPage` are exact both ways.
// `first: 0` or `last: 0` asks for `totalCount` and `pageInfo` alone (a count badge): the same
// one list call, no nodes.

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

/** Where the page sits in the range: `first` items from its start or `last` from its end. */
type Take = { from: 'start' | 'end'; count: number };

function checkTake(args: Pick<QueryNumbersArgs, 'first' | 'last'>): Take {
  if (args.first != null && args.last != null) throw badInput('Give first or last, not both.', 'last');
  if (args.last != null) return { from: 'end', count: requireRange(args.last, 0, PAGE_SIZE_MAX, 'last') };
  return { from: 'start', count: requireRange(args.first ?? PAGE_SIZE_DEFAULT, 0, PAGE_SIZE_MAX, 'first') };
}

/** A checked request for one page, made before any upstream call so bad arguments cost none. */
export interface PageRequest {
  paginate(all: readonly NumberDto[]): NumberConnectionModel;
}

/**
 * Checks every argument of `numbers`; throws `BAD_USER_INPUT` for the first bad one. Cursors
 * are opened and made with `sealer`, the caller's credential's (cursors/sealer.ts).
 */
export function pageRequest(args: QueryNumbersArgs, sealer: CursorSealer): PageRequest {
  const take = checkTake(args);
  const order = args.orderBy ?? DEFAULT_ORDER;
  const filter = checkFilter(args);
  const binding = bindingOf(order, filter);
  const after = args.after == null ? undefined : decodeCursor(args.after, 'after', order, binding, sealer);
  const before = args.before == null ? undefined : decodeCursor(args.before, 'before', order, binding, sealer);

  return {
    paginate(all) {
      const list = ordered(
        all.filter((n) => matchesFilter(n, filter)),
        order,
      );
      const indexOf = (position: Position, inclusive: boolean) => {
        const index = list.findIndex((item) => {
          const c = comparePositions(order, item.position, position);
          return inclusive ? c >= 0 : c > 0;
        });
        return index === -1 ? list.length : index;
      };
      const start = after === undefined ? 0 : indexOf(after, false);
      const end = Math.max(start, before === undefined ? list.length : indexOf(before, true));
      const pageStart = take.from === 'start' ? start : Math.max(start, end - take.count);
      const pageEnd = take.from === 'start' ? Math.min(end, start + take.count) : end;
      return {
        totalCount: list.length,
        // Sealed when asked for: a page of 100 whose client selects `nodes` only seals none.
        edges: list.slice(pageStart, pageEnd).map(({ node, position }) => {
          let cursor: string | undefined;
          return { node, cursor: () => (cursor ??= encodeCursor(sealer, binding, position)) };
        }),
        hasPreviousPage: pageStart > 0,
        hasNextPage: pageEnd < list.length,
      };
    },
  };
}
