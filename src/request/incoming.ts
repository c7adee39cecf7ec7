// One /graphql request as it arrives: its id, its credential, the record its log line is
// written from and its trace. `startRequest` runs before any guard; nothing about a request is
// kept anywhere else.

import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { NO_TRACE } from '../observability/tracing/off.js';
import type { RequestTrace } from '../observability/tracing/types.js';
import { bearerOf } from '../security/credentials.js';
import { createDeparture } from '../upstream/coalesce.js';
import { NO_CLIENT, type ClientIdentity } from '../usage/client-identity.js';
import type { UpstreamObserver } from '../upstream/observer.js';

/**
 * What one /graphql request did, for its log line, its metrics and its trace. Each fact has
 * one writer, named beside it.
 */
export interface RequestRecord {
  /** `startRequest`. */
  readonly startedAt: number;
  /** request/record-plugin.ts; `undefined` until an operation is resolved (parse, validation and HTTP errors never are). */
  operationName?: string | null;
  /** request/record-plugin.ts. */
  operationType?: string;
  /** request/record-plugin.ts: the distinct codes of the response's errors, in order. */
  errorCodes: string[];
  /** request/record-plugin.ts: `userErrors` entries of mutation payloads. */
  userErrors: number;
  /** The code of a refusal by an HTTP guard, before Apollo (http/graphql.ts, `Exchange.refuse`). */
  refusedWith?: string;
  /** request/index.ts's observer: upstream calls the operation made, by endpoint. */
  readonly upstreamCalls: Map<string, number>;
  /** request/index.ts's observer: reads another request's identical call in flight answered, by endpoint (not in `upstreamCalls`). */
  readonly sharedReads: Map<string, number>;
  /** coalescing/plugin.ts: answered with an identical query's answer in flight, nothing executed. */
  sharedOperation?: boolean;
  /** governance/demand-control.ts: the most upstream calls the operation was estimated to make. */
  estimatedUpstreamCalls?: number;
  /** The hex id of the listed trusted document it ran (governance/trusted-documents/, its guard). */
  trustedDocument?: string;
  /** The app that sent it: usage/identity.ts's guards (its headers, completed by a registered trusted document). */
  client: ClientIdentity;
  /**
   * observability/server-timing.ts (its guard creates it, its observer fills it): each upstream
   * call's start and end on the performance.now() clock, flattened (s0, e0, s1, e1, …), and the
   * reads the reference cache served. `undefined` while Server-Timing is off.
   */
  upstreamTiming?: { readonly spans: number[]; cacheHits: number };
}

export interface IncomingRequest {
  /** The caller's request id when it is sane, else a fresh one: sent upstream, logged, echoed. */
  readonly requestId: string;
  /** The caller's bearer credential, normalised; `undefined` when missing or malformed. */
  readonly authorization: string | undefined;
  readonly record: RequestRecord;
  /** Its spans; `NO_TRACE` (no-ops) while tracing is off. */
  readonly trace: RequestTrace;
  /** `leave()`: the client went away before the response ended (http/graphql.ts calls it). */
  readonly departure: ReturnType<typeof createDeparture>;
}

/** A concern's observer of one request's upstream work; `undefined` when it has nothing to watch. */
export type RequestObserver = (request: IncomingRequest) => UpstreamObserver | undefined;

/** Every upstream call the request made, all endpoints together (shared reads are not calls). */
export function upstreamCallCount(record: Pick<RequestRecord, 'upstreamCalls'>): number {
  return totalOf(record.upstreamCalls);
}

/** The sum of counts by endpoint (calls made, reads shared). */
export function totalOf(counts: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function startRequest(headers: IncomingHttpHeaders, trace: RequestTrace = NO_TRACE): IncomingRequest {
  const header = headers.authorization;
  return {
    requestId: requestIdFrom(headers),
    authorization: bearerOf(typeof header === 'string' ? header : undefined),
    record: { startedAt: performance.now(), errorCodes: [], userErrors: 0, upstreamCalls: new Map(), sharedReads: new Map(), client: NO_CLIENT },
    trace,
    departure: createDeparture(),
  };
}
