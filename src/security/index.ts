import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { ValidationRule } from 'graphql';
import type { Counters } from '../cache/counters.js';
import type { Concern, GatewayPlugin, Guard } from '../concern.js';
import type { Config } from '../config.js';
import { noIntrospection } from './introspection.js';
import { operationLimits } from './limits.js';
import { servedOperationTypes } from './operation-types.js';
import { createRateLimiter, rateLimitGuard } from './rate-limit.js';
import { createRefusedCredentials } from './refused-credentials.js';
import { useRequireCredential } from './require-credential.js';

export interface Security extends Concern {
  readonly guards: { refusedCredential: Guard; rateLimit: Guard };
  readonly plugins: { operationLimits: readonly GatewayPlugin[]; requireCredential: GatewayPlugin; refusedCredential: GatewayPlugin };
  /** Apollo's parse and validation options: the token limit, and the depth/alias/directive and guarded-mutation rules. */
  readonly parseOptions: { maxTokens: number };
  readonly validationRules: readonly ValidationRule[];
}

export interface SecurityDeps {
  /** Where the rate limiter counts (Redis across replicas when configured). */
  counters: Counters;
  /** The shared store, where refused credentials are remembered by hash (Redis across replicas when configured). */
  cache: KeyValueCache<string>;
  /** A shared-store failure (the refusal is then neither remembered nor read): for a log line. */
  onStoreError: (error: unknown) => void;
}

/**
 * Who may call and how much: credentials the upstream refused recently (401 before the body
 * is read), requests per minute per credential and per IP (refused before the body is read),
 * the operation types served and the operation limits (refused at validation), the credential
 * an operation that reaches the upstream must carry (refused before execution), and the 401 of
 * an answer whose credential the upstream refused.
 */
export function createSecurity(
  config: Pick<Config, 'env' | 'introspection' | 'limits' | 'rateLimit' | 'refusedCredentialTtlSeconds'>,
  deps: SecurityDeps,
): Security {
  const limits = operationLimits(config.limits, config.env === 'production');
  const refused = createRefusedCredentials(config.refusedCredentialTtlSeconds, { cache: deps.cache, onStoreError: deps.onStoreError });
  return {
    guards: { refusedCredential: refused.guard, rateLimit: rateLimitGuard(createRateLimiter(config.rateLimit, deps.counters)) },
    plugins: { operationLimits: limits.plugins, requireCredential: useRequireCredential(), refusedCredential: refused.plugin },
    parseOptions: limits.parseOptions,
    // Subscriptions (any type without a root) first: 400 before the other rules look at them.
    // Introspection is refused here, not by Apollo, so the refusal names INTROSPECTION_ENABLED.
    validationRules: [servedOperationTypes, ...(config.introspection ? [] : [noIntrospection]), ...limits.validationRules],
  };
}
