import type { ServerResponse } from 'node:http';
import type { SharedStore } from '../cache/types.js';
import type { ReadinessProbe } from '../upstream/probe.js';
import { sendJson } from './respond.js';

export interface HealthRoutes {
  /** `/health/live`: the process answers. */
  live(res: ServerResponse): void;
  /** `/health/ready`: 200 while the upstream answers, 503 when it does not. */
  ready(res: ServerResponse): Promise<void>;
}

/**
 * Ready while the upstream answers. A down Redis is reported but keeps the replica ready: it
 * serves correctly without the shared store (only slower), and taking every replica out of
 * the load balancer because a cache died would turn a cache outage into a full outage.
 */
export function createHealthRoutes(
  readiness: ReadinessProbe,
  store: Pick<SharedStore, 'kind' | 'healthy'>,
  /** Rate limits or budgets are counted (in Redis when it is up, else per replica): say where. */
  counting = false,
): HealthRoutes {
  return {
    live: (res) => sendJson(res, 200, { status: 'ok' }),
    async ready(res) {
      const [up, storeUp] = await Promise.all([readiness.check(), store.healthy()]);
      const checks: Record<string, string> = { upstream: up ? 'ok' : 'down' };
      if (store.kind === 'redis') checks.redis = storeUp ? 'ok' : 'down';
      if (store.kind === 'redis' && counting) checks.rateLimits = storeUp ? 'shared' : 'per-replica';
      const status = !up ? 'unavailable' : storeUp ? 'ok' : 'degraded';
      sendJson(res, up ? 200 : 503, { status, checks });
    },
  };
}
