import pino, { type Logger } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import type { NumberRecord } from '../../src/simulator/model.js';

/** `extensions.cost` of a response (src/governance): upstream calls estimated and made. */
export interface Cost {
  estimated: number;
  actual: number;
  limit: number;
  /** With the budget of upstream calls on: calls left this minute, and when it is whole again. */
  remaining?: number;
  resetInSeconds?: number;
}

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /**
   * The response's `extensions.cost`, taken out of `body` so tests assert data and errors
   * exactly and the cost where it is the subject (every response carries one).
   */
  cost: Cost | undefined;
  body: {
    data?: T | null;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
    extensions?: Record<string, unknown>;
  };
  text: string;
}

export interface GqlOptions {
  variables?: Record<string, unknown>;
  /** Bearer token; `null` sends no Authorization header. */
  token?: string | null;
  headers?: Record<string, string>;
  /** Request extensions, e.g. an APQ `persistedQuery`. */
  extensions?: Record<string, unknown>;
}

export interface Stack {
  simulator: Simulator;
  gateway: Gateway;
  gql<T = Record<string, unknown>>(query: string, options?: GqlOptions): Promise<GraphQLResult<T>>;
  /** Endpoints the simulator saw since the last reset, in order. */
  calls(): string[];
  resetCalls(): void;
  close(): Promise<void>;
}

/**
 * The real parts on loopback: the REST v2 simulator and the gateway in front of it, over HTTP.
 * `env` is the gateway's environment, validated by the same config loader as production; the
 * gateway logs nothing unless given a `logger`.
 */
export async function startStack(options: { env?: Record<string, string>; simulator?: SimulatorOptions; logger?: Logger } = {}): Promise<Stack> {
  const simulator = await createSimulator({ faults: true, ...options.simulator });
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', UPSTREAM_URL: simulator.url, ...options.env });
  const gateway = createGateway(config, { upstreamUrl: simulator.url, logger: options.logger ?? pino({ level: 'silent' }) });
  await gateway.start();
  return {
    simulator,
    gateway,
    async gql<T>(query: string, opts: GqlOptions = {}) {
      const token = opts.token === undefined ? 'demo-token-a' : opts.token;
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...opts.headers,
        },
        body: JSON.stringify({ query, variables: opts.variables, extensions: opts.extensions }),
      });
      const text = await response.text();
      const { body, cost } = splitCost(JSON.parse(text) as GraphQLResult<T>['body']);
      return { status: response.status, headers: response.headers, body, cost, text };
    },
    calls: () => simulator.stats().calls.map((c) => c.endpoint),
    resetCalls: () => simulator.resetStats(),
    async close() {
      await gateway.stop();
      await simulator.close();
    },
  };
}

/** A response body without its `extensions.cost` (and without `extensions` when that was all), and the cost. */
export function splitCost<B extends { extensions?: Record<string, unknown> }>(body: B): { body: B; cost: Cost | undefined } {
  if (!body.extensions || !('cost' in body.extensions)) return { body, cost: undefined };
  const { cost, ...extensions } = body.extensions;
  const { extensions: _all, ...rest } = body;
  return { body: (Object.keys(extensions).length > 0 ? { ...rest, extensions } : rest) as B, cost: cost as Cost };
}

/** Reads a unit's numbers straight from the simulator's REST API (not counted by tests that reset after). */
export async function upstreamList(simulator: Simulator, token = 'demo-token-a'): Promise<UpstreamNumber[]> {
  const response = await fetch(`${simulator.url}/api/v2/numbers/list`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { data: UpstreamNumber[] };
  return body.data;
}

export async function upstreamGet<T>(simulator: Simulator, endpoint: string, token = 'demo-token-a'): Promise<T> {
  const response = await fetch(`${simulator.url}/api/v2/numbers/${endpoint}`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { data: T }).data;
}

/** A number as the simulator's REST API sends it (the simulator's own record type). */
export type UpstreamNumber = NumberRecord;
