import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import type { Logger } from "pino";
import {
  startRequest,
  type GatewayContext,
  type IncomingRequest,
} from "../context.js";
import { ErrorCode } from "../error-codes.js";
import type { RequestLog } from "../observability/request-log.js";
import type { Tracing } from "../observability/tracing.js";
import type { PersistedDocuments } from "../security/persisted-documents.js";
import type { RateLimiter } from "../security/rate-limit.js";
import { PayloadTooLargeError, readBody } from "./body.js";
import { sendBody, VARY } from "./compression.js";
import { sendGraphQLError } from "./respond.js";

export interface GraphQLHandlerOptions {
  apollo: ApolloServer<GatewayContext>;
  bodyLimitBytes: number;
  rateLimiter: RateLimiter;
  createContext(request: IncomingRequest): GatewayContext;
  requestLog: RequestLog;
  logger: Logger;
  /** Starts each request's trace (a SERVER span continuing the caller's traceparent); absent: none. */
  tracing?: Tracing;
  /** Trusted documents: resolves ids to documents and refuses what the manifest does not list. */
  persistedDocuments?: PersistedDocuments;
  /** Response extensions of requests refused before Apollo (`cost`: nothing was called). */
  refusalExtensions?: Record<string, unknown>;
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined)
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

/**
 * Serves /graphql: one request from arrival (request id, credential, record) through rate
 * limiting, the body and Apollo Server's framework-neutral entry point, to its log line.
 */
export function createGraphQLHandler(options: GraphQLHandlerOptions) {
  async function serve(
    request: IncomingRequest,
    req: IncomingMessage,
    res: ServerResponse,
    search: string,
  ): Promise<void> {
    const idHeader = { "x-request-id": request.requestId };
    const verdict = await options.rateLimiter.check(req, request.authorization);
    if (!verdict.allowed) {
      const retryAfter = String(verdict.retryAfterSeconds);
      return sendGraphQLError(
        res,
        429,
        ErrorCode.RATE_LIMITED,
        `Too many requests; retry after ${retryAfter} s.`,
        { "retry-after": retryAfter, ...idHeader },
        options.refusalExtensions,
      );
    }
    let body: unknown;
    if (req.method === "POST") {
      let raw: string;
      try {
        raw = await readBody(req, options.bodyLimitBytes);
      } catch (error) {
        if (error instanceof PayloadTooLargeError) {
          res.setHeader("connection", "close");
          return sendGraphQLError(
            res,
            413,
            ErrorCode.PAYLOAD_TOO_LARGE,
            `The request body is larger than ${options.bodyLimitBytes} bytes.`,
            idHeader,
            options.refusalExtensions,
          );
        }
        // The client hung up mid-body: nothing to answer, and not a server error.
        if (req.destroyed || req.readableAborted) return;
        throw error;
      }
      const contentType = req.headers["content-type"] ?? "";
      if (
        /^application\/(graphql-response\+)?json\b/i.test(contentType) &&
        raw !== ""
      ) {
        try {
          body = JSON.parse(raw);
        } catch {
          return sendGraphQLError(
            res,
            400,
            ErrorCode.BAD_REQUEST,
            "The request body is not valid JSON.",
            idHeader,
            options.refusalExtensions,
          );
        }
      } else {
        body = raw;
      }
    }
    const trusted = options.persistedDocuments?.resolve(
      req.method ?? "GET",
      body,
      search,
    );
    if (trusted?.refused) {
      request.record.errorCodes.push(trusted.code);
      return sendGraphQLError(
        res,
        400,
        trusted.code,
        trusted.message,
        idHeader,
        options.refusalExtensions,
      );
    }
    if (trusted) ({ body, search } = trusted);
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? "GET",
        headers: headerMapOf(req),
        search,
        body,
      },
      context: async () => options.createContext(request),
    });
    res.statusCode = response.status ?? 200;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.setHeader("x-request-id", request.requestId);
    // Answers depend on the credential: a browser cache must never hand one unit's cached GET
    // answer to another user of the same browser.
    res.setHeader("vary", VARY);
    if (response.body.kind === "complete")
      return sendBody(req, res, response.body.string);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return async (
    req: IncomingMessage,
    res: ServerResponse,
    search: string,
  ): Promise<void> => {
    const request = startRequest(
      req.headers,
      options.tracing?.request(
        req.method ?? "GET",
        req.headers,
        req.httpVersion,
      ),
    );
    res.once("close", () => {
      // The client went away first: reads it shares with other requests stop waiting for it.
      if (!res.writableFinished) request.departure.leave();
      options.requestLog(request, req, res);
      request.trace.end(
        res.headersSent ? res.statusCode : undefined,
        !res.writableFinished,
      );
    });
    try {
      await serve(request, req, res, search);
    } catch (error) {
      options.logger.error(
        {
          err: error,
          requestId: request.requestId,
          traceId: request.trace.traceId,
        },
        "request failed",
      );
      if (!res.headersSent) {
        sendGraphQLError(
          res,
          500,
          ErrorCode.INTERNAL_SERVER_ERROR,
          "Internal server error",
          { "x-request-id": request.requestId },
        );
      } else res.destroy();
    }
  };
}
