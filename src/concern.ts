// The one shape every concern has (security/, governance/, observability/, http/ …): a
// `create…(config, deps)` returns what it adds to the request pipeline, each part named, and
// src/pipeline.ts lists those parts in the order a request meets them.

import type { ApolloServerPlugin } from '@apollo/server';
import type { Guard } from './http/exchange.js';
import type { GatewayContext } from './request/context.js';
import type { RequestObserver } from './request/incoming.js';

export type { Guard, GuardVerdict, Exchange } from './http/exchange.js';
export type { RequestObserver } from './request/incoming.js';

/** An Apollo Server plugin of the gateway (`useX`, one per file). */
export type GatewayPlugin = ApolloServerPlugin<GatewayContext>;

export interface Concern {
  /**
   * HTTP guards: run before Apollo, in the pipeline's order; each may answer and end the request.
   * A list (possibly empty) for a stage that is configured away, so it then costs nothing.
   */
  readonly guards?: Readonly<Record<string, Guard | readonly Guard[]>>;
  /** Apollo plugins: parse/validation checks, execution hooks, the answer. */
  readonly plugins?: Readonly<Record<string, GatewayPlugin | readonly GatewayPlugin[]>>;
  /** Upstream observers: per request, of its upstream calls, loader batches and cache lookups. */
  readonly observers?: Readonly<Record<string, RequestObserver>>;
}
