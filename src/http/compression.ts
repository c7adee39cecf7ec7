import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import etag from 'etag';
import Negotiator from 'negotiator';
import { ifNoneMatchMatches } from './conditional.js';

// How a complete /graphql answer goes on the wire: a weak ETag and 304 for cacheable and
// revalidated GET answers (conditional.ts), and gzip or br from 1 KiB, negotiated by
// Accept-Encoding (jshttp's negotiator and etag do the header grammar). The body is already whole in memory (Apollo hands it
// over complete), so it is compressed in one call on the zlib thread pool, not as a stream.

/**
 * Below this a compressed body saves less than its cost: a 1 KiB answer already fits one TCP
 * segment with its headers, and gzip's fixed overhead (~20 bytes) eats much of the gain on the
 * small error and single-number answers. bench/compression.ts measures the cost above it.
 */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * The answer depends on all three: the media type (Apollo negotiates `Accept`), the content
 * coding, and the credential (each unit sees its own numbers).
 */
export const VARY = 'accept, accept-encoding, authorization';

/**
 * Levels for dynamic bodies, chosen with bench/compression.ts: gzip 6 (zlib's default) and
 * brotli quality 4, which beats gzip 6 on size at a similar CPU cost; brotli's default
 * quality 11 is for static files and costs ~50× more.
 */
export const GZIP_OPTIONS: zlib.ZlibOptions = { level: 6 };
export const BROTLI_OPTIONS = (size: number): zlib.BrotliOptions => ({
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
  },
});

const gzip = promisify<zlib.InputType, zlib.ZlibOptions, Buffer>(zlib.gzip);
const brotli = promisify<zlib.InputType, zlib.BrotliOptions, Buffer>(zlib.brotliCompress);

const ENCODERS: Record<string, (body: Buffer) => Promise<Buffer>> = {
  br: (body) => brotli(body, BROTLI_OPTIONS(body.length)),
  gzip: (body) => gzip(body, GZIP_OPTIONS),
};

/** Our order breaks ties between codings the client weighs the same (`*`); its `q` values win. */
const CODINGS = ['br', 'gzip', 'identity'];

/** The coding to send: `identity` when the client accepts neither, or refuses everything we have. */
export function negotiateEncoding(req: Pick<IncomingMessage, 'headers'>): string {
  return new Negotiator(req).encoding(CODINGS) ?? 'identity';
}

/**
 * Only answers the gateway marked cacheable (src/cache/cache-control.ts) get validators: a
 * max-age, or `no-cache` (keep it, but revalidate each time); never `no-store`.
 */
function isCacheable(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || res.statusCode !== 200) return false;
  const cacheControl = String(res.getHeader('cache-control') ?? '');
  return !/\bno-store\b/.test(cacheControl) && (/\bno-cache\b/.test(cacheControl) || /\bmax-age=[1-9]/.test(cacheControl));
}

/**
 * `extensions.cost` (src/governance) reports what this one request called upstream, so a warm
 * request answers the same data as a cold one with another `actual`. The ETag validates the
 * representation the client caches, so it is computed without that extension; when the body has
 * any other shape, the whole body is hashed (no 304 is ever wrong, at worst one is missed).
 */
const COST_EXTENSION = /,"extensions":\{"cost":\{"estimated":\d+,"actual":\d+,"limit":\d+(?:,"remaining":\d+,"resetInSeconds":\d+)?\}\}(?=\}\n?$)/;

/**
 * Ends `res` with `body`, after the status and headers are set: 304 when the client's
 * If-None-Match names this exact body, else the body in the best coding the client accepts.
 */
export async function sendBody(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
  const raw = Buffer.from(body);
  if (isCacheable(req, res)) {
    // Weak: the same tag validates every coding of this body (RFC 9110 8.8.1).
    const tag = etag(body.replace(COST_EXTENSION, ''), { weak: true });
    res.setHeader('etag', tag);
    if (ifNoneMatchMatches(req.headers['if-none-match'], tag)) {
      res.statusCode = 304;
      res.removeHeader('content-type');
      res.removeHeader('content-length');
      res.end();
      return;
    }
  }
  const coding = raw.length >= COMPRESSION_THRESHOLD_BYTES ? negotiateEncoding(req) : 'identity';
  const encode = ENCODERS[coding];
  const sent = encode ? await encode(raw) : raw;
  if (encode) res.setHeader('content-encoding', coding);
  res.setHeader('content-length', sent.length);
  res.end(sent);
}
