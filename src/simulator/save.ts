import { ApiError } from './envelope.js';
import type { HandlerContext } from './types.js';
import { emptySubscriber } from './model.js';
import type { Destination, NumberContext, NumberRecord } from './model.js';
import { optionalBoolean, optionalText, requiredId, requiredUkNumber } from './params.js';

// numbers/save: creates without `id`, updates with it. Every parameter is validated before
// anything changes, so a rejected save leaves the number exactly as it was.

const CALLER_ID_PREFIX_MAX_LENGTH = 32;

interface SaveChanges {
  destination: Destination | null | undefined;
  caller_id_prefix: string | null | undefined;
  recording_enabled: boolean | undefined;
  callerid_passthrough: boolean | undefined;
}

/** Both parameters or neither; both empty clears the destination. */
function parseDestination(ctx: HandlerContext): Destination | null | undefined {
  const type = ctx.params.get('destination_type');
  const id = ctx.params.get('destination_id');
  if (type === undefined && id === undefined) return undefined;
  if (type === undefined || id === undefined) {
    throw new ApiError(400, 'destination_type and destination_id must be given together');
  }
  if (type === '' && id === '') return null;
  if (!/^[1-9]\d{0,14}$/.test(id)) throw new ApiError(400, 'destination_id must be a positive integer');
  const destination = ctx.unit.findDestination(type, Number(id));
  if (destination === undefined) throw new ApiError(400, `no ${type} destination with id ${id} in this unit`);
  return { type: destination.type, object: { ...destination.object } };
}

function parseChanges(ctx: HandlerContext): SaveChanges {
  return {
    destination: parseDestination(ctx),
    caller_id_prefix: optionalText(ctx.params, 'caller_id_prefix', CALLER_ID_PREFIX_MAX_LENGTH),
    recording_enabled: optionalBoolean(ctx.params, 'recording_enabled'),
    callerid_passthrough: optionalBoolean(ctx.params, 'callerid_passthrough'),
  };
}

function parseContext(value: string | undefined): NumberContext {
  if (value === undefined || value === '') return 'incoming';
  if (value === 'incoming' || value === 'utility') return value;
  throw new ApiError(400, 'context must be incoming or utility');
}

function create(ctx: HandlerContext): NumberRecord {
  const number = requiredUkNumber(ctx.params);
  const context = parseContext(ctx.params.get('context'));
  const changes = parseChanges(ctx);
  if (ctx.store.isAllocated(number)) throw new ApiError(400, `number ${number} is already in use`);
  if (ctx.store.isAcquirable(number)) {
    throw new ApiError(400, `number ${number} is provider stock; use numbers/acquire to purchase it`);
  }
  // Defaults match a freshly acquired number; acquired_at stays null because it was not bought.
  const record: NumberRecord = {
    id: ctx.store.takeId(),
    number,
    context,
    created_at: ctx.now,
    updated_at: ctx.now,
    recording_enabled: changes.recording_enabled ?? true,
    caller_id_prefix: changes.caller_id_prefix ?? null,
    callerid_passthrough: changes.callerid_passthrough ?? true,
    forward_sip_to: null,
    aquisition: { acquired_at: null, subscriber: emptySubscriber() },
    destination: changes.destination ?? null,
  };
  ctx.store.insert(ctx.unit, record);
  return record;
}

function update(ctx: HandlerContext, id: number): NumberRecord {
  const record = ctx.unit.get(id);
  if (record === undefined) throw new ApiError(404, `number ${id} not found`);
  for (const creationOnly of ['number', 'context']) {
    if (ctx.params.has(creationOnly)) throw new ApiError(400, `${creationOnly} can only be set when creating a number`);
  }
  const changes = parseChanges(ctx);
  if (changes.destination !== undefined) record.destination = changes.destination;
  if (changes.caller_id_prefix !== undefined) record.caller_id_prefix = changes.caller_id_prefix;
  if (changes.recording_enabled !== undefined) record.recording_enabled = changes.recording_enabled;
  if (changes.callerid_passthrough !== undefined) record.callerid_passthrough = changes.callerid_passthrough;
  record.updated_at = ctx.now;
  ctx.unit.changed(record.id);
  return record;
}

export function applySave(ctx: HandlerContext): NumberRecord {
  const rawId = ctx.params.get('id');
  // An empty id is a create, as a form posting a blank id field would mean.
  if (rawId === undefined || rawId === '') return create(ctx);
  return update(ctx, requiredId(ctx.params));
}
