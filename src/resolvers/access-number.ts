import type { AccessNumberResolvers, QueryResolvers } from '../generated/graphql.js';
import { requireDialNumber } from './validation.js';

// Resolvers of schema/access-number.graphql.

export const AccessNumber: AccessNumberResolvers = {
  code: (a) => a.number,
  takesNumber: (a) => a.number.includes('{number}'),
  dialString: (a, args) => a.number.replaceAll('{number}', requireDialNumber(args.number)),
};

export const accessNumberQueries: Pick<QueryResolvers, 'accessNumbers'> = {
  accessNumbers: (_root, _args, { loaders }) => loaders.accessNumbers.get(),
};
