import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Concern, GatewayPlugin, Guard } from '../concern.js';
import type { Config } from '../config.js';
import type { RuntimeRegistry } from '../governance/trusted-documents/index.js';
import { createClientLabel, LedgerClients, type ClientLabel } from './client-labels.js';
import { createUsageEndpoint } from './endpoint.js';
import { useLedgerFlush } from './flush.js';
import { clientHeaders, clientOfDocument } from './identity.js';
import { createUsageLedger, type UsageLedger } from './ledger.js';
import { useUsageLedger } from './plugin.js';
import { createMemorySink, createRedisSink } from './sinks.js';

/**
 * Client awareness and field usage (docs/client-usage.md): the request's client from its
 * headers and its registered trusted document (two guards), the bounded client label of
 * metrics, the field-usage ledger (a plugin that counts, one that flushes from the server's
 * start to its stop) and the ledger's `/usage` endpoint on the internal listener.
 */
export interface Usage extends Concern {
  readonly guards: { clientHeaders: Guard; clientOfDocument: Guard };
  readonly plugins: { ledger: GatewayPlugin; flush: GatewayPlugin };
  /** `GET /usage`, served where /metrics is. */
  readonly routes: { '/usage': (req: IncomingMessage, res: ServerResponse) => Promise<void> };
  readonly ledger: UsageLedger;
}

export interface UsageDeps {
  logger: Logger;
  /** The store's Redis connection when REDIS_URL is set: replicas' counts add up there. */
  redis: Redis | undefined;
  /** The client registry (governance/trusted-documents/): its clients keep their names; its documents name their client. */
  registry: Pick<RuntimeRegistry, 'clients' | 'shippedBy'>;
  metrics: {
    observeClients(label: ClientLabel): void;
    deprecatedField(coordinate: string, client: string | undefined): void;
    usageCountsDropped(count: number): void;
  };
}

export function createUsage(config: Pick<Config, 'usage'>, deps: UsageDeps): Usage {
  const { retentionDays, flushIntervalMs, clientNames } = config.usage;
  const { registry, logger } = deps;
  const listed = new Set(clientNames);
  // The registry is read when the server starts; asked live, its clients count from then on.
  const known = (name: string): boolean => listed.has(name) || registry.clients().has(name);
  deps.metrics.observeClients(createClientLabel(known));
  const sink = deps.redis ? createRedisSink(deps.redis, retentionDays) : createMemorySink(retentionDays);
  const ledger = createUsageLedger({ sink, retentionDays, onDropped: deps.metrics.usageCountsDropped });
  const clients = new LedgerClients(known);
  const counting = useUsageLedger({ ledger, clients, deprecatedField: deps.metrics.deprecatedField, logger });
  return {
    guards: { clientHeaders, clientOfDocument: clientOfDocument(registry) },
    plugins: { ledger: counting, flush: useLedgerFlush({ ledger, intervalMs: flushIntervalMs, logger }) },
    routes: { '/usage': createUsageEndpoint(ledger, logger) },
    ledger,
  };
}
