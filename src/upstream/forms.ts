import type { SaveNumberParams, SubscriberParams } from './types.js';

/** Parameters of one REST v2 call: a read's query, a write's form body. */
export type Params = Record<string, string>;

/**
 * `info?id=7`: reads carry their parameters in a string URL. got turns a `searchParams` object
 * into a URLSearchParams and merges it into its options on every call. The string is also the
 * read's identity for coalescing (coalesce.ts).
 */
export function withQuery(endpoint: string, params: Params): string {
  let url = endpoint;
  let separator = '?';
  for (const key in params) {
    url += `${separator}${encodeURIComponent(key)}=${encodeURIComponent(params[key] ?? '')}`;
    separator = '&';
  }
  return url;
}

/** `null` clears a field upstream: REST v2 takes an empty value for "none". */
function put(form: Params, key: string, value: string | boolean | null | undefined): void {
  if (value === undefined) return;
  form[key] = value === null ? '' : String(value);
}

export function saveForm(p: SaveNumberParams): Params {
  const form: Params = {};
  put(form, 'id', p.id);
  put(form, 'number', p.number);
  put(form, 'context', p.context);
  if (p.destination !== undefined) {
    put(form, 'destination_type', p.destination?.type ?? null);
    put(form, 'destination_id', p.destination?.id ?? null);
  }
  put(form, 'caller_id_prefix', p.caller_id_prefix);
  put(form, 'recording_enabled', p.recording_enabled);
  put(form, 'callerid_passthrough', p.callerid_passthrough);
  return form;
}

export function subscriberForm(p: SubscriberParams): Params {
  const form: Params = {};
  for (const [key, value] of Object.entries(p)) put(form, key, value);
  return form;
}
