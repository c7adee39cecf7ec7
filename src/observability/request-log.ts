import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayContext } from '../context.js';
import type { GatewayMetrics } from './metrics.js';

/** What Apollo's pipeline learned about one request, for its log line and metrics. */
export interface RequestRecord {
  /** `undefined` until an operation is resolved (parse, validation and HTTP errors never are). */
  operationName?: string | null;
  operationType?: string;
  errorCodes: string[];
  userErrors: number;
  upstreamCalls?: Map<string, number>;
}

export interface RequestObserver {
  /** Apollo plugin that fills the record of the request it runs in. */
  plugin: ApolloServerPlugin<GatewayContext>;
  /** The record of a request being observed, for its GraphQL context. */
  recordOf(req: IncomingMessage): RequestRecord | undefined;
  /** Runs `serve` for one /graphql request and, when the response ends, logs and counts it. */
  observe(req: IncomingMessage, res: ServerResponse, serve: () => Promise<void>): Promise<void>;
}

/** Longest operation name written to a log line (names come from clients). */
const MAX_LOGGED_NAME = 100;

/**
 * One JSON log line and one metrics sample per /graphql request. The HTTP layer owns the
 * timing and the status (so rate-limited, oversized and malformed requests are counted too);
 * the Apollo plugin adds what only the pipeline knows. They meet through the request's GraphQL
 * context (looked up by the request object), not AsyncLocalStorage: on Node 20 that turns on
 * promise hooks, a cost on every promise of every request.
 */
export function createRequestObserver(deps: { logger: Logger; metrics: GatewayMetrics }): RequestObserver {
  const records = new WeakMap<IncomingMessage, RequestRecord>();

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart({ contextValue }) {
      const record = contextValue.record;
      if (!record) return;
      record.upstreamCalls = contextValue.upstreamCalls;
      return {
        async didResolveOperation({ operationName, operation }) {
          record.operationName = operationName ?? null;
          record.operationType = operation?.operation;
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          record.errorCodes = codesOf(errors);
          record.userErrors = userErrorsIn(data);
        },
      };
    },
  };

  async function observe(req: IncomingMessage, res: ServerResponse, serve: () => Promise<void>): Promise<void> {
    const started = performance.now();
    const record: RequestRecord = { errorCodes: [], userErrors: 0 };
    res.once('close', () => {
      const durationMs = performance.now() - started;
      const outcome = outcomeOf(record, res.statusCode);
      deps.metrics.graphqlRequest({ operationName: record.operationName, outcome, seconds: durationMs / 1000 });
      const requestId = res.getHeader('x-request-id');
      deps.logger.info(
        {
          requestId: typeof requestId === 'string' ? requestId : undefined,
          method: req.method,
          operation: record.operationName?.slice(0, MAX_LOGGED_NAME) ?? null,
          operationType: record.operationType,
          status: res.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
          outcome,
          errorCodes: record.errorCodes,
          userErrors: record.userErrors,
          upstream: Object.fromEntries(record.upstreamCalls ?? []),
          // The client went away before the response ended.
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'graphql request',
      );
    });
    records.set(req, record);
    return serve();
  }

  return { plugin, observe, recordOf: (req) => records.get(req) };
}

function codesOf(errors: readonly GraphQLFormattedError[] | undefined): string[] {
  const codes = new Set<string>();
  for (const error of errors ?? []) {
    const code = error.extensions?.code;
    codes.add(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
  }
  return [...codes];
}

/** Mutation payloads report expected failures as `userErrors`; count them across root fields. */
function userErrorsIn(data: Record<string, unknown> | null | undefined): number {
  let count = 0;
  for (const value of Object.values(data ?? {})) {
    if (typeof value !== 'object' || value === null || !('userErrors' in value)) continue;
    const { userErrors } = value;
    if (Array.isArray(userErrors)) count += userErrors.length;
  }
  return count;
}

/**
 * `success`, `user_error` (a mutation refused with userErrors), the first GraphQL error code,
 * or, for requests Apollo's pipeline never saw, a code derived from the HTTP status.
 */
function outcomeOf(record: RequestRecord, status: number): string {
  const [first] = record.errorCodes;
  if (first !== undefined) return first;
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'INTERNAL_SERVER_ERROR';
  if (status >= 400) return 'BAD_REQUEST';
  return record.userErrors > 0 ? 'user_error' : 'success';
}
