import type { NumberDto } from '../upstream/types.js';
import type { NumberConnectionModel } from './models.js';
import { badInput } from './validation.js';

export interface PageArgs {
  first: number;
  /** Id decoded from the `after` cursor. */
  afterId: number | undefined;
  context: NumberDto['context'] | null | undefined;
  search: string | null | undefined;
}

/**
 * Cursors are opaque to clients but encode the number's id: the list is ordered by id, so a
 * cursor stays valid when the number it points at is deleted (the page continues after it).
 */
export function encodeCursor(id: number | string): string {
  return Buffer.from(`number:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const match = /^number:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (cursor.length > 64 || !match?.[1]) throw badInput('after is not a cursor of this connection.', 'after');
  return Number(match[1]);
}

function matches(n: NumberDto, needle: string, digits: string): boolean {
  if (digits && (n.number.includes(digits) || `44${n.number.slice(1)}`.includes(digits))) return true;
  const subscriber = n.aquisition?.subscriber;
  const haystack = [n.destination?.object.name, subscriber?.name, subscriber?.first_name];
  return haystack.some((text) => typeof text === 'string' && text.toLowerCase().includes(needle));
}

/** Filters by context and search, then cuts the page after the cursor. */
export function paginate(all: readonly NumberDto[], args: PageArgs): NumberConnectionModel {
  const needle = args.search?.toLowerCase() ?? '';
  const digits = needle.replace(/[\s+()-]/g, '');
  const searchDigits = /^\d+$/.test(digits) ? digits : '';
  const filtered = all
    .filter((n) => !args.context || n.context === args.context)
    .filter((n) => !needle || matches(n, needle, searchDigits))
    .sort((a, b) => Number(a.id) - Number(b.id));
  const start = args.afterId === undefined ? 0 : firstIndexAfter(filtered, args.afterId);
  const page = filtered.slice(start, start + args.first);
  return {
    totalCount: filtered.length,
    edges: page.map((node) => ({ cursor: encodeCursor(node.id), node })),
    hasNextPage: start + page.length < filtered.length,
    hasPreviousPage: start > 0,
  };
}

function firstIndexAfter(sorted: readonly NumberDto[], afterId: number): number {
  const index = sorted.findIndex((n) => Number(n.id) > afterId);
  return index === -1 ? sorted.length : index;
}
