// What an HTTP guard sees of a /graphql request before Apollo: the raw request and response,
// the request as it arrived (request/incoming.ts) and what the guards before it made of it.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode } from '../error-codes.js';
import type { IncomingRequest } from '../request/incoming.js';

export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly request: IncomingRequest;
  /** `req.method`, `GET` when absent. */
  readonly method: string;
  /** The body once the body guard has read it: the parsed JSON, or the text for other content types; `undefined` for GET. */
  body: unknown;
  /** The query string with its `?` (`''` when none); the trusted-documents guard may rewrite it. */
  search: string;
  /**
   * Answers the request with one GraphQL error (status, code, message, extra headers; the
   * request id and the pipeline's refusal extensions are added) and records the code.
   */
  refuse(status: number, code: ErrorCode, message: string, headers?: Record<string, string>): 'answered';
}

/** `answered`: the guard sent the response (or the client went away); nothing after it runs. */
export type GuardVerdict = 'continue' | 'answered';

/** A check that runs before any parse: refuse early, cheaply, or let the request go on. */
export interface Guard {
  /** Names it in code and docs (`rateLimit`, `body`, `trustedDocuments`). */
  readonly name: string;
  run(exchange: Exchange): Promise<GuardVerdict>;
}
