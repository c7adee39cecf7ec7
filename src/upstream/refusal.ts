import type { SaveNumberParams, SubscriberParams } from './types.js';

// Which parameter a refusal (HTTP 400/422) is about, so the gateway can point a user error at
// the input field instead of at the whole input. REST v2 documents no error shape, so there is
// no field list to read; the signals, strongest first:
//
// 1. what was sent: a refusal can only be about a parameter of the call (an update that sends
//    only a destination was refused for its destination, whatever the wording);
// 2. which of those parameters the message names, by its REST name as a whole word
//    (`destination_id`, `number`) or the word `destination` for the pair. Only the names of
//    parameters that were sent are looked for, so the wording around them does not matter.
//
// When neither settles it, the refusal is about the request as a whole (`undefined`).

/** A key of the typed parameters the caller gave (the destination pair is one key). */
export type RefusedParam = keyof SaveNumberParams | keyof SubscriberParams;

/** Form fields that come from one typed parameter. */
const FROM_PARAM: Partial<Record<string, RefusedParam>> = {
  destination_type: 'destination',
  destination_id: 'destination',
};

function paramOf(formField: string): RefusedParam {
  return FROM_PARAM[formField] ?? (formField as RefusedParam);
}

function names(message: string, word: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_])${word}($|[^A-Za-z0-9_])`, 'i').test(message);
}

/** The parameter a refusal of a call with this form is about, when the gateway can tell. */
export function refusedParam(form: Readonly<Record<string, string>>, message: string | undefined): RefusedParam | undefined {
  const fields = Object.keys(form);
  // The id selects the object; its refusals are 404s. It is the subject only when it is all there is.
  const subjects = fields.filter((field) => field !== 'id');
  const candidates = subjects.length > 0 ? subjects : fields;
  const params = new Set(candidates.map(paramOf));
  if (message !== undefined) {
    const named = new Set(candidates.filter((field) => names(message, field) || names(message, paramOf(field))).map(paramOf));
    if (named.size === 1) return [...named][0];
  }
  return params.size === 1 ? [...params][0] : undefined;
}
