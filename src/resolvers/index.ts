import type { NumberContextResolvers, Resolvers } from '../generated/graphql.js';
import { mutations } from './mutations.js';
import { Acquisition, Destination, NumberConnection, NumberEdge, Subscriber } from './number-parts.js';
import { NumberType, numberQueries } from './number.js';
import { AccessNumber, Prefix, referenceQueries } from './prefix.js';
import { DateTime } from './scalars.js';

/** GraphQL enum values → the upstream's strings, so resolvers and DTOs share one vocabulary. */
const NumberContext: NumberContextResolvers = { INCOMING: 'incoming', UTILITY: 'utility' };

export const resolvers: Resolvers = {
  DateTime,
  NumberContext,
  Query: { ...numberQueries, ...referenceQueries },
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
