// The REST v2 number DTO exactly as the docs show it. Key order matters: records are built in
// this order so JSON.stringify reproduces the documented field order.

export type NumberContext = 'incoming' | 'utility';
export type SubscriberStatus = 'unknown' | 'validation_pending' | 'validated' | 'rejected';

export interface Subscriber {
  first_name: string | null;
  name: string | null;
  address1: string | null;
  address2: string | null;
  address3: string | null;
  address4: string | null;
  postcode: string | null;
  pushed_at: string | null;
  status: SubscriberStatus;
}

export interface Aquisition {
  acquired_at: string | null;
  subscriber: Subscriber;
}

export interface DestinationObject {
  id: number;
  name: string;
}

export interface Destination {
  type: string;
  object: DestinationObject;
}

export interface NumberRecord {
  id: number;
  number: string;
  context: NumberContext;
  created_at: string;
  updated_at: string;
  recording_enabled: boolean;
  caller_id_prefix: string | null;
  callerid_passthrough: boolean;
  forward_sip_to: string | null;
  aquisition: Aquisition;
  destination: Destination | null;
}

export interface Prefix {
  description: string;
  prefix: string;
}

export interface AccessNumber {
  number: string;
  description: string;
}

export const SUBSCRIBER_FIELDS = ['first_name', 'name', 'address1', 'address2', 'address3', 'address4', 'postcode'] as const;

export type SubscriberField = (typeof SUBSCRIBER_FIELDS)[number];

export function emptySubscriber(): Subscriber {
  return {
    first_name: null,
    name: null,
    address1: null,
    address2: null,
    address3: null,
    address4: null,
    postcode: null,
    pushed_at: null,
    status: 'unknown',
  };
}
