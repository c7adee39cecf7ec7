import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { UpstreamError, type UpstreamErrorKind } from './upstream/errors.js';

/** The one mapping from upstream failures to GraphQL error codes and client-safe messages. */
const CODES: Record<UpstreamErrorKind, { code: string; message: (e: UpstreamError) => string }> = {
  UNAUTHENTICATED: {
    code: 'UNAUTHENTICATED',
    message: (e) =>
      e.status === 401
        ? 'The numbers service did not accept your credential.'
        : 'Send your API token as "Authorization: Bearer <token>".',
  },
  FORBIDDEN: { code: 'FORBIDDEN', message: () => 'Your credential may not do this.' },
  NOT_FOUND: { code: 'NOT_FOUND', message: () => 'Not found in your unit.' },
  REJECTED: { code: 'BAD_USER_INPUT', message: (e) => e.upstreamMessage ?? 'The numbers service refused the request.' },
  TIMEOUT: { code: 'UPSTREAM_TIMEOUT', message: (e) => `The numbers service did not answer in time (numbers/${e.endpoint}).` },
  UNAVAILABLE: { code: 'UPSTREAM_ERROR', message: (e) => `The numbers service failed (numbers/${e.endpoint}).` },
  CIRCUIT_OPEN: {
    code: 'UPSTREAM_UNAVAILABLE',
    message: () => 'The numbers service is failing; requests are paused for a few seconds. Try again shortly.',
  },
};

export function upstreamToGraphQL(error: UpstreamError): { message: string; code: string } {
  const entry = CODES[error.kind];
  return { message: entry.message(error), code: entry.code };
}

/** Codes whose messages were written for clients; anything else is masked. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'UPSTREAM_ERROR',
]);

/**
 * Apollo's `formatError`: upstream errors get their code and a safe message (no URL, no token,
 * no upstream body); errors we did not write for clients are masked and logged, so an internal
 * bug never leaks a stack trace or a detail outside development.
 */
export function createFormatError(logger: Logger, development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof UpstreamError) {
      const { message, code } = upstreamToGraphQL(original);
      if (original.kind === 'TIMEOUT' || original.kind === 'UNAVAILABLE') {
        logger.warn({ err: original, endpoint: original.endpoint, status: original.status }, 'upstream failure');
      }
      const outcome = original.outcome === undefined ? {} : { outcome: original.outcome };
      return { message, ...base, extensions: { code, endpoint: `numbers/${original.endpoint}`, ...outcome } };
    }
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError && typeof code === 'string' && CLIENT_CODES.has(code)) {
      return development ? formatted : { ...formatted, extensions: withoutStacktrace(formatted.extensions) };
    }
    logger.error({ err: original, path: formatted.path }, 'internal error');
    if (development) return formatted;
    return { message: 'Internal server error', ...base, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

function withoutStacktrace(extensions: GraphQLFormattedError['extensions']): Record<string, unknown> {
  const { stacktrace: _stacktrace, ...rest } = extensions ?? {};
  return rest;
}
