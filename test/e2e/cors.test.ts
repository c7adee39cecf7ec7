import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startStack, type Stack } from '../helpers/stack.js';
import { CHROMIUM_PATH } from './browser.js';

/**
 * A web app on another origin, as a frontend team runs it: a page served from its own loopback
 * port calls the gateway with `fetch` in headless Chromium. The browser, not the test, decides
 * what the page may read. No request interception (Playwright's `route` answers CORS preflights
 * itself while it intercepts), so every preflight here is the gateway's.
 */

jest.setTimeout(60_000);

interface PageServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves one empty HTML page, so the page's origin is this server's. */
async function servePage(): Promise<PageServer> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>web app</title><p>web app</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the page's own code sees of one POST of `query` to the gateway. */
type Seen = { ok: true; status: number; body: unknown; headers: Record<string, string | null>; serverTiming: string[] } | { ok: false; error: string };

function callFromPage(page: Page, graphqlUrl: string, query: string, token: string | null = 'demo-token-a', extra: Record<string, string> = {}): Promise<Seen> {
  return page.evaluate(
    async ({ url, query, token, extra }) => {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
          body: JSON.stringify({ query }),
        });
        const names = ['x-request-id', 'ratelimit', 'ratelimit-policy', 'server-timing', 'www-authenticate', 'content-type', 'vary'];
        const body: unknown = await response.json();
        // The call's resource-timing entry, once the browser has filed it (a few tasks at most):
        // its serverTiming is empty for a cross-origin answer without Timing-Allow-Origin.
        type Entry = { serverTiming?: ReadonlyArray<{ name: string }> };
        let entry: Entry | undefined;
        for (let i = 0; i < 50 && entry === undefined; i++) {
          entry = (performance.getEntriesByName(url, 'resource') as Entry[]).at(-1);
          if (entry === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
        }
        performance.clearResourceTimings();
        return {
          ok: true as const,
          status: response.status,
          body,
          headers: Object.fromEntries(names.map((n) => [n, response.headers.get(n)])),
          serverTiming: (entry?.serverTiming ?? []).map((timing) => timing.name),
        };
      } catch (error) {
        return { ok: false as const, error: String(error) };
      }
    },
    { url: graphqlUrl, query, token, extra },
  );
}

let stack: Stack;
let allowed: PageServer;
let other: PageServer;
let browser: Browser;

beforeAll(async () => {
  allowed = await servePage();
  other = await servePage();
  stack = await startStack({ env: { CORS_ORIGINS: allowed.origin, RATE_LIMIT_PER_MINUTE: '100' } });
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await allowed?.close();
  await other?.close();
});

describe('a web app on another origin, in Chromium', () => {
  it('calls the gateway from an allowed origin and reads the data and the exposed headers', async () => {
    const page = await browser.newPage();
    await page.goto(`${allowed.origin}/`);
    stack.resetCalls();
    const seen = await callFromPage(page, `${stack.gateway.url}/graphql`, '{ numbers(first: 1) { totalCount } }');
    expect(seen).toMatchObject({ ok: true, status: 200, body: { data: { numbers: { totalCount: 30 } } } });
    if (!seen.ok) return;
    expect(seen.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.headers['ratelimit-policy']).toBe('"per-credential";q=100;w=60, "per-ip";q=100;w=60');
    expect(seen.headers.ratelimit).toMatch(/^"per-credential";r=\d+;t=\d+, "per-ip";r=\d+;t=\d+$/);
    expect(seen.headers['server-timing']).toMatch(/^total;dur=[\d.]+, upstream;dur=[\d.]+;desc="1 call", cache;desc="0 hits"$/);
    // Timing-Allow-Origin lets the page's Resource Timing show the gateway's Server-Timing too.
    expect(seen.serverTiming).toEqual(['total', 'upstream', 'cache']);
    // Not exposed, so hidden from the page although the gateway sends it.
    expect(seen.headers.vary).toBeNull();
    expect(stack.calls()).toEqual(['list']);
    await page.close();
  });

  it('lets the page ask for the upstream plan with Numbers-Plan (allowed in the preflight)', async () => {
    const page = await browser.newPage();
    await page.goto(`${allowed.origin}/`);
    stack.resetCalls();
    const seen = await callFromPage(page, `${stack.gateway.url}/graphql`, '{ numbers(first: 1) { totalCount } }', 'demo-token-a', {
      'numbers-plan': 'dry-run',
    });
    expect(seen).toMatchObject({ ok: true, status: 200, body: { data: null, extensions: { plan: { mode: 'dry-run', calls: [{ endpoint: 'list' }] } } } });
    expect(stack.calls()).toEqual([]);
    await page.close();
  });

  it('lets the page see a refused token as 401 with its WWW-Authenticate challenge', async () => {
    const page = await browser.newPage();
    await page.goto(`${allowed.origin}/`);
    const seen = await callFromPage(page, `${stack.gateway.url}/graphql`, '{ accessNumbers { code } }', null);
    expect(seen).toMatchObject({ ok: true, status: 401, headers: { 'www-authenticate': 'Bearer' } });
    await page.close();
  });

  it('blocks the same call from an origin that is not allowed, before any GraphQL work', async () => {
    const page = await browser.newPage();
    await page.goto(`${other.origin}/`);
    stack.resetCalls();
    const seen = await callFromPage(page, `${stack.gateway.url}/graphql`, '{ numbers(first: 1) { totalCount } }');
    expect(seen).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
    // The preflight failed, so the POST was never sent.
    expect(stack.calls()).toEqual([]);
    await page.close();
  });
});
