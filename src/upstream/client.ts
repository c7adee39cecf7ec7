import { RequestError, TimeoutError } from 'got';
import { tenantKeyOf } from '../security/credentials.js';
import { readKey, type Departure } from './coalesce.js';
import { createLimit, type Limit } from './concurrency.js';
import { unwrapEnvelope } from './envelope.js';
import { UpstreamError, type UpstreamErrorKind } from './errors.js';
import { saveForm, subscriberForm, withQuery, type Params } from './forms.js';
import type { UpstreamHttp } from './http.js';
import { asAccessNumbers, asBoolean, asNumber, asNumbers, asPrefixes, asStrings } from './guards.js';
import type { UpstreamCallResult, UpstreamCallTrace, UpstreamObserver, UpstreamTracer } from './observer.js';
import type { NumbersApi } from './types.js';

export interface CallerIdentity {
  /** The caller's `Authorization` header value, already checked to be a well-formed bearer. */
  authorization: string | undefined;
  requestId: string | undefined;
  /** The credential's hash (src/security/credentials.ts), when the caller already has it. */
  tenantKey?: string | undefined;
  /** Tells when the caller's client went away: a shared read then stops waiting for it. */
  departure?: Departure | undefined;
}

/**
 * What one GraphQL operation shares among its upstream calls: a concurrency cap and a total
 * time budget, so one operation can neither flood the upstream nor outlive its deadline.
 */
export interface OperationScope {
  limit: Limit;
  /** When the operation's budget runs out, on the `performance.now()` clock. */
  endsAt: number;
  /**
   * Set while identical queries wait for this one (src/coalescing/): until when they may wait.
   * The reads this operation leads are then not cancelled before it, though this operation's own
   * wait still ends with its budget, so the waiters (which run the query themselves if this one
   * ran out of time) find the read still in flight.
   */
  heldUntil?: (() => number) | undefined;
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
 * One call's budget (retries included), or what is left of `endsAt()` if that is shorter: one
 * plain timer that cancels got's promise (retries and all). Not an AbortSignal: got's handling
 * of a `signal` cost ~25-70 µs of CPU per call (bench/client-cost.ts), cancelling its promise
 * ~10; AbortSignal.timeout/any and an operation-wide signal cost more again. `endsAt` is read
 * again when the timer fires: a shared read's deadline moves later as callers with more time
 * left join it (coalesce.ts).
 */
function callDeadline(timeoutMs: number, endsAt: () => number, call: { cancel(): void }): { expired(): boolean; done(): void } {
  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  const callEndsAt = performance.now() + timeoutMs;
  const check = () => {
    const ms = Math.floor(Math.min(callEndsAt, endsAt()) - performance.now());
    if (ms > 0) {
      timer = setTimeout(check, ms);
      return;
    }
    expired = true;
    call.cancel();
  };
  check();
  return { expired: () => expired, done: () => clearTimeout(timer) };
}

/**
 * The REST v2 client for one caller: binds the caller's credential to one typed method per
 * endpoint. Only the `Authorization` header and the request id are forwarded, never cookies or
 * other client headers. Reads are GET with query parameters; writes POST a form body and are
 * never retried. With `upstream.coalescer` (UPSTREAM_COALESCE=on), a read identical to one of
 * the same credential in flight waits for it instead (coalesce.ts), reported to `shared`.
 */
export interface NumbersApiDeps {
  upstream: UpstreamHttp;
  caller: CallerIdentity;
  scope: OperationScope;
  /** Told of each call as it ends (`call`), of each read shared with another request (`shared`), asked for spans (`span`); all optional. */
  observer?: Pick<UpstreamObserver, 'call' | 'span' | 'shared'>;
}

export function createNumbersApi({ upstream, caller, scope, observer = {} }: NumbersApiDeps): NumbersApi {
  const { call: observe, span: tracer, shared: onShared } = observer;
  const { coalescer } = upstream;
  const operationEndsAt = () => scope.endsAt;
  let credentialHash = caller.tenantKey;

  async function call(endpoint: string, method: 'GET' | 'POST', params: Params): Promise<unknown> {
    const { authorization } = caller;
    if (!authorization) {
      throw new UpstreamError('no credential: send "Authorization: Bearer <token>"', {
        kind: 'UNAUTHENTICATED',
        endpoint,
      });
    }
    if (!coalescer) return direct(endpoint, method, params, authorization, operationEndsAt);
    if (method === 'POST') {
      // Reads in flight may hold what this write changes: none of them is joined again,
      // neither while the write runs nor after it.
      coalescer.wrote();
      try {
        return await direct(endpoint, method, params, authorization, operationEndsAt);
      } finally {
        coalescer.wrote();
      }
    }
    const key = readKey((credentialHash ??= tenantKeyOf(authorization)), withQuery(endpoint, params));
    const waiter = { endsAt: scope.endsAt, departure: caller.departure };
    const joined = coalescer.join(key, waiter);
    if (joined) return shared(endpoint, params, joined);
    return coalescer.lead(key, endpoint, waiter, (endsAt) => direct(endpoint, method, params, authorization, endsAt), scope.heldUntil);
  }

  /** Waits for a slot of the operation, then of the process, then asks the breaker. */
  function direct(endpoint: string, method: 'GET' | 'POST', params: Params, authorization: string, endsAt: () => number): Promise<unknown> {
    const fire = (trace?: TracedCall) => upstream.breaker.fire(endpoint, () => send(endpoint, method, params, authorization, endsAt, trace));
    return scope.limit(() => upstream.limit(() => (tracer ? traced(tracer, endpoint, method, params, fire) : fire())));
  }

  /** A read answered by another request's call: its own span and report, no call counted. */
  async function shared(endpoint: string, params: Params, answer: Promise<unknown>): Promise<unknown> {
    const started = performance.now();
    const span = tracer?.({ endpoint, method: 'GET', breaker: upstream.breaker.state(), params, shared: true });
    let errorKind: UpstreamErrorKind | undefined;
    try {
      return await answer;
    } catch (error) {
      errorKind = error instanceof UpstreamError ? error.kind : 'UNAVAILABLE';
      throw error;
    } finally {
      span?.end({ status: undefined, retries: 0, errorKind });
      onShared?.({ endpoint, params, waitedMs: performance.now() - started, errorKind });
    }
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

  async function send(
    endpoint: string,
    method: 'GET' | 'POST',
    params: Params,
    authorization: string,
    endsAt: () => number,
    trace?: TracedCall,
  ): Promise<unknown> {
    const headers: Record<string, string> = { authorization };
    if (caller.requestId) headers['x-request-id'] = caller.requestId;
    trace?.span.inject(headers);
    const started = performance.now();
    const call = method === 'GET' ? upstream.got(withQuery(endpoint, params), { method, headers }) : upstream.got(endpoint, { method, headers, form: params });
    const deadline = callDeadline(upstream.timeoutMs, endsAt, call);
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
