import type { AccessNumberResolvers, PrefixResolvers, QueryResolvers } from '../generated/graphql.js';
import { badInput, requireDialDigits, requirePrefix, requireRange, requireSearch } from './validation.js';

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

export const AccessNumber: AccessNumberResolvers = {
  code: (a) => a.number,
  takesNumber: (a) => a.number.includes('{number}'),
  dialString: (a, args) => a.number.replaceAll('{number}', requireDialDigits(args.number)),
};

export const referenceQueries: Pick<QueryResolvers, 'availablePrefixes' | 'acquirableNumbers' | 'accessNumbers'> = {
  availablePrefixes: async (_root, args, { loaders }) => {
    const search = args.search == null ? '' : requireSearch(args.search).toLowerCase();
    const all = await loaders.prefixes.get();
    const found = search
      ? all.filter((p) => p.prefix.startsWith(search) || areaNameOf(p.description).toLowerCase().includes(search))
      : [...all];
    return found.sort((a, b) => a.description.localeCompare(b.description, 'en-GB'));
  },
  acquirableNumbers: (_root, args, { loaders }) => {
    const prefix = requirePrefix(args.prefix);
    if (!loaders.admitPrefix(prefix)) throw badInput('Too many distinct prefixes in one operation.', 'prefix');
    return loaders.acquirableByPrefix.load(prefix);
  },
  accessNumbers: (_root, _args, { loaders }) => loaders.accessNumbers.get(),
};
