import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { buildASTSchema, concatAST, parse } from 'graphql';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { GatewayContext, IncomingRequest } from '../context.js';
import { loadTypeDefs } from '../schema.js';
import { identifyByDocument } from './client-identity.js';
import { createClientLabel, LedgerClients, type ClientLabel } from './client-labels.js';
import { createUsageEndpoint } from './endpoint.js';
import { createUsageLedger, type UsageLedger } from './ledger.js';
import { useUsageLedger } from './plugin.js';
import { createRuntimeRegistry } from './registry.js';
import { createMemorySink, createRedisSink } from './sinks.js';

/**
 * Client awareness and field usage, as the gateway runs them (docs/client-usage.md): the client
 * registry (trusted documents that name their client), the bounded client label of metrics,
 * the field-usage ledger with its flush timer, its Apollo plugin and its `/usage` endpoint.
 */
export interface Usage {
  plugin: ApolloServerPlugin<GatewayContext>;
  ledger: UsageLedger;
  /** A registered trusted document ran: completes the request's client from the versions that ship it. */
  identifyDocument(request: IncomingRequest, hexId: string): void;
  /** `GET /usage`, served where /metrics is. */
  endpoint(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Loads the registry (a broken one rejects), then starts flushing. Before the server listens. */
  start(): Promise<void>;
  /** Stops the timer and flushes what is pending (a failure is logged, not thrown). */
  stop(): Promise<void>;
}

export interface UsageDeps {
  logger: Logger;
  /** The store's Redis connection when REDIS_URL is set: replicas' counts add up there. */
  redis: Redis | undefined;
  /** The trusted-document store the governance serves from (the registry's documents are added). */
  trustedDocuments: Map<string, string>;
  metrics: {
    observeClients(label: ClientLabel): void;
    deprecatedField(coordinate: string, client: string | undefined): void;
    usageCountsDropped(count: number): void;
  };
}

export function createUsage(config: Pick<Config, 'usage' | 'governance'>, deps: UsageDeps): Usage {
  const { retentionDays, flushIntervalMs, clientNames } = config.usage;
  const registry = createRuntimeRegistry(config.governance.persistedDocuments, deps.trustedDocuments, deps.logger);
  const sink = deps.redis ? createRedisSink(deps.redis, retentionDays) : createMemorySink(retentionDays);
  const ledger = createUsageLedger({ sink, retentionDays, onDropped: deps.metrics.usageCountsDropped });
  let clients = new LedgerClients(new Set(clientNames));
  deps.metrics.observeClients(createClientLabel(clientNames));
  let timer: NodeJS.Timeout | undefined;
  // One log line per outage of the flush, not one per attempt.
  let failing = false;
  const flush = async (): Promise<void> => {
    const ok = await ledger.flush();
    if (ok === !failing) return;
    failing = !ok;
    if (failing) deps.logger.warn('usage ledger: the shared store is unavailable; counts are kept in memory (bounded) and flushed when it is back');
    else deps.logger.info('usage ledger: flushing to the shared store again');
  };

  return {
    plugin: useUsageLedger({ ledger, clients: () => clients, deprecatedField: deps.metrics.deprecatedField, logger: deps.logger }),
    ledger,
    identifyDocument(request, hexId) {
      const shippers = registry.shippedBy(hexId);
      if (shippers.length === 0) return;
      const before = request.record.client;
      const after = identifyByDocument(before, shippers);
      if (after === before) return;
      request.record.client = after;
      if (after.name !== undefined) request.trace.client(after.name, after.version);
    },
    endpoint: createUsageEndpoint(ledger, deps.logger),
    async start() {
      await registry.load(() => buildASTSchema(concatAST(loadTypeDefs().map((typeDefs) => parse(typeDefs)))));
      const known = new Set([...registry.clients(), ...clientNames]);
      clients = new LedgerClients(known);
      deps.metrics.observeClients(createClientLabel(known));
      timer = setInterval(() => void flush(), flushIntervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await flush();
    },
  };
}
