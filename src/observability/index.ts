import type { Logger } from 'pino';
import type { Concern, GatewayPlugin, RequestObserver } from '../concern.js';
import { useErrorLog } from './error-log.js';
import type { GatewayMetrics } from './metrics.js';
import { createRequestLog, type RequestLog } from './request-log.js';

export interface Observability extends Concern {
  readonly plugins: { errorLog: GatewayPlugin };
  readonly observers: { metrics: RequestObserver };
  /** One log line and one metrics sample per /graphql request, when its response ends. */
  readonly requestLog: RequestLog;
}

/**
 * What operators see of requests: a log line and metrics per request, upstream failures and
 * internal errors logged with the request's id, upstream calls and loader batches counted
 * across requests. Tracing is its own concern (tracing/).
 */
export function createObservability(deps: { logger: Logger; metrics: GatewayMetrics }): Observability {
  const { metrics } = deps;
  // One shared observer: metrics count across requests, so nothing is made per request.
  const counting = { call: metrics.upstreamCall, batch: metrics.loaderBatch };
  return {
    plugins: { errorLog: useErrorLog() },
    observers: { metrics: () => counting },
    requestLog: createRequestLog(deps),
  };
}
