import type { PrefixResolvers, QueryResolvers } from '../generated/graphql.js';
import { badInput, requirePrefix, requireRange, requireSearch } from './validation.js';

/** Resolvers of schema/prefix.graphql. */

/** `"Aberdeen (01224)"` → `"Aberdeen"`. */
export function areaNameOf(description: string): string {
  return description.replace(/\s*\(\d+\)\s*$/, '');
}

export const Prefix: PrefixResolvers = {
  areaName: (p) => areaNameOf(p.description),
  acquirableNumbers: async (p, args, { loaders }) => {
    const first = args.first == null ? undefined : requireRange(args.first, 1, 100, 'first');
    if (!loaders.admitPrefix(p.prefix)) {
      throw badInput('acquirableNumbers is loaded for a limited number of prefixes per operation; narrow availablePrefixes(search:).', 'first');
    }
    const numbers = await loaders.acquirableByPrefix.load(p.prefix);
    return first === undefined ? numbers : numbers.slice(0, first);
  },
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
  acquirableNumbers: async (_root, args, { loaders }) => {
    const prefix = requirePrefix(args.prefix);
    const first = args.first == null ? undefined : requireRange(args.first, 1, 100, 'first');
    if (!loaders.admitPrefix(prefix)) throw badInput('Too many distinct prefixes in one operation.', 'prefix');
    const numbers = await loaders.acquirableByPrefix.load(prefix);
    return first === undefined ? numbers : numbers.slice(0, first);
  },
};
