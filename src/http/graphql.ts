import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import { PayloadTooLargeError, readBody } from './body.js';
import { sendGraphQLError } from './respond.js';

export interface GraphQLHandlerOptions {
  apollo: ApolloServer<GatewayContext>;
  bodyLimitBytes: number;
  createContext(request: { authorization: string | undefined; requestId: string; req: IncomingMessage }): GatewayContext;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const requestIds = new WeakMap<IncomingMessage, string>();

/**
 * The caller's request id when it is sane, else a fresh one (the same for every ask about one
 * request): it travels to the upstream, the logs and the response header.
 */
export function requestIdOf(req: IncomingMessage): string {
  let id = requestIds.get(req);
  if (id === undefined) {
    const given = req.headers['x-request-id'];
    id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    requestIds.set(req, id);
  }
  return id;
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** Serves GraphQL over HTTP through Apollo Server's framework-neutral entry point. */
export function createGraphQLHandler(options: GraphQLHandlerOptions) {
  return async (req: IncomingMessage, res: ServerResponse, search: string): Promise<void> => {
    const requestId = requestIdOf(req);
    const idHeader = { 'x-request-id': requestId };
    let body: unknown;
    if (req.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(req, options.bodyLimitBytes);
      } catch (error) {
        if (error instanceof PayloadTooLargeError) {
          res.setHeader('connection', 'close');
          return sendGraphQLError(res, 413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${options.bodyLimitBytes} bytes.`, idHeader);
        }
        // The client hung up mid-body: nothing to answer, and not a server error.
        if (req.destroyed || req.readableAborted) return;
        throw error;
      }
      const contentType = req.headers['content-type'] ?? '';
      if (/^application\/(graphql-response\+)?json\b/i.test(contentType) && raw !== '') {
        try {
          body = JSON.parse(raw);
        } catch {
          return sendGraphQLError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.', idHeader);
        }
      } else {
        body = raw;
      }
    }
    const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMapOf(req), search, body },
      context: async () => options.createContext({ authorization, requestId, req }),
    });
    res.statusCode = response.status ?? 200;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.setHeader('x-request-id', requestId);
    // Answers depend on the credential: a browser cache must never hand one unit's cached GET
    // answer to another user of the same browser.
    res.setHeader('vary', 'authorization');
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
