import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { launchOfflineBrowser, type OfflineBrowser } from './browser.js';

/**
 * The Upstream panel of the bundled GraphiQL, in a headless Chromium that can reach nothing but
 * the gateway: open it, run the dashboard from the demo document, read its calls in the panel,
 * then dry-run it. The screenshot goes to $ARTIFACTS_DIR, else test-output/ (not committed).
 */

const ARTIFACTS = resolve(process.env.ARTIFACTS_DIR ?? fileURLToPath(new URL('../../test-output/', import.meta.url)));

jest.setTimeout(60_000);

let simulator: Simulator;
let gateway: Gateway;
let browser: OfflineBrowser | undefined;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  simulator = await createSimulator({});
  const config = loadConfig({ PORT: '0', NODE_ENV: 'development', LOG_LEVEL: 'silent' });
  gateway = createGateway(config, { upstreamUrl: simulator.url, logger: pino({ level: 'silent' }), demo: true });
  await gateway.start();
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

/** The endpoints of the panel's call rows, in order. */
async function panelCalls(): Promise<string[]> {
  return page.locator('.upstream-panel [data-kind="call"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-endpoint') ?? ''));
}

describe('the Upstream panel in GraphiQL', () => {
  it('lists the upstream calls of the dashboard operation as the simulator logged them, with the estimate', async () => {
    await page.goto(`${gateway.url}/graphql`);
    await page.locator('.graphiql-query-editor .view-lines', { hasText: 'NumbersDashboard' }).waitFor();
    await page.getByRole('button', { name: /show upstream/i }).click();
    await page.locator('.upstream-panel').waitFor();
    simulator.resetStats();
    const answered = page.waitForResponse(
      (response) =>
        response.url().endsWith('/graphql') && response.request().method() === 'POST' && (response.request().postData() ?? '').includes('NumbersDashboard'),
    );
    await page.locator('.graphiql-execute-button').click();
    await page.getByRole('menuitem', { name: 'NumbersDashboard' }).click();
    const response = await answered;
    expect(await response.request().headerValue('numbers-plan')).toBe('trace');
    await page.locator('.upstream-panel [data-kind="call"]').first().waitFor();
    const logged = simulator.stats().calls.map((call) => call.endpoint);
    expect(await panelCalls()).toEqual(logged);
    expect(logged).toEqual(['list', 'available_prefixes']);
    expect(await page.getByTestId('upstream-summary').innerText()).toMatch(/^estimated 2 calls · actual 2 · [\d.]+ ms in all$/);
    await expect(page.locator('.upstream-panel [data-kind="memo"]').innerText()).resolves.toContain('19 × reused within this operation');
    await mkdir(ARTIFACTS, { recursive: true });
    const screenshot = join(ARTIFACTS, 'graphiql-upstream.png');
    await page.screenshot({ path: screenshot });
    console.log(`Upstream panel screenshot: ${screenshot}`);
  });

  it('marks the reference-cache hit of a second run, and dry-runs the operation without any upstream call', async () => {
    await page.locator('.graphiql-execute-button').click();
    await page.getByRole('menuitem', { name: 'NumbersDashboard' }).click();
    await page.locator('.upstream-panel [data-kind="cache"]', { hasText: 'reference cache (memory)' }).waitFor();
    expect(await panelCalls()).toEqual(['list']);

    simulator.resetStats();
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByTestId('upstream-summary').filter({ hasText: 'Dry run, nothing called' }).waitFor();
    expect(await panelCalls()).toEqual(['list', 'available_prefixes']);
    expect(simulator.stats().calls).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-upstream-dry-run.png') });
  });

  it('sent no request to any other host and broke no CSP rule', () => {
    expect(browser?.blocked).toEqual([]);
    expect(problems).toEqual([]);
  });
});
