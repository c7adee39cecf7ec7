import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's `chromium` package; CHROMIUM_PATH points elsewhere on other systems. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface OfflineBrowser {
  context: BrowserContext;
  /** URLs of requests to any origin but the gateway's, each aborted before it left. */
  blocked: string[];
  close(): Promise<void>;
}

/**
 * Headless Chromium in which the gateway's origin is the whole internet: every other request is
 * aborted and recorded, so a CDN dependency shows up as a count instead of a slow pass.
 */
export async function launchOfflineBrowser(allowedOrigin: string): Promise<OfflineBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    // No silent skip: a missing browser would otherwise let an offline regression through CI.
    throw new Error(
      `The GraphiQL end-to-end test needs Chromium at ${CHROMIUM_PATH}. ` +
        'Install it with `apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'graphiql-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const blocked: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === allowedOrigin) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  return {
    context,
    blocked,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
