/**
 * Keeps a label's values bounded. Operation names and error codes come from clients (or from
 * code we do not own), and every distinct label value is a new time series in Prometheus: a
 * client that sends a fresh operation name per request would otherwise grow the gateway's
 * memory and the metrics backend without limit. The first `max` values are kept as they are;
 * later ones share `overflow`.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly overflow = 'other',
  ) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return this.overflow;
    this.seen.add(value);
    return value;
  }
}

/** GraphQL names are `[_A-Za-z][_0-9A-Za-z]*`; anything else never becomes a label. */
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

export function isGraphQLName(value: string): boolean {
  return GRAPHQL_NAME.test(value);
}

export function isErrorCode(value: string): boolean {
  return ERROR_CODE.test(value);
}

/**
 * The part of a shared-store key that says what it holds, never the rest (tenant hashes,
 * query hashes, prefixes): `apq:<sha256>` is Apollo's persisted-query cache, `ref:…` the
 * reference-data cache (src/cache/reference.ts), `refused:…` the credentials the upstream refused
 * recently (src/security/refused-credentials.ts).
 */
export function cacheNameOf(key: string): 'apq' | 'reference' | 'refused' | 'other' {
  if (key.startsWith('apq:')) return 'apq';
  if (key.startsWith('ref:')) return 'reference';
  // Credentials the upstream refused (security/refused-credentials.ts): a hit is a 401 that asked no one.
  if (key.startsWith('refused:')) return 'refused';
  return 'other';
}
