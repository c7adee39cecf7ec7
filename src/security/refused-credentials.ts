import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { ignoringStoreFailure } from '../cache/store-failure.js';
import { ErrorCode } from '../error-codes.js';
import type { Guard } from '../http/exchange.js';
import type { GatewayContext } from '../request/context.js';
import { UpstreamError } from '../upstream/errors.js';
import { tenantKeyOf } from './credentials.js';

/**
 * A credential the upstream refuses (expired, revoked, mistyped) is an HTTP 401, the status
 * token-refresh code acts on (Apollo Client's `onError`, OkHttp's `Authenticator`, fetch
 * wrappers), with `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3.1) and one
 * UNAUTHENTICATED error instead of one per root field.
 *
 * The refusal is remembered for a short while (REFUSED_CREDENTIAL_TTL_SECONDS) under the
 * credential's hash, never the token, in the shared store (Redis across replicas when
 * configured): a client retrying a dead token in a loop is answered by the guard, before the
 * body is read, and costs the upstream nothing. A store failure reads as "not refused".
 */
export interface RefusedCredentials {
  /** Whether the upstream refused this credential within the remembered window. */
  isRefused(authorization: string | undefined): Promise<boolean>;
  /** 401 before the body is read for a credential refused within the window (src/pipeline.ts, a guard). */
  guard: Guard;
  /** Rewrites an answer the upstream refused the credential for, and remembers the refusal. */
  plugin: ApolloServerPlugin<GatewayContext>;
  /** How long a refusal is remembered (0: not at all). */
  readonly ttlSeconds: number;
}

export interface RefusedCredentialsDeps {
  /** The shared store (src/cache/store.ts). */
  cache: KeyValueCache<string>;
  onStoreError?: (error: unknown) => void;
}

/** The challenge of RFC 6750 §3 for a credential that was sent and refused. */
export const INVALID_TOKEN_CHALLENGE = 'Bearer error="invalid_token"';

/** Store keys `refused:v1:<credential hash>`. */
const KEY_PREFIX = 'refused:v1:';

const REFRESH = 'Get a new token and send the request again.';

/** The one error of an answer whose credential the upstream refused, worded by what was asked. */
export function refusalMessage(operationType: string | undefined): string {
  const nothingChanged = operationType === 'mutation' ? ' Nothing was changed.' : '';
  return `The numbers service did not accept your credential (expired, revoked or mistyped).${nothingChanged} ${REFRESH}`;
}

/** The message of the guard's 401: the upstream was not asked this time. */
export function rememberedRefusalMessage(ttlSeconds: number): string {
  return `The numbers service refused this credential less than ${ttlSeconds} s ago; nothing was run or changed. ${REFRESH}`;
}

function refusedByUpstream(error: unknown): boolean {
  const original = unwrapResolverError(error);
  return original instanceof UpstreamError && original.kind === 'UNAUTHENTICATED' && original.status === 401;
}

/**
 * Whether a mutation's answer shows that something was applied: a root field with a payload.
 * A refused write nulls its root field; a token that expired between two writes of one
 * operation leaves the first one's payload, and then the client must see which write went
 * through (the per-field answer) instead of a 401 that would make it retry them all.
 */
function somethingApplied(data: Record<string, unknown> | null | undefined): boolean {
  return Object.values(data ?? {}).some((value) => value !== null);
}

export function createRefusedCredentials(ttlSeconds: number, deps: RefusedCredentialsDeps): RefusedCredentials {
  const keyOf = (tenantKey: string) => `${KEY_PREFIX}${tenantKey}`;
  const failed = (error: unknown) => deps.onStoreError?.(error);

  async function isRefused(authorization: string | undefined): Promise<boolean> {
    if (ttlSeconds === 0 || authorization === undefined) return false;
    const key = keyOf(tenantKeyOf(authorization));
    return ignoringStoreFailure(async () => (await deps.cache.get(key)) !== undefined, false, failed);
  }

  async function remember(tenantKey: string): Promise<void> {
    if (ttlSeconds === 0) return;
    await ignoringStoreFailure(() => deps.cache.set(keyOf(tenantKey), '1', { ttl: ttlSeconds }), undefined, failed);
  }

  const guard: Guard = {
    name: 'refusedCredential',
    async run(exchange) {
      if (!(await isRefused(exchange.request.authorization))) return 'continue';
      return exchange.refuse(401, ErrorCode.UNAUTHENTICATED, rememberedRefusalMessage(ttlSeconds), { 'www-authenticate': INVALID_TOKEN_CHALLENGE });
    },
  };

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart({ contextValue }) {
      let refused = false;
      return {
        async didEncounterErrors({ errors }) {
          if (errors.some(refusedByUpstream)) refused = true;
        },
        async willSendResponse({ response, operation }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          // Remembered in every case (awaited: the client's next try must meet the guard, on any
          // replica): the upstream said this credential is no good.
          if (refused && contextValue.tenantKey) await remember(contextValue.tenantKey);
          if (refused && !(operation?.operation === 'mutation' && somethingApplied(result.data))) {
            response.http.status = 401;
            response.http.headers.set('www-authenticate', INVALID_TOKEN_CHALLENGE);
            response.body.singleResult = {
              errors: [{ message: refusalMessage(operation?.operation), extensions: { code: ErrorCode.UNAUTHENTICATED } }],
              ...(result.extensions ? { extensions: result.extensions } : {}),
            };
          }
        },
      };
    },
  };

  return { isRefused, guard, plugin, ttlSeconds };
}
