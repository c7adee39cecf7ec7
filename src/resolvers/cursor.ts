import { createHash } from 'node:crypto';
import type { NumberOrder } from '../generated/graphql.js';
import type { NumberFilter } from './number-filter.js';
import { isKeyOf, type Position } from './number-order.js';
import { badInput } from './validation.js';

// Cursors of `numbers`: opaque to clients, a position (sort value and id) inside. Each one is
// sealed with a digest of the ordering and filters it was made for, so a cursor passed with
// another `orderBy` or other filters, or altered on the way, is refused instead of silently
// starting a page at the wrong place. The digest is a check, not a secret: a cursor forged with
// it can only name a position in the caller's own unit, which any page already shows.

const VERSION = 'n2';
const MAX_CURSOR_LENGTH = 256;
/** What version 1 of the gateway sent: `number:<id>`, ordered by id, with no binding. */
const LEGACY = /^number:(\d{1,18})$/;

/** The ordering and filters a cursor belongs to, in one canonical string. */
export type CursorBinding = string & { readonly __brand: 'CursorBinding' };

export function bindingOf(order: NumberOrder, filter: NumberFilter): CursorBinding {
  const f = filter;
  const binding: unknown[] = [order.field, order.direction, f.context, f.search, f.subscriberStatus, f.recordingEnabled, f.destinationType, f.prefix];
  // Appended only when given, so the cursors issued before the filter existed stay valid.
  if (f.destinationKind !== null) binding.push(f.destinationKind);
  return JSON.stringify(binding) as CursorBinding;
}

function seal(binding: CursorBinding, key: unknown, id: unknown): string {
  return createHash('sha256').update(binding).update('\n').update(JSON.stringify([key, id])).digest('base64url').slice(0, 16);
}

export function encodeCursor(binding: CursorBinding, position: Position): string {
  const payload = [VERSION, position.key, position.id, seal(binding, position.key, position.id)];
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The position a cursor names, for the ordering and filters it is used with. A cursor that is
 * not one of ours, or belongs to another ordering or other filters, is `BAD_USER_INPUT`.
 */
export function decodeCursor(cursor: string, argument: 'after' | 'before', order: NumberOrder, binding: CursorBinding): Position {
  const refuse = () =>
    badInput(`${argument} is not a cursor of this connection: pass a cursor from a page with the same orderBy and filters.`, argument);
  if (cursor.length > MAX_CURSOR_LENGTH) throw refuse();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const legacy = LEGACY.exec(text);
  if (legacy?.[1]) {
    // Clients paging through a rolling deploy still hold version 1 cursors; they meant id order.
    if (order.field !== 'ID' || order.direction !== 'ASC') throw refuse();
    const id = Number(legacy[1]);
    return { key: id, id };
  }
  const payload = parse(text);
  if (!Array.isArray(payload) || payload.length !== 4) throw refuse();
  const [version, key, id, digest] = payload as unknown[];
  if (version !== VERSION || !isKeyOf(order.field, key) || typeof id !== 'number' || !Number.isSafeInteger(id)) throw refuse();
  if (digest !== seal(binding, key, id)) throw refuse();
  return { key, id };
}
