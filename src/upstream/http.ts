import http from 'node:http';
import https from 'node:https';
import got, { type ExtendOptions, type Got } from 'got';
import type { ResilienceConfig, UpstreamConfig } from '../config.js';
import { createBreaker, type UpstreamBreaker } from './breaker.js';
import { createCoalescer, type Coalescer } from './coalesce.js';
import { createLimit, type Limit } from './concurrency.js';

/** Status codes worth retrying for a read: the upstream or a proxy said "try again". */
const RETRY_STATUS = [429, 502, 503, 504];

export interface UpstreamHttp {
  got: Got;
  timeoutMs: number;
  /** The circuit breaker of this upstream. */
  breaker: UpstreamBreaker;
  /** Caps upstream calls in flight across all operations of this process. */
  limit: Limit;
  /** Identical reads of one credential in flight share one call (UPSTREAM_COALESCE); absent when off. */
  coalescer?: Coalescer | undefined;
  /** Ends the keep-alive sockets so the process can exit. */
  destroy(): void;
}

/** Keep-alive agents for the upstream: sockets reused, the most recently used first. */
export function createUpstreamAgents(config: Pick<UpstreamConfig, 'maxSockets'>): { http: http.Agent; https: https.Agent } {
  const agentOptions = {
    keepAlive: true,
    maxSockets: config.maxSockets,
    scheduling: 'lifo' as const,
  };
  return {
    http: new http.Agent(agentOptions),
    https: new https.Agent(agentOptions),
  };
}

/**
 * The gateway's got settings (the bench's bare comparator uses them too). got has no timeouts
 * by default, follows redirects and retries POSTs on some errors; all three are set explicitly
 * here. Retries apply to GET only (reads), with a short backoff that stays inside the per-call
 * budget the caller enforces.
 */
export function upstreamGotOptions(baseUrl: string, config: UpstreamConfig, agent: ExtendOptions['agent']): ExtendOptions {
  return {
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
      calculateDelay: ({ computedValue, attemptCount }) => (computedValue === 0 ? 0 : Math.min(50 * 2 ** (attemptCount - 1), 400)),
    },
    headers: { 'user-agent': 'numbers-gateway', accept: 'application/json' },
  };
}

/** The one got instance of the gateway, with its breaker and process-wide concurrency cap. */
export function createUpstreamHttp(baseUrl: string, config: UpstreamConfig, resilience: ResilienceConfig): UpstreamHttp {
  const breaker = createBreaker(resilience.breaker);
  const agent = createUpstreamAgents(config);
  return {
    got: got.extend(upstreamGotOptions(baseUrl, config, agent)),
    timeoutMs: config.timeoutMs,
    breaker,
    limit: createLimit(resilience.totalConcurrency),
    coalescer: config.coalesce ? createCoalescer() : undefined,
    destroy() {
      breaker.shutdown();
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}
