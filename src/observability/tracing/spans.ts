import type { IncomingHttpHeaders } from 'node:http';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';
import type { UpstreamCallResult, UpstreamCallTrace, UpstreamTracer } from '../../upstream/observer.js';
import { isErrorCode, isGraphQLName } from '../labels.js';
import { endNothing } from './off.js';
import type { EndPhase, GraphQLPhase, OperationOutcome, RequestTrace } from './types.js';

// The spans of one /graphql request. Parents are passed explicitly (no context manager): the
// request's spans live on this object, which the context hands to the plugin and the upstream
// client, so no AsyncLocalStorage runs on the hot path.
//
// Attributes hold names, codes, counts and statuses only: never a token, an id, a phone number,
// a variable, the document or a URL with its query (GET /graphql carries the document there).

/** GraphQL's semantic conventions (still "development" upstream, so not imported from the package). */
const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
/** The gateway's own attributes, in a namespace no convention will claim. */
export const ATTR = {
  outcome: 'numbers_gateway.outcome',
  errorCodes: 'numbers_gateway.error_codes',
  userErrors: 'numbers_gateway.user_errors',
  aborted: 'numbers_gateway.aborted',
  endpoint: 'numbers_gateway.upstream.endpoint',
  upstreamError: 'numbers_gateway.upstream.error',
  breaker: 'numbers_gateway.breaker.state',
  /** On an upstream span: the read waited for another request's identical call (no call of its own). */
  shared: 'numbers_gateway.upstream.shared',
  clientName: 'numbers_gateway.client.name',
  clientVersion: 'numbers_gateway.client.version',
} as const;

const ROUTE = '/graphql';
const MAX_NAME = 100;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE']);

const propagator = new W3CTraceContextPropagator();
const fromHeaders: TextMapGetter<IncomingHttpHeaders> = {
  get: (headers, key) => headers[key],
  keys: (headers) => Object.keys(headers),
};
const intoHeaders: TextMapSetter<Record<string, string>> = {
  set: (headers, key, value) => {
    headers[key] = value;
  },
};

const under = (span: Span) => trace.setSpan(ROOT_CONTEXT, span);

export class SdkRequestTrace implements RequestTrace {
  readonly traceId: string;
  readonly upstream: UpstreamTracer;
  private readonly server: Span;
  /** False when the trace is not sampled: then no child span is made (see the constructor). */
  private readonly recording: boolean;
  private operation: Span | undefined;
  private execution: Span | undefined;

  /** `peer`: where the upstream is (server.address/port), the same for every upstream span. */
  constructor(
    private readonly tracer: Tracer,
    private readonly peer: Attributes,
    method: string,
    headers: IncomingHttpHeaders,
    httpVersion: string,
  ) {
    const known = METHODS.has(method) ? method : '_OTHER';
    this.server = tracer.startSpan(
      `${known === '_OTHER' ? 'HTTP' : known} ${ROUTE}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: known,
          [ATTR_HTTP_ROUTE]: ROUTE,
          [ATTR_URL_PATH]: ROUTE,
          [ATTR_URL_SCHEME]: 'http',
          [ATTR_NETWORK_PROTOCOL_VERSION]: httpVersion,
        },
      },
      propagator.extract(ROOT_CONTEXT, headers, fromHeaders),
    );
    this.traceId = this.server.spanContext().traceId;
    this.recording = this.server.isRecording();
    if (this.recording) {
      this.upstream = (call) => this.startUpstream(call.endpoint, call.method, call.breaker, call.shared === true);
    } else {
      // Not sampled (the caller said so, or the sampler): nothing will be exported, so no child
      // span is worth its cost. The upstream still gets the trace id and the "not sampled" flag.
      const context: Record<string, string> = {};
      propagator.inject(under(this.server), context, intoHeaders);
      const unsampled: UpstreamCallTrace = { inject: (headers) => Object.assign(headers, context), end: () => {} };
      this.upstream = () => unsampled;
    }
  }

  /** Upstream calls and events belong to the innermost open span. */
  private active(): Span {
    return this.execution ?? this.operation ?? this.server;
  }

  private startUpstream(endpoint: string, method: string, breaker: string, shared: boolean): UpstreamCallTrace {
    const attributes: Attributes = { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR.endpoint]: endpoint, [ATTR.breaker]: breaker, ...this.peer };
    if (shared) attributes[ATTR.shared] = true;
    const span = this.tracer.startSpan(`${method} ${endpoint}`, { kind: SpanKind.CLIENT, attributes }, under(this.active()));
    return {
      inject: (headers) => propagator.inject(under(span), headers, intoHeaders),
      end: (result: UpstreamCallResult) => {
        const { status, retries, errorKind } = result;
        if (status !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
        // As the HTTP conventions say: present only when the request was sent again.
        if (retries > 0) span.setAttribute(ATTR_HTTP_REQUEST_RESEND_COUNT, retries);
        if (errorKind !== undefined) {
          // The conventions' error.type is the status when there was an error status, else our kind.
          span.setAttributes({ [ATTR_ERROR_TYPE]: status !== undefined && status >= 400 ? String(status) : errorKind, [ATTR.upstreamError]: errorKind });
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorKind });
        }
        span.end();
      },
    };
  }

  startOperation(): void {
    if (!this.recording) return;
    this.operation = this.tracer.startSpan('GraphQL Operation', { kind: SpanKind.INTERNAL }, under(this.server));
  }

  /** Names the span as the GraphQL conventions do: `{type} {name}`, `{type}` when anonymous. */
  operationResolved(name: string | null, type: string | undefined): void {
    const span = this.operation;
    if (span === undefined || type === undefined) return;
    const shown = name?.slice(0, MAX_NAME);
    span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, type);
    if (shown !== undefined && isGraphQLName(shown)) {
      span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, shown);
      span.updateName(`${type} ${shown}`);
    } else {
      span.updateName(type);
    }
  }

  startPhase(phase: GraphQLPhase): EndPhase {
    if (!this.recording) return endNothing;
    const span = this.tracer.startSpan(phase, { kind: SpanKind.INTERNAL }, under(this.operation ?? this.server));
    if (phase === 'graphql.execute') this.execution = span;
    return (failed) => {
      if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
      if (this.execution === span) this.execution = undefined;
      span.end();
    };
  }

  endOperation({ errorCodes, userErrors }: OperationOutcome): void {
    const span = this.operation;
    if (span === undefined) return;
    this.operation = undefined;
    const codes = errorCodes.filter(isErrorCode);
    const [first] = codes;
    span.setAttributes({
      [ATTR.outcome]: first ?? (userErrors > 0 ? 'user_error' : 'success'),
      [ATTR.userErrors]: userErrors,
    });
    if (first !== undefined) {
      span.setAttribute(ATTR.errorCodes, codes);
      span.setStatus({ code: SpanStatusCode.ERROR, message: first });
    }
    span.end();
  }

  /** Names and versions are validated (registry rules), so they are safe as attribute values. */
  client(name: string, version: string | undefined): void {
    this.server.setAttribute(ATTR.clientName, name);
    if (version !== undefined) this.server.setAttribute(ATTR.clientVersion, version);
  }

  event(name: string, attributes: Readonly<Record<string, string | number>>): void {
    if (this.recording) this.active().addEvent(name, attributes);
  }

  end(status: number | undefined, aborted: boolean): void {
    const { server } = this;
    if (status !== undefined) server.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    if (status !== undefined && status >= 500) {
      server.setAttribute(ATTR_ERROR_TYPE, String(status));
      server.setStatus({ code: SpanStatusCode.ERROR });
    }
    if (aborted) {
      // The operation may still run (Apollo finishes it); its spans end when it does.
      server.setAttribute(ATTR.aborted, true);
    } else {
      // Still open after a complete response: Apollo's pipeline threw before its last hook.
      this.execution?.end();
      this.operation?.end();
    }
    server.end();
  }
}
