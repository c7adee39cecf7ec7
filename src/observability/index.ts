import type { Logger } from 'pino';
import type { Concern, GatewayPlugin, Guard, RequestObserver } from '../concern.js';
import type { Config } from '../config.js';
import { useErrorLog } from './error-log.js';
import type { GatewayMetrics } from './metrics.js';
import { createRequestLog, type RequestLog } from './request-log.js';
import { createServerTiming } from './server-timing.js';

export interface Observability extends Concern {
  /** Server-Timing's header on every answer (none when SERVER_TIMING_ENABLED=false). */
  readonly guards: { serverTiming: readonly Guard[] };
  readonly plugins: { errorLog: GatewayPlugin };
  readonly observers: { metrics: RequestObserver; serverTiming: RequestObserver };
  /** One log line and one metrics sample per /graphql request, when its response ends. */
  readonly requestLog: RequestLog;
}

/**
 * What operators see of requests: a log line and metrics per request, upstream failures and
 * internal errors logged with the request's id, upstream calls and loader batches counted
 * across requests; what browsers' devtools see of each answer (Server-Timing). Tracing is its
 * own concern (tracing/).
 */
export function createObservability(config: Pick<Config, 'serverTiming'>, deps: { logger: Logger; metrics: GatewayMetrics }): Observability {
  const { metrics } = deps;
  // One shared observer: metrics count across requests, so nothing is made per request.
  const counting = { call: metrics.upstreamCall, shared: metrics.upstreamShared, batch: metrics.loaderBatch };
  const serverTiming = createServerTiming(config.serverTiming);
  return {
    guards: { serverTiming: serverTiming.guards },
    plugins: { errorLog: useErrorLog() },
    observers: { metrics: () => counting, serverTiming: serverTiming.observer },
    requestLog: createRequestLog(deps),
  };
}
