import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * Content coding and conditional requests over real HTTP. node:http, not fetch: fetch decodes
 * bodies by itself, and these tests are about the bytes on the wire.
 */

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

const VARY = 'accept, accept-encoding, authorization';
const AUTH = { authorization: 'Bearer demo-token-a' };
const PREFLIGHT = { 'apollo-require-preflight': 'true' };
const BIG = '{ numbers(first: 100) { totalCount nodes { id number e164 createdAt updatedAt destination { type name } subscriber { name status } } } }';

function request(method: 'GET' | 'POST', query: string, headers: Record<string, string>): Promise<RawResponse> {
  const url = new URL('/graphql', stack.gateway.url);
  const payload = JSON.stringify({ query });
  if (method === 'GET') url.searchParams.set('query', query);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(method === 'POST' ? payload : undefined);
  });
}

const post = (query: string, headers: Record<string, string> = {}) => request('POST', query, { ...AUTH, ...headers });
const get = (query: string, headers: Record<string, string> = {}) => request('GET', query, { ...AUTH, ...PREFLIGHT, ...headers });

function decode(response: RawResponse): unknown {
  const coding = response.headers['content-encoding'];
  const raw = coding === 'gzip' ? zlib.gunzipSync(response.body) : coding === 'br' ? zlib.brotliDecompressSync(response.body) : response.body;
  return JSON.parse(raw.toString('utf8'));
}

describe('response compression', () => {
  it.each([
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br, zstd', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['*', 'br'],
    ['identity', undefined],
    ['gzip;q=0, br;q=0', undefined],
  ])('answers Accept-Encoding %p with %p, decoding to the same JSON as an uncompressed answer', async (accept, coding) => {
    const plain = await post(BIG);
    const encoded = await post(BIG, { 'accept-encoding': accept });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(5_000);
    expect(encoded.headers['content-encoding']).toBe(coding);
    expect(encoded.headers.vary).toBe(VARY);
    expect(Number(encoded.headers['content-length'])).toBe(encoded.body.length);
    if (coding) expect(encoded.body.length).toBeLessThan(plain.body.length / 3);
    expect(decode(encoded)).toEqual(JSON.parse(plain.body.toString('utf8')));
    expect((decode(encoded) as { data: { numbers: { totalCount: number } } }).data.numbers.totalCount).toBe(30);
  });

  it('sends answers under 1 KiB as they are', async () => {
    const small = await post('{ numbers(first: 1) { totalCount } }', { 'accept-encoding': 'gzip, br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.toString('utf8')).toBe('{"data":{"numbers":{"totalCount":30}},"extensions":{"cost":{"estimated":1,"actual":1,"limit":25}}}\n');
    expect(Number(small.headers['content-length'])).toBe(small.body.length);
    expect(small.headers.vary).toBe(VARY);
  });

  it('compresses refusals too when they are large, and keeps their status', async () => {
    const unknownFields = Array.from({ length: 60 }, (_, i) => `f${i}`).join(' ');
    const refused = await post(`{ ${unknownFields} }`, { 'accept-encoding': 'gzip' });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-encoding']).toBe('gzip');
    expect((decode(refused) as { errors: unknown[] }).errors).toHaveLength(60);
  });
});

describe('ETag and 304', () => {
  const REFERENCE = '{ accessNumbers { code description takesNumber } }';

  it('gives a cacheable GET answer a weak ETag and answers a matching If-None-Match with an empty 304', async () => {
    const first = await get(REFERENCE, { 'accept-encoding': 'gzip' });
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('max-age=300, private');
    const tag = first.headers.etag!;
    expect(tag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]+"$/);

    const conditional: Array<Record<string, string>> = [
      { 'if-none-match': tag },
      { 'if-none-match': `"other", ${tag}` },
      { 'if-none-match': tag, 'accept-encoding': 'br' },
    ];
    for (const headers of conditional) {
      const again = await get(REFERENCE, headers);
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers).toMatchObject({ etag: tag, vary: VARY, 'cache-control': 'max-age=300, private' });
      expect(again.headers['content-encoding']).toBeUndefined();
    }
    // The same tag stands for the identity and the compressed answer: one body, two codings.
    expect((await get(REFERENCE)).headers.etag).toBe(tag);
  });

  it('answers 200 with the body for a tag of another answer', async () => {
    const other = (await get('{ accessNumbers { code } }')).headers.etag!;
    const answer = await get(REFERENCE, { 'if-none-match': other });
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).not.toBe(other);
    expect((decode(answer) as { data: { accessNumbers: unknown[] } }).data.accessNumbers).toHaveLength(12);
  });

  it('gives no ETag to answers that must not be kept: POSTs and errors (numbers are revalidated: test/http/revalidation.test.ts)', async () => {
    expect((await post(REFERENCE)).headers.etag).toBeUndefined();
    const failing = await get('{ accessNumbers { dialString(number: "x") } }');
    expect(failing.headers.etag).toBeUndefined();
    const unauthenticated = await request('GET', REFERENCE, PREFLIGHT);
    expect([unauthenticated.status, unauthenticated.headers.etag]).toEqual([401, undefined]);
  });
});
