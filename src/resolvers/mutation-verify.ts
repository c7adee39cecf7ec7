import type { NumberDto, NumbersApi, SaveNumberParams, SubscriberParams } from '../upstream/types.js';

/**
 * After a write whose answer was lost (timeout, reset, 5xx), the gateway reads the upstream
 * state instead of guessing: `applied` with the number as it now is, or `not-applied` (safe to
 * retry). The check is a fresh read, never a value this request loaded before the write.
 */
export type Verdict<T> = { applied: true; value: T } | { applied: false };

const NOT_APPLIED = { applied: false } as const;

function same(actual: unknown, sent: unknown): boolean {
  const norm = (v: unknown) => (v === '' || v === undefined ? null : v);
  return norm(actual) === norm(sent);
}

/** Creating and acquiring both add a number: applied when the unit now lists it. */
export async function verifyListed(api: NumbersApi, number: string | undefined): Promise<Verdict<NumberDto>> {
  const found = (await api.list()).find((n) => n.number === number);
  return found ? { applied: true, value: found } : NOT_APPLIED;
}

export async function verifyUpdate(api: NumbersApi, params: SaveNumberParams): Promise<Verdict<NumberDto>> {
  const n = params.id === undefined ? null : await api.info(params.id);
  if (!n) return NOT_APPLIED;
  const checks = [
    params.destination === undefined ||
      (params.destination === null
        ? !n.destination
        : n.destination?.type === params.destination.type && String(n.destination.object.id) === params.destination.id),
    params.caller_id_prefix === undefined || same(n.caller_id_prefix, params.caller_id_prefix),
    params.recording_enabled === undefined || n.recording_enabled === params.recording_enabled,
    params.callerid_passthrough === undefined || n.callerid_passthrough === params.callerid_passthrough,
  ];
  return checks.every(Boolean) ? { applied: true, value: n } : NOT_APPLIED;
}

export async function verifySubscriber(api: NumbersApi, params: SubscriberParams): Promise<Verdict<NumberDto>> {
  const n = await api.info(params.id);
  const subscriber = n?.aquisition?.subscriber;
  if (!n || !subscriber || subscriber.status !== 'validation_pending') return NOT_APPLIED;
  const sent = Object.entries(params).filter(([key]) => key !== 'id') as Array<[keyof typeof subscriber, unknown]>;
  return sent.every(([key, value]) => same(subscriber[key], value)) ? { applied: true, value: n } : NOT_APPLIED;
}

export async function verifyDelete(api: NumbersApi, id: string): Promise<Verdict<boolean>> {
  return (await api.info(id)) === null ? { applied: true, value: true } : NOT_APPLIED;
}
