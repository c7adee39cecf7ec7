import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { IncomingRequest, RequestRecord } from '../request/incoming.js';
import { ErrorCode } from '../error-codes.js';
import type { GatewayMetrics } from './metrics.js';

/** Longest operation name written to a log line (names come from clients). */
const MAX_LOGGED_NAME = 100;

export type RequestLog = (request: IncomingRequest, req: IncomingMessage, res: ServerResponse) => void;

/**
 * One JSON log line and one metrics sample per /graphql request, written when its response
 * ends, from the request's record (request/incoming.ts). The HTTP layer owns the timing and the status,
 * so rate-limited, oversized and malformed requests are counted too.
 */
export function createRequestLog(deps: { logger: Logger; metrics: Pick<GatewayMetrics, 'graphqlRequest'> }): RequestLog {
  return ({ requestId, record, trace }, req, res) => {
    const durationMs = performance.now() - record.startedAt;
    const outcome = outcomeOf(record, res.statusCode);
    const { client } = record;
    deps.metrics.graphqlRequest({ operationName: record.operationName, outcome, seconds: durationMs / 1000, client: client.name });
    deps.logger.info(
      {
        requestId,
        // Absent while tracing is off (pino drops undefined).
        traceId: trace.traceId,
        method: req.method,
        operation: record.operationName?.slice(0, MAX_LOGGED_NAME) ?? null,
        operationType: record.operationType,
        // Validated names (src/usage/client-identity.ts); absent when the request named none.
        client: client.name,
        clientVersion: client.version,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
        outcome,
        errorCodes: record.refusedWith === undefined ? record.errorCodes : [record.refusedWith],
        userErrors: record.userErrors,
        upstream: Object.fromEntries(record.upstreamCalls),
        // Reads another request's identical call answered (UPSTREAM_COALESCE): no call of this request.
        ...(record.sharedReads.size > 0 ? { upstreamShared: Object.fromEntries(record.sharedReads) } : {}),
        ...(record.sharedOperation ? { operationShared: true } : {}),
        ...(record.estimatedUpstreamCalls === undefined ? {} : { estimatedUpstreamCalls: record.estimatedUpstreamCalls }),
        // The client went away before the response ended.
        ...(res.writableFinished ? {} : { aborted: true }),
      },
      'graphql request',
    );
  };
}

/**
 * `success`, `user_error` (a mutation refused with userErrors), the first GraphQL error code,
 * the code a guard refused the request with, or, for requests that ended otherwise (a client
 * that went away, an internal error), a code derived from the HTTP status.
 */
function outcomeOf(record: RequestRecord, status: number): string {
  const first = record.errorCodes[0] ?? record.refusedWith;
  if (first !== undefined) return first;
  if (status === 413) return ErrorCode.PAYLOAD_TOO_LARGE;
  if (status === 429) return ErrorCode.RATE_LIMITED;
  if (status >= 500) return ErrorCode.INTERNAL_SERVER_ERROR;
  if (status >= 400) return ErrorCode.BAD_REQUEST;
  return record.userErrors > 0 ? 'user_error' : 'success';
}
