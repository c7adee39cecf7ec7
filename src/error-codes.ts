// Every code the gateway puts in `extensions.code` (GraphQL errors, HTTP refusals) and in
// `userErrors[].code` (mutation payloads). Modules use these constants, never string literals,
// and the masking allow-list is derived from this list, so a new code is one line here and is
// never masked by surprise in one environment and shown in another.

import type { UserErrorCode as SchemaUserErrorCode } from './generated/graphql.js';

export const ErrorCode = {
  /** An argument or variable the gateway refused before any upstream call. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** A malformed HTTP request (body, method, an APQ hash that does not match its document). */
  BAD_REQUEST: 'BAD_REQUEST',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  /** The document does not validate, or breaks an operation limit. */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** No usable credential, or the upstream refused it. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  /** The upstream failed: 5xx, a broken body, a reset connection. */
  UPSTREAM_ERROR: 'UPSTREAM_ERROR',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  /** The circuit breaker is open: nothing was sent upstream. */
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  /** The operation's estimate of upstream calls is over the limit: refused before any call. */
  COST_ESTIMATED_TOO_EXPENSIVE: 'COST_ESTIMATED_TOO_EXPENSIVE',
  /** Safelist mode: a document sent as text that the trusted-document manifest does not list. */
  QUERY_NOT_IN_SAFELIST: 'QUERY_NOT_IN_SAFELIST',
  /** A persisted-document id (`documentId` or an APQ hash) the manifest does not list. */
  PERSISTED_QUERY_NOT_IN_LIST: 'PERSISTED_QUERY_NOT_IN_LIST',
  /** A bug or an error nobody wrote for clients: the message is masked. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Codes of expected mutation failures, returned as data in `userErrors`. The schema's
 * `enum UserErrorCode` is the list clients switch on; `satisfies` makes this object name every
 * member of it and nothing else, so the two cannot drift.
 */
export const UserErrorCode = {
  INVALID_FORMAT: 'INVALID_FORMAT',
  TOO_LONG: 'TOO_LONG',
  NO_CHANGES: 'NO_CHANGES',
  NOT_FOUND: 'NOT_FOUND',
  NUMBER_NOT_AVAILABLE: 'NUMBER_NOT_AVAILABLE',
  REJECTED: 'REJECTED',
} as const satisfies { [Code in SchemaUserErrorCode]: Code };

export type UserErrorCode = SchemaUserErrorCode;

const CLIENT_CODES: ReadonlySet<string> = new Set<string>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR));

/** Whether a code's errors carry messages written for clients (everything but INTERNAL_SERVER_ERROR). */
export function isClientCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && CLIENT_CODES.has(code);
}
