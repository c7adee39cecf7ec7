import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context.js';
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

/** Whether an error's message was written for clients (else it is masked outside development). */
function isForClients(original: unknown, code: unknown): boolean {
  if (!(original instanceof GraphQLError)) return false;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) return true;
  // Apollo's own request errors without a code (e.g. an APQ hash that does not match its
  // query) carry a 4xx status: the client's mistake, already worded for the client.
  const status = (original.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Apollo's `formatError`: upstream errors get their code and a safe message (no URL, no token,
 * no upstream body); errors we did not write for clients are masked, so an internal bug never
 * leaks a stack trace or a detail outside development. Logging happens in `errorLogPlugin`,
 * where the request (and its request id) is known.
 */
export function createFormatError(development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof UpstreamError) {
      const { message, code } = upstreamToGraphQL(original);
      const outcome = original.outcome === undefined ? {} : { outcome: original.outcome };
      return { message, ...base, extensions: { code, endpoint: `numbers/${original.endpoint}`, ...outcome } };
    }
    const code = formatted.extensions?.code;
    if (isForClients(original, code)) {
      // Apollo codes its own uncoded 4xx errors INTERNAL_SERVER_ERROR; they are bad requests.
      const fixed = typeof code === 'string' && CLIENT_CODES.has(code) ? {} : { code: 'BAD_REQUEST' };
      const extensions = development ? formatted.extensions : withoutStacktrace(formatted.extensions);
      return { ...formatted, extensions: { ...extensions, ...fixed } };
    }
    if (development) return formatted;
    return { message: 'Internal server error', ...base, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * Logs upstream failures and internal errors with the request's own logger (so each line has
 * its request id); expected client errors are not logged one by one.
 */
export const errorLogPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors }) {
        for (const error of errors) {
          const original = unwrapResolverError(error);
          if (original instanceof UpstreamError) {
            if (original.kind === 'TIMEOUT' || original.kind === 'UNAVAILABLE') {
              contextValue.logger.warn({ err: original, endpoint: original.endpoint, status: original.status, path: error.path }, 'upstream failure');
            }
          } else if (!isForClients(original, error.extensions.code)) {
            contextValue.logger.error({ err: original, path: error.path }, 'internal error');
          }
        }
      },
    };
  },
};

function withoutStacktrace(extensions: GraphQLFormattedError['extensions']): Record<string, unknown> {
  const { stacktrace: _stacktrace, ...rest } = extensions ?? {};
  return rest;
}
