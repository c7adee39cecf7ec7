import { RequestError, TimeoutError } from 'got';
import { createLimit, type Limit } from './concurrency.js';
import { unwrapEnvelope } from './envelope.js';
import { UpstreamError } from './errors.js';
import type { UpstreamHttp } from './http.js';
import { asAccessNumbers, asBoolean, asNumber, asNumbers, asPrefixes, asStrings } from './guards.js';
import type { UpstreamCallResult, UpstreamCallTrace, UpstreamObserver, UpstreamTracer } from './observer.js';
import type { NumbersApi, SaveNumberParams, SubscriberParams } from './types.js';

export interface CallerIdentity {
  /** The caller's `Authorization` header value, already checked to be a well-formed bearer. */
  authorization: string | undefined;
  requestId: string | undefined;
}

/**
 * What one GraphQL operation shares among its upstream calls: a concurrency cap and a total
 * time budget, so one operation can neither flood the upstream nor outlive its deadline.
 */
export interface OperationScope {
  limit: Limit;
  /** When the operation's budget runs out, on the `performance.now()` clock. */
  endsAt: number;
}

/**
 * A scope for one operation. The budget's clock starts with the operation (time spent queued for
 * a slot counts). It needs no timer or signal of its own: each call's deadline is cut to what is
 * left of it, so every call ends by then, and operations that never call the upstream cost nothing.
 */
export function createOperationScope(concurrency: number, timeoutMs: number): OperationScope {
  return { limit: createLimit(concurrency), endsAt: performance.now() + timeoutMs };
}

/**
 * One call's budget (retries included), or what is left of the operation's if that is shorter:
 * one plain timer that cancels got's promise (retries and all). Not an AbortSignal: got's
 * handling of a `signal` cost ~25-70 µs of CPU per call (bench/client-cost.ts), cancelling its
 * promise ~10; AbortSignal.timeout/any and an operation-wide signal cost more again.
 */
function callDeadline(timeoutMs: number, endsAt: number, call: { cancel(): void }): { expired(): boolean; done(): void } {
  let expired = false;
  const expire = () => {
    expired = true;
    call.cancel();
  };
  const ms = Math.min(timeoutMs, Math.floor(endsAt - performance.now()));
  if (ms <= 0) {
    expire();
    return { expired: () => true, done: () => undefined };
  }
  const timer = setTimeout(expire, ms);
  return { expired: () => expired, done: () => clearTimeout(timer) };
}

type Params = Record<string, string>;

/**
 * The REST v2 client for one caller: binds the caller's credential to one typed method per
 * endpoint. Only the `Authorization` header and the request id are forwarded, never cookies or
 * other client headers. Reads are GET with query parameters; writes POST a form body and are
 * never retried.
 */
export interface NumbersApiDeps {
  upstream: UpstreamHttp;
  caller: CallerIdentity;
  scope: OperationScope;
  /** Told of each call as it ends (`call`) and asked for its span (`span`); both optional. */
  observer?: Pick<UpstreamObserver, 'call' | 'span'>;
}

export function createNumbersApi({ upstream, caller, scope, observer = {} }: NumbersApiDeps): NumbersApi {
  const { call: observe, span: tracer } = observer;
  /** Waits for a slot of the operation, then of the process, then asks the breaker. */
  async function call(endpoint: string, method: 'GET' | 'POST', params: Params): Promise<unknown> {
    const { authorization } = caller;
    if (!authorization) {
      throw new UpstreamError('no credential: send "Authorization: Bearer <token>"', {
        kind: 'UNAUTHENTICATED',
        endpoint,
      });
    }
    const fire = (trace?: TracedCall) => upstream.breaker.fire(endpoint, () => send(endpoint, method, params, authorization, trace));
    return scope.limit(() => upstream.limit(() => (tracer ? traced(tracer, endpoint, method, params, fire) : fire())));
  }

  /** One span from the breaker's verdict to the last attempt's answer, so a refused call shows too. */
  async function traced(
    start: UpstreamTracer,
    endpoint: string,
    method: 'GET' | 'POST',
    params: Params,
    fire: (trace: TracedCall) => Promise<unknown>,
  ): Promise<unknown> {
    const trace: TracedCall = {
      span: start({ endpoint, method, breaker: upstream.breaker.state(), params }),
      status: undefined,
      retries: 0,
      errorKind: undefined,
    };
    try {
      return await fire(trace);
    } catch (error) {
      trace.errorKind = error instanceof UpstreamError ? error.kind : 'UNAVAILABLE';
      throw error;
    } finally {
      trace.span.end(trace);
    }
  }

  async function send(endpoint: string, method: 'GET' | 'POST', params: Params, authorization: string, trace?: TracedCall): Promise<unknown> {
    const headers: Record<string, string> = { authorization };
    if (caller.requestId) headers['x-request-id'] = caller.requestId;
    trace?.span.inject(headers);
    const started = performance.now();
    const call = method === 'GET' ? upstream.got(withQuery(endpoint, params), { method, headers }) : upstream.got(endpoint, { method, headers, form: params });
    const deadline = callDeadline(upstream.timeoutMs, scope.endsAt, call);
    let status: number | undefined;
    try {
      const response = await call;
      status = response.statusCode;
      if (trace) trace.retries = response.retryCount;
      return unwrapEnvelope(endpoint, response.statusCode, response.body, params);
    } catch (error) {
      if (trace && error instanceof RequestError) trace.retries = error.request?.retryCount ?? 0;
      if (deadline.expired()) throw new UpstreamError('no answer in time', { kind: 'TIMEOUT', endpoint, cause: error });
      throw toUpstreamError(endpoint, error);
    } finally {
      if (trace) trace.status = status;
      deadline.done();
      observe?.({ endpoint, status, durationMs: performance.now() - started });
    }
  }

  return {
    list: async () => asNumbers('list', await call('list', 'GET', {})),
    info: async (id) => {
      try {
        return asNumber('info', await call('info', 'GET', { id }));
      } catch (error) {
        if (error instanceof UpstreamError && error.kind === 'NOT_FOUND') return null;
        throw error;
      }
    },
    save: async (params) => asNumber('save', await call('save', 'POST', saveForm(params))),
    availablePrefixes: async () => asPrefixes('available_prefixes', await call('available_prefixes', 'GET', {})),
    acquirableNumbers: async (prefix) => asStrings('acquirable_numbers', await call('acquirable_numbers', 'GET', { prefix })),
    acquire: async (number) => asNumber('acquire', await call('acquire', 'POST', { number })),
    updateSubscriber: async (params) => asNumber('update_subscriber', await call('update_subscriber', 'POST', subscriberForm(params))),
    delete: async (id) => asBoolean('delete', await call('delete', 'POST', { id })),
    availableAccessNumbers: async () => asAccessNumbers('available_access_numbers', await call('available_access_numbers', 'GET', {})),
  };
}

/** A call's span and what it learns on the way, filled in by `send`. */
interface TracedCall extends UpstreamCallResult {
  span: UpstreamCallTrace;
}

function toUpstreamError(endpoint: string, error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof TimeoutError || (error instanceof RequestError && error.code === 'ETIMEDOUT')) {
    return new UpstreamError('no answer in time', { kind: 'TIMEOUT', endpoint, cause: error });
  }
  const code = error instanceof RequestError ? error.code : 'unknown';
  return new UpstreamError(`request failed (${code})`, { kind: 'UNAVAILABLE', endpoint, cause: error });
}

/**
 * `info?id=7`: reads carry their parameters in a string URL. got turns a `searchParams` object
 * into a URLSearchParams and merges it into its options on every call.
 */
function withQuery(endpoint: string, params: Params): string {
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

function saveForm(p: SaveNumberParams): Params {
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

function subscriberForm(p: SubscriberParams): Params {
  const form: Params = {};
  for (const [key, value] of Object.entries(p)) put(form, key, value);
  return form;
}
