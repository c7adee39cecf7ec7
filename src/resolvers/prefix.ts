// Resolvers of schema/prefix.graphql.

import type { Maybe, PrefixResolvers, QueryResolvers } from '../generated/graphql.js';
import type { GatewayContext } from '../request/context.js';
import { PAGE_SIZE_MAX } from './connection.js';
import { badInput, requirePrefix, requireRange, requireSearch } from './validation.js';

/** `"Aberdeen (01224)"` → `"Aberdeen"`. */
export function areaNameOf(description: string): string {
  return description.replace(/\s*\(\d+\)\s*$/, '');
}

/**
 * The first `first` numbers of a prefix's pool. `refused`: what to say, and about which
 * argument, when the operation has already loaded the pools of as many prefixes as it may.
 */
async function acquirable(
  { loaders }: GatewayContext,
  prefix: string,
  first: Maybe<number> | undefined,
  refused: { message: string; argument: string },
): Promise<readonly string[]> {
  const count = first == null ? undefined : requireRange(first, 1, PAGE_SIZE_MAX, 'first');
  if (!loaders.admitPrefix(prefix)) throw badInput(refused.message, refused.argument);
  const numbers = await loaders.acquirableByPrefix.load(prefix);
  return count === undefined ? numbers : numbers.slice(0, count);
}

export const Prefix: PrefixResolvers = {
  areaName: (p) => areaNameOf(p.description),
  acquirableNumbers: (p, args, ctx) =>
    acquirable(ctx, p.prefix, args.first, {
      message: 'acquirableNumbers is loaded for a limited number of prefixes per operation; narrow availablePrefixes(search:).',
      argument: 'first',
    }),
};

export const prefixQueries: Pick<QueryResolvers, 'availablePrefixes' | 'acquirableNumbers'> = {
  availablePrefixes: async (_root, args, { loaders }) => {
    const search = args.search == null ? '' : requireSearch(args.search).toLowerCase();
    const first = args.first == null ? undefined : requireRange(args.first, 1, 500, 'first');
    const all = await loaders.prefixes.get();
    // `toSorted`, not `sort`: the list is the tenant's cached value, shared with other requests.
    const found = search ? all.filter((p) => p.prefix.startsWith(search) || areaNameOf(p.description).toLowerCase().includes(search)) : all;
    const sorted = found.toSorted((a, b) => a.description.localeCompare(b.description, 'en-GB'));
    return first === undefined ? sorted : sorted.slice(0, first);
  },
  acquirableNumbers: (_root, args, ctx) =>
    acquirable(ctx, requirePrefix(args.prefix), args.first, { message: 'Too many distinct prefixes in one operation.', argument: 'prefix' }),
};
