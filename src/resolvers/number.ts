import type {
  AcquisitionResolvers,
  DestinationResolvers,
  NumberConnectionResolvers,
  NumberEdgeResolvers,
  NumberResolvers,
  QueryResolvers,
  SubscriberResolvers,
} from '../generated/graphql.js';
import { pageRequest } from './connection.js';
import { kindOf } from './destination-kind.js';
import { mappedStatus } from './subscriber-status.js';
import { requireId, requireUkNumber } from './validation.js';

// Resolvers of schema/number.graphql's types and queries; its mutations are in mutations.ts.

/** `03301222970` → `+443301222970`; numbers already international keep their digits. */
export function toE164(national: string): string {
  if (national.startsWith('0')) return `+44${national.slice(1)}`;
  return national.startsWith('+') ? national : `+${national}`;
}

export const NumberType: NumberResolvers = {
  id: (n) => String(n.id),
  e164: (n) => toE164(n.number),
  createdAt: (n) => n.created_at,
  updatedAt: (n) => n.updated_at,
  recordingEnabled: (n) => n.recording_enabled,
  callerIdPrefix: (n) => n.caller_id_prefix || null,
  callerIdPassthrough: (n) => n.callerid_passthrough,
  forwardSipTo: (n) => n.forward_sip_to ?? null,
  acquisition: (n) => n.aquisition ?? null,
  subscriber: (n) => n.aquisition?.subscriber ?? null,
  destination: (n) => n.destination ?? null,
  prefix: (n, _args, { loaders }) => loaders.prefixOf(n.number),
};

export const numberQueries: Pick<QueryResolvers, 'numbers' | 'number' | 'numberByNumber'> = {
  numbers: async (_root, args, { loaders, cursors }) => {
    const request = pageRequest(args, cursors);
    return request.paginate(await loaders.numberList.get());
  },
  number: (_root, args, { loaders }) => loaders.numberById.load(requireId(args.id)),
  // REST v2 looks numbers up by id only; the list is the one call that can find digits.
  numberByNumber: async (_root, args, { loaders }) => {
    const national = requireUkNumber(args.number);
    return (await loaders.numberList.get()).find((n) => n.number === national) ?? null;
  },
};

export const Acquisition: AcquisitionResolvers = {
  acquiredAt: (a) => a.acquired_at ?? null,
  subscriber: (a) => a.subscriber ?? null,
};

export const Subscriber: SubscriberResolvers = {
  firstName: (s) => s.first_name ?? null,
  pushedAt: (s) => s.pushed_at ?? null,
  status: (s, _args, ctx) => {
    const status = mappedStatus(s.status);
    if (status) return status;
    // A new upstream state must not break clients: it reads as UNKNOWN until we map it. Logged
    // once per gateway and value, not once per number of every page.
    ctx.warnOnce(`subscriber-status:${s.status}`, { upstreamStatus: s.status.slice(0, 50) }, 'unmapped subscriber status');
    return 'UNKNOWN';
  },
};

export const Destination: DestinationResolvers = {
  // A kind the upstream added after this gateway reads as UNKNOWN (its name stays in the
  // deprecated `type`), so a new upstream kind never fails a client's query.
  kind: (d) => kindOf(d.type),
  id: (d) => String(d.object.id),
  name: (d) => d.object.name ?? null,
};

export const NumberConnection: NumberConnectionResolvers = {
  nodes: (c) => c.edges.map((e) => e.node),
  pageInfo: (c) => ({
    hasNextPage: c.hasNextPage,
    hasPreviousPage: c.hasPreviousPage,
    startCursor: c.edges[0]?.cursor() ?? null,
    endCursor: c.edges.at(-1)?.cursor() ?? null,
  }),
};

export const NumberEdge: NumberEdgeResolvers = {
  cursor: (e) => e.cursor(),
};
