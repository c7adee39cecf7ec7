import type { SubscriberStatus } from '../generated/graphql.js';

/**
 * The upstream's subscriber states and the schema's. One table, read by the `Subscriber.status`
 * field and by the `subscriberStatus` filter, so a filter matches exactly what the field shows.
 */
const STATUS: Readonly<Record<string, SubscriberStatus>> = {
  unknown: 'UNKNOWN',
  validation_pending: 'VALIDATION_PENDING',
  validated: 'VALIDATED',
  rejected: 'REJECTED',
};

/** The schema's status of an upstream one; `undefined` for a state this gateway does not know. */
export function mappedStatus(upstream: string): SubscriberStatus | undefined {
  return Object.hasOwn(STATUS, upstream) ? STATUS[upstream] : undefined;
}

/** What clients see: a state the gateway does not know yet reads as `UNKNOWN`. */
export function statusOf(upstream: string): SubscriberStatus {
  return mappedStatus(upstream) ?? 'UNKNOWN';
}
