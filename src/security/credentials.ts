import { createHash } from 'node:crypto';

/**
 * The caller's credential, read once per request by the HTTP layer and used by the context
 * (what is forwarded upstream), the rate limiter and the caches (the tenant key).
 */

/** A bearer token of sane characters and length; anything else is never sent upstream. */
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/i;

/** The scheme is case-insensitive (RFC 9110); it is normalised so one token is one tenant. */
export function bearerOf(header: string | undefined): string | undefined {
  const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
  return token === undefined ? undefined : `Bearer ${token}`;
}

/** The tenant key: a hash of the credential, so no cache key or log line holds a token. */
export function tenantKeyOf(authorization: string | undefined): string {
  if (!authorization) return 'anonymous';
  return createHash('sha256').update(authorization).digest('base64url').slice(0, 22);
}
