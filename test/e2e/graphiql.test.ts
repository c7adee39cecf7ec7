import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { launchOfflineBrowser, type OfflineBrowser } from './browser.js';

/**
 * GraphiQL as a frontend developer on a plane meets it: the embedded simulator, the gateway in
 * demo mode, a headless Chromium that can reach nothing but the gateway. Screenshot in
 * test-output/ for people to look at.
 */

const OUTPUT_DIR = new URL('../../test-output/', import.meta.url);

// Playwright's own waits (30 s by default) end each step, and say which element never came;
// the test timeout sits above them so that message is the one a slow machine shows.
jest.setTimeout(60_000);

let simulator: Simulator;
let gateway: Gateway;
let browser: OfflineBrowser | undefined;
let page: Page;
const problems: string[] = [];

/** The first number of unit A, straight from the simulator: what the dashboard must show. */
async function firstNumberOfUnitA(): Promise<string> {
  const response = await fetch(`${simulator.url}/api/v2/numbers/list`, { headers: { authorization: 'Bearer demo-token-a' } });
  const body = (await response.json()) as { data: { number: string }[] };
  const first = body.data[0];
  if (!first) throw new Error('the simulator seeded no numbers for demo-token-a');
  return first.number;
}

/** Monaco renders only the visible lines, as text in `.view-lines`. */
async function editorText(selector: string): Promise<string> {
  return page.locator(`${selector} .view-lines`).first().innerText();
}

beforeAll(async () => {
  simulator = await createSimulator({});
  const config = loadConfig({ PORT: '0', NODE_ENV: 'development', LOG_LEVEL: 'silent' });
  gateway = createGateway(config, { upstreamUrl: simulator.url, logger: pino({ level: 'silent' }), demo: true });
  await gateway.start();
  // The first request after start may wait for the bundle (built once into node_modules/.cache);
  // warm it so the timing below is what a developer sees on every later visit.
  const warm = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
  expect(warm.status).toBe(200);
  browser = await launchOfflineBrowser(new URL(gateway.url).origin);
  page = await browser.context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
}, 45_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await simulator?.close();
});

describe('GraphiQL in a browser with no network', () => {
  it('opens with the demo document and the demo token filled in', async () => {
    const started = performance.now();
    await page.goto(`${gateway.url}/graphql`);
    await page.locator('.graphiql-execute-button').waitFor();
    await page.locator('.graphiql-query-editor .view-lines', { hasText: 'NumbersDashboard' }).waitFor();
    const readyMs = performance.now() - started;
    // A string, evaluated in the page: the Node program has no DOM types.
    const loadEventMs = await page.evaluate<number>("performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? -1");
    // Reported, not asserted: no test asserts a duration. A cold first visit is ~1 s on the
    // 2-core dev machine (cached visits ~0.3 s) but took 6 s on a busy shared CI machine, so any
    // bound either fails under load or is too loose to catch anything. The test asserts what
    // holds however slow the machine is: the page becomes usable, with the demo document.
    console.log(`GraphiQL page load: ready (editor + run button) in ${readyMs.toFixed(0)} ms, load event at ${loadEventMs.toFixed(0)} ms`);
    // The Headers tab is open from the start, holding the demo token. (No short timeout of its
    // own: it renders with the editors, and on a loaded machine that can take seconds.)
    await page.locator('.graphiql-editor-tool .view-lines', { hasText: 'Bearer demo-token-a' }).waitFor();
  });

  it('runs the dashboard operation from the run button and shows numbers from the simulator', async () => {
    const expected = await firstNumberOfUnitA();
    await page.locator('.graphiql-execute-button').click();
    // The document holds several operations, so GraphiQL asks which one to run.
    await page.getByRole('menuitem', { name: 'NumbersDashboard' }).click();
    const result = page.locator('.graphiql-response .view-lines', { hasText: expected });
    await result.waitFor();
    expect(await editorText('.graphiql-response')).toContain('"totalCount"');
    await mkdir(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: new URL('graphiql.png', OUTPUT_DIR).pathname });
  });

  it('explains the schema in the docs explorer, from introspection', async () => {
    await page.getByRole('button', { name: /show documentation explorer/i }).click();
    await page.getByText('Root Types').waitFor();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().click();
    await page.locator('.graphiql-doc-explorer', { hasText: 'availablePrefixes' }).waitFor();
    await page.screenshot({ path: new URL('graphiql-docs.png', OUTPUT_DIR).pathname });
  });

  it('sent no request to any other host and broke no CSP rule', () => {
    expect(browser?.blocked).toEqual([]);
    expect(problems).toEqual([]);
  });
});
