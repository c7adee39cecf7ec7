import type { NumberResolvers, QueryResolvers } from '../generated/graphql.js';
import { decodeCursor, paginate } from './connection.js';
import { requireId, requireRange, requireSearch } from './validation.js';

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

export const numberQueries: Pick<QueryResolvers, 'numbers' | 'number'> = {
  numbers: async (_root, args, { loaders }) => {
    const first = requireRange(args.first ?? 20, 1, 100, 'first');
    const search = args.search == null ? null : requireSearch(args.search);
    const afterId = args.after == null ? undefined : decodeCursor(args.after);
    return paginate(await loaders.numberList.get(), { first, afterId, context: args.context, search });
  },
  number: (_root, args, { loaders }) => loaders.numberById.load(requireId(args.id)),
};
