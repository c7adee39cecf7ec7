import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import { createMemoryCounters, createRedisCounters } from './cache/counters.js';
import { createReferenceCache } from './cache/reference.js';
import { createStore } from './cache/store.js';
import type { Config } from './config.js';
import { ErrorCode } from './error-codes.js';
import { createFormatError } from './errors.js';
import { createGraphiQL } from './graphiql/index.js';
import { createGraphQLHandler } from './http/graphql.js';
import { createHealthRoutes } from './http/health.js';
import { sendGraphQLError, sendJson } from './http/respond.js';
import { UnitSizeMemory } from './loaders/unit-size.js';
import { GatewayMetrics } from './observability/metrics.js';
import { createMetricsListener, sendMetrics } from './observability/metrics-listener.js';
import { createPipeline } from './pipeline.js';
import { type GatewayContext } from './request/context.js';
import { requestIdFrom } from './request/incoming.js';
import { resolvers } from './resolvers/index.js';
import { loadTypeDefs } from './schema.js';
import { createUpstreamHttp } from './upstream/http.js';
import { createReadinessProbe } from './upstream/probe.js';

export interface GatewayOptions {
  /** REST v2 base URL (config's, or the embedded simulator's). */
  upstreamUrl: string;
  logger: Logger;
  /** Running against the embedded simulator: GraphiQL opens with the demo token and examples. */
  demo?: boolean;
}

export interface Gateway {
  /** `http://host:port`, known after `start()`. */
  url: string;
  /** Where `/metrics` is served when METRICS_PORT is set (known after `start()`); else on `url`. */
  metricsUrl?: string;
  start(): Promise<void>;
  /** Stops accepting connections, lets in-flight requests finish, then releases everything. */
  stop(): Promise<void>;
}

const DRAIN_TIMEOUT_MS = 10_000;

/** Builds the gateway: Apollo Server behind a plain node:http server with health routes. */
export function createGateway(config: Config, options: GatewayOptions): Gateway {
  const { logger } = options;
  const development = config.env === 'development';
  const upstream = createUpstreamHttp(options.upstreamUrl, config.upstream, config.resilience);
  upstream.breaker.onChange((state) => logger.warn({ state }, `upstream circuit ${state}`));
  const unitSizes = new UnitSizeMemory();
  const metrics = new GatewayMetrics();
  metrics.observeBreaker(() => upstream.breaker.state());
  // Cross-request state (persisted queries, reference data); per tenant where it matters.
  const store = createStore(config, logger, metrics.cacheLookup);
  const reference = createReferenceCache(store.cache, config.reference, (error) =>
    logger.warn({ err: error }, 'shared store failed: reference data read from the upstream'),
  );
  // Rate limits and budgets count in the shared store, so replicas with one Redis share them.
  const counters = store.client ? createRedisCounters(store.client, logger) : createMemoryCounters();
  metrics.observeCounting(counters.mode);
  // Every stage of a /graphql request, in order: src/pipeline.ts.
  const pipeline = createPipeline(config, {
    upstream,
    upstreamUrl: options.upstreamUrl,
    logger,
    metrics,
    counters,
    cache: store.cache,
    reference,
    unitSizes,
    redis: store.client,
  });
  // /metrics and the pipeline's internal routes (/usage): on METRICS_PORT when set, else on PORT.
  const internal = pipeline.internalRoutes;
  const metricsListener = config.metricsPort === undefined ? undefined : createMetricsListener(metrics, config.host, config.metricsPort, logger, internal);
  const { tracing } = pipeline;
  const apollo = new ApolloServer<GatewayContext>({
    typeDefs: loadTypeDefs(),
    resolvers,
    // Refused, when INTROSPECTION_ENABLED is off, by security's rule (its message names the variable).
    introspection: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries: mobile clients send a sha256 instead of the document. The
    // hashes live in the shared store, so once it is Redis every replica knows every hash.
    persistedQueries: { cache: store.cache },
    // src/index.ts owns SIGTERM/SIGINT and drains the HTTP server first; Apollo's own handler
    // would race it and re-raise the signal before in-flight requests finish.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: development,
    formatError: createFormatError(development, { hideEndpoints: config.env === 'production' }),
    parseOptions: pipeline.parseOptions,
    validationRules: [...pipeline.validationRules],
    plugins: [...pipeline.plugins],
  });
  const graphiql = createGraphiQL({ enabled: config.graphiql, demo: options.demo ?? false, endpoint: '/graphql', logger });
  const handleGraphQL = createGraphQLHandler({
    apollo,
    guards: pipeline.guards,
    createContext: pipeline.createContext,
    requestLog: pipeline.requestLog,
    logger,
    tracing,
    refusalExtensions: pipeline.refusalExtensions,
  });
  // A public path: one shared, briefly cached probe, so hitting it never floods the upstream.
  const health = createHealthRoutes(createReadinessProbe(upstream, Math.min(config.upstream.timeoutMs, 2000)), store, pipeline.counting);

  let closing = false;
  const server = http.createServer((req, res) => {
    if (closing) res.setHeader('connection', 'close');
    const target = splitTarget(req.url);
    route(req, res, target.pathname, target.search).catch((error: unknown) => {
      const requestId = requestIdFrom(req.headers);
      logger.error({ err: error, requestId }, 'request failed');
      if (!res.headersSent) sendGraphQLError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', { 'x-request-id': requestId });
      else res.destroy();
    });
  });
  // Longer than any load balancer's idle timeout (nginx: 60 s), so the balancer, not the
  // gateway, closes idle keep-alive connections and never sends a request on a closing one.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function route(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, search: string): Promise<void> {
    if (graphiql.handles(req, pathname, search)) return graphiql.handle(req, res, pathname);
    if (pathname === '/graphql') return handleGraphQL(req, res, search);
    if (pathname === '/health/live') return health.live(res);
    if (pathname === '/health/ready') return health.ready(res);
    if (pathname === '/metrics' && req.method === 'GET' && !metricsListener) return sendMetrics(metrics, res);
    const internalRoute = metricsListener || !Object.hasOwn(internal, pathname) ? undefined : internal[pathname];
    if (internalRoute) return internalRoute(req, res);
    sendJson(res, 404, { error: 'not found', see: '/graphql' });
  }

  const gateway: Gateway = {
    url: '',
    async start() {
      await tracing.start();
      await apollo.start();
      graphiql.prepare();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve());
      });
      const { address, port } = server.address() as AddressInfo;
      gateway.url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
      await metricsListener?.start();
      if (metricsListener) gateway.metricsUrl = metricsListener.url;
    },
    async stop() {
      closing = true;
      const metricsStopped = metricsListener?.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets that go idle after their last response are closed as they appear.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const force = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
      server.closeIdleConnections();
      await closed;
      await metricsStopped;
      clearInterval(sweep);
      clearTimeout(force);
      // A GraphiQL bundle still loading (started by start()) is waited for, not left running.
      await Promise.all([apollo.stop(), graphiql.settled()]);
      upstream.destroy();
      await store.close();
      // Last, so the spans of the requests drained above are exported too.
      await tracing.shutdown();
    },
  };
  return gateway;
}

/**
 * Path and query of a request target without `new URL`, which throws on targets such as `//[`
 * (a raw request line can carry anything) and would take the process down.
 */
export function splitTarget(url: string | undefined): { pathname: string; search: string } {
  const target = url ?? '/';
  const q = target.indexOf('?');
  return q === -1 ? { pathname: target, search: '' } : { pathname: target.slice(0, q), search: target.slice(q) };
}
