import type { CreateNumberInput, DestinationInput, UpdateNumberInput, UpdateSubscriberInput, UserError } from '../generated/graphql.js';
import type { RefusedParam } from '../upstream/refusal.js';
import type { SaveNumberParams, SubscriberParams } from '../upstream/types.js';
import { kindOf, upstreamTypeOf } from './destination-kind.js';
import { CALLER_ID_PREFIX_MAX, DESTINATION_TYPE, InputCheck, type Path } from './validation.js';
import { UserErrorCode } from '../error-codes.js';

/** A checked input: the upstream parameters, or the user errors that stop the mutation. */
export type Checked<T> = { ok: true; params: T } | { ok: false; userErrors: UserError[] };

function done<T>(check: InputCheck, params: T): Checked<T> {
  return check.errors.length > 0 ? { ok: false, userErrors: check.errors } : { ok: true, params };
}

/**
 * The upstream type to route to: `kind` in the upstream's spelling, or the deprecated `type` as
 * given. Both at once must name the same kind; `UNKNOWN` alone names no type to send.
 */
function destinationTypeOf(check: InputCheck, destination: DestinationInput): string {
  const { kind, type } = destination;
  const path = ['input', 'destination'];
  if (type != null) {
    const checked = check.destinationType([...path, 'type'], type);
    if (kind != null && DESTINATION_TYPE.test(type) && kindOf(type) !== kind) {
      check.fail([...path, 'kind'], UserErrorCode.INVALID_FORMAT, `kind ${kind} and the deprecated type name different kinds of destination; give kind only.`);
    }
    return checked;
  }
  const upstream = kind == null ? undefined : upstreamTypeOf(kind);
  if (upstream === undefined) {
    check.fail(
      [...path, 'kind'],
      UserErrorCode.INVALID_FORMAT,
      kind == null ? 'Give the kind of destination, e.g. Menu.' : 'UNKNOWN is not a kind of destination to route to: give one such as Menu.',
    );
    return '';
  }
  return upstream;
}

type Settings = Pick<UpdateNumberInput, 'destination' | 'callerIdPrefix' | 'recordingEnabled' | 'callerIdPassthrough'>;

/** The settings shared by create and update; absent fields stay absent so they are not sent. */
function checkSettings(check: InputCheck, input: Settings): SaveNumberParams {
  const params: SaveNumberParams = {};
  if (input.destination === null) params.destination = null;
  else if (input.destination !== undefined) {
    params.destination = {
      type: destinationTypeOf(check, input.destination),
      id: check.id(['input', 'destination', 'id'], input.destination.id),
    };
  }
  if (input.callerIdPrefix !== undefined) {
    params.caller_id_prefix = check.text(['input', 'callerIdPrefix'], input.callerIdPrefix, CALLER_ID_PREFIX_MAX);
  }
  for (const [field, key] of [
    ['recordingEnabled', 'recording_enabled'],
    ['callerIdPassthrough', 'callerid_passthrough'],
  ] as const) {
    const value = input[field];
    if (value === null) check.fail(['input', field], UserErrorCode.INVALID_FORMAT, 'Must be true or false, not null.');
    else if (value !== undefined) params[key] = value;
  }
  return params;
}

export function checkCreate(input: CreateNumberInput): Checked<SaveNumberParams> {
  const check = new InputCheck();
  const number = check.nationalNumber(['input', 'number'], input.number);
  const params: SaveNumberParams = { number, ...checkSettings(check, input) };
  if (input.context) params.context = input.context;
  return done(check, params);
}

export function checkUpdate(input: UpdateNumberInput): Checked<SaveNumberParams> {
  const check = new InputCheck();
  const id = check.id(['input', 'id'], input.id);
  const settings = checkSettings(check, input);
  if (Object.keys(settings).length === 0 && check.errors.length === 0) {
    check.fail(['input'], UserErrorCode.NO_CHANGES, 'Give at least one setting to change.');
  }
  return done(check, { id, ...settings });
}

const SUBSCRIBER_TEXT = [
  ['firstName', 'first_name'],
  ['name', 'name'],
  ['address1', 'address1'],
  ['address2', 'address2'],
  ['address3', 'address3'],
  ['address4', 'address4'],
] as const;

/** Which input field each parameter came from, so a refusal about one points at it. */
export type InputFields = Readonly<Partial<Record<RefusedParam, Path>>>;

export const SAVE_INPUT_FIELDS: InputFields = {
  id: ['input', 'id'],
  number: ['input', 'number'],
  context: ['input', 'context'],
  destination: ['input', 'destination'],
  caller_id_prefix: ['input', 'callerIdPrefix'],
  recording_enabled: ['input', 'recordingEnabled'],
  callerid_passthrough: ['input', 'callerIdPassthrough'],
};

export const SUBSCRIBER_INPUT_FIELDS: InputFields = {
  id: ['input', 'numberId'],
  ...Object.fromEntries(SUBSCRIBER_TEXT.map(([field, key]) => [key, ['input', field]])),
  postcode: ['input', 'postcode'],
};

export function checkSubscriber(input: UpdateSubscriberInput): Checked<SubscriberParams> {
  const check = new InputCheck();
  const params: SubscriberParams = { id: check.id(['input', 'numberId'], input.numberId) };
  for (const [field, key] of SUBSCRIBER_TEXT) {
    const value = input[field];
    if (value !== undefined) params[key] = check.text(['input', field], value);
  }
  if (input.postcode !== undefined) params.postcode = check.postcode(['input', 'postcode'], input.postcode);
  if (Object.keys(params).length === 1 && check.errors.length === 0) {
    check.fail(['input'], UserErrorCode.NO_CHANGES, 'Give at least one subscriber detail to set.');
  }
  return done(check, params);
}

export function checkId(field: Path, value: string): Checked<string> {
  const check = new InputCheck();
  return done(check, check.id(field, value));
}

export function checkNumber(field: Path, value: string): Checked<string> {
  const check = new InputCheck();
  return done(check, check.nationalNumber(field, value));
}
