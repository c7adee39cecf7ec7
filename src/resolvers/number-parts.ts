import type {
  AcquisitionResolvers,
  DestinationResolvers,
  NumberConnectionResolvers,
  NumberEdgeResolvers,
  SubscriberResolvers,
  SubscriberStatus,
} from '../generated/graphql.js';

const STATUS: Record<string, SubscriberStatus> = {
  unknown: 'UNKNOWN',
  validation_pending: 'VALIDATION_PENDING',
  validated: 'VALIDATED',
  rejected: 'REJECTED',
};

const unmappedSeen = new Set<string>();

export const Acquisition: AcquisitionResolvers = {
  acquiredAt: (a) => a.acquired_at ?? null,
  subscriber: (a) => a.subscriber ?? null,
};

export const Subscriber: SubscriberResolvers = {
  firstName: (s) => s.first_name ?? null,
  pushedAt: (s) => s.pushed_at ?? null,
  status: (s, _args, { logger }) => {
    const status = STATUS[s.status];
    if (status) return status;
    // A new upstream state must not break clients: it reads as UNKNOWN until we map it. Logged
    // once per process and value, not once per number of every page.
    if (!unmappedSeen.has(s.status) && unmappedSeen.size < 100) {
      unmappedSeen.add(s.status);
      logger.warn({ upstreamStatus: s.status.slice(0, 50) }, 'unmapped subscriber status');
    }
    return 'UNKNOWN';
  },
};

export const Destination: DestinationResolvers = {
  id: (d) => String(d.object.id),
  name: (d) => d.object.name ?? null,
};

export const NumberConnection: NumberConnectionResolvers = {
  nodes: (c) => c.edges.map((e) => e.node),
  pageInfo: (c) => ({
    hasNextPage: c.hasNextPage,
    hasPreviousPage: c.hasPreviousPage,
    startCursor: c.edges[0]?.cursor ?? null,
    endCursor: c.edges.at(-1)?.cursor ?? null,
  }),
};

export const NumberEdge: NumberEdgeResolvers = {};
