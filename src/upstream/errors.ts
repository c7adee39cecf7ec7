import type { RefusedParam } from './refusal.js';

export type UpstreamErrorKind =
  /** No credential, a malformed one, or the upstream answered 401. */
  | 'UNAUTHENTICATED'
  /** The upstream answered 403. */
  | 'FORBIDDEN'
  /** The upstream answered 404: no such object in the caller's unit. */
  | 'NOT_FOUND'
  /** The upstream refused the parameters (400/422): a validation failure it explains. */
  | 'REJECTED'
  /** No answer within the budget. */
  | 'TIMEOUT'
  /** 5xx, 429, a connection failure, a body that is not the documented envelope... */
  | 'UNAVAILABLE'
  /** The circuit breaker is open: the call was not sent. */
  | 'CIRCUIT_OPEN';

export interface UpstreamErrorDetails {
  kind: UpstreamErrorKind;
  endpoint: string;
  /** HTTP status of the upstream answer, when there was one. */
  status?: number;
  /** The `message` of an error envelope, sanitised and truncated. */
  upstreamMessage?: string;
  /** For a refusal (`REJECTED`): the parameter it is about, when the client can tell (refusal.ts). */
  param?: RefusedParam;
  /** For a write whose answer was lost: what a read-back showed (see `UpstreamError.outcome`). */
  outcome?: WriteCheck;
  cause?: unknown;
}

/**
 * What a fresh read of the upstream showed after a write whose answer was lost.
 * `NOT_APPLIED`: the upstream answered with a failure and has no change (safe to retry).
 * `NOT_SEEN`: the call timed out and the change is not there yet; it may still be in flight
 * upstream, so read before retrying. `UNKNOWN`: the check itself failed.
 */
export type WriteCheck = 'NOT_APPLIED' | 'NOT_SEEN' | 'UNKNOWN';

/**
 * The one error type of the upstream layer, complete when constructed. Messages name the
 * endpoint and what went wrong, never the token or the full upstream URL, so they are safe to
 * log and to map for clients.
 */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  readonly kind: UpstreamErrorKind;
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly upstreamMessage: string | undefined;
  readonly param: RefusedParam | undefined;
  readonly outcome: WriteCheck | undefined;
  // Private fields, not properties: a logged error shows its own fields only, never these twice.
  readonly #reason: string;
  readonly #details: UpstreamErrorDetails;

  constructor(reason: string, details: UpstreamErrorDetails) {
    super(`numbers/${details.endpoint}: ${reason}`, { cause: details.cause });
    this.#reason = reason;
    this.#details = details;
    this.kind = details.kind;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.upstreamMessage = details.upstreamMessage;
    this.param = details.param;
    this.outcome = details.outcome;
  }

  /** The same failure, with what the read-back after a lost write showed. */
  withOutcome(outcome: WriteCheck): UpstreamError {
    return new UpstreamError(this.#reason, { ...this.#details, outcome });
  }
}

export function kindForStatus(status: number): UpstreamErrorKind {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 400 || status === 422) return 'REJECTED';
  return 'UNAVAILABLE';
}

const CONTROL_CHARS = /[\u0000-\u001f\u007f]+/g;
/** A REST path in upstream text (`use numbers/acquire to…`): no use to a GraphQL client. */
const REST_PATH = /(?:\/?api\/v2\/)?\bnumbers\/([a-z_]+)/gi;

/** Upstream text shown to people: no control characters, no REST paths, bounded length. */
export function sanitizeUpstreamMessage(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const clean = text.replace(CONTROL_CHARS, ' ').replace(REST_PATH, '$1').trim();
  if (clean === '') return undefined;
  return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}
