import type { CursorSealer } from '../cursors/sealer.js';
import type { NumberOrder } from '../generated/graphql.js';
import type { NumberFilter } from './number-filter.js';
import { isKeyOf, type Position } from './number-order.js';
import { badInput } from './validation.js';

// Cursors of `numbers` (version 3): a position (sort value and id) sealed to the caller's
// credential and to the ordering and filters it was made for (cursors/sealer.ts). A cursor from
// another credential, another `orderBy` or other filters, or altered on the way, does not open:
// it is refused before any upstream call instead of starting a page at the wrong place.
//
// Version 1 (`number:<id>`) and version 2 (`["n2", value, id, digest]`) cursors are refused
// with a message telling the client to page again from the start: they named positions in
// readable form and bound to no credential, which is what version 3 closes (docs/api-data.md).

const VERSION = 3;
const MAX_CURSOR_LENGTH = 256;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** What versions 1 and 2 of the gateway sent, decoded. */
const OUTDATED = /^(number:\d|\["n2",)/;

/** The ordering and filters a cursor belongs to, in one canonical string. */
export type CursorBinding = string & { readonly __brand: 'CursorBinding' };

/**
 * Every filter is part of the binding, by name in name order: a filter added to NumberFilter
 * binds cursors without being listed here (a cursor can never outlive a change of filter).
 */
export function bindingOf(order: NumberOrder, filter: NumberFilter): CursorBinding {
  const filters = Object.entries(filter).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([VERSION, order.field, order.direction, filters]) as CursorBinding;
}

export function encodeCursor(sealer: CursorSealer, binding: CursorBinding, position: Position): string {
  const sealed = sealer.seal(binding, Buffer.from(JSON.stringify([position.key, position.id])));
  return Buffer.concat([Buffer.of(VERSION), sealed]).toString('base64url');
}

function parse(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The position a cursor names, for the credential, ordering and filters it is used with. A
 * cursor that is not one this credential received for them is `BAD_USER_INPUT`.
 */
export function decodeCursor(cursor: string, argument: 'after' | 'before', order: NumberOrder, binding: CursorBinding, sealer: CursorSealer): Position {
  const refuse = () =>
    badInput(`${argument} is not a cursor of this connection: pass a cursor your credential received from a page with the same orderBy and filters.`, argument);
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw refuse();
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes[0] !== VERSION) {
    if (OUTDATED.test(bytes.toString('latin1'))) {
      throw badInput(
        `${argument} is a cursor of an earlier version of this API, which are no longer read: request the first page again (without after or before) and page on with its cursors.`,
        argument,
      );
    }
    throw refuse();
  }
  const plaintext = sealer.open(binding, bytes.subarray(1));
  const payload = plaintext === undefined ? undefined : parse(plaintext);
  if (!Array.isArray(payload) || payload.length !== 2) throw refuse();
  const [key, id] = payload as unknown[];
  if (!isKeyOf(order.field, key) || typeof id !== 'number' || !Number.isSafeInteger(id)) throw refuse();
  return { key, id };
}
