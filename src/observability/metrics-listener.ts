import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { GatewayMetrics } from './metrics.js';

/** Answers a scrape: the gateway's whole registry, never cached. */
export async function sendMetrics(metrics: GatewayMetrics, res: http.ServerResponse): Promise<void> {
  const body = await metrics.render();
  res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
  res.end(body);
}

export interface MetricsListener {
  /** `http://host:port`, known after `start()`. */
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Other internal routes served beside /metrics, by path (e.g. `/usage`, src/usage/endpoint.ts). */
export type InternalRoutes = Readonly<Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>>>;

/**
 * A second HTTP listener that serves only `GET /metrics` and the internal `routes` (METRICS_PORT),
 * so the scrape port can stay on the internal network while the GraphQL port is public.
 * Everything else is 404.
 */
export function createMetricsListener(metrics: GatewayMetrics, host: string, port: number, logger: Logger, routes: InternalRoutes = {}): MetricsListener {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (route) {
      route(req, res).catch((error: unknown) => {
        logger.error({ err: error, path }, 'internal route failed');
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
      return;
    }
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(
        `not found: this port serves GET /metrics${Object.keys(routes)
          .map((r) => `, ${r}`)
          .join('')} only\n`,
      );
      return;
    }
    sendMetrics(metrics, res).catch((error: unknown) => {
      logger.error({ err: error }, 'metrics scrape failed');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  const listener: MetricsListener = {
    url: '',
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const { address, port: bound } = server.address() as AddressInfo;
      listener.url = `http://${address.includes(':') ? `[${address}]` : address}:${bound}`;
    },
    async stop() {
      if (!server.listening) return;
      // Scrapes are short and retried by Prometheus: nothing to drain.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
  return listener;
}
