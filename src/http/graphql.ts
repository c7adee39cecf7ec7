import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import { ErrorCode } from '../error-codes.js';
import type { RequestLog } from '../observability/request-log.js';
import type { Tracing } from '../observability/tracing/types.js';
import type { ContextFactory, GatewayContext } from '../request/context.js';
import { startRequest } from '../request/incoming.js';
import { sendBody, VARY } from './compression.js';
import type { Exchange, Guard } from './exchange.js';
import { sendGraphQLError } from './respond.js';

export interface GraphQLHandlerOptions {
  apollo: ApolloServer<GatewayContext>;
  /** Run in this order before Apollo; the first that answers ends the request (src/pipeline.ts). */
  guards: readonly Guard[];
  createContext: ContextFactory;
  requestLog: RequestLog;
  logger: Logger;
  /** Starts each request's trace (a SERVER span continuing the caller's traceparent). */
  tracing: Tracing;
  /** Response extensions of requests refused before Apollo (`cost`: nothing was called). */
  refusalExtensions?: Record<string, unknown>;
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * Serves /graphql: one request from arrival (request id, credential, record, trace) through
 * the guards and Apollo Server's framework-neutral entry point, to its log line.
 */
export function createGraphQLHandler(options: GraphQLHandlerOptions) {
  const { guards, refusalExtensions } = options;

  function exchangeOf(req: IncomingMessage, res: ServerResponse, search: string): Exchange {
    const request = startRequest(req.headers, options.tracing.request(req.method ?? 'GET', req.headers, req.httpVersion));
    return {
      req,
      res,
      request,
      method: req.method ?? 'GET',
      body: undefined,
      search,
      refuse(status, code, message, headers = {}) {
        request.record.refusedWith = code;
        // A refusal is about this request only: never stored (as Apollo's own error answers).
        sendGraphQLError(res, status, code, message, { 'cache-control': 'no-store', ...headers, 'x-request-id': request.requestId }, refusalExtensions);
        return 'answered';
      },
    };
  }

  async function serve(exchange: Exchange): Promise<void> {
    for (const guard of guards) {
      if ((await guard.run(exchange)) === 'answered') return;
    }
    const { req, res, request } = exchange;
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: exchange.method, headers: headerMapOf(req), search: exchange.search, body: exchange.body },
      context: async () => options.createContext(request),
    });
    res.statusCode = response.status ?? 200;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.setHeader('x-request-id', request.requestId);
    // Answers depend on the credential: a browser cache must never hand one unit's cached GET
    // answer to another user of the same browser.
    // Added to what the CORS guard may have set (`origin`).
    const vary = res.getHeader('vary');
    res.setHeader('vary', vary === undefined ? VARY : `${String(vary)}, ${VARY}`);
    if (response.body.kind === 'complete') return sendBody(req, res, response.body.string);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return async (req: IncomingMessage, res: ServerResponse, search: string): Promise<void> => {
    const exchange = exchangeOf(req, res, search);
    const { request } = exchange;
    res.once('close', () => {
      // The client went away first: reads it shares with other requests stop waiting for it.
      if (!res.writableFinished) request.departure.leave();
      options.requestLog(request, req, res);
      request.trace.end(res.headersSent ? res.statusCode : undefined, !res.writableFinished);
    });
    try {
      await serve(exchange);
    } catch (error) {
      options.logger.error({ err: error, requestId: request.requestId, traceId: request.trace.traceId }, 'request failed');
      if (!res.headersSent) {
        sendGraphQLError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', { 'x-request-id': request.requestId });
      } else res.destroy();
    }
  };
}
