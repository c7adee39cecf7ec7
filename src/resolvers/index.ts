import type { NumberContextResolvers, Resolvers } from '../generated/graphql.js';
import { mutations } from './mutations.js';
import { AccessNumber, accessNumberQueries } from './access-number.js';
import { Acquisition, Destination, NumberConnection, NumberEdge, NumberType, numberQueries, Subscriber } from './number.js';
import { Node, nodeQueries } from './node.js';
import { Prefix, prefixQueries } from './prefix.js';
import { DateTime } from './scalars.js';

/** GraphQL enum values → the upstream's strings, so resolvers and DTOs share one vocabulary. */
const NumberContext: NumberContextResolvers = { INCOMING: 'incoming', UTILITY: 'utility' };

export const resolvers: Resolvers = {
  DateTime,
  NumberContext,
  Query: { ...numberQueries, ...nodeQueries, ...prefixQueries, ...accessNumberQueries },
  Mutation: mutations,
  Node,
  Number: NumberType,
  Acquisition,
  Subscriber,
  Destination,
  NumberConnection,
  NumberEdge,
  Prefix,
  AccessNumber,
};
