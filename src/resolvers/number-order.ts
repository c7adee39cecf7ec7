import type { NumberOrder } from '../generated/graphql.js';
import type { NumberDto } from '../upstream/types.js';

// Orderings of `numbers`. Every ordering is total: equal values are ordered by id in the same
// direction, so DESC is exactly ASC reversed and a position (value, id) names one place in the
// list even after the number at it is deleted or changed.

export const DEFAULT_ORDER: NumberOrder = { field: 'ID', direction: 'ASC' };

/** Timestamps compare as instants (milliseconds); the number as text; the id as a number. */
export type SortKey = number | string;

/** Where a number sits in an ordering; a cursor carries one. */
export interface Position {
  key: SortKey;
  id: number;
}

/** An upstream timestamp that does not parse sorts before every real one instead of breaking the sort. */
function instant(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.MIN_SAFE_INTEGER : ms;
}

export function positionOf(n: NumberDto, field: NumberOrder['field']): Position {
  const id = Number(n.id);
  switch (field) {
    case 'ID':
      return { key: id, id };
    case 'NUMBER':
      return { key: n.number, id };
    case 'CREATED_AT':
      return { key: instant(n.created_at), id };
    case 'UPDATED_AT':
      return { key: instant(n.updated_at), id };
  }
}

/** Whether a key has the type its field's keys have (a decoded cursor is checked with it). */
export function isKeyOf(field: NumberOrder['field'], key: unknown): key is SortKey {
  return field === 'NUMBER' ? typeof key === 'string' : typeof key === 'number' && Number.isSafeInteger(key);
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Negative when `a` comes first in `order`, positive when `b` does, 0 for the same place. */
export function comparePositions(order: NumberOrder, a: Position, b: Position): number {
  const ascending = compareKeys(a.key, b.key) || a.id - b.id;
  return order.direction === 'ASC' ? ascending : -ascending;
}

/** A new array in `order`; the unit's list itself is shared by the request's fields and stays as it is. */
export function ordered(numbers: readonly NumberDto[], order: NumberOrder): Array<{ node: NumberDto; position: Position }> {
  return numbers.map((node) => ({ node, position: positionOf(node, order.field) })).sort((a, b) => comparePositions(order, a.position, b.position));
}
