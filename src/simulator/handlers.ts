import { ApiError } from './envelope.js';
import { emptySubscriber, SUBSCRIBER_FIELDS } from './model.js';
import type { NumberRecord } from './model.js';
import { optionalText, requiredId, requiredString, requiredUkNumber } from './params.js';
import { applySave } from './save.js';
import type { Handler, HandlerContext } from './types.js';

function findNumber(ctx: HandlerContext): NumberRecord {
  const id = requiredId(ctx.params);
  const record = ctx.unit.get(id);
  // Deleted ids and other units' ids answer exactly alike, so ids leak nothing across tenants.
  if (record === undefined) throw new ApiError(404, `number ${id} not found`);
  return record;
}

const SUBSCRIBER_MAX_LENGTH = 100;

function updateSubscriber(ctx: HandlerContext): string {
  const record = findNumber(ctx);
  const changes = SUBSCRIBER_FIELDS.map((field) => [field, optionalText(ctx.params, field, SUBSCRIBER_MAX_LENGTH)] as const);
  const subscriber = record.aquisition.subscriber;
  for (const [field, value] of changes) if (value !== undefined) subscriber[field] = value;
  // New details must be validated again and have not been pushed to the regulator yet.
  subscriber.status = 'validation_pending';
  subscriber.pushed_at = null;
  record.updated_at = ctx.now;
  ctx.unit.changed(record.id);
  return ctx.unit.recordJson(record);
}

function acquire(ctx: HandlerContext): string {
  const number = requiredUkNumber(ctx.params);
  if (!ctx.store.takeFromPool(number)) throw new ApiError(400, `number ${number} is not available to acquire`);
  const record: NumberRecord = {
    id: ctx.store.takeId(),
    number,
    context: 'incoming',
    created_at: ctx.now,
    updated_at: ctx.now,
    recording_enabled: true,
    caller_id_prefix: null,
    callerid_passthrough: true,
    forward_sip_to: null,
    aquisition: { acquired_at: ctx.now, subscriber: emptySubscriber() },
    destination: null,
  };
  ctx.store.insert(ctx.unit, record);
  // The docs' acquire example has no destination key at all; list/info later show null.
  const documented: Partial<NumberRecord> = { ...record };
  delete documented.destination;
  return JSON.stringify(documented);
}

function deleteNumber(ctx: HandlerContext): string {
  const record = findNumber(ctx);
  ctx.store.remove(ctx.unit, record.id);
  return 'true';
}

function acquirableNumbers(ctx: HandlerContext): string {
  const prefix = requiredString(ctx.params, 'prefix');
  if (!/^0\d{2,5}$/.test(prefix)) throw new ApiError(400, 'prefix must be 3 to 6 digits starting with 0');
  return ctx.store.acquirableJson(prefix);
}

/** The nine REST v2 endpoints, keyed by the last path segment under /api/v2/numbers/. */
export const ROUTES = {
  list: (ctx) => ctx.unit.listDataJson(),
  info: (ctx) => ctx.unit.recordJson(findNumber(ctx)),
  save: (ctx) => {
    const record = applySave(ctx);
    return ctx.unit.recordJson(record);
  },
  available_prefixes: (ctx) => ctx.store.prefixesJson,
  acquirable_numbers: acquirableNumbers,
  acquire,
  update_subscriber: updateSubscriber,
  delete: deleteNumber,
  available_access_numbers: (ctx) => ctx.store.accessNumbersJson,
} satisfies Record<string, Handler>;

export type EndpointName = keyof typeof ROUTES;

export const ENDPOINT_NAMES = Object.keys(ROUTES) as EndpointName[];

export const API_PREFIX = '/api/v2/numbers/';

export function endpointForPath(path: string): EndpointName | null {
  if (!path.startsWith(API_PREFIX)) return null;
  const name = path.slice(API_PREFIX.length);
  return Object.hasOwn(ROUTES, name) ? (name as EndpointName) : null;
}
