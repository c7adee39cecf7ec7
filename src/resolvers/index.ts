import type { NumberContextResolvers, Resolvers } from '../generated/graphql.js';
import { mutations } from './mutations.js';
import { AccessNumber, accessNumberQueries } from './access-number.js';
import { Acquisition, Destination, NumberConnection, NumberEdge, NumberType, numberQueries, Subscriber } from './number.js';
import { Prefix, prefixQueries } from './prefix.js';
import { DateTime } from './scalars.js';

/** GraphQL enum values → the upstream's strings, so resolvers and DTOs share one vocabulary. */
const NumberContext: NumberContextResolvers = { INCOMING: 'incoming', UTILITY: 'utility' };

export const resolvers: Resolvers = {
  DateTime,
  NumberContext,
  Query: { ...numberQueries, ...prefixQueries, ...accessNumberQueries },
  Mutation: mutations,
  Number: NumberType,
  Acquisition,
  Subscriber,
  Destination,
  NumberConnection,
  NumberEdge,
  Prefix,
  AccessNumber,
};
