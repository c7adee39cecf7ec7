// Coalescing (docs/coalescing.md): identical work of one credential in flight done once. Reads
// are shared by the upstream client (src/upstream/coalesce.ts, created with the upstream's HTTP
// client); whole queries by the plugin here, listed in src/pipeline.ts after the upstream plan.

import type { Concern, GatewayPlugin } from '../concern.js';
import type { UpstreamConfig } from '../config.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { Coalescer } from '../upstream/coalesce.js';
import { createOperationCoalescer } from './operations.js';
import { useSharedOperations } from './plugin.js';

export interface CoalescingConcern extends Concern {
  /** Answers a query from the identical one in flight; none with UPSTREAM_COALESCE=off. */
  readonly plugins: { operations: readonly GatewayPlugin[] };
}

/** With UPSTREAM_COALESCE=on: whole queries shared, and the gauge of requests waiting (reads and queries). */
export function createCoalescing(config: Pick<UpstreamConfig, 'coalesce'>, deps: { reads: Coalescer | undefined; metrics: GatewayMetrics }): CoalescingConcern {
  if (!config.coalesce) return { plugins: { operations: [] } };
  const operations = createOperationCoalescer();
  const { reads } = deps;
  deps.metrics.observeCoalescing(() => (reads?.waiting ?? 0) + operations.waiting);
  return { plugins: { operations: [useSharedOperations(operations, deps.metrics.operationWaited)] } };
}
