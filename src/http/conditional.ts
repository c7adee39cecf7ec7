// `If-None-Match` as an origin server evaluates it (RFC 9110 §13.1.2), for GET answers that carry
// an ETag. Unlike the `fresh` package (Express's rule for caches), a request's
// `Cache-Control: no-cache` does not turn the check off: that directive tells caches on the way
// not to answer from storage, and RFC 9110 §13.2.1 has the origin evaluate the precondition
// whatever the request's Cache-Control. Browsers' `fetch` sends `no-cache` with every request
// that carries `If-None-Match`, so with `fresh` no fetch-based client ever saw a 304.

/** `W/"…"` or `"…"`; the opaque part may hold commas, so the list is matched, not split. */
const ENTITY_TAG = /(?:W\/)?"[^"]*"/g;

/** The part compared by the weak comparison (RFC 9110 §8.8.3.2): the tag without `W/`. */
function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

/** Whether `If-None-Match` names the current representation (`*`, or its tag by weak comparison). */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const current = opaque(etag);
  for (const [tag] of header.matchAll(ENTITY_TAG)) if (opaque(tag) === current) return true;
  return false;
}
