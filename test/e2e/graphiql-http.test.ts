import { afterEach, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { DEMO_DOCUMENT, DEMO_HEADERS, DEMO_VARIABLES } from '../../src/graphiql/examples.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';

/** What the GraphiQL routes promise over HTTP, without a browser. */

let simulator: Simulator | undefined;
let gateway: Gateway | undefined;

afterEach(async () => {
  await gateway?.stop();
  await simulator?.close();
  gateway = undefined;
  simulator = undefined;
});

async function start(env: Record<string, string>, demo = true): Promise<Gateway> {
  simulator = await createSimulator({});
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...env });
  gateway = createGateway(config, { upstreamUrl: simulator.url, logger: pino({ level: 'silent' }), demo });
  await gateway.start();
  return gateway;
}

const browserGet = (url: string) => fetch(url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

describe('GraphiQL over HTTP', () => {
  it('serves the page to a browser at /graphql with a same-origin CSP and no-cache', async () => {
    const { url } = await start({ NODE_ENV: 'development' });
    const response = await browserGet(`${url}/graphql`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toMatch(/https?:|\*/);
    const html = await response.text();
    expect(html).toContain('Bearer demo-token-a');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('serves every asset the page refers to under a hashed URL, cached for a year', async () => {
    const { url } = await start({ NODE_ENV: 'development' });
    const html = await (await browserGet(`${url}/graphql`)).text();
    const paths = [...new Set(html.match(/\/graphiql\/assets\/[\w.-]+/g) ?? [])];
    expect(paths.length).toBeGreaterThanOrEqual(6); // script, stylesheet, three workers, chunks
    for (const path of paths) {
      expect(path).toMatch(/-[A-Z0-9]{8}\.(js|css)$/);
      const response = await fetch(`${url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-type')).toMatch(/^(text\/javascript|text\/css)/);
    }
    expect((await fetch(`${url}/graphiql/assets/main-NOTTHERE.js`)).status).toBe(404);
  });

  it('keeps answering GraphQL at /graphql for clients that do not ask for HTML', async () => {
    const { url } = await start({ NODE_ENV: 'development' });
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a' },
      body: JSON.stringify({ query: '{ numbers(first: 1) { totalCount } }' }),
    });
    expect(await response.json()).toEqual({ data: { numbers: { totalCount: 30 } }, extensions: { cost: { estimated: 1, actual: 1, limit: 25 } } });
  });

  it('opens against a real upstream without the demo token, asking for one instead', async () => {
    const { url } = await start({ NODE_ENV: 'development' }, false);
    const html = await (await browserGet(`${url}/graphql`)).text();
    expect(html).not.toContain('demo-token');
    expect(html).toContain('Bearer \\u003ctoken>'); // `<` is escaped inside the JSON <script> block
  });

  it('says GraphiQL is off, and how to turn it on, in production', async () => {
    const { url } = await start({ NODE_ENV: 'production' });
    const response = await browserGet(`${url}/graphql`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('GraphiQL is off');
    expect(html).toContain('GRAPHIQL_ENABLED=true');
    expect((await fetch(`${url}/graphiql/assets/anything.js`)).status).toBe(404);
  });
});

describe('the demo document', () => {
  async function run(url: string, operationName: string) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(JSON.parse(DEMO_HEADERS) as Record<string, string>) },
      body: JSON.stringify({ query: DEMO_DOCUMENT, operationName, variables: JSON.parse(DEMO_VARIABLES) as unknown }),
    });
    return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  }

  it('runs every example operation as it is against the embedded simulator', async () => {
    const { url } = await start({ NODE_ENV: 'development' });
    for (const operationName of ['NumbersDashboard', 'PrefixSearch', 'AccessNumbers', 'RecentlyChanged', 'SelectedNumbers']) {
      const body = await run(url, operationName);
      expect({ operationName, errors: body.errors }).toEqual({ operationName, errors: undefined });
    }
    const prefixes = (await run(url, 'PrefixSearch')).data?.availablePrefixes as { prefix: string; acquirableNumbers: string[] }[];
    const variables = JSON.parse(DEMO_VARIABLES) as { number: string };
    expect(prefixes.find((p) => p.prefix === '01224')?.acquirableNumbers).toContain(variables.number);
    const selected = (await run(url, 'SelectedNumbers')).data?.nodes as Array<{ id: string; number: string } | null>;
    expect(selected.map((n) => n && [n.id, n.number])).toEqual([['3402', '01228601762'], ['3401', '01494487990'], null]);
  });

  it('buys the example number once, then explains in userErrors that it is gone', async () => {
    const { url } = await start({ NODE_ENV: 'development' });
    const first = await run(url, 'BuyNumber');
    expect(first.errors).toBeUndefined();
    expect(first.data?.acquireNumber).toMatchObject({ number: { number: '01224405347', prefix: { areaName: 'Aberdeen' } }, userErrors: [] });
    const second = await run(url, 'BuyNumber');
    expect(second.data?.acquireNumber).toMatchObject({ number: null, userErrors: [expect.objectContaining({ message: expect.any(String) })] });
  });
});
