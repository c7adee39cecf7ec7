import http from 'node:http';
import https from 'node:https';
import got, { type Got } from 'got';
import type { UpstreamConfig } from '../config.js';

/** Status codes worth retrying for a read: the upstream or a proxy said "try again". */
const RETRY_STATUS = [429, 502, 503, 504];

export interface UpstreamHttp {
  got: Got;
  timeoutMs: number;
  /** Ends the keep-alive sockets so the process can exit. */
  destroy(): void;
}

/**
 * The one got instance of the gateway. got has no timeouts by default, follows redirects and
 * retries POSTs on some errors; all three are set explicitly here. Retries apply to GET only
 * (reads), with a short backoff that stays inside the per-call budget the caller enforces.
 */
export function createUpstreamHttp(baseUrl: string, config: UpstreamConfig): UpstreamHttp {
  const agentOptions = { keepAlive: true, maxSockets: config.maxSockets, scheduling: 'lifo' as const };
  const agent = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const instance = got.extend({
    prefixUrl: `${baseUrl}/api/v2/numbers/`,
    agent,
    followRedirect: false,
    throwHttpErrors: false,
    responseType: 'text',
    timeout: {
      connect: config.connectTimeoutMs,
      response: config.timeoutMs,
      request: config.timeoutMs,
    },
    retry: {
      limit: config.retryLimit,
      methods: ['GET'],
      statusCodes: RETRY_STATUS,
      maxRetryAfter: config.timeoutMs,
      calculateDelay: ({ computedValue, attemptCount }) =>
        computedValue === 0 ? 0 : Math.min(50 * 2 ** (attemptCount - 1), 400),
    },
    headers: { 'user-agent': 'numbers-gateway', accept: 'application/json' },
  });
  return {
    got: instance,
    timeoutMs: config.timeoutMs,
    destroy() {
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}
