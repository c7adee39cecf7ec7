import type { UpstreamNumber } from './stack.js';

/**
 * The GraphQL shape of an upstream number, written out by hand from the schema's descriptions,
 * so tests state the mapping independently of the resolvers.
 */
export function expectedNumber(n: UpstreamNumber) {
  const s = n.aquisition.subscriber;
  const subscriber = {
    firstName: s.first_name,
    name: s.name,
    address1: s.address1,
    address2: s.address2,
    address3: s.address3,
    address4: s.address4,
    postcode: s.postcode,
    pushedAt: s.pushed_at,
    status: s.status.toUpperCase(),
  };
  return {
    id: String(n.id),
    number: n.number,
    e164: `+44${n.number.slice(1)}`,
    context: n.context.toUpperCase(),
    createdAt: n.created_at,
    updatedAt: n.updated_at,
    recordingEnabled: n.recording_enabled,
    callerIdPrefix: n.caller_id_prefix === '' ? null : n.caller_id_prefix,
    callerIdPassthrough: n.callerid_passthrough,
    forwardSipTo: n.forward_sip_to,
    acquisition: { acquiredAt: n.aquisition.acquired_at, subscriber },
    subscriber,
    destination: n.destination && { type: n.destination.type, id: String(n.destination.object.id), name: n.destination.object.name },
  };
}

/** Selects every scalar field `expectedNumber` describes. */
export const NUMBER_FIELDS = `
  id number e164 context createdAt updatedAt recordingEnabled callerIdPrefix callerIdPassthrough forwardSipTo
  acquisition { acquiredAt subscriber { ...SubscriberFields } }
  subscriber { ...SubscriberFields }
  destination { type id name }
`;

export const SUBSCRIBER_FRAGMENT = `
  fragment SubscriberFields on Subscriber { firstName name address1 address2 address3 address4 postcode pushedAt status }
`;
