import type { ServerResponse } from 'node:http';

/** One budget a request was counted against, for the RateLimit header fields (below). */
export interface RateLimitPolicyState {
  /** `per-credential` or `per-ip`. */
  name: string;
  /** Requests allowed per window. */
  quota: number;
  windowSeconds: number;
  remaining: number;
  /** Seconds until the window ends. */
  resetSeconds: number;
}

/**
 * The IETF httpapi "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers-10
 * and -11), in their structured-field syntax: `RateLimit-Policy` lists each quota policy (`q`
 * requests per window of `w` seconds) and `RateLimit` where the caller stands in each (`r`
 * remaining, `t` seconds until the window resets), e.g.
 *
 *     RateLimit-Policy: "per-credential";q=600;w=60, "per-ip";q=600;w=60
 *     RateLimit: "per-credential";r=598;t=41, "per-ip";r=590;t=41
 *
 * A client slows down before it is refused instead of discovering the limit with a 429. The
 * partition key (`pk`) is left out: it would hand out the hash the budget is counted under.
 */
export function setRateLimitHeaders(res: ServerResponse, policies: readonly RateLimitPolicyState[]): void {
  if (policies.length === 0) return;
  res.setHeader('ratelimit-policy', policies.map((p) => `"${p.name}";q=${p.quota};w=${p.windowSeconds}`).join(', '));
  res.setHeader('ratelimit', policies.map((p) => `"${p.name}";r=${p.remaining};t=${p.resetSeconds}`).join(', '));
}
