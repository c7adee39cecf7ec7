import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Logger } from 'pino';
import { loadGraphiQLAssets, type Asset, type GraphiQLAssets } from './assets.js';
import { DEMO_DOCUMENT, DEMO_HEADERS, DEMO_VARIABLES, GENERIC_DOCUMENT, GENERIC_HEADERS } from './examples.js';
import type { GraphiQLPageConfig } from './page-config.js';
import { BROKEN_PAGE, DISABLED_PAGE, GRAPHIQL_CSP, PAGE_HEADERS, graphiqlPage } from './page.js';

const gzip = promisify(gzipCallback);

export const ASSET_BASE = '/graphiql/assets/';

export interface GraphiQLOptions {
  /** `config.graphiql`: serve the IDE, or only a page saying it is off. */
  enabled: boolean;
  /** The gateway runs against the embedded simulator: prefill the demo token and examples. */
  demo: boolean;
  /** Path of the GraphQL endpoint, where the page is served too. */
  endpoint: string;
  logger: Logger;
}

export interface GraphiQLRoutes {
  /** Starts loading or building the bundle in the background; a no-op when GraphiQL is off. */
  prepare(): void;
  /** The request is for the page (a browser navigating to the endpoint) or for an asset. */
  handles(req: IncomingMessage, pathname: string, search: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void>;
  /**
   * Resolves once no loading or building is in progress (never rejects). The gateway's stop()
   * waits for it: work started by prepare() must not outlive the gateway (file reads, gzip,
   * an esbuild child process), or it keeps a stopped process, or a test worker, from exiting.
   */
  settled(): Promise<void>;
}

interface Served {
  assets: GraphiQLAssets;
  /** gzip of the text assets, made once: the page script is ~5 MB, ~1.3 MB gzipped. */
  gzipped: Map<string, Buffer>;
}

/** A browser navigation: GET for HTML and no `query` parameter (that one is GraphQL over GET). */
function wantsPage(req: IncomingMessage, search: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const accept = req.headers.accept ?? '';
  return accept.includes('text/html') && !new URLSearchParams(search).has('query');
}

function sendHtml(res: ServerResponse, status: number, html: string, csp: string): void {
  res.writeHead(status, { ...PAGE_HEADERS, 'content-security-policy': csp, 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset, gzipped: Buffer | undefined): void {
  const useGzip = gzipped !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = useGzip ? gzipped : asset.body;
  res.writeHead(200, {
    'content-type': asset.contentType,
    'content-length': body.length,
    // The name carries a content hash: a changed file gets a new URL, so this one never changes.
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
    ...(useGzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(body);
}

/** Self-hosted GraphiQL at the GraphQL endpoint; see ./assets.ts for where the files come from. */
export function createGraphiQL(options: GraphiQLOptions): GraphiQLRoutes {
  const { enabled, demo, endpoint, logger } = options;
  let served: Promise<Served> | undefined;

  function load(): Promise<Served> {
    served ??= (async () => {
      const started = Date.now();
      const { assets, fromCache } = await loadGraphiQLAssets();
      const gzipped = new Map<string, Buffer>();
      for (const [name, asset] of assets.files) {
        if (/^(text|image\/svg)/.test(asset.contentType)) gzipped.set(name, await gzip(asset.body));
      }
      logger.info({ ms: Date.now() - started, fromCache, files: assets.files.size }, 'GraphiQL assets ready');
      return { assets, gzipped };
    })();
    served.catch((error: unknown) => {
      logger.error({ err: error }, 'GraphiQL assets could not be built');
      served = undefined; // the next request tries again
    });
    return served;
  }

  function pageConfig(assets: GraphiQLAssets): GraphiQLPageConfig {
    const { entries } = assets;
    return {
      endpoint,
      workers: { editor: ASSET_BASE + entries.editorWorker, json: ASSET_BASE + entries.jsonWorker, graphql: ASSET_BASE + entries.graphqlWorker },
      defaultTab: demo
        ? { query: DEMO_DOCUMENT, variables: DEMO_VARIABLES, headers: DEMO_HEADERS }
        : { query: GENERIC_DOCUMENT, variables: '', headers: GENERIC_HEADERS },
      defaultHeaders: demo ? DEMO_HEADERS : GENERIC_HEADERS,
      persistHeaders: demo,
    };
  }

  return {
    prepare() {
      if (enabled) void load().catch(() => undefined);
    },
    handles(req, pathname, search) {
      return (pathname === endpoint && wantsPage(req, search)) || pathname.startsWith(ASSET_BASE);
    },
    async handle(req, res, pathname) {
      if (!enabled) {
        if (pathname === endpoint) return sendHtml(res, 404, DISABLED_PAGE, "default-src 'none'");
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('GraphiQL is off\n');
        return;
      }
      let current: Served;
      try {
        current = await load();
      } catch {
        return sendHtml(res, 500, BROKEN_PAGE, "default-src 'none'");
      }
      if (pathname === endpoint) {
        const { entries } = current.assets;
        const html = graphiqlPage({ assetBase: ASSET_BASE, ...entries, config: pageConfig(current.assets) });
        return sendHtml(res, 200, html, GRAPHIQL_CSP);
      }
      const name = pathname.slice(ASSET_BASE.length);
      const asset = current.assets.files.get(name);
      if (!asset) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' }).end('no such asset\n');
        return;
      }
      sendAsset(req, res, asset, current.gzipped.get(name));
    },
    async settled() {
      await served?.catch(() => undefined);
    },
  };
}
