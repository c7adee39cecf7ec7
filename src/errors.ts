import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, isClientCode } from './error-codes.js';
import { UpstreamError, type UpstreamErrorKind } from './upstream/errors.js';

/**
 * The one mapping from upstream failures to GraphQL error codes and client-safe messages.
 * `where` is ` (numbers/info)` outside production and empty in it: REST paths help whoever
 * debugs against the simulator and are internal detail to a production client.
 */
const CODES: Record<UpstreamErrorKind, { code: ErrorCode; message: (e: UpstreamError, where: string) => string }> = {
  UNAUTHENTICATED: {
    code: ErrorCode.UNAUTHENTICATED,
    message: (e) => (e.status === 401 ? 'The numbers service did not accept your credential.' : 'Send your API token as "Authorization: Bearer <token>".'),
  },
  FORBIDDEN: { code: ErrorCode.FORBIDDEN, message: () => 'Your credential may not do this.' },
  NOT_FOUND: { code: ErrorCode.NOT_FOUND, message: () => 'Not found in your unit.' },
  REJECTED: { code: ErrorCode.BAD_USER_INPUT, message: (e) => e.upstreamMessage ?? 'The numbers service refused the request.' },
  TIMEOUT: { code: ErrorCode.UPSTREAM_TIMEOUT, message: (_e, where) => `The numbers service did not answer in time${where}.` },
  UNAVAILABLE: { code: ErrorCode.UPSTREAM_ERROR, message: (_e, where) => `The numbers service failed${where}.` },
  CIRCUIT_OPEN: {
    code: ErrorCode.UPSTREAM_UNAVAILABLE,
    message: () => 'The numbers service is failing; requests are paused for a few seconds. Try again shortly.',
  },
};

export function upstreamToGraphQL(error: UpstreamError, showEndpoint = true): { message: string; code: ErrorCode } {
  const entry = CODES[error.kind];
  return { message: entry.message(error, showEndpoint ? ` (numbers/${error.endpoint})` : ''), code: entry.code };
}

export interface FormatErrorOptions {
  /** Production: no message or extension names an upstream endpoint (logs and metrics keep it). */
  hideEndpoints?: boolean;
}

/**
 * Whether an error's message was written for clients (else it is masked, in every environment).
 * Apollo's own request errors without a code (e.g. an APQ hash that does not match its query)
 * carry a 4xx status: the client's mistake, already worded for the client.
 */
export function isForClients(original: unknown, code: unknown): boolean {
  if (!(original instanceof GraphQLError)) return false;
  if (isClientCode(code)) return true;
  const status = (original.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Apollo's `formatError`: upstream errors get their code and a safe message (no URL, no token,
 * no upstream body); errors we did not write for clients are masked the same way in every
 * environment, so a missing code shows up in tests, not first in production. Development only
 * adds stack traces, to the masked errors (the unexpected ones). Logging happens in the
 * error-log plugin, where the request id is known.
 */
export function createFormatError(development: boolean, options: FormatErrorOptions = {}) {
  const showEndpoint = !options.hideEndpoints;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof UpstreamError) {
      const { message, code } = upstreamToGraphQL(original, showEndpoint);
      const endpoint = showEndpoint ? { endpoint: `numbers/${original.endpoint}` } : {};
      const outcome = original.outcome === undefined ? {} : { outcome: original.outcome };
      return { message, ...base, extensions: { code, ...endpoint, ...outcome } };
    }
    const code = formatted.extensions?.code;
    if (isForClients(original, code)) {
      // Written for the client: its stack is the gateway's own frames (a 401 would show ten of
      // them), which tell the reader nothing, so it carries none even in development.
      const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
      // Apollo codes its own uncoded 4xx errors INTERNAL_SERVER_ERROR; they are bad requests.
      return { ...formatted, extensions: { ...extensions, code: isClientCode(code) ? code : ErrorCode.BAD_REQUEST } };
    }
    const stacktrace = development ? formatted.extensions?.stacktrace : undefined;
    const debug = stacktrace === undefined ? {} : { stacktrace };
    return { message: 'Internal server error', ...base, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...debug } };
  };
}
